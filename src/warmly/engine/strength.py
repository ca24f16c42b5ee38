"""Tie strength in [0, 1] from the incremental tie state, explained term by term.

The score is a weighted mean of seven terms, each already in [0, 1]:

- recency: ``2^(−days since last contact / recency_half_life)``; "days since last
  communication" is among the strongest predictors (Gilbert & Karahalios, CHI 2009).
- frequency: decayed interaction count ``f`` (both ways) read through ``f / (f + k)``.
- long-run: interactions per year over the whole tie, ``r = 365 · n / max(d, floor)``
  with ``d`` the days since first contact, read through ``r / (r + k)``. Dunbar's
  layers are defined by contact frequency; the decayed counter sees a few months
  of a Poisson history, the lifetime counts see all of it. ``n`` counts the
  quieter side in full and the louder side up to ``long_run_balance`` times the
  quieter, so likes from a fan you once answered do not make a frequent tie.
- reciprocity: ``min(n_in, n_out) / max(n_in, n_out)``: one-way ties are weak
  (Granovetter 1973, "reciprocal services").
- duration: days since first contact ``d / (d + k)`` (Gilbert & Karahalios 2009).
- multiplexity: networks shared, ``min(1, n / multiplex_full)``.
- intensity: words exchanged, ``min(1, ln(1 + w) / ln(1 + words_full))``.

A tie where only one side ever wrote (newsletters, fans who like every post) is
multiplied by ``one_way_factor``. Each term is non-decreasing in its input, so
the score never drops when a tie gets more recent, more frequent (decayed or
lifetime, both ways), wider or wordier, or known longer at the same long-run
rate (tested as properties). The one trade-off is deliberate: the same number of
interactions spread over a longer time is a lower rate, so "known longer" alone,
at a fixed count, can lower the long-run term more than it raises duration.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from warmly.errors import ConfigError
from warmly.ledger.tiestate import Tie, decay_rate, platforms_of


@dataclass(frozen=True, slots=True)
class StrengthConfig:
    """Weights and scales of the strength terms (``[strength]`` in the config)."""

    half_life_days: float = 90.0  # must equal [ties].half_life_days: the counters' own λ
    recency_half_life_days: float = 90.0
    frequency_half_point: float = 4.0
    long_run_half_point: float = 20.0  # interactions a year at which long-run = 0.5
    long_run_floor_days: float = 365.0  # a tie younger than this is rated over this span
    long_run_balance: float = 2.0  # the louder side counts up to this × the quieter
    duration_half_point_days: float = 365.0
    multiplex_full: int = 3
    words_full: int = 2000
    w_recency: float = 0.20
    w_frequency: float = 0.35
    w_long_run: float = 0.5
    w_reciprocity: float = 0.15
    w_duration: float = 0.10
    w_multiplexity: float = 0.10
    w_intensity: float = 0.10
    one_way_factor: float = 0.5  # a tie where only one side ever wrote is not mutual

    def __post_init__(self) -> None:
        if self.long_run_half_point <= 0 or self.long_run_floor_days <= 0:
            raise ConfigError("strength: long_run_half_point and long_run_floor_days must be > 0")
        if self.long_run_balance < 0:
            raise ConfigError("strength: long_run_balance must be >= 0")


@dataclass(frozen=True, slots=True)
class Term:
    """One term of the score: its value in [0, 1], weight and a readable detail."""

    name: str
    value: float
    weight: float
    detail: str

    @property
    def contribution(self) -> float:
        return self.value * self.weight


@dataclass(frozen=True, slots=True)
class Strength:
    """A strength score with the terms it is made of."""

    score: float
    terms: tuple[Term, ...]
    factor: float = 1.0  # one_way_factor when only one side ever wrote, else 1

    def explain(self) -> list[str]:
        """One line per term (and the one-way factor if applied), for ``warmly show``."""
        total = sum(t.weight for t in self.terms) or 1.0
        lines = [
            f"{t.name:<13} {t.value:4.2f} × {t.weight / total:4.2f} = "
            f"{t.contribution / total:4.2f}  ({t.detail})"
            for t in self.terms
        ]
        if self.factor != 1.0:
            lines.append(f"{'one-way':<13} × {self.factor:4.2f}  (only one side has ever written)")
        return lines


def _days(seconds: float) -> float:
    return max(0.0, seconds / 86400.0)


def long_run_count(n_in: int, n_out: int, balance: float) -> float:
    """Lifetime interactions as the long-run term counts them (see the module doc).

    Non-decreasing in both counts; equal to ``n_in + n_out`` while the louder side
    wrote at most ``balance`` times as often as the quieter one.
    """
    hi, lo = max(n_in, n_out), max(min(n_in, n_out), 0)
    return lo + min(float(hi), balance * lo)


def strength(tie: Tie, now: datetime, cfg: StrengthConfig = StrengthConfig()) -> Strength:
    """Score one tie as of ``now`` (an aware datetime)."""
    terms: list[Term] = []
    if tie.last_at is None:
        rec, rec_d = 0.0, "never in contact"
    else:
        d = _days((now - tie.last_at).total_seconds())
        rec = 0.5 ** (d / cfg.recency_half_life_days)
        rec_d = f"last contact {d:.0f} days ago"
    terms.append(Term("recency", rec, cfg.w_recency, rec_d))

    f_in, f_out = tie.value_at(now, decay_rate(cfg.half_life_days))
    f = max(0.0, f_in + f_out)
    terms.append(
        Term(
            "frequency",
            f / (f + cfg.frequency_half_point),
            cfg.w_frequency,
            f"{f:.1f} recent interactions (half-life {cfg.half_life_days:g} days)",
        )
    )

    n = long_run_count(tie.n_in, tie.n_out, cfg.long_run_balance)
    if tie.first_at is None:
        rate, rate_d = 0.0, "no history"
    elif n == 0:
        rate, rate_d = 0.0, "only one side has written: no exchange to count"
    else:
        d = _days((now - tie.first_at).total_seconds())
        rate = 365.0 * n / max(d, cfg.long_run_floor_days)
        rate_d = f"{rate:.1f} interactions a year since first contact"
        if d < cfg.long_run_floor_days:
            rate_d += f", spread over at least {cfg.long_run_floor_days:g} days"
        if n < tie.n_in + tie.n_out:
            rate_d += f"; the louder side counted up to {cfg.long_run_balance:g}× the quieter"
    terms.append(Term("long-run", rate / (rate + cfg.long_run_half_point), cfg.w_long_run, rate_d))

    hi, lo = max(tie.n_in, tie.n_out), min(tie.n_in, tie.n_out)
    terms.append(
        Term(
            "reciprocity",
            lo / hi if hi else 0.0,
            cfg.w_reciprocity,
            f"{tie.n_in} from them, {tie.n_out} from you",
        )
    )

    if tie.first_at is None:
        dur, dur_d = 0.0, "no history"
    else:
        d = _days((now - tie.first_at).total_seconds())
        dur = d / (d + cfg.duration_half_point_days)
        dur_d = f"known for {d:.0f} days"
    terms.append(Term("duration", dur, cfg.w_duration, dur_d))

    nets = platforms_of(tie.platforms)
    terms.append(
        Term(
            "multiplexity",
            min(1.0, len(nets) / cfg.multiplex_full),
            cfg.w_multiplexity,
            f"on {', '.join(nets)}" if nets else "no network known",
        )
    )

    w = max(0, tie.words_in + tie.words_out)
    terms.append(
        Term(
            "intensity",
            min(1.0, math.log1p(w) / math.log1p(cfg.words_full)),
            cfg.w_intensity,
            f"{w} words exchanged",
        )
    )
    total = sum(t.weight for t in terms)
    score = sum(t.contribution for t in terms) / total if total > 0 else 0.0
    # Newsletters and fans who like every post are frequent, recent and long-lived,
    # yet no relationship: without both directions the additive terms overrate them.
    factor = 1.0 if (tie.n_in > 0) == (tie.n_out > 0) else cfg.one_way_factor
    return Strength(min(1.0, max(0.0, score * factor)), tuple(terms), factor)
