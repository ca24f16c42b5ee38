"""The stored strength (``tie_state.score``): refreshed in SQL for the people that changed.

Stored scores serve as an index for ranking a million people. Between
interactions a score only falls (every term decays or dilutes with time), so
a stale score over-estimates and the ranking's rescoring of the top few
thousand corrects it. A new formula or new ``[strength]`` weights break that:
scores made with other settings are recomputed for everyone, once, before they
are ranked again (:func:`ensure_current`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import astuple
from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from warmly.config import Settings
from warmly.engine.strength import StrengthConfig
from warmly.ledger.strength_sql import FORMULA_VERSION, strength_expr
from warmly.store.models import LedgerState, TieState

_CHUNK = 2000
_KEY = "scores"


def fingerprint(cfg: StrengthConfig) -> str:
    """What the stored scores depend on besides the tie state: formula and weights."""
    return hashlib.sha1(repr((FORMULA_VERSION, astuple(cfg))).encode()).hexdigest()[:16]


def refresh_scores(
    session: Session, settings: Settings, now: datetime, person_ids: Iterable[int] | None = None
) -> None:
    """Recompute ``score`` as of ``now`` (everyone when ``person_ids`` is None), set-based."""
    from warmly.agenda.configs import engine_configs

    cfg = engine_configs(settings).strength
    expr = strength_expr(now, cfg, session.get_bind().dialect)
    stmt = update(TieState).values(score=expr, scored_at=now)
    if person_ids is None:
        session.execute(stmt)
        _remember(session, cfg, now)
        return
    ids = sorted(set(person_ids))
    for i in range(0, len(ids), _CHUNK):
        session.execute(stmt.where(TieState.person_id.in_(ids[i : i + _CHUNK])))


def ensure_current(session: Session, settings: Settings, now: datetime) -> bool:
    """Rescore everyone if the stored scores were made with another formula or weights.

    Returns whether it did. A ledger scored only in part (first imported before
    scores were versioned) counts as made with other settings.
    """
    from warmly.agenda.configs import engine_configs

    cfg = engine_configs(settings).strength
    row = session.get(LedgerState, _KEY)
    if row is not None and row.value.get("fingerprint") == fingerprint(cfg):
        return False
    refresh_scores(session, settings, now)
    return True


def _remember(session: Session, cfg: StrengthConfig, now: datetime) -> None:
    value = {"fingerprint": fingerprint(cfg), "formula": FORMULA_VERSION}
    row = session.get(LedgerState, _KEY)
    if row is None:
        session.add(LedgerState(key=_KEY, value=value, updated_at=now))
    else:
        row.value, row.updated_at = value, now
