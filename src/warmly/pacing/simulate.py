"""A year (or N days) of an over-eager user, run through the real planner and governor.

Each simulated day: new wishes join a backlog (kept 7 days); the planner's ``plan()``
(greedy) picks from it under a :class:`GovernorHeadroom`; the picks are sent on a
simulated clock whenever :meth:`Governor.decide` allows, through simulated platforms
that accept ~30% of invitations, bounce 2% of emails and sometimes answer 429. Invitations
pending 21 days are withdrawn. Two runners: ``fast`` (the governor over an in-memory
mirror of the ledger, bulk-written to the workspace each evening; a year in seconds)
and ``outbox`` (every action through ``approve``/``dispatch`` with claims and locks).

Results, all computed from the ledger afterwards and NOT by the governor:

* ``violations``: per policy rule, sends that broke a window or the minimum spacing,
  by :func:`warmly.pacing.checker.check` (an independent replay);
* ``capacity_used`` = valuable sent ÷ safe capacity. *Safe capacity* of a (platform,
  action) over D days is the most any sender could do under its policy alone:
  min over its windows of ``count × ceil(D / per)``, and of ``D × (⌊W / spacing⌋ + 1)``
  with W the seconds of working hours a day; capped by what the user wanted; summed
  over the (platform, action) pairs wanted. *Valuable* = sent, within what was wanted,
  and not a near-copy. Adaptive slow-downs (acceptance, bounces, 429s) lower it;
* ``max_pending_invitations`` (LinkedIn, read from the ledger each evening);
* ``near_duplicates_sent``: messages whose word 3-shingle Jaccard (recipient name
  masked) with one of the 20 previous messages of the same kind is ≥ 0.8.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

from warmly.errors import WarmlyError
from warmly.pacing.policy import PLATFORMS, Policies, load_policies
from warmly.pacing.simfast import FastRun
from warmly.pacing.simoutbox import OutboxRun
from warmly.pacing.simrun import SimReport, safe_capacity
from warmly.pacing.simworld import PROFILES
from warmly.workspace import Workspace

__all__ = ["PROFILES", "RUNNERS", "SimReport", "SimulationError", "safe_capacity", "simulate"]

RUNNERS: dict[str, type[FastRun] | type[OutboxRun]] = {"fast": FastRun, "outbox": OutboxRun}


class SimulationError(WarmlyError):
    """The simulation cannot run as asked (an unknown profile or runner)."""


def sim_policies(overrides: dict[str, Any] | None = None, timezone: str | None = None) -> Policies:
    """The policies to simulate: the workspace's (``[pacing]`` overrides) on established
    accounts; a new account's ramp-up is covered by the governor's tests."""
    merged: dict[str, Any] = {p: {"account_created": "2020-01-01"} for p in PLATFORMS}
    for key, value in (overrides or {}).items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = {**merged[key], **value}
        else:
            merged[key] = value
    return load_policies(merged, timezone or "UTC")


def simulate(
    days: int = 365,
    profile: str = "eager",
    seed: int = 0,
    *,
    runner: str = "fast",
    home: Path | None = None,
    policies: Policies | None = None,
) -> SimReport:
    """Run the simulation in a temporary workspace (or ``home``) and report."""
    # Checked before the temporary workspace exists: a typo costs nothing.
    if profile not in PROFILES:
        raise SimulationError(f"unknown profile {profile!r}; choose one of {', '.join(PROFILES)}")
    if runner not in RUNNERS:
        raise SimulationError(f"unknown runner {runner!r}; choose one of {', '.join(RUNNERS)}")
    if home is None:
        with tempfile.TemporaryDirectory(prefix="warmly-sim-") as tmp:
            return simulate(days, profile, seed, runner=runner, home=Path(tmp), policies=policies)
    t0 = time.perf_counter()
    ws = Workspace.open(home, database_url=f"sqlite:///{home / 'sim.db'}")
    try:
        run = RUNNERS[runner](ws.engine, policies or sim_policies(), PROFILES[profile], seed)
        for d in range(days):
            run.day(d)
        return run.report(days, profile, runner, time.perf_counter() - t0)
    finally:
        ws.close()
