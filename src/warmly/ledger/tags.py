"""Tags on people (from exports: "x:follower", vCard categories; or the user's own)."""

from __future__ import annotations

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from warmly.store.models import Tag


def add_tags(session: Session, tags: set[tuple[int, str]]) -> None:
    """Add ``(person_id, tag)`` pairs that are not there yet, in bulk."""
    if not tags:
        return
    pids = sorted({p for p, _ in tags})
    have: set[tuple[int, str]] = set()
    for i in range(0, len(pids), 2000):
        q = select(Tag.person_id, Tag.tag).where(Tag.person_id.in_(pids[i : i + 2000]))
        have.update((p, t) for p, t in session.execute(q))
    rows = [{"person_id": p, "tag": t} for p, t in sorted(tags - have)]
    if rows:
        session.execute(insert(Tag), rows)
