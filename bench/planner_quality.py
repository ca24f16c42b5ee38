"""Planner quality: CP-SAT vs greedy vs brute-force optimum on random instances.

Usage::

    python bench/planner_quality.py --n 1000 --seed 1

Each instance draws candidates over a few platforms/actions with random caps,
budgets and shared people (some candidates touch two people, like
introductions). Small instances (≤ 12 candidates) are solved by brute force too.
Checks: the planner's value ≥ greedy on every instance, and within 1% of the
optimum wherever the optimum is known. Prints one row per size bucket.
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
import time
from dataclasses import dataclass, field
from datetime import date

from warmly.engine.candidate import ActionKind, Candidate
from warmly.engine.planner import PlannerConfig, StaticHeadroom, build_problem, plan
from warmly.engine.planner_greedy import Problem, feasible, total_value

PLATFORMS = ("x", "linkedin", "email", "mastodon")
ACTIONS: tuple[ActionKind, ...] = ("message", "reply", "accept")
DAY = date(2026, 6, 10)
BUCKETS = ((4, 12), (13, 40), (41, 150), (151, 600))


def instance(rng: random.Random, n: int) -> tuple[list[Candidate], int, dict[tuple[str, str], int]]:
    people = max(1, int(n * rng.uniform(0.4, 1.0)))
    cands = []
    for i in range(n):
        two = people > 1 and rng.random() < 0.1
        who = tuple(rng.sample(range(people), 2)) if two else (rng.randrange(people),)
        cands.append(
            Candidate(
                f"c{i}",
                "inbound",
                rng.choice(ACTIONS),
                rng.choice(PLATFORMS),
                who,
                round(rng.lognormvariate(1.5, 0.8), 3),
                rng.randint(1, 12),
                "why",
            )
        )
    caps = {
        (p, a): rng.randint(0, max(1, n // 6))
        for p in PLATFORMS
        for a in ACTIONS
        if rng.random() < 0.5
    }
    budget = rng.randint(5, max(10, n * 2))
    return cands, budget, caps


def brute_force(problem: Problem) -> float:
    best = 0.0
    for r in range(1, len(problem.items) + 1):
        for combo in itertools.combinations(problem.items, r):
            if feasible(problem, combo):
                best = max(best, total_value(combo))
    return best


@dataclass
class Row:
    n: int = 0
    worse_than_greedy: int = 0
    infeasible: int = 0
    gain: list[float] = field(default_factory=list)  # planner / greedy − 1
    opt_gap: list[float] = field(default_factory=list)  # 1 − planner / optimum
    greedy_gap: list[float] = field(default_factory=list)  # 1 − greedy / optimum
    seconds: list[float] = field(default_factory=list)
    methods: dict[str, int] = field(default_factory=dict)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1000, help="number of instances")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--time-limit", type=float, default=2.0, help="CP-SAT seconds per instance")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    cfg = PlannerConfig(time_limit_s=args.time_limit)
    rows = {b: Row() for b in BUCKETS}
    for k in range(args.n):
        lo, hi = BUCKETS[0] if k % 10 < 6 else BUCKETS[1 + k % 3]  # 60% brute-forceable
        cands, budget, caps = instance(rng, rng.randint(lo, hi))
        row = rows[(lo, hi)]
        t0 = time.perf_counter()
        sel = plan(cands, budget, StaticHeadroom(caps), DAY, cfg)
        row.seconds.append(time.perf_counter() - t0)
        problem, _ = build_problem(cands, budget, StaticHeadroom(caps), DAY)
        row.n += 1
        row.methods[sel.method] = row.methods.get(sel.method, 0) + 1
        row.infeasible += not feasible(problem, sel.chosen)
        row.worse_than_greedy += sel.value < sel.greedy_value - 1e-9
        row.gain.append(sel.value / sel.greedy_value - 1 if sel.greedy_value else 0.0)
        if hi <= 12:
            opt = brute_force(problem)
            row.opt_gap.append(1 - sel.value / opt if opt else 0.0)
            row.greedy_gap.append(1 - sel.greedy_value / opt if opt else 0.0)

    def pct(xs: list[float], f: str = "mean") -> str:
        if not xs:
            return "—"
        v = max(xs) if f == "max" else sum(xs) / len(xs)
        return f"{100 * v:.2f}%"

    print(f"planner quality: {args.n} instances, seed {args.seed}, time limit {args.time_limit}s")
    print(
        f"{'candidates':>10} {'inst':>5} {'<greedy':>7} {'infeas':>6} {'gain/greedy':>11} "
        f"{'max gain':>8} {'gap/opt':>8} {'max gap':>8} {'greedy gap':>10} {'mean s':>7} "
        f"{'max s':>6}"
    )
    ok = True
    for (lo, hi), r in rows.items():
        mean_s = sum(r.seconds) / max(1, len(r.seconds))
        print(
            f"{f'{lo}-{hi}':>10} {r.n:>5} {r.worse_than_greedy:>7} {r.infeasible:>6} "
            f"{pct(r.gain):>11} {pct(r.gain, 'max'):>8} {pct(r.opt_gap):>8} "
            f"{pct(r.opt_gap, 'max'):>8} {pct(r.greedy_gap):>10} "
            f"{mean_s:>7.3f} {max(r.seconds, default=0):>6.2f}"
        )
        ok &= r.worse_than_greedy == 0 and r.infeasible == 0
        ok &= all(g <= 0.01 for g in r.opt_gap)
    methods: dict[str, int] = {}
    for r in rows.values():
        for m, c in r.methods.items():
            methods[m] = methods.get(m, 0) + c
    print("methods:", ", ".join(f"{m}: {c}" for m, c in sorted(methods.items())))
    print("PASS" if ok else "FAIL", "(planner ≥ greedy everywhere, feasible, ≤ 1% from optimum)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
