"""Strength: bounds, explanation and monotonicity properties."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from warmly.engine.strength import StrengthConfig, long_run_count, strength
from warmly.errors import ConfigError
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
        "long-run",
        "reciprocity",
        "duration",
        "multiplexity",
        "intensity",
    ]


def test_explain_has_one_line_per_term_and_sums_to_score() -> None:
    s = strength(history([400, 200, 30, 3]), NOW)
    lines = s.explain()
    assert len(lines) == 7 and lines[0].startswith("recency")
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
    terms = {t.name: t for t in strength(tie, NOW).terms}
    assert terms["reciprocity"].value == 0.0
    assert terms["long-run"].value == 0.0  # the quieter side never wrote: nothing to count


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
@given(ties, st.integers(0, 200), st.integers(0, 200))
def test_more_interactions_each_way_is_not_lower(tie: Tie, k: int, extra: int) -> None:
    # k more each way keeps or improves the balance; extra more from the quieter side too.
    more = replace(tie, n_in=tie.n_in + k, n_out=tie.n_out + k)
    assert strength(more, NOW).score >= strength(tie, NOW).score - 1e-12
    quiet = "n_in" if tie.n_in <= tie.n_out else "n_out"
    more_quiet = replace(tie, **{quiet: min(getattr(tie, quiet) + extra, max(tie.n_in, tie.n_out))})
    assert strength(more_quiet, NOW).score >= strength(tie, NOW).score - 1e-12


@settings(max_examples=60, deadline=None)
@given(ties, st.integers(2, 5))
def test_longer_known_at_the_same_rate_is_not_lower(tie: Tie, m: int) -> None:
    # Known m times as long with m times the interactions: the same long-run rate, a
    # longer tie. (At a fixed count, a longer time is a lower rate: see the next test.)
    assert tie.first_at is not None
    longer = replace(
        tie, first_at=NOW - (NOW - tie.first_at) * m, n_in=tie.n_in * m, n_out=tie.n_out * m
    )
    assert strength(longer, NOW).score >= strength(tie, NOW).score - 1e-12


def long_run(tie: Tie, cfg: StrengthConfig = CFG) -> float:
    return next(t.value for t in strength(tie, NOW, cfg).terms if t.name == "long-run")


def test_long_run_is_interactions_per_year_since_first_contact() -> None:
    tie = replace(history([730, 1]), n_in=20, n_out=20)  # 40 over two years: 20 a year
    s = strength(tie, NOW)
    assert long_run(tie) == pytest.approx(0.5, abs=0.01)  # long_run_half_point = 20
    assert "20.0 interactions a year since first contact" in s.explain()[2]
    # The same count over a longer time is a lower rate: deliberate, not a bug.
    assert long_run(replace(tie, first_at=NOW - timedelta(days=1460))) < long_run(tie)


def test_a_young_tie_is_rated_over_the_floor() -> None:
    tie = history([30, 20, 10, 1])  # 4 interactions in a month: not 48 a year
    assert long_run(tie) == pytest.approx(4 / (4 + CFG.long_run_half_point))
    assert "spread over at least 365 days" in strength(tie, NOW).explain()[2]


def test_likes_from_a_fan_you_answered_are_capped_by_balance() -> None:
    fan = replace(history([900, 1]), n_in=500, n_out=5)
    assert long_run_count(500, 5, 2.0) == 15.0
    # 500 likes and 5 answers count as 10 and 5: no more than an ordinary exchange
    assert long_run(fan) == long_run(replace(fan, n_in=10, n_out=5))
    assert "louder side counted up to 2×" in strength(fan, NOW).explain()[2]


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 1000), st.integers(0, 1000), st.integers(0, 50), st.floats(0, 10))
def test_long_run_count_is_monotone_and_exact_when_balanced(
    a: int, b: int, k: int, beta: float
) -> None:
    assert long_run_count(a + k, b, beta) >= long_run_count(a, b, beta)
    assert long_run_count(a, b + k, beta) >= long_run_count(a, b, beta)
    assert long_run_count(a, b, beta) <= a + b
    if max(a, b) <= beta * min(a, b):
        assert long_run_count(a, b, beta) == a + b


@pytest.mark.parametrize(
    "bad",
    [{"long_run_half_point": 0.0}, {"long_run_floor_days": -1.0}, {"long_run_balance": -0.5}],
)
def test_long_run_config_is_validated(bad: dict[str, float]) -> None:
    with pytest.raises(ConfigError, match="long_run"):
        StrengthConfig(**bad)  # type: ignore[arg-type]


def test_one_way_ties_are_discounted_and_explained() -> None:
    fan = Tie()
    for d in range(0, 300, 2):
        fan.add(NOW - timedelta(days=d), "in", 1.0, 300, "email", LAM)
    s = strength(fan, NOW)
    assert s.factor == CFG.one_way_factor and s.explain()[-1].startswith("one-way")
    assert s.score <= CFG.one_way_factor


def test_a_mutual_connection_is_contact_but_nobody_s_message() -> None:
    """An accepted LinkedIn connection: recency and frequency count it; it writes no
    message for either side, so it makes the tie neither one-way nor reciprocal."""
    tie = Tie()
    tie.add(NOW - timedelta(days=10), "mut", 1.0, 0, "linkedin", LAM)
    assert (tie.n_in, tie.n_out, tie.first_in_at, tie.first_out_at) == (0, 0, None, None)
    assert tie.last_at == NOW - timedelta(days=10)
    assert tie.decay_in == tie.decay_out == 0.5
    s = strength(tie, NOW)
    assert s.factor == 1.0  # not "only one side has ever written"
    terms = {t.name: t for t in s.terms}
    assert terms["recency"].value > 0 and terms["frequency"].value > 0
    assert terms["reciprocity"].detail == "0 from them, 0 from you"
    # One message from them afterwards makes it one-way, as any first message does.
    tie.add(NOW - timedelta(days=2), "in", 1.0, 30, "linkedin", LAM)
    assert (tie.n_in, tie.n_out) == (1, 0)
