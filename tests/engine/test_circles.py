"""Circles: sizes, pins, cadence reset by any interaction, at-risk rules; gap estimate."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from warmly.engine.circles import CircleInput, CirclesConfig, assign_layers, circles, status
from warmly.engine.gaps import GapState, fold_gap, typical_gap_days
from warmly.engine.strength import StrengthConfig, strength
from warmly.errors import ConfigError
from warmly.ledger.tiestate import Tie, decay_rate

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)
SMALL = CirclesConfig(sizes=(2, 4, 6), names=("a", "b", "c"), cadence_days=(7, 30, 90))


def person(pid: int, s: float, silent: float | None = 1.0, **kw: object) -> CircleInput:
    last = None if silent is None else NOW - timedelta(days=silent)
    return CircleInput(pid, s, last, **kw)  # type: ignore[arg-type]


def test_layers_fill_by_strength_cumulatively() -> None:
    people = [person(i, 1.0 - i / 10) for i in range(8)]
    layers = assign_layers(people, SMALL)
    assert [layers[i] for i in range(8)] == [0, 0, 1, 1, 2, 2, None, None]


def test_pins_win_and_displace_by_strength() -> None:
    people = [person(i, 1.0 - i / 10) for i in range(7)]
    people[6] = person(6, 0.0, pinned_layer=0)
    layers = assign_layers(people, SMALL)
    assert layers[6] == 0 and layers[0] == 0  # the pin plus the strongest
    assert layers[1] == 1  # displaced one layer out
    assert sum(1 for v in layers.values() if v == 0) == 2  # size kept


def test_overfull_pins_are_honoured() -> None:
    people = [person(i, 0.5, pinned_layer=0) for i in range(3)] + [person(9, 0.9)]
    layers = assign_layers(people, SMALL)
    assert [layers[i] for i in range(3)] == [0, 0, 0]
    assert layers[9] == 1


def test_ties_broken_by_person_id_deterministically() -> None:
    people = [person(i, 0.5) for i in (5, 3, 9)]
    layers = assign_layers(
        people, CirclesConfig(sizes=(1, 2), names=("a", "b"), cadence_days=(7, 30))
    )
    assert layers == {3: 0, 5: 1, 9: None}


@pytest.mark.parametrize(
    ("layer", "silent", "gap", "overdue", "at_risk"),
    [
        (0, 3, None, False, False),
        (0, 8, None, True, False),  # past the 7-day cadence
        (0, 15, None, True, True),  # past 2× cadence
        (2, 60, None, False, False),
        (2, 60, 5.0, False, True),  # past 8× their own 5-day gap, within cadence
        (2, 60, 10.0, False, False),
        (2, 7, 0.01, False, False),  # bursts floor the gap at 1 day: 8 days
        (2, 9, 0.01, False, True),
        (1, 61, None, True, True),
    ],
)
def test_status_table(
    layer: int, silent: float, gap: float | None, overdue: bool, at_risk: bool
) -> None:
    p = status(person(1, 0.5, silent, typical_gap_days=gap), layer, NOW, SMALL)
    assert (p.overdue, p.at_risk) == (overdue, at_risk)
    assert p.name == SMALL.names[layer]
    assert bool(p.reasons) == (overdue or at_risk)


def test_never_contacted_is_due_not_at_risk() -> None:
    p = status(person(1, 0.0, None), 0, NOW, SMALL)
    assert p.overdue and not p.at_risk and p.due_at == NOW


def test_outside_has_no_cadence() -> None:
    p = status(person(1, 0.0, 999), None, NOW, SMALL)
    assert p.layer is None and p.cadence_days is None and not p.overdue


@pytest.mark.parametrize(
    ("direction", "platform"), [("in", "x"), ("out", "email"), ("in", "bluesky")]
)
def test_any_interaction_resets_the_cadence(direction: str, platform: str) -> None:
    tie = Tie()
    tie.add(NOW - timedelta(days=40), "out", 1.0, 5, "linkedin", 1e-7)
    before = status(CircleInput(1, 0.5, tie.last_at), 0, NOW, SMALL)
    tie.add(NOW - timedelta(days=1), direction, 0.1, 0, platform, 1e-7)
    after = status(CircleInput(1, 0.5, tie.last_at), 0, NOW, SMALL)
    assert before.at_risk and not after.overdue
    assert after.due_at == NOW - timedelta(days=1) + timedelta(days=7)


def test_config_validated() -> None:
    with pytest.raises(ConfigError):
        CirclesConfig(sizes=(5, 3), names=("a", "b"), cadence_days=(1, 2))
    with pytest.raises(ConfigError):
        CirclesConfig(sizes=(5,), names=("a", "b"), cadence_days=(1,))


@settings(max_examples=50, deadline=None)
@given(
    st.lists(st.tuples(st.floats(0, 1), st.none() | st.integers(0, 2)), max_size=20),
)
def test_layer_sizes_hold_and_stronger_never_further_out(
    spec: list[tuple[float, int | None]],
) -> None:
    people = [person(i, s, pinned_layer=pin) for i, (s, pin) in enumerate(spec)]
    layers = assign_layers(people, SMALL)
    pins = [0, 0, 0]
    for p in people:
        if p.pinned_layer is not None:
            pins[p.pinned_layer] += 1
    for layer, size in enumerate((2, 2, 2)):
        members = sum(1 for v in layers.values() if v == layer)
        assert members <= max(size, pins[layer])
    free = [p for p in people if p.pinned_layer is None]

    def rank(layer: int | None) -> int:
        return 99 if layer is None else layer

    for a in free:
        for b in free:
            if a.strength > b.strength:
                assert rank(layers[a.person_id]) <= rank(layers[b.person_id])


def test_circles_keeps_input_order() -> None:
    people = [person(3, 0.1), person(1, 0.9)]
    assert [p.person_id for p in circles(people, NOW, SMALL)] == [3, 1]


def test_gap_ewma_is_a_median_estimate() -> None:
    st_ = GapState()
    t = NOW - timedelta(days=100)
    for gap in [10, 10, 10, 10, 10, 90, 10, 10]:  # one long silence barely moves it
        t += timedelta(days=gap)
        st_ = fold_gap(st_, t)
        st_ = fold_gap(st_, t + timedelta(hours=1))  # same session: not a gap
    assert st_.n_sessions == 8
    assert st_.gap_log_ewma is not None
    assert 10 <= math.exp(st_.gap_log_ewma) < 20
    g = typical_gap_days(None, None, 0, st_.gap_log_ewma, st_.n_sessions)
    assert g == pytest.approx(math.exp(st_.gap_log_ewma))


def test_mean_gap_fallback_needs_history() -> None:
    first, last = NOW - timedelta(days=30), NOW
    assert typical_gap_days(first, last, 4) == pytest.approx(10.0)
    assert typical_gap_days(first, last, 3) is None


def regular(every: int, since: int, until: int = 0) -> Tie:
    """They write and you answer every ``every`` days, from ``since`` to ``until`` days ago."""
    tie, lam = Tie(), decay_rate(StrengthConfig().half_life_days)
    for d in range(since, until, -every):
        at = NOW - timedelta(days=d)
        tie.add(at, "in", 1.0, 40, "email", lam)
        tie.add(at + timedelta(hours=2), "out", 1.0, 40, "email", lam)
    return tie


def placed(ties: dict[int, Tie]) -> dict[int, int | None]:
    people = [CircleInput(p, strength(t, NOW).score, t.last_at) for p, t in ties.items()]
    return assign_layers(people, CirclesConfig())


def test_a_weekly_contact_silent_for_18_months_leaves_the_inner_15() -> None:
    # Three years of weekly contact count for a lot in the long-run rate; a year and
    # a half of silence must still let 15 active weekly and monthly ties pass it.
    ties = {i: regular(7, 1095) for i in range(5)}
    ties.update({i: regular(30, 1095) for i in range(5, 15)})
    ties.update({i: regular(90, 1095) for i in range(15, 50)})
    ties[99] = regular(7, 1643, 548)  # weekly for three years, then 18 months of silence
    layers = placed(ties)
    assert all(layers[i] is not None and layers[i] <= 1 for i in range(15))  # type: ignore[operator]
    assert layers[99] is None or layers[99] > 1


def test_a_new_weekly_contact_enters_the_inner_15() -> None:
    # Met four months ago, weekly since: the long-run rate is spread over a year at
    # least, yet recency and the decayed counter carry them past monthly ties.
    ties = {i: regular(7, 1095) for i in range(5)}
    ties.update({i: regular(30, 1095) for i in range(5, 15)})
    ties[99] = regular(7, 120)
    layers = placed(ties)
    assert layers[99] is not None and layers[99] <= 1


def test_every_placement_says_why() -> None:
    cfg = CirclesConfig(sizes=(1, 3), names=("inner", "outer"), cadence_days=(7, 30))
    now = datetime(2026, 1, 1, tzinfo=UTC)
    people = [
        CircleInput(1, 0.9, now),
        CircleInput(2, 0.8, now),
        CircleInput(3, 0.7, now),
        CircleInput(4, 0.6, now),  # strong enough, but the circles are full
        CircleInput(5, 0.1974, now),  # shown as 0.20 it would seem to meet 0.20
        CircleInput(6, 0.05, now, pinned_layer=1),
    ]
    why = {p.person_id: (p.name, p.why) for p in circles(people, now, cfg)}
    assert why[1] == (
        "inner",
        "strength 0.90, your 1st strongest tie: inner holds your 1 strongest",
    )
    assert why[2] == (
        "outer",
        "strength 0.80, your 2nd strongest tie, after the 1 you pinned: outer holds your "
        "3 strongest",
    )
    assert why[5] == ("outside", "strength 0.197 is under 0.20, the least a circle takes")
    assert why[6] == ("outer", "pinned by you")


def test_the_why_of_a_rank_counts_the_pins_before_it() -> None:
    cfg = CirclesConfig(sizes=(2, 4), names=("inner", "outer"), cadence_days=(7, 30))
    now = datetime(2026, 1, 1, tzinfo=UTC)
    people = [
        CircleInput(1, 0.2, now, pinned_layer=0),
        CircleInput(2, 0.2, now, pinned_layer=0),
        CircleInput(3, 0.9, now),
    ]
    [_, _, top] = circles(people, now, cfg)
    assert (top.name, top.why) == (
        "outer",
        "strength 0.90, your 1st strongest tie, after the 2 you pinned: outer holds your "
        "4 strongest",
    )
