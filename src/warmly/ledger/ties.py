"""Reading, writing and rebuilding tie state rows."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from warmly.config.settings import TieSettings
from warmly.ledger.tiestate import Tie, decay_rate
from warmly.store.models import Interaction, TieState

_CHUNK = 2000


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for i in range(0, len(ids), _CHUNK):
        yield ids[i : i + _CHUNK]


def apply_deltas(session: Session, deltas: Mapping[int, Tie], ties: TieSettings) -> None:
    """Fold per-person deltas (new interactions only) into the stored tie state."""
    lam = decay_rate(ties.half_life_days)
    ids = sorted(deltas)
    for chunk in _chunks(ids):
        existing = {
            r.person_id: r
            for r in session.scalars(select(TieState).where(TieState.person_id.in_(chunk)))
        }
        new_rows = []
        for pid in chunk:
            row = existing.get(pid)
            if row is None:
                new_rows.append({"person_id": pid, **deltas[pid].as_row()})
                continue
            tie = Tie.from_row(row)
            tie.combine(deltas[pid], lam)
            for k, v in tie.as_row().items():
                setattr(row, k, v)
        if new_rows:
            session.execute(insert(TieState), new_rows)


def rebuild_ties(session: Session, person_ids: Iterable[int], ties: TieSettings) -> None:
    """Recompute tie state from the interactions of these people (after merges)."""
    lam = decay_rate(ties.half_life_days)
    ids = sorted(set(person_ids))
    for chunk in _chunks(ids):
        session.execute(delete(TieState).where(TieState.person_id.in_(chunk)))
        acc: dict[int, Tie] = {}
        q = select(
            Interaction.person_id,
            Interaction.occurred_at,
            Interaction.direction,
            Interaction.kind,
            Interaction.words,
            Interaction.platform,
        ).where(Interaction.person_id.in_(chunk))
        for pid, at, direction, kind, words, platform in session.execute(q):
            acc.setdefault(pid, Tie()).add(at, direction, ties.weight(kind), words, platform, lam)
        if acc:
            session.execute(
                insert(TieState),
                [{"person_id": pid, **t.as_row()} for pid, t in acc.items()],
            )


def rebuild_all(session: Session, ties: TieSettings) -> int:
    """Recompute every tie state (e.g. after changing the half-life). Returns people count."""
    ids = list(session.scalars(select(Interaction.person_id).distinct()))
    session.execute(delete(TieState))
    rebuild_ties(session, ids, ties)
    return len(ids)
