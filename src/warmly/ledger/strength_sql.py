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

_EPOCH = datetime(1970, 1, 1)  # naive UTC, as stored
_UNIX_EPOCH_JD = 2440587.5  # the Julian day number of _EPOCH


def _days_since(
    col: ColumnElement[datetime], now: datetime, dialect: Dialect
) -> ColumnElement[float]:
    """Days from ``col`` to ``now``, never negative (NULL for a NULL ``col`` on
    SQLite, 0 on PostgreSQL: callers guard NULL columns themselves)."""
    stamp = UTCDateTime().process_bind_param(now, dialect)
    assert stamp is not None
    if dialect.name == "sqlite":
        # ``now`` as a Julian day number computed here: julianday('…') in the
        # SQL would parse the same text again at every use in every row.
        now_jd = _UNIX_EPOCH_JD + (stamp - _EPOCH).total_seconds() / 86400.0
        d: ColumnElement[Any] = literal(now_jd) - func.julianday(col)
    else:
        d = func.extract("epoch", literal(stamp) - col) / 86400.0
    return _positive(d, dialect)


def _greatest(x: ColumnElement[Any], y: Any, dialect: Dialect) -> ColumnElement[Any]:
    """The larger of ``x`` and ``y``, evaluating ``x`` once (a CASE would twice).

    Only for values that are never NULL where they matter: SQLite's ``max``
    returns NULL for a NULL argument, PostgreSQL's ``greatest`` ignores it.
    """
    if dialect.name == "sqlite":
        return func.max(x, y)  # two arguments: SQLite's scalar max, not the aggregate
    if dialect.name == "postgresql":
        return func.greatest(x, y)
    return case((x > y, x), else_=y)


def _least(x: ColumnElement[Any], y: Any, dialect: Dialect) -> ColumnElement[Any]:
    """The smaller of ``x`` and ``y``, evaluating ``x`` once (see :func:`_greatest`)."""
    if dialect.name == "sqlite":
        return func.min(x, y)
    if dialect.name == "postgresql":
        return func.least(x, y)
    return case((x < y, x), else_=y)


def _positive(x: ColumnElement[Any], dialect: Dialect) -> ColumnElement[Any]:
    return _greatest(x, 0.0, dialect)


def _clamp01(x: ColumnElement[Any], dialect: Dialect) -> ColumnElement[float]:
    # Nested CASEs would evaluate x three times: the whole score, at the end.
    return _least(_greatest(x, 0.0, dialect), 1.0, dialect)


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
    f = _positive((t.decay_in + t.decay_out) * decay, dialect)
    # x/(x+c) written 1 - c/(x+c): x, which holds a whole sub-expression, once
    frequency = 1.0 - cfg.frequency_half_point / (f + cfg.frequency_half_point)
    hi = case((t.n_in > t.n_out, t.n_in), else_=t.n_out)
    lo = case((t.n_in > t.n_out, t.n_out), else_=t.n_in)
    reciprocity = case((hi > 0, cast(lo, Float) / hi), else_=0.0)
    dur_d = _days_since(t.first_at, now, dialect)
    # long_run_count: the quieter side in full, the louder up to `balance` × it
    lo_f = case((lo > 0, cast(lo, Float)), else_=0.0)
    capped = lo_f * cfg.long_run_balance
    n = lo_f + _least(cast(hi, Float), capped, dialect)
    span = _greatest(dur_d, float(cfg.long_run_floor_days), dialect)
    rate = 365.0 * n / span
    long_run = case(
        (t.first_at.is_(None), 0.0),
        else_=1.0 - cfg.long_run_half_point / (rate + cfg.long_run_half_point),
    )
    duration = case(
        (t.first_at.is_(None), 0.0),
        else_=1.0 - cfg.duration_half_point_days / (dur_d + cfg.duration_half_point_days),
    )
    nets = sum(
        ((t.platforms.op(">>")(i)).op("&")(1) for i in range(len(PLATFORMS))), literal(0, Integer)
    )
    multiplexity = _clamp01(cast(nets, Float) / cfg.multiplex_full, dialect)
    words = _positive(t.words_in + t.words_out, dialect)
    intensity = _clamp01(func.ln(1.0 + words) / math.log1p(cfg.words_full), dialect)
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
    return _clamp01(score * one_way, dialect)
