"""The demo's workspace rules: it never touches real data and can rebuild its own."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from warmly.demo.run import MARKER, _check_safe, reset
from warmly.errors import WorkspaceError
from warmly.store.models import Person
from warmly.store.models_agenda import Snooze


def _add_person(ws) -> None:
    now = datetime.now(UTC)
    with ws.sessions.begin() as s:
        p = Person(
            display_name="Real Person", name_key="real person", is_owner=False, created_at=now
        )
        s.add(p)
        s.flush()
        s.add(
            Snooze(person_id=p.id, until=now, created_at=now)
        )  # a feature table referencing people


def test_refuses_a_workspace_with_a_ledger(workspace):
    _add_person(workspace)
    with pytest.raises(WorkspaceError, match="already holds other data"):
        _check_safe(workspace)


def test_unrelated_files_are_neither_refused_nor_touched(workspace):
    workspace.home.mkdir(parents=True, exist_ok=True)
    (workspace.home / "notes.txt").write_text("mine")
    _check_safe(workspace)
    reset(workspace)
    assert (workspace.home / "notes.txt").read_text() == "mine"


def test_an_earlier_demo_is_rebuilt_from_empty(workspace):
    _add_person(workspace)
    (workspace.home / MARKER).write_text("demo")
    reset(workspace)
    with workspace.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Person)) == 0
        assert s.scalar(select(func.count()).select_from(Snooze)) == 0
