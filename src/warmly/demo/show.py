"""What ``warmly demo`` prints: what a user would want to see first."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from warmly.ledger.tiestate import platforms_of
from warmly.store.models import Identity, Interaction, Person, TieState


@dataclass
class DemoOverview:
    people: int = 0
    multi_network: int = 0
    networks: dict[str, int] = field(default_factory=dict)
    interactions: int = 0
    warmest: list[dict[str, Any]] = field(default_factory=list)
    sharers: list[dict[str, Any]] = field(default_factory=list)
    example_merged: list[dict[str, Any]] = field(default_factory=list)


def overview(s: Session) -> DemoOverview:
    """People per network, cross-network people, the warmest ties, recent sharers."""
    live = select(Person.id).where(Person.merged_into.is_(None), Person.is_owner.is_(False))
    o = DemoOverview()
    o.people = s.scalar(select(func.count()).select_from(live.subquery())) or 0
    per_person: dict[int, set[str]] = {}
    for pid, platform in s.execute(
        select(Identity.person_id, Identity.platform).where(Identity.person_id.in_(live))
    ):
        per_person.setdefault(pid, set()).add(platform)
    counts: Counter[str] = Counter(p for nets in per_person.values() for p in nets)
    o.networks = dict(counts.most_common())
    o.multi_network = sum(1 for nets in per_person.values() if len(nets) >= 2)
    o.interactions = s.scalar(select(func.count()).select_from(Interaction)) or 0
    # The stored strength score, as `warmly show` explains it and the agenda
    # ranks by: the raw decayed counters ranked a chatty inbox above a close tie.
    rows = s.execute(
        select(TieState, Person.display_name)
        .join(Person, Person.id == TieState.person_id)
        .where(
            Person.merged_into.is_(None), Person.is_owner.is_(False), TieState.score.is_not(None)
        )
        .order_by(TieState.score.desc(), TieState.person_id)
        .limit(10)
    ).all()
    o.warmest = [
        {
            "id": state.person_id,
            "name": name,
            "strength": round(state.score or 0.0, 2),
            "networks": platforms_of(state.platforms),
            "last": state.last_at.date().isoformat() if state.last_at else "",
        }
        for state, name in rows
    ]
    shares = s.execute(
        select(Person.id, Person.display_name, func.count(), func.max(Interaction.occurred_at))
        .join(Person, Person.id == Interaction.person_id)
        .where(Interaction.kind.in_(["share", "comment", "mention"]), Interaction.direction == "in")
        .group_by(Person.id, Person.display_name)
        .order_by(func.count().desc(), Person.id)
        .limit(8)
    ).all()
    o.sharers = [
        {"id": pid, "name": name, "times": n, "last": last.date().isoformat()}
        for pid, name, n, last in shares
    ]
    best = sorted(per_person.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:5]
    names = dict(
        s.execute(
            select(Person.id, Person.display_name).where(Person.id.in_([pid for pid, _ in best]))
        ).all()
    )
    o.example_merged = [
        {"id": pid, "name": names.get(pid, ""), "networks": sorted(nets)} for pid, nets in best
    ]
    return o
