"""The selection problem and its greedy solution (the fallback and the solver's hint).

Choose candidates maximising total value such that total minutes ≤ budget, each
(platform, action) stays within its cap, and no person is touched twice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from warmly.engine.candidate import Candidate

CapKey = tuple[str, str]  # (platform, action)


@dataclass(frozen=True, slots=True)
class Problem:
    """One day's selection problem; a cap of None means no cap."""

    items: tuple[Candidate, ...]
    budget: int
    caps: Mapping[CapKey, int | None]

    def cap(self, c: Candidate) -> int | None:
        return self.caps.get((c.platform, c.action))


def total_value(chosen: Iterable[Candidate]) -> float:
    return sum(c.value for c in chosen)


def feasible(problem: Problem, chosen: Sequence[Candidate]) -> bool:
    """True when ``chosen`` respects the budget, every cap and one action per person."""
    if sum(c.minutes for c in chosen) > problem.budget:
        return False
    used: dict[CapKey, int] = {}
    people: set[int] = set()
    for c in chosen:
        k = (c.platform, c.action)
        used[k] = used.get(k, 0) + 1
        cap = problem.cap(c)
        if cap is not None and used[k] > cap:
            return False
        if people & set(c.people):
            return False
        people.update(c.people)
    return True


def _fill(problem: Problem, order: Sequence[Candidate]) -> list[Candidate]:
    left = problem.budget
    used: dict[CapKey, int] = {}
    people: set[int] = set()
    chosen: list[Candidate] = []
    for c in order:
        k = (c.platform, c.action)
        cap = problem.cap(c)
        if c.minutes > left or (cap is not None and used.get(k, 0) >= cap):
            continue
        if any(p in people for p in c.people):
            continue
        chosen.append(c)
        left -= c.minutes
        used[k] = used.get(k, 0) + 1
        people.update(c.people)
    return chosen


_ORDERS: tuple[Callable[[Candidate], tuple[float, float, str]], ...] = (
    lambda c: (-c.value / c.minutes, -c.value, c.key),  # value per minute
    lambda c: (-c.value, c.minutes, c.key),  # value first: rescues one big item
)


def greedy(problem: Problem) -> list[Candidate]:
    """Best of two greedy fills: by value per minute, and by value.

    Ratio-greedy alone can be arbitrarily bad on a knapsack (one large valuable
    item behind many small ones); taking the better of the two bounds the damage
    at half the optimum for the budget alone.
    """
    best: list[Candidate] = []
    for key in _ORDERS:
        got = _fill(problem, sorted(problem.items, key=key))
        if total_value(got) > total_value(best):
            best = got
    return best
