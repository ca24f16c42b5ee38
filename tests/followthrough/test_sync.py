"""Promises in sent messages become tasks in the ledger; kept ones close; sync is idempotent."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from warmly.followthrough.service import list_tasks, mark_done
from warmly.followthrough.sync import sync_tasks
from warmly.ledger.pipeline import import_path
from warmly.store.models_agenda import Task

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)  # a Tuesday


def msg(key, who, at, text, direction="out"):
    return {
        "type": "msg",
        "key": key,
        "at": at.isoformat(),
        "to": [who],
        "dir": direction,
        "platform": "email",
        "text": text,
    }


ANA, BEN = ["email", "ana@x.example"], ["email", "ben@y.example"]


@pytest.fixture
def ws(workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(
        "warmly.importers.REGISTRY", {"fake": "tests.ledger.fake_importer:FakeImporter"}
    )
    p = tmp_path / "w.fake"
    p.write_text(
        json.dumps(
            [
                msg(
                    "p1",
                    ANA,
                    NOW - timedelta(days=1),
                    "Great chat! I'll send you the job description on Friday.",
                ),
                msg(
                    "p2",
                    BEN,
                    NOW - timedelta(days=6),
                    "Let me get back to you next week about the budget.",
                ),
                msg("k2", BEN, NOW - timedelta(days=2), "As promised: the budget is approved."),
            ]
        )
    )
    import_path(workspace, p)
    return workspace


def test_promises_become_tasks_with_due_dates_and_kept_ones_close(ws):
    rep = sync_tasks(ws, now=NOW)
    assert rep.open_now == 1
    tasks = {t["person"]: t for t in list_tasks(ws, include_closed=True)}
    ana = next(t for name, t in tasks.items() if "ana" in name.lower())
    assert ana["status"] == "open" and ana["kind"] == "promise"
    assert ana["due_at"].startswith("2026-03-13")  # Friday
    ben = next(t for name, t in tasks.items() if "ben" in name.lower())
    assert ben["status"] == "kept"


def test_sync_is_idempotent_and_done_stays_done(ws):
    sync_tasks(ws, now=NOW)
    with ws.sessions() as s:
        tid = s.scalars(select(Task.id).where(Task.status == "open")).one()
    task = mark_done(ws, tid, now=NOW)
    assert (task["id"], task["status"], task["changed"]) == (tid, "done", True)
    assert task["closed_at"] and task["close_reason"] == "marked done"
    assert mark_done(ws, tid, now=NOW)["changed"] is False  # already done: left as it is
    again = sync_tasks(ws, now=NOW + timedelta(hours=1))
    assert again.opened == 0 and again.open_now == 0
    with ws.sessions() as s:
        assert len(s.scalars(select(Task)).all()) == 2
