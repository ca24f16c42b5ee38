"""Drop candidates that can never be needed in an optimal plan, before the solver sees them.

A day holds few actions: at most ``N = budget // (fewest minutes of any
candidate)`` of them, touching at most ``(N − 1) · P`` other people, ``P``
being the most people one candidate touches (an introduction touches two).
Candidate ``x`` is *dominated* when at least ``(N − 1) · P + 1`` candidates
ahead of it in the order (value desc, minutes, key) share its (platform,
action) cap, take no more minutes, and touch one person each, all different.
In any plan holding ``x``, the rest of the plan blocks at most ``(N − 1) · P``
of them, so one is free: swapping it in for ``x`` keeps the budget, the caps
and one-action-per-person, and loses no value. So some optimal plan uses no
dominated candidate, and dropping them all leaves the optimum unchanged
(tested against brute force). It keeps the solver's model small when history
is dense: a million people with ten times the interactions give more
candidates, not more that could matter.
"""

from __future__ import annotations

from collections import defaultdict

from warmly.engine.candidate import Candidate
from warmly.engine.planner_greedy import CapKey, Problem


def prune_dominated(problem: Problem) -> Problem:
    """The same problem without dominated candidates (same optimum; see the module docstring)."""
    items = problem.items
    if not items:
        return problem
    n_max = problem.budget // min(c.minutes for c in items)
    p_max = max(len(c.people) for c in items)
    need = max(0, n_max - 1) * p_max + 1
    if len(items) <= need:
        return problem
    # Per cap key and per minutes value, the distinct single-person people seen
    # so far in rank order (at most ``need`` kept: more never changes a verdict).
    ahead: dict[CapKey, dict[int, set[int]]] = defaultdict(lambda: defaultdict(set))
    keep: list[Candidate] = []
    for c in sorted(items, key=lambda c: (-c.value, c.minutes, c.key)):
        by_minutes = ahead[(c.platform, c.action)]
        free: set[int] = set()
        for minutes, people in by_minutes.items():
            if minutes <= c.minutes:
                free |= people
                if len(free) >= need:
                    break
        if len(free) < need:
            keep.append(c)
        if len(c.people) == 1:
            seen = by_minutes[c.minutes]
            if len(seen) < need:
                seen.add(c.people[0])
    return Problem(tuple(keep), problem.budget, problem.caps)
