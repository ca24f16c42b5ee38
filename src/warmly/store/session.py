"""Engines, sessions and automatic migrations for SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from warmly.errors import WorkspaceError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


SQLITE_PAGE_SIZE = 16384


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    # Only a new, empty database takes a page size (before WAL is set); an
    # existing one keeps its own. 16 KiB pages made a big first import 8%
    # faster (interactions rows carry message texts) and planning no slower.
    cur.execute(f"PRAGMA page_size={SQLITE_PAGE_SIZE}")
    # WAL lets readers run while one writer imports; NORMAL is durable at each
    # checkpoint and much faster for bulk imports than FULL.
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def make_engine(url: str) -> Engine:
    """An engine for ``url`` with the pragmas and options warmly relies on."""
    try:
        if url.startswith("sqlite"):
            engine = create_engine(url)
            event.listen(engine, "connect", _sqlite_pragmas)
        else:
            engine = create_engine(url, pool_pre_ping=True)
    except (SQLAlchemyError, ImportError, ValueError) as exc:
        raise WorkspaceError(f"cannot use database {safe_url(url)}: {exc}") from exc
    return engine


def safe_url(url: str) -> str:
    """The URL with any password hidden, for messages."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # an unparsable URL is shown as given, minus nothing secret
        return url.split("@")[-1]


def alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision (a no-op when it is current)."""
    cfg = alembic_config(engine)
    head = ScriptDirectory.from_config(cfg).get_current_head()
    try:
        with engine.connect() as conn:
            current = MigrationContext.configure(conn).get_current_revision()
    except OperationalError as exc:
        raise WorkspaceError(
            f"cannot open database {safe_url(str(engine.url))}: {exc.orig}"
        ) from exc
    if current != head:
        command.upgrade(cfg, "head")


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


# Page cache for one import, in KiB. SQLite's default (2 MiB) is far smaller
# than the indexes a large import writes into in key order (source_key is a
# hash): pages are evicted and read back again and again. 128 MiB cut the CPU
# time of a 260,000-row import by a third (measured); it is given back after.
BULK_CACHE_KIB = 131072


@contextmanager
def bulk_write_tuning(session: Session) -> Iterator[None]:
    """A large SQLite page cache on ``session``'s connection while a bulk write runs.

    Durability is unchanged (journal and synchronous modes stay as set at
    connect). On other backends this does nothing.
    """
    conn = session.connection()
    if conn.dialect.name != "sqlite":
        yield
        return
    before = int(conn.exec_driver_sql("PRAGMA cache_size").scalar_one())
    conn.exec_driver_sql(f"PRAGMA cache_size=-{BULK_CACHE_KIB}")
    try:
        yield
    finally:
        # If the connection failed with the import, the pool discards it anyway.
        with suppress(SQLAlchemyError):
            conn.exec_driver_sql(f"PRAGMA cache_size={before}")


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session whose work commits at the end or rolls back entirely on error."""
    with factory() as session, session.begin():
        yield session


# How long a writer of the ledger's people and interactions waits for another.
LEDGER_WAIT_S = 600.0


def lock_ledger(
    session: Session, on_wait: Callable[[], None] | None = None, wait_s: float = LEDGER_WAIT_S
) -> None:
    """Serialise with imports: for a transaction that adds or merges people.

    Imports, the matching and follow-up tasks that run after them, review
    decisions and notification syncs take it as their first statement, so one
    never finds the ledger locked for longer than SQLite's busy timeout.
    """
    lock_for_writing(session.connection(), "import", wait_s=wait_s, on_wait=on_wait)


def wait_to_write(
    session: Session, on_wait: Callable[[], None] | None = None, wait_s: float = LEDGER_WAIT_S
) -> None:
    """On SQLite, wait for another writer (an import holds the one write lock for
    its whole file) before this transaction's first statement.

    Without it a small write (``warmly done``) failed with "database is locked"
    after SQLite's 10 s busy timeout whenever a longer import was running. On
    PostgreSQL writers of different rows do not block each other: nothing to do.
    """
    conn = session.connection()
    if conn.dialect.name == "sqlite":
        _begin_immediate(conn, wait_s, on_wait)


class LockTimeout(WorkspaceError):
    """Another warmly command kept the workspace's write lock for too long."""


def advisory_key(name: str) -> int:
    """A stable signed 64-bit PostgreSQL advisory-lock key for ``name`` (``warmly:`` + it)."""
    digest = hashlib.blake2b(f"warmly:{name}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def lock_for_writing(
    conn: Connection,
    name: str,
    *,
    wait_s: float,
    on_wait: Callable[[], None] | None = None,
) -> None:
    """Hold the workspace lock ``name`` until ``conn``'s transaction ends.

    Two imports into one ledger (or two commands creating a new workspace)
    must not interleave: both would create the same people and identities, or
    the same owner. On SQLite the lock is the database's write lock, taken up
    front by ``BEGIN IMMEDIATE`` (this must be the transaction's first
    statement); on PostgreSQL an advisory transaction lock named after
    ``name``. If another command holds it, ``on_wait`` is called once and this
    waits up to ``wait_s`` seconds, then raises :class:`LockTimeout`.
    """
    dialect = conn.dialect.name
    if dialect == "sqlite":
        _begin_immediate(conn, wait_s, on_wait)
    elif dialect == "postgresql":
        key = advisory_key(name)
        if not conn.exec_driver_sql("SELECT pg_try_advisory_xact_lock(%s)", (key,)).scalar():
            if on_wait is not None:
                on_wait()
            before = conn.exec_driver_sql("SHOW lock_timeout").scalar_one()
            conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{int(wait_s * 1000)}ms'")
            try:
                conn.exec_driver_sql("SELECT pg_advisory_xact_lock(%s)", (key,))
            except OperationalError as exc:
                raise LockTimeout(_busy(wait_s)) from exc
            # The rest of the transaction keeps the server's own setting.
            conn.exec_driver_sql("SELECT set_config('lock_timeout', %s, true)", (before,))


def _begin_immediate(conn: Connection, wait_s: float, on_wait: Callable[[], None] | None) -> None:
    """``BEGIN IMMEDIATE``, retried in short waits so that Ctrl-C is heard.

    SQLite waits for a lock inside C, where Python cannot act on a signal: one
    wait of ``wait_s`` would ignore Ctrl-C for up to that long.
    """
    before = int(conn.exec_driver_sql("PRAGMA busy_timeout").scalar_one())
    deadline = time.monotonic() + wait_s
    told = False
    try:
        conn.exec_driver_sql("PRAGMA busy_timeout = 0")
        while True:
            try:
                conn.exec_driver_sql("BEGIN IMMEDIATE")
                return
            except OperationalError as exc:
                if "locked" not in str(exc.orig) and "busy" not in str(exc.orig):
                    raise  # not another writer: say what it is
                if time.monotonic() >= deadline:
                    raise LockTimeout(_busy(wait_s)) from exc
            if not told and on_wait is not None:
                on_wait()
            told = True
            step = min(_STEP_S, max(deadline - time.monotonic(), 0.0))
            conn.exec_driver_sql(f"PRAGMA busy_timeout = {int(step * 1000)}")
    finally:
        # Interrupted mid-wait, the connection may already be invalid: the pool
        # discards it then, and the interruption is what the caller must see.
        with suppress(SQLAlchemyError):
            conn.exec_driver_sql(f"PRAGMA busy_timeout = {before}")


_STEP_S = 0.5  # each wait for SQLite's lock, between chances to act on Ctrl-C


def _busy(wait_s: float) -> str:
    return (
        f"another warmly command has been writing to this workspace for {wait_s:.0f} s; "
        "try again when it has finished"
    )
