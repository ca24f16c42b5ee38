"""Claiming an action (approved → sending) so that workers together never exceed a limit.

The claim is ONE transaction that (1) takes a lock covering every action kind
whose rows the policy counts, (2) re-asks the governor from the ledger inside that
transaction, (3) stamps the row ``sending`` with ``attempted_at``. Two claims that
read or write the same counts are therefore serialised, whichever process runs them.

Backends: PostgreSQL uses ``pg_advisory_xact_lock`` per (platform, kind), released at
commit; SQLite uses ``BEGIN IMMEDIATE``, which takes the database write lock up front
(one writer at a time); any other database runs the transaction SERIALIZABLE and
retries on a serialisation failure (the portable fallback).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from weakref import WeakKeyDictionary

from sqlalchemy import select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError

from warmly.pacing.governor import Decision, Governor, SlowCache
from warmly.pacing.ledger import SqlView
from warmly.pacing.policy import Policies
from warmly.store.models_outbox import Action
from warmly.store.session import advisory_key

_A = Action.__table__.c
_RETRIES = 5
_CACHES: WeakKeyDictionary[Engine, SlowCache] = WeakKeyDictionary()


def lock_key(platform: str, kind: str) -> int:
    """A stable signed 64-bit advisory-lock key for (platform, kind)."""
    return advisory_key(f"pace:{platform}:{kind}")


@contextmanager
def locked(engine: Engine, platform: str, kinds: Sequence[str]) -> Iterator[Connection]:
    """A transaction holding the pacing lock of ``kinds`` on ``platform``; commits on exit."""
    with engine.connect() as conn:
        dialect = conn.dialect.name
        if dialect == "sqlite":
            # pysqlite would BEGIN (deferred) lazily; IMMEDIATE takes the write lock now,
            # so two claims can never both read the same counts before either writes.
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        elif dialect == "postgresql":
            for k in sorted(set(kinds)):  # sorted: no deadlock between two lock sets
                conn.exec_driver_sql("SELECT pg_advisory_xact_lock(%s)", (lock_key(platform, k),))
        else:
            conn = conn.execution_options(isolation_level="SERIALIZABLE")
        try:
            yield conn
        except BaseException:
            conn.rollback()
            raise
        conn.commit()


@dataclass(frozen=True, slots=True)
class ClaimResult:
    """``claimed``; or the governor's ``decision`` that refused; or ``taken`` elsewhere."""

    claimed: bool
    decision: Decision | None = None
    taken: bool = False


def _due(row: object, now: datetime) -> bool:
    nb, na = getattr(row, "not_before"), getattr(row, "next_attempt_at")  # noqa: B009
    return (nb is None or nb <= now) and (na is None or na <= now)


def claim(
    engine: Engine, policies: Policies, action_id: int, now: datetime, worker_id: str
) -> ClaimResult:
    """Claim ``action_id`` at ``now`` under the governor (see the module docstring).

    Auto actions become ``sending``; assisted ones stay ``approved`` but are stamped
    ``attempted_at`` (shown to the user), so the governor counts them from now on.
    """
    with engine.connect() as conn:
        # Cheap pre-check without the lock: rows another worker took are skipped at once.
        head = conn.execute(
            select(_A.platform, _A.kind).where(_A.id == action_id, _A.state == "approved")
        ).first()
    if head is None:
        return ClaimResult(False, taken=True)
    platform, kind = head
    pol = policies.action(platform, kind)
    kinds = pol.counted_kinds(kind) if pol else (kind,)
    for attempt in range(_RETRIES):
        try:
            cache = _CACHES.setdefault(engine, SlowCache())
            with locked(engine, platform, kinds) as conn:
                gov = Governor(policies, SqlView(conn), cache)
                return _claim_locked(conn, gov, action_id, platform, kind, now, worker_id)
        except DBAPIError as exc:  # only the SERIALIZABLE fallback should get here
            if engine.dialect.name in ("sqlite", "postgresql") or attempt == _RETRIES - 1:
                raise
            del exc
    raise AssertionError("unreachable")


def _claim_locked(
    conn: Connection,
    gov: Governor,
    action_id: int,
    platform: str,
    kind: str,
    now: datetime,
    worker_id: str,
) -> ClaimResult:
    row = conn.execute(
        select(_A.state, _A.mode, _A.attempted_at, _A.not_before, _A.next_attempt_at).where(
            _A.id == action_id
        )
    ).first()
    if row is None or row.state != "approved" or not _due(row, now):
        return ClaimResult(False, taken=True)
    if row.mode == "assisted" and row.attempted_at is not None:
        return ClaimResult(False, taken=True)  # already shown; waits for the user
    decision = gov.decide(platform, kind, now)
    if not decision.allowed:
        return ClaimResult(False, decision=decision)
    state = "approved" if row.mode == "assisted" else "sending"
    done = conn.execute(
        update(Action)
        .where(_A.id == action_id, _A.state == "approved")
        .values(state=state, attempted_at=now, claimed_by=worker_id, attempts=_A.attempts + 1)
    )
    return ClaimResult(done.rowcount == 1, taken=done.rowcount != 1)
