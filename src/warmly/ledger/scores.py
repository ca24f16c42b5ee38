"""The stored strength (``tie_state.score``): refreshed in SQL for the people that changed."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from warmly.config import Settings
from warmly.ledger.strength_sql import strength_expr
from warmly.store.models import TieState

_CHUNK = 2000


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
        return
    ids = sorted(set(person_ids))
    for i in range(0, len(ids), _CHUNK):
        session.execute(stmt.where(TieState.person_id.in_(ids[i : i + _CHUNK])))
