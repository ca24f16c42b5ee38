"""Tie strength as one SQL expression, for ranking a million people inside the database.

It mirrors :func:`warmly.engine.strength.strength` term by term (a property test
keeps the two equal), so planning never loads every tie into Python: the
database ranks everyone, Python explains the few it shows.
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

from sqlalchemy import Float, Integer, case, cast, func, literal
from sqlalchemy.engine import Dialect
from sqlalchemy.sql.elements import ColumnElement

from warmly.engine.strength import StrengthConfig
from warmly.importers.records import PLATFORMS
from warmly.store.models import TieState
from warmly.store.types import UTCDateTime

# Raise when the formula below changes: stored scores made by an older one are
# recomputed for everyone before they are ranked (see ledger.scores).
FORMULA_VERSION = 2  # 2: the long-run rate term


def _days_since(
    col: ColumnElement[datetime], now: datetime, dialect: Dialect
) -> ColumnElement[float]:
    """Days from ``col`` to ``now`` (never negative); the one backend-specific piece."""
    stamp = UTCDateTime().process_bind_param(now, dialect)
    assert stamp is not None
    if dialect.name == "sqlite":
        d = func.julianday(literal(stamp.isoformat(sep=" "))) - func.julianday(col)
    else:
        d = func.extract("epoch", literal(stamp) - col) / 86400.0
    return case((d > 0, d), else_=0.0)


def _clamp01(x: ColumnElement[Any]) -> ColumnElement[float]:
    return case((x < 0, 0.0), (x > 1, 1.0), else_=x)


def strength_expr(now: datetime, cfg: StrengthConfig, dialect: Dialect) -> ColumnElement[float]:
    """The strength of the ``tie_state`` row, as of ``now``, in [0, 1]."""
    t = TieState.__table__.c
    lam_days = math.log(2) / cfg.half_life_days  # λ per day
    recency = case(
        (t.last_at.is_(None), 0.0),
        else_=func.exp(
            -math.log(2) * _days_since(t.last_at, now, dialect) / cfg.recency_half_life_days
        ),
    )
    decay = case(
        (t.decay_at.is_(None), 0.0),
        else_=func.exp(-lam_days * _days_since(t.decay_at, now, dialect)),
    )
    f = (t.decay_in + t.decay_out) * decay
    f = case((f > 0, f), else_=0.0)
    frequency = f / (f + cfg.frequency_half_point)
    hi = case((t.n_in > t.n_out, t.n_in), else_=t.n_out)
    lo = case((t.n_in > t.n_out, t.n_out), else_=t.n_in)
    reciprocity = case((hi > 0, cast(lo, Float) / hi), else_=0.0)
    dur_d = _days_since(t.first_at, now, dialect)
    # long_run_count: the quieter side in full, the louder up to `balance` × it
    lo_f = case((lo > 0, cast(lo, Float)), else_=0.0)
    capped = lo_f * cfg.long_run_balance
    n = lo_f + case((cast(hi, Float) < capped, cast(hi, Float)), else_=capped)
    span = case((dur_d > cfg.long_run_floor_days, dur_d), else_=cfg.long_run_floor_days)
    rate = 365.0 * n / span
    long_run = case((t.first_at.is_(None), 0.0), else_=rate / (rate + cfg.long_run_half_point))
    duration = case(
        (t.first_at.is_(None), 0.0), else_=dur_d / (dur_d + cfg.duration_half_point_days)
    )
    nets = sum(
        ((t.platforms.op(">>")(i)).op("&")(1) for i in range(len(PLATFORMS))), literal(0, Integer)
    )
    multiplexity = _clamp01(cast(nets, Float) / cfg.multiplex_full)
    words = t.words_in + t.words_out
    words = case((words > 0, words), else_=0)
    intensity = _clamp01(func.ln(1.0 + words) / math.log1p(cfg.words_full))
    weights = (
        cfg.w_recency,
        cfg.w_frequency,
        cfg.w_long_run,
        cfg.w_reciprocity,
        cfg.w_duration,
        cfg.w_multiplexity,
        cfg.w_intensity,
    )
    total = sum(weights) or 1.0
    score = (
        cfg.w_recency * recency
        + cfg.w_frequency * frequency
        + cfg.w_long_run * long_run
        + cfg.w_reciprocity * reciprocity
        + cfg.w_duration * duration
        + cfg.w_multiplexity * multiplexity
        + cfg.w_intensity * intensity
    ) / total
    one_way = case(((t.n_in > 0) == (t.n_out > 0), 1.0), else_=cfg.one_way_factor)
    return _clamp01(score * one_way)
