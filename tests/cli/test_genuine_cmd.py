"""``warmly triage`` and ``warmly tasks``: --json prints only JSON, options are checked."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.cli.helpers import invoke, one_line_error, run
from tests.conftest import write_config
from warmly.followthrough.sync import sync_tasks
from warmly.ledger.pipeline import import_path

NOW = datetime.now(UTC)  # the commands run on the real clock


def msg(key, who, days_ago, text, direction="in"):
    return {
        "type": "msg",
        "key": key,
        "at": (NOW - timedelta(days=days_ago)).isoformat(),
        "to": [["linkedin", who]],
        "dir": direction,
        "platform": "linkedin",
        "text": text,
    }


WORLD = [
    msg("f1", "ana", 2, "Hi Jordan, I'm a Python backend engineer in Berlin. Am I a fit?"),
    msg("n1", "ben", 2, "Hello, do you hire nurses for hospitals in Tokyo?"),
    msg("d1", "chen", 3, "Hi Jordan, what roles do you recruit for?"),
    msg("p1", "dana", 1, "Great chat! I'll send you the job description on Friday.", "out"),
]


@pytest.fixture
def ws(workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(
        "warmly.importers.REGISTRY", {"fake": "tests.ledger.fake_importer:FakeImporter"}
    )
    write_config(
        workspace, '[profile]\nname = "Jordan Avery"\nspecialties = ["Python backend engineers"]\n'
    )
    p = tmp_path / "w.fake"
    p.write_text(json.dumps(WORLD))
    import_path(workspace, p)
    sync_tasks(workspace, now=NOW)
    return workspace


def test_triage_json_honours_limit(ws):
    everything = json.loads(invoke(ws, "triage", "--json").stdout)
    assert len(everything) == 3
    for limit in (1, 2):
        r = invoke(ws, "triage", "--json", "--limit", str(limit))
        assert r.exit_code == 0, r.output
        assert json.loads(r.stdout) == everything[:limit]
    # 0 lists all, as `people --limit 0` and `review --limit 0` do
    assert json.loads(invoke(ws, "triage", "--json", "--limit", "0").stdout) == everything


def test_triage_label_filters(ws):
    r = invoke(ws, "triage", "--json", "--label", "not_a_fit")
    assert r.exit_code == 0, r.output
    assert [i["label"] for i in json.loads(r.stdout)] == ["not_a_fit"]


def test_triage_refuses_an_unknown_label_naming_the_valid_ones(tmp_path: Path):
    r = run(tmp_path / "home", "triage", "--label", "bogus")
    assert r.returncode == 2
    assert one_line_error(r) == (
        "warmly: unknown label 'bogus'; choose one of "
        "personal, mass_mail, didnt_read_profile, not_a_fit, fit, needs_me"
    )


def _promise(ws) -> dict:
    tasks = json.loads(invoke(ws, "tasks", "--json").stdout)
    return next(t for t in tasks if t["kind"] == "promise")


def test_tasks_done_json_is_the_task_done(ws):
    task = _promise(ws)
    r = invoke(ws, "tasks", "--done", str(task["id"]), "--json")
    assert r.exit_code == 0, r.output
    done = json.loads(r.stdout)
    assert done == {
        **task,
        "status": "done",
        "closed_at": done["closed_at"],
        "close_reason": "marked done",
        "changed": True,
    }
    again = json.loads(invoke(ws, "tasks", "--done", str(task["id"]), "--json").stdout)
    assert (again["status"], again["changed"]) == ("done", False)


def test_tasks_done_in_words(ws):
    task = _promise(ws)
    first = invoke(ws, "tasks", "--done", str(task["id"]))
    assert first.stdout.strip() == f"task {task['id']} done: {task['text']}"
    second = invoke(ws, "tasks", "--done", str(task["id"]))
    assert second.stdout.strip() == f"task {task['id']} is already done"
