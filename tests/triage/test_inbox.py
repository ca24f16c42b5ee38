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


RUST_DEV = (
    "Hi Jordan, I'm a Rust developer with 6 years of systems work, based in Berlin. "
    "Would I be a good fit for one of your searches?"
)
FERRIS_DEV = "Hi Jordan, I write ferris code all day. Would I be a good fit for your searches?"


@pytest.fixture
def skill_ws(workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A user whose LinkedIn skills say Rust (a skill, not a stated specialty)."""
    monkeypatch.setattr(
        "warmly.importers.REGISTRY", {"fake": "tests.ledger.fake_importer:FakeImporter"}
    )
    write_config(workspace, PROFILE)
    world = [
        {"type": "owner", "ids": [["linkedin", "jordan"]], "specialties": ["Rust"]},
        msg("r1", ["linkedin", "fay"], 2, RUST_DEV),
        msg("r2", ["linkedin", "gus"], 2, FERRIS_DEV),
    ]
    p = tmp_path / "skills.fake"
    p.write_text(json.dumps(world))
    import_path(workspace, p)
    return workspace


def _item(ws, text: str) -> dict:
    return next(i for i in run_triage(ws, now=NOW).items if i["message"]["text"] == text)


@pytest.mark.parametrize(
    ("factor", "label"), [(None, "fit"), (0.6, "fit"), (1.0, "fit"), (0.5, "not_a_fit")]
)
def test_skill_factor_from_the_config_scales_a_skill_match(skill_ws, factor, label):
    extra = "" if factor is None else f"\n[triage]\nskill_factor = {factor}\n"
    write_config(skill_ws, PROFILE + extra)
    item = _item(skill_ws, RUST_DEV)
    expected = 0.8 if factor is None else factor  # the built-in 0.8 only when unset
    assert item["scores"]["fit:Rust"] == pytest.approx(expected)
    assert item["label"] == label  # below fit_threshold (0.55) a skill match is no fit
    assert f"score {expected:.2f}" in " ".join(item["reasons"])  # the reason shows it too


def test_modifier_bonus_from_the_config_rewards_where_words(skill_ws):
    text = "Hi Jordan, I'm a Python developer in Berlin. Do you have anything for me?"
    skill_ws_world = [msg("p1", ["linkedin", "hal"], 1, text)]
    path = skill_ws.home / "more.fake"
    path.write_text(json.dumps(skill_ws_world))
    import_path(skill_ws, path)
    scores = {}
    for bonus in (0.0, 0.3):
        write_config(skill_ws, PROFILE + f"\n[triage]\nmodifier_bonus = {bonus}\n")
        scores[bonus] = _item(skill_ws, text)["scores"]["fit:Python backend engineers"]
    assert scores[0.3] == pytest.approx(scores[0.0] + 0.3)


def test_extra_synonyms_from_the_config_extend_the_lexicon(skill_ws):
    assert "fit:Rust" not in _item(skill_ws, FERRIS_DEV)["scores"]
    write_config(skill_ws, PROFILE + '\n[triage.extra_synonyms]\nrust = ["ferris", "rs"]\n')
    item = _item(skill_ws, FERRIS_DEV)
    assert item["scores"]["fit:Rust"] == pytest.approx(0.8)  # "ferris" says all "Rust" does
    assert item["label"] == "fit"
    # and the term itself still matches in full: it does not imply its other words
    assert _item(skill_ws, RUST_DEV)["scores"]["fit:Rust"] == pytest.approx(0.8)


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ("skill_factor = 1.5", "skill_factor must be in"),
        ("modifier_bonus = -0.1", "modifier_bonus must be in"),
        ('extra_synonyms = { rust = "ferris" }', "extra_synonyms must map a term to a list"),
        ('extra_synonyms = { rust = ["the crab"] }', "a list of single words"),
    ],
)
def test_bad_triage_settings_are_config_errors(table, message):
    import tomllib

    from warmly.errors import ConfigError
    from warmly.triage.types import TriageConfig

    with pytest.raises(ConfigError, match=message):
        TriageConfig.from_mapping(tomllib.loads(table))


def test_messages_from_people_blocked_or_muted_are_left_out_and_counted(ws, tmp_path):
    from sqlalchemy import select

    from warmly.store.models import Identity, Tag

    before = run_triage(ws, now=NOW).items
    with ws.sessions.begin() as s:
        ana = s.scalars(select(Identity.person_id).where(Identity.handle == "ana")).one()
        s.add(Tag(person_id=ana, tag="linkedin:muted"))
    run = run_triage(ws, now=NOW)
    assert run.held == 1
    assert {i["person"]["id"] for i in run.items}.isdisjoint({ana})
    assert len(run.items) == len(before) - 1
