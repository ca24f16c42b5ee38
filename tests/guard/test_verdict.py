from __future__ import annotations

from dataclasses import replace

import pytest

from tests.guard.conftest import NOW, PEOPLE, ago, context
from warmly.guard import Draft, GuardConfig, NearDupIndex, check

PITCH = (
    "Hi {n}, I noticed {c} is growing its platform team. We help companies like {c} cut "
    "cloud spend by 30% in 6 weeks. Open to a 15 minute call on Thursday?"
)
PARAPHRASE = (
    "Hey {n}, I noticed {c} is growing the platform team. We help teams like {c} cut "
    "cloud costs by 25% in 4 weeks. Open to a 20 minute call next Thursday?"
)
RECRUITER = (
    "Hi {n}, I came across your profile and think you would be a great fit for an "
    "exciting opportunity at a fast-growing startup. Let's connect!"
)
SPECIFIC = (
    "Jane, congrats on shipping Kestrel 2.0! The streaming parser is exactly what we "
    "needed. Did you end up keeping the design we sketched in Lisbon?"
)


def fill(template: str, person: str) -> str:
    t = PEOPLE[person]
    return template.format(n=t.names[0].split()[0], c=t.companies[0])


def sent(
    index: NearDupIndex,
    template: str,
    people: list[str],
    days: float = 2,
    platform: str = "linkedin",
    kind: str = "message",
) -> None:
    for i, person in enumerate(people):
        index.add(
            100 + i,
            person,
            ago(days),
            fill(template, person),
            PEOPLE[person],
            platform=platform,
            kind=kind,
        )


CASES = [
    # (name, history template, history people, days ago, draft template, draft kwargs, verdict)
    ("mail merge copy", PITCH, ["bob"], 2, PITCH, {}, "duplicate"),
    ("paraphrased template to several", PITCH, ["bob", "carla"], 2, PARAPHRASE, {}, "templated"),
    # Not templates, so the pitch falls through to the next finding: it is about no one.
    ("similar once to the same person", PITCH, ["jane"], 2, PARAPHRASE, {}, "generic"),
    ("similar to one other person", PITCH, ["bob"], 2, PARAPHRASE, {}, "generic"),
    ("old copies outside the window", PITCH, ["bob", "carla", "aisha"], 45, PITCH, {}, "generic"),
    ("generic recruiter spam", None, [], 0, RECRUITER, {}, "generic"),
    ("specific message", None, [], 0, SPECIFIC, {}, "ok"),
    (
        "X thank-you to many",
        "Thanks @{n} for sharing!",
        ["bob", "carla", "aisha"],
        1,
        "Thanks @janed for sharing!",
        {"platform": "x", "kind": "mention"},
        "rule",
    ),
    (
        "long LinkedIn note",
        None,
        [],
        0,
        SPECIFIC + " " + SPECIFIC,
        {"kind": "invitation_note"},
        "rule",
    ),
    (
        "spammy email",
        None,
        [],
        0,
        SPECIFIC + " Click here to unsubscribe.",
        {"platform": "email", "kind": "email", "subject": "FREE OFFER"},
        "rule",
    ),
]


@pytest.mark.parametrize(
    ("name", "hist", "people", "days", "draft", "kw", "expected"), CASES, ids=[c[0] for c in CASES]
)
def test_verdict_table(
    index: NearDupIndex,
    name: str,
    hist: str | None,
    people: list[str],
    days: float,
    draft: str,
    kw: dict[str, str],
    expected: str,
) -> None:
    if hist:
        sent(
            index,
            hist,
            people,
            days,
            platform=kw.get("platform", "linkedin"),
            kind=kw.get("kind", "message"),
        )
    kw = {"platform": "linkedin", **kw}
    verdict = check(Draft(fill(draft, "jane"), "jane", **kw), context("jane"), index, NOW)  # type: ignore[arg-type]
    assert verdict.verdict == expected, [r.message for r in verdict.reasons]
    assert all(r.message for r in verdict.reasons)


def test_duplicate_names_the_matching_messages(index: NearDupIndex) -> None:
    sent(index, PITCH, ["bob", "carla"])
    v = check(Draft(fill(PITCH, "jane"), "jane"), context("jane"), index, NOW)
    assert v.verdict == "duplicate"
    codes = [r.code for r in v.reasons]
    assert "duplicate" in codes and "templated" in codes  # every finding is listed
    dup = next(r for r in v.reasons if r.code == "duplicate")
    assert set(dup.details["message_ids"]) == {100, 101}
    assert "message 10" in dup.message
    assert v.to_dict()["matches"][0]["at"].startswith("2026")


def test_generic_hint_names_recipient_facts(index: NearDupIndex) -> None:
    v = check(Draft(fill(RECRUITER, "jane"), "jane"), context("jane"), index, NOW)
    reason = next(r for r in v.reasons if r.code == "generic")
    assert "Kestrel" in reason.message and "came across your profile" in reason.message


def test_window_is_configurable(index: NearDupIndex) -> None:
    sent(index, PITCH, ["bob"], days=45)
    config = replace(GuardConfig(), window_days=60)
    v = check(Draft(fill(PITCH, "jane"), "jane"), context("jane"), index, NOW, config)
    assert v.verdict == "duplicate"


def test_premium_note_limit(index: NearDupIndex) -> None:
    note = SPECIFIC + " I would love to compare notes on parsers and streaming some time soon."
    assert 200 < len(note) <= 300
    ctx = replace(context("jane"), linkedin_premium=True)
    draft = Draft(note, "jane", platform="linkedin", kind="invitation_note")
    assert check(draft, ctx, index, NOW).verdict == "ok"
    assert check(draft, context("jane"), index, NOW).verdict == "rule"


def test_outbox_recheck_ignores_itself(index: NearDupIndex) -> None:
    index.add(7, "bob", ago(0), fill(PITCH, "bob"), PEOPLE["bob"])
    draft = Draft(fill(PITCH, "bob"), "bob", message_id=7)
    assert check(draft, context("bob"), index, NOW).verdict != "duplicate"


def test_config_from_mapping() -> None:
    c = GuardConfig.from_mapping({"window_days": 14, "rules": {"email_max_recipients": 3}})
    assert c.window_days == 14 and c.rules.email_max_recipients == 3
    with pytest.raises(ValueError):
        GuardConfig.from_mapping({"windw_days": 1})
