"""What both simulation runners share: demand, the backlog, planning, the report."""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from sqlalchemy import select
from sqlalchemy.engine import Engine

from warmly.engine.candidate import ActionKind, Candidate
from warmly.engine.planner import Headroom, PlannerConfig, plan
from warmly.pacing.checker import check
from warmly.pacing.governor import Governor
from warmly.pacing.hours import day_window
from warmly.pacing.ledger import SqlView
from warmly.pacing.policy import PLATFORMS, Policies
from warmly.pacing.simworld import Pair, SimPlatform, jaccard, shingles
from warmly.store.models_outbox import Action

START = datetime(2026, 1, 5, tzinfo=UTC)  # a Monday
BACKLOG_DAYS = 7
WITHDRAW_AFTER = timedelta(days=21)  # common advice: withdraw invitations pending 3 weeks
NEAR_DUP = 0.8
_NAMES = "Ada Ben Chloe Dev Eva Farid Gia Hugo Ines Jon Kai Lena Mo Nia Omar Pia Raj Sol Tara Uma"


@dataclass
class SimReport:
    days: int
    profile: str
    runner: str
    violations: dict[str, int]
    capacity_used: float
    safe_capacity: int
    valuable_sent: int
    sent: dict[str, int]
    wanted: dict[str, int]
    max_pending_invitations: int
    near_duplicates_sent: int
    seconds: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def safe_capacity(policies: Policies, platform: str, kind: str, days: int) -> int:
    """The most any sender could do over ``days`` under this policy (see simulate.py)."""
    pol = policies.platforms[platform].actions[kind]
    span = days * 86400.0
    bounds = [w.count * -(-span // w.length.total_seconds()) for w in pol.windows]
    if pol.spacing_s > 0:
        a, b = day_window(START.date(), policies.hours(platform, kind), policies.zone())
        bounds.append(days * (int((b - a).total_seconds() // pol.spacing_s) + 1))
    return int(min(bounds)) if bounds else 10**9


class BaseRun:
    """Demand → backlog → plan; subclasses send what was planned."""

    def __init__(self, engine: Engine, pol: Policies, wants: dict[Pair, float], seed: int) -> None:
        self.engine, self.pol, self.wants = engine, pol, wants
        self.rng = random.Random(seed)
        self.names = _NAMES.split()
        self.plats = {
            p: SimPlatform(p, pol.platforms[p].mode, random.Random(self.rng.random()))
            for p in PLATFORMS
        }
        self.backlog: list[tuple[int, Candidate]] = []
        self.wanted: dict[Pair, int] = dict.fromkeys(wants, 0)
        self.open_invites: dict[int, datetime] = {}
        self.max_pending = 0
        self.n = 0

    def demand(self, d: int) -> None:
        """Today's wishes join the backlog; wishes older than a week are dropped."""
        for (platform, kind), per_day in self.wants.items():
            n = int(per_day) + (self.rng.random() < per_day - int(per_day))
            self.wanted[(platform, kind)] += n
            for _ in range(n):
                self.n += 1
                c = Candidate(
                    key=f"sim:{platform}:{kind}:{self.n}",
                    kind="keep_in_touch",
                    action=cast(ActionKind, kind),
                    platform=platform,
                    people=(self.n,),
                    value=round(self.rng.uniform(0.1, 1.0), 3),
                    minutes=1,
                    why="sim",
                )
                self.backlog.append((d, c))
        self.backlog = [(d0, c) for d0, c in self.backlog if d - d0 < BACKLOG_DAYS]

    def choose(self, room: Headroom, day_start: datetime) -> list[Candidate]:
        """The planner's greedy plan under the governor's headroom; removed from the backlog."""
        sel = plan(
            [c for _, c in self.backlog],
            10**6,
            room,
            day_start.date(),
            PlannerConfig(use_solver=False),
        )
        chosen = {c.key for c in sel.chosen}
        self.backlog = [(d0, c) for d0, c in self.backlog if c.key not in chosen]
        return list(sel.chosen)

    def stale_invites(self, now: datetime) -> list[int]:
        old = [aid for aid, at in self.open_invites.items() if now - at > WITHDRAW_AFTER]
        for aid in old:
            del self.open_invites[aid]
        return old

    def note_pending(self, t: datetime) -> None:
        """Pending invitations as the ledger (not the runner) says, each evening."""
        with self.engine.connect() as conn:
            li = self.pol.action("linkedin", "invite")
            assert li is not None
            n = Governor(self.pol, SqlView(conn)).pending("linkedin", "invite", li, t)
        self.max_pending = max(self.max_pending, n)

    def report(self, days: int, profile: str, runner: str, seconds: float) -> SimReport:
        """Everything measured from the ledger, independently of the governor."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(
                    Action.platform, Action.kind, Action.attempted_at, Action.text, Action.recipient
                )
                .where(Action.state.in_(("sent", "sending")))
                .order_by(Action.attempted_at, Action.id)
            ).all()
        violations = check([(p, k, t) for p, k, t, _x, _r in rows if t is not None], self.pol)
        recent: dict[Pair, list[frozenset[tuple[str, ...]]]] = {}
        near = 0
        sent: dict[Pair, int] = {}
        for p, k, _t, text, name in rows:
            sh = shingles(text or "", name or "")
            prev = recent.setdefault((p, k), [])
            near += any(jaccard(sh, o) >= NEAR_DUP for o in prev)
            prev.append(sh)
            del prev[:-20]
            sent[(p, k)] = sent.get((p, k), 0) + 1
        cap = sum(min(n, safe_capacity(self.pol, p, k, days)) for (p, k), n in self.wanted.items())
        valuable = sum(min(sent.get(pk, 0), n) for pk, n in self.wanted.items()) - near
        return SimReport(
            days,
            profile,
            runner,
            violations,
            round(valuable / cap, 4) if cap else 1.0,
            cap,
            valuable,
            {f"{p}.{k}": n for (p, k), n in sent.items()},
            {f"{p}.{k}": n for (p, k), n in self.wanted.items()},
            self.max_pending,
            near,
            round(seconds, 1),
        )
