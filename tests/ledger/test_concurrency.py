"""Imports into one ledger from several commands at once: serialised, never interleaved."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from warmly.errors import ImportFileError
from warmly.ledger import pipeline
from warmly.ledger.identity_ops import merge_by_ref
from warmly.ledger.pipeline import import_path
from warmly.store.models import ImportRun, Interaction, Person
from warmly.store.session import LockTimeout, advisory_key, wait_to_write
from warmly.workspace import Workspace

from ..cli.helpers import invoke
from .test_pipeline import WORLD, write


@pytest.fixture(autouse=True)
def fake_importer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        "warmly.importers.REGISTRY", {"fake": "tests.ledger.fake_importer:FakeImporter"}
    )


@contextmanager
def another_import(ws: Workspace) -> Iterator[None]:
    """Hold the import lock the way a long import in another process does."""
    with ws.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("SELECT pg_advisory_lock(%s)", (advisory_key("import"),))
        try:
            yield
        finally:
            if conn.dialect.name == "sqlite":
                conn.exec_driver_sql("ROLLBACK")
            else:
                conn.exec_driver_sql("SELECT pg_advisory_unlock(%s)", (advisory_key("import"),))
                conn.commit()


def test_an_import_waits_for_another_then_goes_on(workspace: Workspace, tmp_path: Path) -> None:
    path = write(tmp_path, "w.fake", WORLD)
    waited: list[str] = []
    with another_import(workspace):
        done = threading.Event()

        def release_later() -> None:
            time.sleep(0.5)
            done.set()

        threading.Thread(target=release_later).start()
        result: list[object] = []

        def run() -> None:
            result.append(import_path(workspace, path, on_wait=lambda: waited.append("w")))

        t = threading.Thread(target=run)
        t.start()
        done.wait()
        time.sleep(0.2)
        assert t.is_alive()  # still waiting: the other import has the lock
    t.join(30)
    assert waited == ["w"]  # told once
    assert getattr(result[0], "added", None) == 5


def test_an_import_that_waits_too_long_fails_alone_with_a_clear_reason(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "IMPORT_WAIT_S", 0.3)
    path = write(tmp_path, "w.fake", WORLD)
    with another_import(workspace), pytest.raises(ImportFileError) as err:
        import_path(workspace, path)
    assert "another warmly command has been writing to this workspace" in str(err.value)
    assert str(path) in str(err.value)
    with workspace.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Interaction)) == 0
    assert import_path(workspace, path).added == 5  # and works once the other is done


def _processes(code: str, *args: str) -> list[subprocess.CompletedProcess[str]]:
    """Run ``code`` in one Python process per argument, all at once (as separate commands)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, a], env=env, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True,
        )
        for a in args
    ]  # fmt: skip
    out = []
    for p in procs:
        stdout, stderr = p.communicate(timeout=120)
        out.append(subprocess.CompletedProcess(p.args, p.returncode, stdout, stderr))
    return out


VCARDS = sorted((Path(__file__).resolve().parent.parent / "data" / "vcard").glob("*.vcf"))


def test_first_imports_at_once_make_one_owner(workspace: Workspace) -> None:
    workspace.engine  # the schema exists; the owner does not yet  # noqa: B018
    url = workspace.engine.url.render_as_string(hide_password=False)
    code = (
        "import sys; from pathlib import Path; from warmly.workspace import Workspace; "
        "from warmly.ledger.pipeline import import_path; "
        f"ws = Workspace.open(Path({str(workspace.home)!r}), database_url={url!r}); "
        "import_path(ws, Path(sys.argv[1]))"
    )
    runs = _processes(code, *map(str, VCARDS[:4]))
    assert [r.stderr for r in runs if r.returncode] == []
    with workspace.sessions() as s:
        assert s.scalar(select(func.count()).where(Person.is_owner.is_(True))) == 1
        assert s.scalar(select(func.count()).select_from(ImportRun)) == 4


def test_commands_opening_a_new_workspace_at_once_all_get_the_schema(tmp_path: Path) -> None:
    code = (
        "import sys; from pathlib import Path; from warmly.workspace import Workspace; "
        "Workspace.open(Path(sys.argv[1])).engine"
    )
    runs = _processes(code, *[str(tmp_path / "new")] * 4)
    assert [r.stderr for r in runs if r.returncode] == []


def _in_a_thread(fn: Callable[[], object]) -> tuple[threading.Thread, list[object]]:
    result: list[object] = []
    t = threading.Thread(target=lambda: result.append(fn()))
    t.start()
    return t, result


def test_a_merge_waits_for_a_running_import_and_says_so(
    workspace: Workspace, tmp_path: Path
) -> None:
    # A merge moves interactions between people: done in the middle of an
    # import it would leave that import writing rows for a person merged away.
    import_path(workspace, write(tmp_path, "w.fake", WORLD))
    waited: list[str] = []
    workspace.on_wait = lambda: waited.append("w")
    with another_import(workspace):
        t, result = _in_a_thread(lambda: merge_by_ref(workspace, "Jane Doe", "Bob Kim"))
        time.sleep(0.5)
        assert t.is_alive() and waited == ["w"]
    t.join(30)
    assert str(result[0]).startswith("merged Bob Kim")


def test_a_small_write_waits_for_an_import_on_sqlite_rather_than_fail(
    workspace: Workspace,
) -> None:
    # SQLite has one write lock, which an import holds for its whole file: a
    # write that waited only SQLite's busy timeout (10 s) failed with
    # "database is locked". On PostgreSQL writers of different rows go on.
    waited: list[str] = []
    workspace.on_wait = lambda: waited.append("w")

    def write_a_person() -> int:
        with workspace.writing() as s:
            s.add(Person(display_name="Kai", name_key="kai", created_at=datetime.now(UTC)))
        return 1

    with another_import(workspace):
        t, result = _in_a_thread(write_a_person)
        time.sleep(0.5)
        if workspace.is_sqlite:
            assert t.is_alive() and waited == ["w"]
        else:
            t.join(30)
            assert result == [1] and waited == []
    t.join(30)
    assert result == [1]


def test_a_small_write_gives_up_with_a_clear_reason(workspace: Workspace) -> None:
    if not workspace.is_sqlite:
        pytest.skip("PostgreSQL writers of different rows do not wait for an import")
    busy = pytest.raises(LockTimeout, match="another warmly command has been writing")
    with another_import(workspace), workspace.sessions.begin() as s, busy:
        wait_to_write(s, wait_s=0.3)


def test_the_cli_tells_the_user_it_is_waiting(workspace: Workspace, tmp_path: Path) -> None:
    import_path(workspace, write(tmp_path, "w.fake", WORLD))
    with another_import(workspace):
        t, result = _in_a_thread(lambda: invoke(workspace, "merge", "Jane Doe", "Bob Kim"))
        time.sleep(0.5)
    t.join(30)
    out = result[0]
    assert getattr(out, "exit_code", None) == 0, getattr(out, "output", out)
    assert "waiting for another warmly command" in getattr(out, "stderr", "")
