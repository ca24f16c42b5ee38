"""Whether people imported since the matcher last finished still wait for it.

``warmly import`` links people across networks after its files are in, in a
transaction of its own. If it is stopped in between (killed, a power cut), the
imports are kept but nobody linked them; and the re-run finds every file
already imported, adds nothing, and would skip the matcher as having nothing
new to read. So an import that changes who is in the ledger marks matching as
due, in its own transaction, and only a finished matcher run clears the mark:
the re-run then matches, and ends as one clean run would have.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from warmly.store.models import LedgerState

_KEY = "matching"


def mark_due(session: Session, now: datetime) -> None:
    """An import changed the ledger's people: the matcher should run."""
    _set(session, {"due": True}, now)


def mark_done(session: Session, now: datetime) -> None:
    """The matcher ran over the whole ledger (in ``session``'s transaction)."""
    _set(session, {"due": False}, now)


def is_due(session: Session) -> bool:
    row = session.get(LedgerState, _KEY)
    return row is not None and bool(row.value.get("due"))


def _set(session: Session, value: dict[str, object], now: datetime) -> None:
    row = session.get(LedgerState, _KEY)
    if row is None:
        session.add(LedgerState(key=_KEY, value=value, updated_at=now))
    elif row.value != value:
        row.value, row.updated_at = value, now
