"""Shared builders for planner tests and benches: random instances and brute force."""

from __future__ import annotations

import itertools
import random

from warmly.engine.candidate import ActionKind, Candidate
from warmly.engine.planner_greedy import Problem, feasible, total_value

PLATFORMS = ("x", "linkedin", "email")
ACTIONS: tuple[ActionKind, ...] = ("message", "reply")


Instance = tuple[list[Candidate], int, dict[tuple[str, str], int]]


def random_instance(rng: random.Random, n: int, people: int) -> Instance:
    """n candidates over ``people`` people, a budget and random caps."""
    cands = [
        Candidate(
            f"c{i}",
            "inbound",
            rng.choice(ACTIONS),
            rng.choice(PLATFORMS),
            (rng.randrange(people),)
            if rng.random() < 0.85
            else tuple(rng.sample(range(people), 2))
            if people > 1
            else (0,),
            round(rng.uniform(0.1, 20), 3),
            rng.randint(1, 12),
            "why",
        )
        for i in range(n)
    ]
    caps: dict[tuple[str, str], int] = {
        (p, a): rng.randint(0, 4) for p in PLATFORMS for a in ACTIONS if rng.random() < 0.5
    }
    return cands, rng.randint(5, 40), caps


def brute_force(problem: Problem) -> float:
    """The optimum by enumeration (small instances only)."""
    best = 0.0
    items = problem.items
    for r in range(1, len(items) + 1):
        for combo in itertools.combinations(items, r):
            if feasible(problem, combo):
                best = max(best, total_value(combo))
    return best
