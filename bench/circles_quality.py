"""Circles quality: do computed circles recover planted tie strengths?

Usage::

    python bench/circles_quality.py --people 2000 --seeds 10

Plants a world shaped like Dunbar's layers: each person gets a true contact rate
(inner 5 about weekly, next 10 about fortnightly-to-monthly, then quarterly,
twice a year, yearly, rarely; ±35% lognormal jitter per person), a reciprocity
and a number of shared networks that grow with closeness. Three years of
conversations are simulated as Poisson processes and folded into
:class:`warmly.ledger.tiestate.Tie` with ``Tie.add``. Confounders: "fans" who
like every post (many light, one-way interactions) and newsletters (frequent
one-way email). Strength → circles; reports the share of the true inner 15 (top
15 by planted rate) found in the computed inner 15, and the same for the 50.
Target: ≥ 90% for the inner 15.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
from datetime import UTC, datetime, timedelta

from warmly.engine.circles import CircleInput, CirclesConfig, assign_layers
from warmly.engine.strength import StrengthConfig, strength
from warmly.ledger.tiestate import Tie, decay_rate

NOW = datetime(2026, 6, 1, tzinfo=UTC)
YEARS = 3
# (members, contacts per year) per planted layer: Dunbar's layers and frequencies.
LAYERS = ((5, 52.0), (10, 20.0), (35, 6.0), (100, 2.5), (350, 1.0))
NETS = ("email", "linkedin", "x", "mastodon", "bluesky")


def simulate(
    rng: random.Random, people: int, lam: float
) -> tuple[dict[int, float], dict[int, Tie]]:
    """Planted rates (per year) and the tie states their histories produce."""
    rates: dict[int, float] = {}
    pid = 0
    for size, per_year in LAYERS:
        for _ in range(size):
            rates[pid] = per_year * rng.lognormvariate(0, 0.35)
            pid += 1
    while pid < people:
        rates[pid] = 0.3 * rng.lognormvariate(0, 0.5)
        pid += 1
    ties: dict[int, Tie] = {}
    span = YEARS * 365.0
    for p, rate in rates.items():
        tie = Tie()
        closeness = min(1.0, rate / 52.0)
        nets = rng.sample(NETS, 1 + min(3, int(closeness * 4 + rng.random())))
        p_in = min(0.9, max(0.1, rng.gauss(0.5, 0.12)))
        t = rng.expovariate(rate / 365.0)
        while t < span:
            at = NOW - timedelta(days=span - t)
            net = rng.choice(nets)
            for _ in range(rng.randint(1, 4)):  # a short conversation
                way = "in" if rng.random() < p_in else "out"
                tie.add(at, way, 1.0, rng.randint(10, 80), net, lam)
                at += timedelta(minutes=rng.randint(5, 600))
            t += rng.expovariate(rate / 365.0)
        ties[p] = tie
    # Confounders: fans (one-way likes) and newsletters (one-way email), all weak ties.
    for k in range(40):
        fan = people + k
        rates[fan], ties[fan] = 0.0, Tie()
        kind_email = k % 2 == 0
        for d in range(0, int(span), 3 if kind_email else 2):
            if rng.random() < 0.8:
                net = "email" if kind_email else "x"
                weight = 1.0 if kind_email else 0.1  # [ties.weights]: email 1.0, like 0.1
                words = rng.randint(200, 900) if kind_email else 0
                ties[fan].add(NOW - timedelta(days=span - d), "in", weight, words, net, lam)
    return rates, ties


def overlap(truth: dict[int, float], got: dict[int, int | None], k: int, top: int) -> float:
    true_top = set(sorted(truth, key=lambda p: -truth[p])[:k])
    found = {p for p, layer in got.items() if layer is not None and layer <= top}
    return len(true_top & found) / k


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--people", type=int, default=2000)
    ap.add_argument("--seeds", type=int, default=10)
    args = ap.parse_args()
    cfg, ccfg = StrengthConfig(), CirclesConfig()
    lam = decay_rate(cfg.half_life_days)
    inner15: list[float] = []
    inner50: list[float] = []
    print(
        f"circles quality: {args.people} people + 40 confounders, {YEARS} years, {args.seeds} seeds"
    )
    print(f"{'seed':>4} {'interactions':>12} {'inner 15':>9} {'inner 50':>9} {'fans in 150':>11}")
    for seed in range(args.seeds):
        rng = random.Random(seed)
        rates, ties = simulate(rng, args.people, lam)
        people = [CircleInput(p, strength(t, NOW, cfg).score, t.last_at) for p, t in ties.items()]
        layers = assign_layers(people, ccfg)
        a, b = overlap(rates, layers, 15, 1), overlap(rates, layers, 50, 2)
        fans = sum(
            1
            for p in range(args.people, args.people + 40)
            if (layers[p] is not None and layers[p] <= 3)
        )  # type: ignore[operator]
        n = sum(t.n_in + t.n_out for t in ties.values())
        print(f"{seed:>4} {n:>12} {a:>9.0%} {b:>9.0%} {fans:>11}")
        inner15.append(a)
        inner50.append(b)
    m15, m50 = statistics.mean(inner15), statistics.mean(inner50)
    print(
        f"mean inner 15: {m15:.1%} (min {min(inner15):.0%}); "
        f"mean inner 50: {m50:.1%} (min {min(inner50):.0%})"
    )
    ok = m15 >= 0.9
    print("PASS" if ok else "FAIL", "(target: ≥ 90% of the true inner 15 in the computed 15)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
