"""Row keys and SQLite's datetime text (``warmly.ledger.rows``)."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone

import pytest

from warmly.ledger.rows import sqlite_datetime


def test_sqlite_datetime_text_and_its_memo() -> None:
    now = datetime(2026, 12, 7, 1, 2, 3, tzinfo=UTC)
    assert sqlite_datetime(now) == "2026-12-07 01:02:03.000000"
    assert sqlite_datetime(now) == "2026-12-07 01:02:03.000000"  # the same object again
    later = now + timedelta(microseconds=5)
    assert sqlite_datetime(later) == "2026-12-07 01:02:03.000005"  # another one
    assert sqlite_datetime(None) is None  # after a remembered value
    east = datetime(2026, 12, 7, 3, 2, 3, tzinfo=timezone(timedelta(hours=2)))
    assert sqlite_datetime(east) == "2026-12-07 01:02:03.000000"
    with pytest.raises(ValueError, match="naive"):
        sqlite_datetime(datetime(2026, 12, 7))


def test_the_parsing_worker_does_not_import_the_database_layer() -> None:
    # It starts for every large import: SQLAlchemy would double its start-up.
    code = "import sys, warmly.ledger.worker; print('sqlalchemy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_planner_loads_or_tools_only_to_solve() -> None:
    code = "import sys, warmly.agenda.configs; print('ortools' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
