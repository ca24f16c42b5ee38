"""Promises in sent messages become tasks in the ledger; kept ones close; sync is idempotent."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.conftest import write_config
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
CAI = ["email", "cai@z.example"]


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


def _import(ws, tmp_path: Path, name: str, records: list[dict[str, object]]) -> None:
    p = tmp_path / f"{name}.fake"
    p.write_text(json.dumps(records))
    import_path(ws, p)


def test_an_answered_question_closes_and_a_newer_one_replaces_the_older(ws, tmp_path):
    ask = msg("q1", CAI, NOW - timedelta(days=5), "Could you send me the salary bands?", "in")
    _import(ws, tmp_path, "q1", [ask])
    sync_tasks(ws, now=NOW)
    again = msg("q2", CAI, NOW - timedelta(days=3), "Also, are you free on Friday?", "in")
    _import(ws, tmp_path, "q2", [again])
    rep = sync_tasks(ws, now=NOW)
    questions = [t for t in list_tasks(ws, include_closed=True) if t["kind"] == "question"]
    assert [t["status"] for t in questions] == ["dismissed", "open"]  # one task per person
    assert "newer question" in questions[0]["close_reason"]
    assert (rep.opened, rep.closed) == (1, 1)

    reply = msg("r1", CAI, NOW - timedelta(days=1), "Here are the bands; Friday works.")
    _import(ws, tmp_path, "r1", [reply])
    sync_tasks(ws, now=NOW)
    questions = [t for t in list_tasks(ws, include_closed=True) if t["kind"] == "question"]
    assert [t["status"] for t in questions] == ["dismissed", "kept"]
    assert questions[1]["close_reason"] == "answered by a later message"
    assert sync_tasks(ws, now=NOW + timedelta(days=1)).closed == 0  # nothing re-opens


@pytest.mark.parametrize("tid", [0, -1, 10**6, 2**63, 10**20])
def test_marking_an_unknown_task_done_says_so(ws, tid: int) -> None:
    from warmly.errors import NotFoundError

    with pytest.raises(NotFoundError, match=f"no task {tid}"):
        mark_done(ws, tid)


def test_due_times_are_shown_in_the_users_zone(ws, tmp_path) -> None:
    # `warmly tasks` prints the first 16 characters of due_at: in UTC a Berlin user
    # would read 19:00 for a call promised "tonight" (20:00 their time).
    write_config(ws, '[profile]\ntimezone = "Europe/Berlin"\n')
    late = msg("t1", CAI, NOW - timedelta(days=1), "I'll call you tonight.")
    _import(ws, tmp_path, "t1", [late])
    sync_tasks(ws, now=NOW)
    [task] = [t for t in list_tasks(ws) if "call" in t["text"]]
    assert task["due_at"] == "2026-03-09T20:00:00+01:00"
    assert "20:00" in task["due_reason"]


def test_a_question_several_senders_sent_alike_is_mass_mail_not_a_task(ws, tmp_path):
    # A campaign ("would you be open to a quick call about …?") from three senders is
    # triaged as mass mail; it must not open three "answer them" tasks either.
    pitch = (
        "Hi there, we help recruiting teams hire twice as fast with our sourcing platform. "
        "Would you be open to a quick fifteen minute call next week to see a demo?"
    )
    senders = [["email", f"rep{i}@vendor{i}.example"] for i in range(3)]
    spray = [
        msg(f"s{i}", who, NOW - timedelta(days=2), pitch, "in") for i, who in enumerate(senders)
    ]
    ask = msg("a1", CAI, NOW - timedelta(days=2), "Could you send me the salary bands?", "in")
    _import(ws, tmp_path, "spray", [*spray, ask])
    sync_tasks(ws, now=NOW)
    questions = [t for t in list_tasks(ws) if t["kind"] == "question"]
    assert [t["person"] for t in questions] == ["cai@z.example"]
