"""The next export's parsing worker, started while the current import finishes."""

from __future__ import annotations

import os
import shutil
import zlib
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from warmly.importers.base import ImportContext
from warmly.ledger import worker
from warmly.ledger.ahead import Ahead
from warmly.ledger.pipeline import import_path
from warmly.workspace import Workspace

from .test_worker import DATA, _ledger, _report

LINKEDIN = DATA / "linkedin" / "export_2026"
X = DATA / "x_archive" / "archive"


@pytest.fixture
def workers(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every export is worth a worker; the paths workers were started for."""
    monkeypatch.setattr(worker, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(worker, "_spare_cores", lambda: 2.0)
    started: list[Path] = []
    real = worker.ParseWorker.__init__

    def spy(self: worker.ParseWorker, path: Path, *args: Any, **kwargs: Any) -> None:
        started.append(path)
        real(self, path, *args, **kwargs)

    monkeypatch.setattr(worker.ParseWorker, "__init__", spy)
    return started


def test_the_next_export_is_parsed_ahead_and_the_ledger_is_the_same(
    workspace: Workspace, tmp_path: Path, workers: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    alone = Workspace.open(tmp_path / "alone")
    expected = [_report(import_path(alone, p)) for p in (LINKEDIN, X)]
    taken: list[bool] = []
    real_take = Ahead.take

    def take(self: Ahead, *args: Any) -> worker.ParseWorker | None:
        got = real_take(self, *args)
        taken.append(got is not None)
        return got

    monkeypatch.setattr(Ahead, "take", take)
    workers.clear()
    with closing(Ahead()) as ahead:
        first = import_path(workspace, LINKEDIN, then=X, ahead=ahead)
        assert workers == [LINKEDIN, X]  # X's worker started before LinkedIn's import ended
        second = import_path(workspace, X, ahead=ahead)
    assert workers == [LINKEDIN, X] and taken == [False, True]
    assert [_report(first), _report(second)] == expected
    assert _ledger(workspace) == _ledger(alone)
    alone.close()


def test_a_worker_started_with_another_context_is_stopped(
    tmp_path: Path, workers: list[Path]
) -> None:
    with closing(Ahead()) as ahead:
        ahead.start(X, None, ImportContext(), text_dates=True, skip=set())
        assert workers == [X]
        running = ahead._worker
        assert running is not None
        told_more = ImportContext(owner={("x", "someone_else")})
        assert ahead.take(X, "x", told_more) is None
        assert running._proc.poll() is not None  # stopped
        assert ahead.take(X, "x", ImportContext()) is None  # nothing left to take


def test_a_file_changed_since_its_worker_started_is_parsed_again(
    tmp_path: Path, workers: list[Path]
) -> None:
    archive = shutil.copytree(X, tmp_path / "x")
    manifest = archive / "data" / "manifest.js"
    with closing(Ahead()) as ahead:
        ahead.start(archive, None, ImportContext(), text_dates=True, skip=set())
        assert ahead._worker is not None
        manifest.touch()
        os.utime(archive, ns=(1, 1))  # the folder's own times moved
        assert ahead.take(archive, "x", ImportContext()) is None


def test_a_next_file_that_cannot_be_detected_leaves_this_import_alone(
    workspace: Workspace, workers: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: object) -> None:
        raise zlib.error("invalid stored block lengths")  # a damaged zip member

    monkeypatch.setattr("warmly.ledger.ahead.detect_importer", broken)
    with closing(Ahead()) as ahead:
        rep = import_path(workspace, LINKEDIN, then=X, ahead=ahead)
        assert rep.status == "ok" and rep.added > 0
        assert ahead._worker is None and workers == [LINKEDIN]


@pytest.mark.parametrize(
    ("path", "skip"),
    [
        (X, {"x"}),  # a format imported before, or the one importing now
        (Path("archive-2026.tar.gz"), set()),  # a tar is read whole to be opened (made below)
        (Path("/nonexistent/export.zip"), set()),  # its own import will say what is wrong
        (DATA / "email" / "takeout_small.mbox", set()),  # not worth it: too small
    ],
    ids=["format skipped", "tar", "unreadable", "small"],
)
def test_no_worker_ahead(
    workers: list[Path],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    path: Path,
    skip: set[str],
) -> None:
    if path.name.endswith(".tar.gz"):  # the X archive, as a real tar
        path = Path(shutil.make_archive(str(tmp_path / "archive-2026"), "gztar", X))
    if path.name.endswith(".mbox"):
        monkeypatch.setattr(worker, "PARALLEL_MIN_BYTES", 1 << 30)
    with closing(Ahead()) as ahead:
        ahead.start(path, None, ImportContext(), text_dates=True, skip=skip)
        assert ahead._worker is None
    assert workers == []
