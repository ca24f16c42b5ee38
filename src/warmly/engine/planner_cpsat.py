"""Exact selection with OR-Tools CP-SAT (optional dependency), hinted with greedy.

Deterministic: one worker and a fixed seed, so the same input gives the same plan
(tests and ``warmly plan`` twice in a row agree).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from warmly.engine.candidate import Candidate
from warmly.engine.planner_greedy import CapKey, Problem

# OR-Tools is loaded on first use: importing it costs ~0.6 s, which every
# command that merely reads the planner's config (an import refreshing scores)
# would otherwise pay. ``None`` once it is known to be missing.
_UNLOADED: Any = object()
cp_model: Any = _UNLOADED


def _solver() -> Any:
    global cp_model
    if cp_model is _UNLOADED:
        loaded: Any
        try:  # ortools is an optional extra; the planner falls back to greedy without it
            from ortools.sat.python import cp_model as loaded
        except ImportError:  # pragma: no cover - tests set cp_model to None instead
            loaded = None
        cp_model = loaded
    return cp_model


_SCALE = 1_000_000  # CP-SAT needs integer coefficients: best value ↦ 10^6


@dataclass(frozen=True, slots=True)
class SolverResult:
    chosen: list[Candidate]
    optimal: bool


def available() -> bool:
    """True when OR-Tools can be imported."""
    return _solver() is not None


def solve(
    problem: Problem,
    hint: Sequence[Candidate],
    *,
    time_limit_s: float,
    seed: int,
) -> SolverResult | None:
    """Solve the selection problem; None if OR-Tools is missing or finds nothing in time."""
    cp = _solver()
    if cp is None:
        return None
    items = problem.items
    if not items or max(c.value for c in items) <= 0:
        return SolverResult([], True)
    vmax = max(c.value for c in items)
    m: Any = cp.CpModel()
    x = [m.NewBoolVar(f"x{i}") for i in range(len(items))]
    m.Add(sum(c.minutes * x[i] for i, c in enumerate(items)) <= problem.budget)
    groups: dict[CapKey, list[int]] = defaultdict(list)
    touching: dict[int, list[int]] = defaultdict(list)
    for i, c in enumerate(items):
        groups[(c.platform, c.action)].append(i)
        for p in c.people:
            touching[p].append(i)
    for k, idx in groups.items():
        cap = problem.caps.get(k)
        if cap is not None and cap < len(idx):
            m.Add(sum(x[i] for i in idx) <= cap)
    for idx in touching.values():
        if len(idx) > 1:
            m.AddAtMostOne(x[i] for i in idx)
    m.Maximize(sum(round(c.value * _SCALE / vmax) * x[i] for i, c in enumerate(items)))
    hinted = {id(c) for c in hint}
    for i, c in enumerate(items):
        m.AddHint(x[i], id(c) in hinted)
    solver: Any = cp.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit_s
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = seed
    st = solver.Solve(m)
    if st not in (cp.OPTIMAL, cp.FEASIBLE):
        return None
    chosen = [c for i, c in enumerate(items) if solver.BooleanValue(x[i])]
    return SolverResult(chosen, st == cp.OPTIMAL)
