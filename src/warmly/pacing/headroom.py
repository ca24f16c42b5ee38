"""The governor as the planner's :class:`~warmly.engine.planner.Headroom`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from warmly.pacing.governor import Governor
from warmly.store.models_outbox import Action

NEVER = timedelta(days=3650)  # "never" for a scheduler that wants a time
_A = Action.__table__.c


def queued(conn: Connection) -> dict[tuple[str, str], int]:
    """Approved actions not attempted yet, per (platform, kind): tomorrow's planned use."""
    q = (
        select(_A.platform, _A.kind, func.count())
        .where(_A.state == "approved", _A.attempted_at.is_(None))
        .group_by(_A.platform, _A.kind)
    )
    return {(p, k): int(n) for p, k, n in conn.execute(q)}


@dataclass
class GovernorHeadroom:
    """``remaining`` = what the governor still allows on the day minus what is already
    approved and waiting (so a plan never queues more than the platform takes);
    ``earliest`` = the governor's "not before"."""

    governor: Governor
    waiting: Mapping[tuple[str, str], int] = field(default_factory=dict)

    def remaining(self, platform: str, action: str, day: date) -> int | None:
        left = self.governor.remaining(platform, action, day)
        if left is None:
            return None
        kind = self.governor.policies.kind(action)
        return max(0, left - self.waiting.get((platform, kind), 0))

    def earliest(self, platform: str, action: str, t: datetime) -> datetime | None:
        d = self.governor.decide(platform, action, t)
        if d.allowed:
            return None
        return d.not_before if d.not_before is not None else t + NEVER
