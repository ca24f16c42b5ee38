"""Interactions the user records by hand: an agenda item done, a call, a coffee."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from warmly.config.settings import TieSettings
from warmly.ledger.ties import apply_deltas
from warmly.ledger.tiestate import Tie, decay_rate, word_count
from warmly.store.models import Identity, Interaction
from warmly.store.models_agenda import AgendaItem, Task


def record_interaction(
    session: Session,
    *,
    person_id: int,
    platform: str,
    kind: str,
    direction: str,
    at: datetime,
    source_key: str,
    ties: TieSettings,
    text: str | None = None,
    tags: str | None = None,
) -> int | None:
    """Insert one interaction and fold it into the tie state at once (O(1)).

    Idempotent by ``source_key``: recording the same thing twice returns None
    the second time and changes nothing.
    """
    if session.scalar(select(Interaction.id).where(Interaction.source_key == source_key)):
        return None
    ident = session.scalar(
        select(Identity.id)
        .where(Identity.person_id == person_id, Identity.platform == platform)
        .order_by(Identity.id)
        .limit(1)
    )
    words = word_count(text)
    iid = session.execute(
        insert(Interaction).returning(Interaction.id),
        [
            {
                "source_key": source_key,
                "person_id": person_id,
                "identity_id": ident,
                "platform": platform,
                "kind": kind,
                "direction": direction,
                "occurred_at": at,
                "text": text,
                "words": words,
                "tags": tags,
            }
        ],
    ).scalar_one()
    delta = Tie()
    delta.add(at, direction, ties.weight(kind), words, platform, decay_rate(ties.half_life_days))
    apply_deltas(session, {person_id: delta}, ties)
    return int(iid)


def close_done(
    session: Session, item: AgendaItem, at: datetime, note: str | None = None, by: str = ""
) -> None:
    """Mark an agenda item done, and the follow-up task it came from (if still open).

    By ``warmly done`` or by the outbox once the item's action went out: either
    way the promise behind it is kept, and ``warmly tasks`` should say so.
    """
    item.status, item.closed_at = "done", at
    if note is not None:
        item.note = note
    if item.reason == "task" and item.key.startswith("task:"):
        tid = item.key.rsplit(":", 1)[-1]
        task = session.get(Task, int(tid)) if tid.isdigit() else None
        if task is not None and task.status == "open":
            task.status, task.closed_at = "done", at
            task.close_reason = by or f"agenda item {item.id}"
