"""Giver actions: introduce two contacts where one asks for what the other offers.

An ask and an offer are tag sets (the caller extracts tags from messages, posts,
profile headlines or the user's notes). A pair matches on shared tags; the user
must know both people (``introduce_min_strength``), since an introduction spends
the user's credibility with each of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from warmly.engine.candidate import Candidate
from warmly.engine.reasons import ReasonsConfig, ago


@dataclass(frozen=True, slots=True)
class Ask:
    """Someone asked for something (a hire, advice, a customer, a job)."""

    ref: str
    person_id: int
    name: str
    platform: str
    tags: frozenset[str]
    text: str
    at: datetime
    strength: float


@dataclass(frozen=True, slots=True)
class Offer:
    """Someone offers something (their specialty, service, open role)."""

    person_id: int
    name: str
    tags: frozenset[str]
    text: str
    strength: float


def introductions(
    asks: Iterable[Ask], offers: Sequence[Offer], now: datetime, cfg: ReasonsConfig
) -> list[Candidate]:
    """At most one introduction per ask: the best-matching offer by a known person.

    Match = shared tags / ask tags; value = base × match × the weaker tie's
    strength (an introduction is only as good as the weaker relationship).
    """
    out = []
    for a in asks:
        age = (now - a.at).total_seconds() / 86400.0
        if not a.tags or a.strength < cfg.introduce_min_strength:
            continue
        if age > cfg.introduce_window_days:
            continue
        best: tuple[float, int, Offer] | None = None
        for o in offers:
            if o.person_id == a.person_id or o.strength < cfg.introduce_min_strength:
                continue
            shared = len(a.tags & o.tags)
            if not shared:
                continue
            score = shared / len(a.tags) * min(a.strength, o.strength)
            # Ties broken by person id so the result does not depend on input order.
            if best is None or (score, -o.person_id) > (best[0], -best[1]):
                best = (score, o.person_id, o)
        if best is None:
            continue
        score, _, o = best
        topics = ", ".join(sorted(a.tags & o.tags))
        out.append(
            Candidate(
                f"introduce:{a.ref}:{o.person_id}",
                "introduce",
                "introduce",
                a.platform,
                (a.person_id, o.person_id),
                cfg.introduce_value
                * score
                * (1.0 - 0.5 * max(0.0, age) / cfg.introduce_window_days),
                cfg.minutes_introduce,
                f"{a.name} asked {ago(age)} about {topics}; {o.name} offers {o.text}: "
                f"introduce them (ask both first).",
                a.ref,
            )
        )
    return out
