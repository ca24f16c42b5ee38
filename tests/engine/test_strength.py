"""Strength: bounds, explanation and monotonicity properties."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from warmly.engine.strength import StrengthConfig, strength
from warmly.ledger.tiestate import Tie, decay_rate, platform_bit

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)
CFG = StrengthConfig()
LAM = decay_rate(CFG.half_life_days)


def history(days_ago: list[int], platform: str = "email", words: int = 20) -> Tie:
    tie = Tie()
    for i, d in enumerate(sorted(days_ago, reverse=True)):
        tie.add(NOW - timedelta(days=d), "in" if i % 2 else "out", 1.0, words, platform, LAM)
    return tie


def test_empty_tie_scores_zero() -> None:
    s = strength(Tie(), NOW)
    assert s.score == 0.0
    assert [t.name for t in s.terms] == [
        "recency",
        "frequency",
        "reciprocity",
        "duration",
        "multiplexity",
        "intensity",
    ]


def test_explain_has_one_line_per_term_and_sums_to_score() -> None:
    s = strength(history([400, 200, 30, 3]), NOW)
    lines = s.explain()
    assert len(lines) == 6 and lines[0].startswith("recency")
    assert "last contact 3 days ago" in lines[0]
    total = sum(t.weight for t in s.terms)
    assert s.score == pytest.approx(sum(t.contribution for t in s.terms) / total)


@pytest.mark.parametrize(
    ("strong", "weak"),
    [
        (history([10, 5, 2, 1]), history([300, 200])),  # frequent & recent vs sparse & old
        (history([5, 3]), history([200, 198])),  # recency alone
        (history([5, 3], words=500), history([5, 3], words=2)),  # words
    ],
)
def test_ordering_table(strong: Tie, weak: Tie) -> None:
    assert strength(strong, NOW).score > strength(weak, NOW).score


def test_one_way_tie_has_no_reciprocity() -> None:
    tie = Tie()
    for d in (9, 5, 1):
        tie.add(NOW - timedelta(days=d), "in", 1.0, 10, "x", LAM)
    assert strength(tie, NOW).terms[2].value == 0.0


def test_future_last_contact_is_clamped() -> None:
    tie = history([1])
    tie.last_at = NOW + timedelta(days=2)  # clock skew in an export
    assert 0.0 <= strength(tie, NOW).score <= 1.0


ties = st.builds(
    lambda ds, plat, w: history(ds, plat, w),
    st.lists(st.integers(0, 2000), min_size=1, max_size=12),
    st.sampled_from(["email", "x", "linkedin"]),
    st.integers(0, 400),
)


@settings(max_examples=60, deadline=None)
@given(ties)
def test_score_in_unit_interval(tie: Tie) -> None:
    assert 0.0 <= strength(tie, NOW).score <= 1.0


@settings(max_examples=60, deadline=None)
@given(ties, st.integers(0, 500))
def test_more_recent_is_not_lower(tie: Tie, days: int) -> None:
    assert tie.last_at is not None and tie.first_at is not None
    # Only last_at moves (other fields fixed), and never before first_at.
    earlier = replace(tie, last_at=max(tie.first_at, tie.last_at - timedelta(days=days)))
    assert strength(tie, NOW).score >= strength(earlier, NOW).score - 1e-12


@settings(max_examples=60, deadline=None)
@given(ties, st.floats(0, 50), st.integers(0, 10_000), st.sampled_from(["x", "mastodon"]))
def test_more_frequent_wordier_wider_is_not_lower(
    tie: Tie, extra: float, words: int, plat: str
) -> None:
    more = replace(
        tie,
        decay_out=tie.decay_out + extra,
        words_in=tie.words_in + words,
        platforms=tie.platforms | platform_bit(plat),
    )
    assert strength(more, NOW).score >= strength(tie, NOW).score - 1e-12


@settings(max_examples=60, deadline=None)
@given(ties, st.integers(1, 400))
def test_longer_known_is_not_lower(tie: Tie, days: int) -> None:
    assert tie.first_at is not None
    longer = replace(tie, first_at=tie.first_at - timedelta(days=days))
    assert strength(longer, NOW).score >= strength(tie, NOW).score - 1e-12


def test_one_way_ties_are_discounted_and_explained() -> None:
    fan = Tie()
    for d in range(0, 300, 2):
        fan.add(NOW - timedelta(days=d), "in", 1.0, 300, "email", LAM)
    s = strength(fan, NOW)
    assert s.factor == CFG.one_way_factor and s.explain()[-1].startswith("one-way")
    assert s.score <= CFG.one_way_factor
