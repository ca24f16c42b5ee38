"""Large exports are parsed in a worker process: same ledger, same errors, same guarantees.

The worker only starts for exports of several MB; these tests lower the bar so
that the small samples take that path, and compare it with the in-process one.
"""

from __future__ import annotations

import io
import os
import signal
import threading
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import func, select, text

from warmly.errors import ImportFileError
from warmly.importers import get_importer
from warmly.importers.base import ImportContext
from warmly.importers.source import ExportTree
from warmly.ledger import worker
from warmly.ledger.bulk import DeferredIndexes
from warmly.ledger.pipeline import ImportReport, import_path
from warmly.ledger.prepare import prepare_all
from warmly.store.models import Identity, ImportRun, Interaction, Person, TieState
from warmly.workspace import Workspace

from .test_pipeline import WORLD, write

DATA = Path(__file__).resolve().parent.parent / "data"
SAMPLES = [
    DATA / "linkedin" / "export_2020",
    DATA / "linkedin" / "export_2026",
    DATA / "x_archive" / "archive",
    DATA / "email" / "takeout_small.mbox",
    DATA / "vcard" / "google_30.vcf",
]


@pytest.fixture
def in_a_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(worker, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(worker, "_spare_cores", lambda: 2.0)  # even on a busy machine


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        "warmly.importers.REGISTRY", {"fake": "tests.ledger.fake_importer:FakeImporter"}
    )


def _report(r: ImportReport) -> tuple[Any, ...]:
    return (r.read, r.added, r.unchanged, r.skipped, r.errors, r.people_added, r.merged, r.problems)


def _ledger(ws: Workspace) -> tuple[Any, ...]:
    """What an import wrote, without the ids (which two ledgers need not share)."""
    with ws.sessions() as s:
        rows = s.execute(
            select(
                Interaction.source_key,
                Identity.platform,
                Identity.handle,
                Interaction.kind,
                Interaction.direction,
                Interaction.occurred_at,
                Interaction.thread,
                Interaction.subject,
                Interaction.text,
                Interaction.words,
                Interaction.tags,
            ).join(Identity, Identity.id == Interaction.identity_id)
        ).all()
        ties = s.execute(
            select(
                Person.display_name,
                TieState.n_in,
                TieState.n_out,
                TieState.words_in,
                TieState.first_at,
                TieState.last_at,
            ).join(TieState, TieState.person_id == Person.id)
        ).all()
        people = s.scalar(select(func.count()).select_from(Person))
    return sorted(map(tuple, rows)), sorted(map(tuple, ties)), people


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_a_worker_writes_the_same_ledger(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sample: Path
) -> None:
    alone = Workspace.open(tmp_path / "alone")  # the reference: parsed in this process
    expected = _report(import_path(alone, sample))
    monkeypatch.setattr(worker, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(worker, "_spare_cores", lambda: 2.0)
    started: list[int] = []
    real = worker.ParseWorker.__init__

    def spy(self: worker.ParseWorker, *args: Any, **kwargs: Any) -> None:
        started.append(1)
        real(self, *args, **kwargs)

    monkeypatch.setattr(worker.ParseWorker, "__init__", spy)
    got = import_path(workspace, sample)
    assert started == [1]
    assert _report(got) == expected
    assert _ledger(workspace) == _ledger(alone)
    # a re-import that must parse again finds everything known
    monkeypatch.setattr("warmly.ledger.pipeline._already_imported", lambda *a: None)
    again = import_path(workspace, sample)
    assert (again.added, again.unchanged) == (0, expected[1] + expected[2])
    alone.close()


def test_bad_records_are_reported_with_their_place(
    workspace: Workspace, tmp_path: Path, fake: None, in_a_worker: None
) -> None:
    rep = import_path(workspace, write(tmp_path, "world.fake", WORLD))
    assert (rep.read, rep.added, rep.skipped, rep.errors) == (8, 5, 2, 1)
    assert {"kind": "error", "where": "record 8", "why": "bad date '31/31/2025'"} in rep.problems


@pytest.mark.parametrize(
    ("last", "message"),
    [
        ({"type": "boom"}, "record 6: cannot go on"),
        ({"type": "bad"}, r"unreadable \(ValueError: record 6: unforeseen\)"),
        ({"type": "die"}, r"parsing process stopped unexpectedly \(exit code 3\)"),
    ],
    ids=["file error", "importer bug", "worker dies"],
)
def test_a_failure_in_the_worker_writes_nothing(
    workspace: Workspace,
    tmp_path: Path,
    fake: None,
    in_a_worker: None,
    last: dict[str, str],
    message: str,
) -> None:
    path = write(tmp_path, "bad.fake", [*WORLD[:5], last])
    with pytest.raises(ImportFileError, match=message):
        import_path(workspace, path)
    with workspace.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Interaction)) == 0
        assert s.scalars(select(ImportRun.status)).all() == ["failed"]
    assert import_path(workspace, write(tmp_path, "good.fake", WORLD)).added == 5


def _index_sql(ws: Workspace) -> list[str]:
    with ws.engine.connect() as conn:
        q = (
            "SELECT sql FROM sqlite_master WHERE tbl_name = 'interactions' "
            "AND type = 'index' ORDER BY name"
        )
        return [r[0] for r in conn.execute(text(q))]


def _messages(n: int, start: int = 0) -> list[dict[str, object]]:
    return [
        {
            "type": "msg",
            "key": f"k{i}",
            "at": f"2025-01-{1 + i % 28:02d}T08:00:00+00:00",
            "to": [["email", f"p{i % 7}@example.org"]],
            "text": "a few words",
        }
        for i in range(start, start + n)
    ]


def test_indexes_dropped_for_a_big_import_come_back(
    tmp_path: Path, fake: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = Workspace.open(tmp_path / "home")  # SQLite only: elsewhere nothing is dropped
    before = _index_sql(ws)
    assert len([s for s in before if s]) >= 4  # the secondary indexes, as migrated
    monkeypatch.setattr(DeferredIndexes, "MIN_ROWS", 1)
    monkeypatch.setattr("warmly.ledger.writer.BATCH", 10)
    # a failure after the drop rolls the drop back too
    with pytest.raises(ImportFileError):
        import_path(ws, write(tmp_path, "a.fake", [*_messages(50), {"type": "boom"}]))
    assert _index_sql(ws) == before
    rep = import_path(ws, write(tmp_path, "b.fake", _messages(50)))
    assert rep.added == 50
    assert _index_sql(ws) == before
    # a small import into a bigger ledger keeps its indexes all along
    dropped: list[int] = []
    real = DeferredIndexes.restore

    def spy(self: DeferredIndexes) -> None:
        dropped.append(len(self.held))
        real(self)

    monkeypatch.setattr(DeferredIndexes, "restore", spy)
    assert import_path(ws, write(tmp_path, "c.fake", _messages(20, 50))).added == 20
    assert set(dropped) == {0}
    assert _index_sql(ws) == before
    ws.close()


def test_a_late_owner_record_restores_indexes_only_to_merge(
    tmp_path: Path, fake: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An export may say more of its owner after its first rows (LinkedIn: after
    # connections and invitations). Claiming a new identity keeps the dropped
    # indexes dropped; claiming one a contact holds merges, with indexes back.
    ws = Workspace.open(tmp_path / "home")
    monkeypatch.setattr(DeferredIndexes, "MIN_ROWS", 1)
    monkeypatch.setattr("warmly.ledger.writer.BATCH", 10)
    held_at_restore: list[int] = []
    real = DeferredIndexes.restore

    def spy(self: DeferredIndexes) -> None:
        held_at_restore.append(len(self.held))
        real(self)

    monkeypatch.setattr(DeferredIndexes, "restore", spy)
    late = {"type": "owner", "ids": [["email", "me@example.org", "Me"]], "name": "Me"}
    import_path(ws, write(tmp_path, "a.fake", [*_messages(30), late, *_messages(30, 30)]))
    assert len(held_at_restore) == 1 and held_at_restore[0] > 0  # at the end only
    held_at_restore.clear()
    contact = _messages(1, 100)[0]["to"][0]  # p2@example.org, a contact by now
    claims = {"type": "owner", "ids": [contact], "name": "Me"}
    import_path(ws, write(tmp_path, "b.fake", [*_messages(200, 200), claims]))
    assert held_at_restore[0] > 0  # back before the merge into the owner
    with ws.sessions() as s:
        owner = s.scalars(select(Person.id).where(Person.is_owner.is_(True))).one()
        held = s.scalars(select(Identity.person_id).where(Identity.handle == contact[1])).one()
        with_self = s.scalars(select(Interaction.id).where(Interaction.person_id == owner)).all()
    assert held == owner and with_self == []
    assert len([sql for sql in _index_sql(ws) if sql]) >= 4
    ws.close()


def test_a_worker_only_parses_exports_of_a_format_new_to_the_ledger(
    workspace: Workspace, tmp_path: Path, fake: None, in_a_worker: None, monkeypatch
) -> None:
    clean = [r for r in WORLD if r["type"] != "error"]
    path = write(tmp_path, "w.fake", clean)
    import_path(workspace, path)

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("no worker should start")

    monkeypatch.setattr(worker.ParseWorker, "__init__", refuse)
    again = import_path(workspace, path)
    assert again.message and "identical to import" in again.message
    # a newer export that overlaps the first is mostly known: parsed here
    newer = write(tmp_path, "newer.fake", [*clean, *_messages(3)])
    rep = import_path(workspace, newer)
    assert (rep.added, rep.unchanged) == (3, again.unchanged)


def test_idle_share_is_measured_over_the_sample(tmp_path: Path) -> None:
    # Two readings of /proc/stat: 300 of 400 ticks idle (idle + iowait) in all;
    # on cpu1 alone 50 of 200.
    readings = iter(
        [
            "cpu  100 0 100 1000 0 0 0 0 0 0\n"
            "cpu0 50 0 50 500 0 0 0 0 0 0\ncpu1 50 0 50 500 0 0 0 0 0 0\nintr 1\n",
            "cpu  150 0 150 1250 50 0 0 0 0 0\n"
            "cpu0 50 0 50 750 50 0 0 0 0 0\ncpu1 125 0 125 550 0 0 0 0 0 0\nintr 2\n",
        ]
        * 2
    )

    class Stat:
        def read_text(self) -> str:
            return next(readings)

    assert worker._idle_share(0.0, Stat()) == pytest.approx(0.75)  # type: ignore[arg-type]
    assert worker._idle_share(0.0, Stat(), cores={1}) == pytest.approx(0.25)  # type: ignore[arg-type]
    assert worker._idle_share(0.0, tmp_path / "missing") is None
    garbage = tmp_path / "stat"
    garbage.write_text("cpu  x y\n")
    assert worker._idle_share(0.0, garbage) is None


def test_spare_cores_are_the_idle_share_of_our_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(worker.os, "sched_getaffinity", lambda _p: {0, 1})
    seen: list[object] = []

    def idle(_s: float, cores: set[int] | None = None) -> float:
        seen.append(cores)
        return 0.5

    monkeypatch.setattr(worker, "_idle_share", idle)
    assert worker._spare_cores() == pytest.approx(1.0)
    assert seen == [{0, 1}]


def test_spare_cores_falls_back_to_the_load_average(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(worker, "_idle_share", lambda _s, cores=None: None)
    monkeypatch.setattr(worker.os, "getloadavg", lambda: (0.5, 0.0, 0.0))
    monkeypatch.setattr(worker.os, "sched_getaffinity", lambda _p: {0, 1})
    assert worker._spare_cores() == pytest.approx(1.5)


def test_a_worker_stopped_and_continued_hands_over_exactly_what_it_parsed(
    tmp_path: Path, fake: None
) -> None:
    """Ctrl-Z then ``fg`` mid-import: short writes to the pipe must not corrupt it."""
    records = _messages(6000)
    for i, r in enumerate(records):
        r["text"] = f"message {i} " + "many words here " * 200  # ~20 MB through the pipe
    path = write(tmp_path, "big.fake", records)
    importer = get_importer("fake")
    with ExportTree(path) as tree:
        expected = list(prepare_all(importer.read(tree, ImportContext()), text_dates=True))

    stop = threading.Event()
    with worker.ParseWorker(path, importer, ImportContext(), text_dates=True) as w:

        def pause_and_resume() -> None:
            while not stop.wait(0.003):
                try:
                    os.kill(w._proc.pid, signal.SIGSTOP)
                    time.sleep(0.001)
                    os.kill(w._proc.pid, signal.SIGCONT)
                except ProcessLookupError:
                    return

        storm = threading.Thread(target=pause_and_resume, daemon=True)
        storm.start()
        try:
            got = list(w.items())
        finally:
            stop.set()
            storm.join()
            if w._proc.poll() is None:  # never leave it stopped
                os.kill(w._proc.pid, signal.SIGCONT)
    assert got == expected


def test_a_worker_printing_to_stdout_does_not_corrupt_its_messages(
    workspace: Workspace, tmp_path: Path, fake: None, in_a_worker: None
) -> None:
    path = write(tmp_path, "chatty.fake", [*WORLD[:3], {"type": "chatter"}, *WORLD[3:]])
    rep = import_path(workspace, path)
    assert (rep.added, rep.errors) == (5, 1)


@pytest.mark.parametrize("received", [b"", b"\x05\x00", worker._HEAD.pack(100) + b"a part"])
def test_a_worker_killed_mid_message_is_reported_as_stopped(received: bytes) -> None:
    """An OOM kill can cut a message short: that is the worker stopping, not bad data."""
    w = worker.ParseWorker.__new__(worker.ParseWorker)
    w.path = Path("export.zip")
    w._out = io.BytesIO(received)
    w._proc = SimpleNamespace(wait=lambda: -9)  # type: ignore[assignment]
    with pytest.raises(ImportFileError, match=r"stopped unexpectedly \(exit code -9\)"):
        list(w.items())
