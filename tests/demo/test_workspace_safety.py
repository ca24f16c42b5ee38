"""The demo's workspace rules: it never touches real data and can rebuild its own."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from warmly.demo.run import EXPORTS, MARKER, _check_safe, choose_workspace, reset
from warmly.errors import WorkspaceError
from warmly.store.models import ImportRun, Person
from warmly.store.models_agenda import Snooze
from warmly.workspace import Workspace


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


def _add_import_run(ws, path: str) -> None:
    now = datetime.now(UTC)
    with ws.sessions.begin() as s:
        s.add(ImportRun(path=path, format="vcard", started_at=now, finished_at=now, status="ok"))


@pytest.mark.parametrize("marked", [False, True], ids=["empty-folder", "demo-folder"])
def test_a_ledger_outside_the_folder_is_checked_for_itself(workspace, tmp_path, marked):
    """The demo marker vouches for the folder's files, never for a database elsewhere.

    A shared PostgreSQL ledger (or a SQLite file named by WARMLY_DATABASE_URL)
    holding real people is refused even when the folder is empty or an earlier demo's.
    """
    _add_person(workspace)
    _add_import_run(workspace, "/home/me/Downloads/contacts.vcf")
    folder = tmp_path / "demo"
    folder.mkdir()
    if marked:
        (folder / MARKER).write_text("demo")
    elsewhere = Workspace.open(folder, database_url=workspace.database_url)
    try:
        with pytest.raises(WorkspaceError, match="already holds other data"):
            _check_safe(elsewhere)
    finally:
        elsewhere.close()
    with workspace.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Person)) == 1


def test_a_ledger_elsewhere_that_only_this_demo_filled_is_rebuilt(workspace, tmp_path):
    folder = tmp_path / "demo"
    folder.mkdir()
    (folder / MARKER).write_text("demo")
    _add_person(workspace)
    _add_import_run(workspace, str(folder / EXPORTS / "contacts.vcf"))
    elsewhere = Workspace.open(folder, database_url=workspace.database_url)
    try:
        _check_safe(elsewhere)
    finally:
        elsewhere.close()


def test_the_demo_reruns_on_its_ledger_elsewhere_however_its_folder_is_named(
    workspace, tmp_path, monkeypatch
):
    """``--home demo`` today, the absolute path or ``.`` tomorrow: the same folder and
    the same demo, whose ledger WARMLY_DATABASE_URL names, so it is rebuilt."""
    workspace.engine  # noqa: B018 -- creates the ledger (and a SQLite file's folder)
    monkeypatch.setenv("WARMLY_DATABASE_URL", workspace.database_url)
    monkeypatch.chdir(tmp_path)
    first = choose_workspace(Path("demo")).workspace
    reset(first)
    _add_person(first)
    _add_import_run(first, str(first.home / EXPORTS / "contacts.vcf"))  # as run_demo records it
    first.close()
    for home, cwd in ((tmp_path / "demo", tmp_path), (Path("."), tmp_path / "demo")):
        monkeypatch.chdir(cwd)
        again = choose_workspace(home).workspace  # not refused: all of it is this demo's
        again.close()


def test_the_users_reply_templates_are_other_data(workspace):
    """A folder holding only the user's templates.toml is theirs: the demo would use it."""
    workspace.home.mkdir(parents=True, exist_ok=True)
    (workspace.home / "templates.toml").write_text("[not_a_fit]\n")
    with pytest.raises(WorkspaceError, match=r"already holds other data \(templates.toml\)"):
        _check_safe(workspace)
    assert (workspace.home / "templates.toml").read_text() == "[not_a_fit]\n"
