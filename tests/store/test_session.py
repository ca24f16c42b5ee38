"""The SQLite settings every connection gets."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from warmly.store.session import SQLITE_PAGE_SIZE
from warmly.workspace import Workspace


def test_a_new_sqlite_ledger_gets_wal_large_pages_and_foreign_keys(tmp_path: Path) -> None:
    ws = Workspace.open(tmp_path / "home")
    with ws.engine.connect() as conn:
        pragma = {
            name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("page_size", "journal_mode", "foreign_keys")
        }
    assert pragma == {"page_size": SQLITE_PAGE_SIZE, "journal_mode": "wal", "foreign_keys": 1}


def test_an_existing_ledger_keeps_its_page_size(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    old = sqlite3.connect(home / "warmly.db")
    old.execute("PRAGMA page_size=4096")
    old.execute("CREATE TABLE earlier (x INTEGER)")
    old.commit()
    old.close()
    ws = Workspace.open(home)
    with ws.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA page_size").scalar() == 4096
