"""`warmly triage` on a ledger: which messages, which labels, and a draft for each."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import write_config
from warmly.ledger.pipeline import import_path
from warmly.triage.inbox import run_triage

NOW = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)
PROFILE = """
[profile]
name = "Jordan Avery"
specialties = ["Python backend engineers", "data engineering", "Berlin and remote EU"]
"""
SPAM = (
    "Hi %FIRSTNAME%, recruiters like you save 12 hours a week with TalentFlux AI sourcing. "
    "Book a free demo this week and see the one-click outreach and ATS sync in action."
)


def msg(key, who, days_ago, text, direction="in", tags=None):
    return {
        "type": "msg",
        "key": key,
        "at": (NOW - timedelta(days=days_ago)).isoformat(),
        "to": [who],
        "dir": direction,
        "platform": "linkedin",
        "text": text,
    }


WORLD = [
    msg(
        "f1",
        ["linkedin", "ana"],
        2,
        "Hi Jordan, I'm a backend engineer with 6 years of Python "
        "and Django, based in Berlin. Would I be a good fit for one of your searches?",
    ),
    msg("n1", ["linkedin", "ben"], 2, "Hello, do you hire nurses for hospitals in Tokyo?"),
    msg("d1", ["linkedin", "chen"], 3, "Hi Jordan, what roles do you recruit for?"),
    *[msg(f"s{i}", ["linkedin", f"spam{i}"], 1, SPAM) for i in range(4)],
    msg("a1", ["linkedin", "dana"], 5, "Can you send me the JD?"),
    msg("a2", ["linkedin", "dana"], 4, "Sure, here it is.", direction="out"),
    msg("old", ["linkedin", "eli"], 200, "Are you hiring for data roles?"),
]


@pytest.fixture
def ws(workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(
        "warmly.importers.REGISTRY", {"fake": "tests.ledger.fake_importer:FakeImporter"}
    )
    write_config(workspace, PROFILE)
    p = tmp_path / "w.fake"
    p.write_text(json.dumps(WORLD))
    import_path(workspace, p)
    return workspace


def test_labels_of_unanswered_messages(ws):
    run = run_triage(ws, now=NOW)
    by_text = {i["message"]["text"][:20]: i for i in run.items}
    labels = {k: v["label"] for k, v in by_text.items()}
    assert labels["Hi Jordan, I'm a bac"] == "fit"
    assert labels["Hello, do you hire n"] == "not_a_fit"
    assert labels["Hi Jordan, what role"] == "didnt_read_profile"
    assert labels[SPAM[:20]] == "mass_mail"
    assert "Can you send me the " not in by_text  # answered the next day
    assert "Are you hiring for d" not in by_text  # outside the window


def test_every_item_has_reasons_and_a_draft_naming_the_sender(ws):
    for item in run_triage(ws, now=NOW).items:
        assert item["reasons"], item
        assert item["draft"]
        assert set(item) >= {"message", "person", "label", "labels", "reasons", "draft"}
        assert item["label"] in item["labels"]
