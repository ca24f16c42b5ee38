"""The end of ``warmly demo``: today's agenda, the triaged spray, the guard at work."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from warmly.guard.sync import guard_config
from warmly.store.models import Interaction, Person
from warmly.workspace import Workspace

GENERIC = (
    "Hi! I came across your profile and I think you would be a great fit for an exciting "
    "opportunity I'm working on. Let's connect and chat soon!"
)


@dataclass
class GuardExample:
    title: str
    to: str
    text: str
    verdict: str
    reasons: list[str]


@dataclass
class Showcase:
    plan: Any = None
    triage_counts: dict[str, int] = field(default_factory=dict)
    triage_examples: list[dict[str, Any]] = field(default_factory=list)
    guard: list[GuardExample] = field(default_factory=list)


def _template_copy(ws: Workspace, now: datetime) -> tuple[int, str] | None:
    """A message the user recently sent, near-identically, to several people, re-aimed at
    someone new: what a mail merge would do next."""
    since = now - timedelta(days=30)
    with ws.sessions() as s:
        rows = s.execute(
            select(Interaction.person_id, Interaction.text, Person.display_name)
            .join(Person, Person.id == Interaction.person_id)
            .where(
                Interaction.direction == "out",
                Interaction.kind.in_(("message", "email")),
                Interaction.occurred_at >= since,
                Interaction.text.is_not(None),
            )
        ).all()
        groups: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
        for pid, raw, name in rows:
            text = raw or ""
            first = name.split()[0] if name else ""
            body = text.replace(first, "") if first else text  # "Hi Bilal," is the merge field
            groups[re.sub(r"\W+", " ", body.lower())[:80]].append((pid, text, name))
        # A short reply ("Great, thank you!") recurs too, but it is no mail merge:
        # the guard never calls texts under min_template_words a template.
        floor = guard_config(ws).min_template_words + 2  # + a greeting and a name
        merged = [g for g in groups.values() if len(g[0][1].split()) >= floor]
        # Most recipients; among equals the longest text (a merge is a pitch, not a reply).
        best = max(merged, key=lambda g: (len({p for p, _, _ in g}), len(g[0][1])), default=[])
        if len({p for p, _, _ in best}) < 3:
            return None
        pid, text, name = best[0]
        used = {p for p, _, _ in best}
        other = s.execute(
            select(Person.id, Person.display_name)
            .where(Person.is_owner.is_(False), Person.merged_into.is_(None), Person.id.not_in(used))
            .order_by(Person.id)
            .limit(1)
        ).first()
    if other is None:
        return None
    first_old = name.split()[0] if name else ""
    first_new = other[1].split()[0] if other[1] else ""
    return other[0], text.replace(first_old, first_new) if first_old else text


def showcase(ws: Workspace, now: datetime) -> Showcase:
    from warmly.agenda.service import plan_day
    from warmly.guard.service import check_draft
    from warmly.triage.inbox import run_triage

    out = Showcase()
    out.plan = plan_day(ws, now=now)
    run = run_triage(ws, now=now)
    out.triage_counts = dict(Counter(i["label"] for i in run.items).most_common())
    seen: set[str] = set()
    for item in run.items:
        if item["label"] not in seen and item["label"] in (
            "fit",
            "not_a_fit",
            "didnt_read_profile",
            "mass_mail",
        ):
            seen.add(item["label"])
            out.triage_examples.append(item)
    copy = _template_copy(ws, now)
    if copy is not None:
        to, text = copy
        v = check_draft(ws, str(to), text, now=now)
        out.guard.append(
            GuardExample(
                "a mail-merged copy of a recent message",
                str(to),
                text,
                v.verdict,
                [r.message for r in v.reasons],
            )
        )
    if out.plan.items:
        first = str(out.plan.items[0].person["id"])
        v = check_draft(ws, first, GENERIC, now=now, sync=False)
        out.guard.append(
            GuardExample(
                "a would-fit-anyone opener",
                first,
                GENERIC,
                v.verdict,
                [r.message for r in v.reasons],
            )
        )
    return out
