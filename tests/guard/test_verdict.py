from __future__ import annotations

from dataclasses import replace

import pytest

from tests.guard.conftest import NOW, PEOPLE, ago, context
from warmly.guard import (
    Background,
    ContextItem,
    Draft,
    GuardConfig,
    GuardContext,
    NearDupIndex,
    RecipientContext,
    RecipientTokens,
    check,
    score,
)

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


@pytest.mark.parametrize(
    ("draft", "found"),
    [
        ("Hi Jane, thanks for your message about Kestrel 2.0. [your answer]", ["[your answer]"]),
        (
            "Hi {{first_name}}, congrats on Kestrel 2.0 and the streaming parser!",
            ["{{first_name}}"],
        ),
        ("Hi %FIRSTNAME%, congrats on Kestrel 2.0 and the streaming parser!", ["%FIRSTNAME%"]),
        ("Jane, loved [your Kestrel post](https://x.example/k) on the streaming parser [1].", []),
    ],
)
def test_an_unfilled_placeholder_breaks_a_rule(
    index: NearDupIndex, draft: str, found: list[str]
) -> None:
    v = check(Draft(draft, "jane", platform="email", kind="email"), context("jane"), index, NOW)
    hits = [r for r in v.reasons if r.code == "draft.placeholder"]
    assert [p for r in hits for p in r.details["placeholders"]] == found
    if found:
        assert v.verdict == "rule" and found[0] in hits[0].message


def _scripted(post: str) -> GuardContext:
    """Jane, who wrote ``post``, in a network where everyone else talks about Python."""
    items = (ContextItem("post", post, ago(3)),)
    background = Background.from_texts([*(["python engineer backend hiring"] * 30), post])
    return GuardContext(RecipientContext("jane", PEOPLE["jane"], items), background)


@pytest.mark.parametrize(
    ("post", "specific", "generic"),
    [
        (
            "Запустили сервис мониторинга для Kubernetes на конференции в Новосибирске",
            "Поздравляю с запуском сервиса мониторинга! Как прошла конференция в "
            "Новосибирске? Было бы интересно обсудить.",
            "Здравствуйте! Я работаю над интересной вакансией в быстрорастущей компании. "
            "Давайте созвонимся и обсудим детали.",
        ),
        (
            "我们在柏林的大会上发布了新的流式解析器，性能提升了三倍",
            "恭喜你们发布新的流式解析器！性能提升三倍太厉害了，大会上的反响怎么样？",
            "你好！我正在招聘一个很有前景的职位，公司发展非常快，待遇优厚，这周方便通个电话聊聊吗？",
        ),
    ],
    ids=["cyrillic", "chinese"],
)
def test_drafts_in_other_scripts_are_judged_by_their_words(
    index: NearDupIndex, post: str, specific: str, generic: str
) -> None:
    ctx = _scripted(post)
    assert check(Draft(specific, "jane"), ctx, index, NOW).verdict == "ok"
    assert check(Draft(generic, "jane"), ctx, index, NOW).verdict == "generic"


def test_a_japanese_copy_to_several_is_a_template(index: NearDupIndex) -> None:
    pitch = (
        "こんにちは、ベルリンの貸付プラットフォームで"
        "エンジニアリングマネージャーを募集しています。来週お話しできますか？"
    )
    for i, person in enumerate(["bob", "carla"]):
        index.add(100 + i, person, ago(2), pitch, PEOPLE[person])
    v = check(Draft(pitch, "jane"), context("jane"), index, NOW)
    assert v.verdict == "duplicate" and "templated" in [r.code for r in v.reasons]


# A recruiter's network: the recipient's role is everyone's role; their company is a
# merge field. Only the shout-out they gave is theirs alone.
_QUANG = RecipientContext(
    "quang",
    RecipientTokens(names=("Quang Lange",), companies=("Arcadia Cloud",)),
    (
        ContextItem("title", "Data Engineer at Arcadia Cloud"),
        ContextItem("profile", "Data Engineer at Arcadia Cloud since 2024"),
        ContextItem("message_out", "Thanks for sharing & for the shoutout!", ago(300)),
    ),
)
_RECRUITER_NETWORK = Background.from_texts(
    ["data engineer at initech", "senior data engineer", "engineer backend"] * 20
    + ["Thanks for sharing & for the shoutout!"]
)
ROLE_AND_COMPANY = (
    "Hi Quang, congratulations on your Data Engineer role at Arcadia Cloud, how are you "
    "finding the team so far?"
)


def test_the_generic_hint_names_only_what_would_count() -> None:
    ctx = GuardContext(_QUANG, _RECRUITER_NETWORK)
    v = check(Draft(ROLE_AND_COMPANY, "quang"), ctx, NearDupIndex(), NOW)
    assert v.verdict == "generic"
    reason = next(r for r in v.reasons if r.code == "generic")
    # The role and company it already names are not sold as the fix again...
    assert "their role" not in reason.message and "their profile" not in reason.message
    # ...and it says why naming the company did not help, and what would.
    assert "Arcadia Cloud" in reason.details["hint"] and "mail merge" in reason.details["hint"]
    assert "shoutout" in reason.details["hint"]


@pytest.mark.parametrize(
    ("who", "draft"),
    [
        ("quang", ROLE_AND_COMPANY),
        ("quang", "Hi Quang, how are things going with the team these days? Any news?"),
        ("jane", fill(RECRUITER, "jane")),
        ("jane", "Hi Jane, how are you these days? It has been a while since we talked."),
    ],
)
def test_following_the_generic_hint_gets_past_it(who: str, draft: str) -> None:
    ctx = GuardContext(_QUANG, _RECRUITER_NETWORK) if who == "quang" else context("jane")
    spec = score(draft, ctx.recipient, ctx.background)
    assert spec.score < GuardConfig().specificity_threshold and spec.suggestions
    for fact in spec.suggestions:  # each named fact, mentioned by the words that count
        better = (draft + " About " + " and ".join(fact.words) + ".").lower()
        for phrase in spec.stock_phrases:  # the hint asks for these to go too
            better = better.replace(phrase, "")
        v = check(Draft(better, who), ctx, NearDupIndex(), NOW)
        assert v.verdict == "ok", (fact, [r.message for r in v.reasons])


_COMMON = Background.from_texts(["alpha beta gamma delta epsilon zeta"] * 26 + ["filler"] * 34)


def test_when_no_fact_is_enough_alone_the_hint_asks_for_several_together() -> None:
    items = (ContextItem("note", "alpha beta gamma"), ContextItem("note", "delta epsilon zeta"))
    ctx = RecipientContext("bob", PEOPLE["bob"], items)
    draft = "Hi Bob, how are things going with you these days? Any news to share?"
    spec = score(draft, ctx, _COMMON)
    assert "together" in spec.hint and len(spec.suggestions) == 2
    better = draft + " " + " ".join(w for s in spec.suggestions for w in s.words)
    assert score(better, ctx, _COMMON).score >= GuardConfig().specificity_threshold


def test_when_nothing_known_is_distinctive_the_hint_says_so() -> None:
    ctx = RecipientContext("bob", PEOPLE["bob"], (ContextItem("note", "alpha"),))
    spec = score("Hi Bob, how are things going with you these days?", ctx, _COMMON)
    assert spec.suggestions == () and "shared by too many of your contacts" in spec.hint
