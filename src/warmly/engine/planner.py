"""Choose today's actions: maximise value under the minutes budget, the platforms'
daily caps and one action per person.

Caps come through ONE small interface, :class:`Headroom`, so the pacing governor
can plug in later; :class:`StaticHeadroom` serves fixed caps meanwhile. The exact
solver (CP-SAT) is hinted with the greedy solution and the better of the two is
kept, so the plan is never worse than greedy; without OR-Tools, or when the solver
finds nothing in its time limit, greedy is the plan.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol

from warmly.engine import planner_cpsat
from warmly.engine.candidate import Candidate
from warmly.engine.planner_greedy import CapKey, Problem, feasible, greedy, total_value
from warmly.engine.planner_prune import prune_dominated


class Headroom(Protocol):
    """How many more actions of a kind a platform allows, and from when."""

    def remaining(self, platform: str, action: str, day: date) -> int | None:
        """Actions still allowed on ``day``; None means no cap."""
        ...

    def earliest(self, platform: str, action: str, t: datetime) -> datetime | None:
        """The first safe time at or after ``t``; None means no constraint (``t`` is fine)."""
        ...


@dataclass(frozen=True, slots=True)
class StaticHeadroom:
    """Fixed daily caps per (platform, action), e.g. from ``[planner.caps]``."""

    caps: Mapping[CapKey, int] = field(default_factory=dict)

    def remaining(self, platform: str, action: str, day: date) -> int | None:
        return self.caps.get((platform, action))

    def earliest(self, platform: str, action: str, t: datetime) -> datetime | None:
        return None


@dataclass(frozen=True, slots=True)
class PlannerConfig:
    """Solver settings (``[planner]``)."""

    use_solver: bool = True
    time_limit_s: float = 2.0
    seed: int = 0
    max_solver_candidates: int = 3000  # beyond this, the solver sees the best by value/minute


@dataclass(frozen=True, slots=True)
class Selection:
    """Today's chosen actions, best value first."""

    chosen: tuple[Candidate, ...]
    value: float
    minutes: int
    method: str  # cp-sat optimal | cp-sat time limit | greedy (...)
    greedy_value: float
    dropped: tuple[tuple[Candidate, str], ...] = ()  # filtered out before solving, with why


def build_problem(
    candidates: Iterable[Candidate], budget_minutes: int, headroom: Headroom, day: date
) -> tuple[Problem, list[tuple[Candidate, str]]]:
    """Read caps once per (platform, action) and drop what can never be chosen."""
    caps: dict[CapKey, int | None] = {}
    keep: list[Candidate] = []
    dropped: list[tuple[Candidate, str]] = []
    seen: set[str] = set()
    for c in candidates:
        k = (c.platform, c.action)
        if k not in caps:
            caps[k] = headroom.remaining(c.platform, c.action, day)
        cap = caps[k]
        if c.key in seen:
            dropped.append((c, "duplicate key"))
        elif c.value <= 0:
            dropped.append((c, "no value"))
        elif c.minutes > budget_minutes:
            dropped.append((c, f"needs {c.minutes} min, budget is {budget_minutes}"))
        elif cap is not None and cap <= 0:
            dropped.append((c, f"no {c.action} left on {c.platform} today"))
        else:
            keep.append(c)
        seen.add(c.key)
    return Problem(tuple(keep), max(0, budget_minutes), caps), dropped


def plan(
    candidates: Iterable[Candidate],
    budget_minutes: int,
    headroom: Headroom,
    day: date,
    cfg: PlannerConfig = PlannerConfig(),
) -> Selection:
    """Select today's actions (see the module docstring)."""
    problem, dropped = build_problem(candidates, budget_minutes, headroom, day)
    base = greedy(problem)
    gv = total_value(base)
    chosen, method = base, "greedy"
    if not cfg.use_solver:
        method = "greedy (solver off)"
    elif not planner_cpsat.available():
        method = "greedy (ortools not installed)"
    else:
        top = list(prune_dominated(problem).items)  # same optimum, a smaller model
        if len(top) > cfg.max_solver_candidates:
            top = sorted(top, key=lambda c: (-c.value / c.minutes, c.key))
            top = top[: cfg.max_solver_candidates]
        ids = {id(c) for c in top}  # the greedy hint stays solvable
        sub = Problem(
            tuple(top + [c for c in base if id(c) not in ids]), problem.budget, problem.caps
        )
        res = planner_cpsat.solve(sub, base, time_limit_s=cfg.time_limit_s, seed=cfg.seed)
        if res is None:
            method = "greedy (solver found nothing in time)"
        elif feasible(problem, res.chosen) and total_value(res.chosen) > gv:
            chosen = res.chosen
            method = "cp-sat optimal" if res.optimal else "cp-sat (time limit)"
        else:
            method = "greedy (= cp-sat optimum)" if res.optimal else "greedy (solver no better)"
    chosen = sorted(chosen, key=lambda c: (-c.value, c.key))
    return Selection(
        tuple(chosen),
        total_value(chosen),
        sum(c.minutes for c in chosen),
        method,
        gv,
        tuple(dropped),
    )
