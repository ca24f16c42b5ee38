"""A real crash in the middle of a real import: the process is killed (SIGKILL, as
by the OOM killer or a power cut) while it writes; the ledger keeps nothing of
the file, the parsing worker does not linger, and a re-run gives what one
clean run gives, on SQLite and on PostgreSQL."""

from __future__ import annotations

import csv
import io
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from warmly.demo.write_linkedin import MESSAGE_HEADER, PREAMBLE

CONNECTIONS = 3000
MESSAGES = 60_000
START = datetime(2021, 1, 1, tzinfo=UTC)
FIRST = ["Ada", "Bo", "Cyra", "Dov", "Elin", "Faro", "Gia", "Hal", "Ines", "Jory"]
LAST = ["Quellen", "Ravost", "Sorbel", "Tamsk", "Ulvar", "Vetch", "Wendholm", "Yarrow"]


def _export(path: Path) -> Path:
    """A LinkedIn export of invented people, big enough to take seconds to import."""
    rng = random.Random(11)
    people = [(rng.choice(FIRST), rng.choice(LAST), f"x{i:05d}") for i in range(CONNECTIONS)]

    def url(first: str, last: str, slug: str) -> str:
        return f"https://www.linkedin.com/in/{first.lower()}-{last.lower()}-{slug}"

    conns = io.StringIO()
    conns.write(PREAMBLE)
    w = csv.writer(conns, lineterminator="\n")
    w.writerow(["First Name", "Last Name", "URL", "Email Address", "Company", "Position",
                "Connected On"])  # fmt: skip
    for first, last, slug in people:
        on = START + timedelta(days=rng.randrange(1500))
        w.writerow([first, last, url(first, last, slug), "", "Orbweave", "Engineer",
                    on.strftime("%d %b %Y")])  # fmt: skip
    msgs = io.StringIO()
    w = csv.writer(msgs, quoting=csv.QUOTE_ALL, lineterminator="\n")
    w.writerow(MESSAGE_HEADER)
    me = ("Rowan Tillery", "https://www.linkedin.com/in/rowan-tillery")
    for _ in range(MESSAGES):
        first, last, slug = people[rng.randrange(CONNECTIONS)]
        them = (f"{first} {last}", url(first, last, slug))
        src, dst = (me, them) if rng.random() < 0.45 else (them, me)
        at = START + timedelta(seconds=rng.randrange(4 * 365 * 86400))
        words = " ".join(rng.choice(["hello", "thanks", "role", "team", "soon"]) for _ in range(9))
        when = at.strftime("%Y-%m-%d %H:%M:%S UTC")
        w.writerow([f"conv-{slug}", "", *src, *dst, when, "", words, "INBOX", "", "No", "No"])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("Connections.csv", conns.getvalue().rstrip("\n"))
        z.writestr("messages.csv", msgs.getvalue())
    return path


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _export(tmp_path_factory.mktemp("crash") / "Basic_LinkedInDataExport_01-02-2026.zip")


# The CLI, told that a core is spare, so that the big export is parsed in a worker
# process whatever else the machine runs.
WITH_A_WORKER = (
    "import warmly.ledger.worker as w; w._spare_cores = lambda: 2.0; "
    "import sys; sys.argv[0] = 'warmly'; from warmly.cli import main; main()"
)


def _env(home: Path, url: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WARMLY_")}
    env["WARMLY_HOME"] = str(home)
    if url:
        env["WARMLY_DATABASE_URL"] = url
    return env


def _warmly(home: Path, url: str | None, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "warmly", *args],
        env=_env(home, url),
        capture_output=True,
        text=True,
        timeout=300,
    )


SNAPSHOT = {
    # The owner is made before the import's own transaction, as any command would.
    "people": "SELECT count(*) FROM people WHERE NOT is_owner",
    "owners": "SELECT count(*) FROM people WHERE is_owner",
    "identities": "SELECT count(*) FROM identities",
    "interactions": "SELECT count(*) FROM interactions",
    "ties": "SELECT count(*), sum(n_in), sum(n_out), sum(words_in), min(first_at), max(last_at) "
    "FROM tie_state",
    "keys": "SELECT count(DISTINCT source_key) FROM interactions",
    "people_by_name": "SELECT count(DISTINCT display_name) FROM people WHERE NOT is_owner",
    "runs": "SELECT status, added FROM import_runs ORDER BY id",
}


def _snapshot(url: str) -> dict[str, list[tuple[object, ...]]]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {k: [tuple(r) for r in conn.execute(text(q))] for k, q in SNAPSHOT.items()}
    finally:
        engine.dispose()


def _children(pid: int) -> list[int]:
    try:
        found = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []
    return [int(c) for c in found]


def _wait_for(cond: Callable[[], bool], proc: subprocess.Popen[str], what: str) -> None:
    deadline = time.monotonic() + 120
    while not cond():
        if proc.poll() is not None:
            pytest.fail(f"the import ended ({proc.returncode}) before {what}")
        if time.monotonic() > deadline:
            pytest.fail(f"never saw {what}")
        time.sleep(0.02)


@pytest.fixture(params=["sqlite", "postgres"])
def ledger_url(request: pytest.FixtureRequest, tmp_path: Path) -> str | None:
    """``None`` for the workspace's own SQLite file, else a fresh PostgreSQL database."""
    return None if request.param == "sqlite" else str(request.getfixturevalue("pg_url"))


@pytest.fixture
def clean_url(request: pytest.FixtureRequest, ledger_url: str | None, tmp_path: Path) -> str:
    """Where one clean import went: a second ledger on the same backend."""
    if ledger_url is None:
        return f"sqlite:///{tmp_path / 'clean' / 'warmly.db'}"
    return str(request.getfixturevalue("pg_url_2"))


@pytest.fixture
def pg_url_2(pg_admin: object) -> object:
    import uuid

    from sqlalchemy.engine import make_url

    from tests.conftest import PG_URL

    name = f"warmly_t_{uuid.uuid4().hex[:12]}"
    with pg_admin.connect() as conn:  # type: ignore[attr-defined]
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    with pg_admin.connect() as conn:  # type: ignore[attr-defined]
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def test_an_import_killed_while_writing_leaves_nothing_and_a_rerun_equals_a_clean_run(
    export: Path, ledger_url: str | None, clean_url: str, tmp_path: Path
) -> None:
    clean_home = tmp_path / "clean"
    clean = _warmly(clean_home, None if ledger_url is None else clean_url, "import", str(export))
    assert clean.returncode == 0, clean.stderr
    expected = _snapshot(clean_url)
    assert expected["interactions"] == [(MESSAGES + CONNECTIONS,)]  # a connection is one too

    home = tmp_path / "crash"
    assert _warmly(home, ledger_url, "people").returncode == 0  # the ledger exists
    url = ledger_url or f"sqlite:///{home / 'warmly.db'}"
    before = _snapshot(url)
    proc = subprocess.Popen(
        [sys.executable, "-c", WITH_A_WORKER, "import", str(export)],
        env=_env(home, ledger_url),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_for(_writing(home, ledger_url), proc, "its interactions being written")
        # The parsing worker, unless it had already handed everything over.
        workers = _children(proc.pid)
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL  # killed, not finished
    deadline = time.monotonic() + 30
    while any(Path(f"/proc/{w}").exists() for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)  # a parsing worker finds its reader gone and ends
    assert not [w for w in workers if Path(f"/proc/{w}").exists()], "a worker outlived the import"

    after = _snapshot(url)
    assert after["owners"] <= [(1,)]
    # nothing of the file, not even a run "in progress"
    assert {k: v for k, v in after.items() if k != "owners"} == {
        k: v for k, v in before.items() if k != "owners"
    }

    again = _warmly(home, ledger_url, "import", str(export))
    assert again.returncode == 0, again.stderr
    assert _snapshot(url) == expected


def _writing(home: Path, url: str | None) -> Callable[[], bool]:
    """A test that is true once the import is writing, inside its transaction."""
    if url is None:
        return _held_for(home / "warmly.db", seconds=0.5)
    engine = create_engine(url, poolclass=NullPool)  # nothing left open between polls

    def copying() -> bool:
        with engine.connect() as conn:
            return bool(
                conn.execute(
                    text(
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                        " AND (query ILIKE 'COPY interactions%'"
                        " OR query ILIKE 'INSERT INTO interactions%')"
                    )
                ).scalar()
            )

    return copying


def _held_for(db: Path, seconds: float) -> Callable[[], bool]:
    """True once SQLite's write lock has been held that long without a break.

    The import's pages stay in its 128 MiB cache until the commit, so the file
    shows nothing of it; the lock does. Held that long, it is the import's own
    transaction (the short one before it takes milliseconds), well under way.
    """
    since: list[float] = []

    def held() -> bool:
        probe = sqlite3.connect(db, timeout=0)
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.rollback()
            since.clear()
            return False
        except sqlite3.OperationalError:  # database is locked
            since.append(time.monotonic())
            return since[-1] - since[0] >= seconds
        finally:
            probe.close()

    return held
