"""Pruning dominated candidates never changes the optimum (checked by brute force)."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.engine.planner_fixtures import brute_force
from warmly.engine.candidate import Candidate
from warmly.engine.planner_greedy import Problem
from warmly.engine.planner_prune import prune_dominated


def one(key: str, person: int, value: float, minutes: int = 1, platform: str = "x") -> Candidate:
    return Candidate(key, "inbound", "reply", platform, (person,), value, minutes, "why")


def test_a_candidate_behind_enough_better_cheaper_ones_is_dropped() -> None:
    # budget 2 at one minute each: at most 2 actions, so 2 better ones for other
    # people always leave one free to take the weak one's place
    items = (one("a", 1, 9), one("b", 2, 8), one("weak", 3, 1))
    got = {c.key for c in prune_dominated(Problem(items, 2, {})).items}
    assert got == {"a", "b"}


def test_not_dropped_when_the_better_ones_are_dearer_or_elsewhere() -> None:
    items = (
        one("a", 1, 9, minutes=2),  # better, but takes more minutes
        one("b", 2, 8, platform="email"),  # better, but another cap
        one("c", 3, 7),
        one("weak", 4, 1),
    )
    got = {c.key for c in prune_dominated(Problem(items, 2, {})).items}
    assert "weak" in got


def test_the_same_person_twice_counts_once() -> None:
    items = (one("a", 1, 9), one("a2", 1, 8), one("weak", 3, 1))
    got = {c.key for c in prune_dominated(Problem(items, 2, {})).items}
    assert "weak" in got  # only one other person ahead: the plan may already use them


def dense_instance(rng: random.Random, n: int) -> Problem:
    """Few caps, small budgets, cheap actions: the shape where pruning bites."""
    items = []
    for i in range(n):
        people = (rng.randrange(10),) if rng.random() < 0.85 else tuple(rng.sample(range(10), 2))
        platform = rng.choice(("x", "email"))
        value = round(rng.uniform(0.1, 10), 2)
        items.append(
            Candidate(f"c{i}", "inbound", "reply", platform, people, value, rng.randint(1, 2), "w")
        )
    caps = {("x", "reply"): rng.randint(0, 3)} if rng.random() < 0.5 else {}
    return Problem(tuple(items), rng.randint(1, 3), caps)


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 10**6), st.integers(0, 13))
def test_pruning_keeps_the_optimum(seed: int, n: int) -> None:
    full = dense_instance(random.Random(seed), n)
    pruned = prune_dominated(full)
    assert set(pruned.items) <= set(full.items)
    assert abs(brute_force(pruned) - brute_force(full)) < 1e-9


def test_the_property_test_instances_do_get_pruned() -> None:
    rng = random.Random(1)
    shrunk = 0
    for _ in range(200):
        p = dense_instance(rng, 13)
        shrunk += len(prune_dominated(p).items) < len(p.items)
    assert shrunk > 100


def test_pruning_happens_on_a_dense_day() -> None:
    rng = random.Random(3)
    items = tuple(one(f"c{i}", i, rng.uniform(0, 10), rng.randint(1, 5)) for i in range(2000))
    assert len(prune_dominated(Problem(items, 20, {})).items) < 200
