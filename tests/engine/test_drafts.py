"""Drafts: specific to the person, or an honest placeholder; never a line for anyone."""

from __future__ import annotations

import random
from typing import get_args

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from warmly.engine.candidate import ReasonKind
from warmly.engine.drafts import SPECIFIC, TEMPLATES, DraftContext, draft, fields

KINDS: tuple[ReasonKind, ...] = get_args(ReasonKind)


def test_every_kind_has_templates_and_each_names_a_specific_fact() -> None:
    assert set(TEMPLATES) == set(KINDS)
    for kind, templates in TEMPLATES.items():
        for t in templates:
            assert SPECIFIC & set(fields(t)), f"{kind}: {t!r} would fit anyone"
            assert set(fields(t)) <= set(DraftContext.__dataclass_fields__)


@pytest.mark.parametrize(
    ("kind", "ctx", "expected"),
    [
        (
            "inbound",
            DraftContext("Ana", last_topic="the Berlin role"),
            "Hi Ana, thanks for your message (“the Berlin role”). [your answer]",
        ),
        (
            "keep_in_touch",
            DraftContext("Bo", role="CTO", company="Acme"),
            "Hi Bo, how are things going as CTO at Acme?",
        ),
        (
            "keep_in_touch",
            DraftContext("Bo", company="Acme"),
            "Hi Bo, how are things at Acme? It's been a while.",
        ),
        (
            "thanks",
            DraftContext("Cy", my_post="my hiring post", their_words="hire for slope"),
            "Thanks for picking up my hiring post, Cy. “hire for slope” is a sharper way to put "
            "it than mine.",
        ),
        (  # a value ending in a full stop before the template's own: one stop
            "introduce",
            DraftContext("Flo", ask="a data engineer", other_name="Gus", offer="freight, Ltd."),
            "Hi Flo, you asked about a data engineer. Gus offers freight, Ltd. Would an "
            "introduction help? I'll check with them too.",
        ),
        (  # a value that ends in its own mark: no stop after it
            "introduce",
            DraftContext("Flo", ask="a data engineer?", other_name="Gus", offer="data work!"),
            "Hi Flo, you asked about a data engineer? Gus offers data work! Would an "
            "introduction help? I'll check with them too.",
        ),
        (
            "task",
            DraftContext("Di", task="the job description"),
            "Hi Di, as promised: the job description. [attach / link]",
        ),
        (
            "life_event",
            DraftContext("Ed", event="your new role at Acme"),
            "Congratulations on your new role at Acme, Ed! [one line about why it fits them]",
        ),
        (
            "introduce",
            DraftContext("Flo", ask="a data engineer", other_name="Gus", offer="data consulting"),
            "Hi Flo, you asked about a data engineer. Gus offers data consulting. Would an "
            "introduction help? I'll check with them too.",
        ),
    ],
)
def test_draft_table(kind: ReasonKind, ctx: DraftContext, expected: str) -> None:
    d = draft(kind, ctx)
    assert d.text == expected and not d.placeholder


@pytest.mark.parametrize("kind", KINDS)
def test_nothing_specific_gives_a_placeholder(kind: ReasonKind) -> None:
    d = draft(kind, DraftContext("Hal", my_post="my post", other_name="Ivy", offer="x"))
    assert d.placeholder and "[add something specific:" in d.text and d.text.startswith("Hi Hal")


def test_blank_facts_count_as_unknown() -> None:
    assert draft("inbound", DraftContext("Jo", last_topic="  ")).placeholder


texts = st.none() | st.text(min_size=0, max_size=12)


@settings(max_examples=80, deadline=None)
@given(
    st.sampled_from(KINDS),
    st.builds(
        DraftContext,
        st.text(max_size=8),
        texts,
        texts,
        texts,
        texts,
        texts,
        texts,
        texts,
        texts,
        texts,
        texts,
        texts,
        texts,
    ),
    st.integers(0, 99),
)
def test_never_generic(kind: ReasonKind, ctx: DraftContext, seed: int) -> None:
    d = draft(kind, ctx, random.Random(seed))
    if d.placeholder:
        assert "[add something specific:" in d.text
    else:
        used = SPECIFIC & set(d.slots)
        assert used
        for slot in used:
            value = getattr(ctx, slot)
            assert value and value.strip() in d.text
