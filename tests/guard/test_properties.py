from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.guard.conftest import NOW, ago, context
from warmly.guard import Draft, NearDupIndex, RecipientTokens, canonical, check, mask

WORDS = st.sampled_from(
    [
        "Hi",
        "hello",
        "Jane",
        "jane",
        "Acme",
        "we",
        "I",
        "the",
        "a",
        "launch",
        "Kestrel",
        "on",
        "May",
        "5",
        "2026",
        "@x",
        "https://a.com",
        "%FIRSTNAME%",
        ",",
        ".",
        "!",
        "?",
        "thanks",
        "for",
        "42",
        "sharing",
        "your",
        "post",
        "Dear",
        "Bob",
        "Smith",
    ]
)
TEXTS = st.lists(WORDS, max_size=25).map(" ".join) | st.text(max_size=80)
TOKENS = st.builds(
    RecipientTokens,
    names=st.tuples(st.sampled_from(["Jane", "Bob Smith", "x"])),
    companies=st.tuples(st.sampled_from(["Acme", "name", "May"])),
)


@settings(max_examples=150, deadline=None)
@given(TEXTS, TOKENS)
def test_masking_is_idempotent(text: str, tokens: RecipientTokens) -> None:
    once = mask(text, tokens)
    assert mask(once, tokens) == once
    assert canonical(once, tokens) == canonical(text, tokens)


@settings(max_examples=40, deadline=None)
@given(TEXTS)
def test_never_a_copy_of_itself_to_the_same_recipient(text: str) -> None:
    index = NearDupIndex()
    ctx = context("jane")
    index.add(1, "jane", ago(1), text, ctx.recipient.tokens)
    v = check(Draft(text, "jane"), ctx, index, NOW)
    assert v.verdict not in ("duplicate", "templated")


@settings(max_examples=25, deadline=None)
@given(st.lists(TEXTS, max_size=6))
def test_unrelated_history_never_makes_ok_a_duplicate(history: list[str]) -> None:
    draft = Draft(
        "Jane, congrats on shipping Kestrel 2.0! Did the streaming parser make "
        "it in after our Lisbon chat?",
        "jane",
    )
    ctx = context("jane")
    index = NearDupIndex()
    assert check(draft, ctx, index, NOW).verdict == "ok"
    for i, text in enumerate(history):
        index.add(i, f"other{i}", ago(1), text)
    assert check(draft, ctx, index, NOW).verdict not in ("duplicate", "templated")
