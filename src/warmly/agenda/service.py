"""Plan a day, and close the loop: done, skip, log.

``plan_day`` gathers candidates from every reason kind, lets the planner
choose under the minutes budget and the per-platform caps (one action per
person per day), places them in working hours, drafts each, and stores the
items so that ``done`` and ``skip`` can refer to them by id.
"""

from __future__ import annotations

import base64
import hashlib
import math
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from warmly.agenda import inputs
from warmly.agenda.configs import EngineConfigs, engine_configs
from warmly.agenda.do_not_contact import do_not_contact, strongest_reachable
from warmly.agenda.drafting import drafts_for
from warmly.agenda.people import load_known, waiting
from warmly.engine import reasons as R
from warmly.engine.candidate import Candidate
from warmly.engine.planner import Headroom, StaticHeadroom, plan
from warmly.engine.reasons_giver import introductions
from warmly.engine.schedule import local_window, place
from warmly.errors import WarmlyError
from warmly.ledger.scores import ensure_current
from warmly.store.models import Identity, Person
from warmly.store.models_agenda import AgendaItem, Pin, Snooze
from warmly.store.models_agenda import Task as TaskRow
from warmly.workspace import Workspace

RECENT_DONE_DAYS = 30  # a reason acted on stays quiet this long (e.g. a birthday)
# A later day is a forecast from today's ledger: a year covers every cadence, and
# centuries ahead the decayed scores underflow in SQL (PostgreSQL refuses them).
PLAN_AHEAD_DAYS = 366


@dataclass
class PlanItem:
    id: str
    person: dict[str, Any]
    people: list[int]
    platform: str
    action: str
    reason: str
    minutes: float
    value: float
    why: str
    draft: str
    link: str | None
    at: str | None


@dataclass
class Plan:
    day: str
    timezone: str
    minutes_budget: int
    minutes_planned: float
    minutes_done: float  # already done today: part of the budget
    value: float
    method: str
    greedy_value: float
    candidates: int
    items: list[PlanItem] = field(default_factory=list)
    unplaced: list[dict[str, str]] = field(default_factory=list)
    # Planned during the working day: the minutes until it ends.
    minutes_left_today: int | None = None
    # Today, planned after its working hours ended: the times are those the day
    # would have had (laid out from its start), not times still to come.
    working_day_over: bool = False

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def item_id(day: date, key: str) -> str:
    """Short, stable id of a reason on a day (what `done` and `skip` take)."""
    digest = hashlib.sha1(f"{day.isoformat()}|{key}".encode()).digest()
    return base64.b32encode(digest).decode()[:6].lower()


def relevant_people(
    s: Session, now: datetime, day: date, cfg: EngineConfigs, budget: int = 20
) -> set[int]:
    """Everyone a reason could name today, found by indexed queries (never all people).

    A day holds at most ``budget`` actions (each takes a minute or more), so the
    strongest ``20 × budget`` people waiting for an answer (at least 1,000) always
    contain the best choices; more would only cost time.
    """
    rc = cfg.reasons
    window = max(
        rc.inbound_stale_days,
        rc.thanks_window_days,
        rc.invitation_stale_days,
        rc.introduce_window_days,
    )
    ids = set(waiting(s, now, window, cfg.strength, limit=max(1000, 20 * budget)))
    ids.update(strongest_reachable(s, now, cfg.strength, max(cfg.circles.sizes), store=True))
    ids.update(s.scalars(select(Pin.person_id)))
    ids.update(
        pid
        for pid in s.scalars(
            select(TaskRow.person_id).where(
                TaskRow.status == "open", TaskRow.person_id.is_not(None)
            )
        )
        if pid is not None
    )
    ids.update(inputs.life_event_people(s, day, rc))
    return ids


def collect(
    s: Session, ws: Workspace, now: datetime, day: date, budget: int = 20
) -> tuple[list[Candidate], dict[str, str], Any]:
    """Every candidate action for ``day`` with notes for drafting.

    People the user blocked or muted on any network are left out before
    anything is read about them: no reason names them, and they take no
    place in a circle.
    """
    cfg = engine_configs(ws.settings)
    ensure_current(s, ws.settings, now)  # stored scores rank people: made with today's weights?
    relevant = relevant_people(s, now, day, cfg, budget)
    held = do_not_contact(s, relevant)
    known = load_known(s, now, cfg.strength, relevant - held.keys())
    rc = cfg.reasons
    cands: list[Candidate] = []
    cands += R.unanswered(inputs.unanswered(s, known, now, rc), now, rc)
    cands += R.thanks(inputs.engagements(s, known, now, rc), now, rc)
    cands += R.tasks(inputs.open_tasks(s, known, now), now, rc)
    invs = inputs.waiting_invitations(s, known, now, rc)
    cands += R.invitations(invs, now, rc)
    events = inputs.life_events(s, known, day, rc)
    cands += R.life_events(events, day, rc)
    # Circles: the strongest people (ranked in SQL) plus pins; everyone else is outside.
    placements = inputs.circle_placements(s, known, now, cfg.circles)
    overdue = [p.person_id for p in placements if p.overdue]
    channels = inputs.best_channels(s, overdue)
    # Someone waiting for an answer gets the answer, never a "how are things?" beside it:
    # answering is the touch (one action per person would otherwise pick either).
    waiting_for_me = {p for c in cands if c.kind == "inbound" for p in c.people}
    cands += [
        c
        for c in R.keep_in_touch(placements, inputs.who(known, channels, overdue), rc)
        if not waiting_for_me.intersection(c.people)
    ]
    asks, offers = inputs.asks_and_offers(s, known, now, rc)
    cands += introductions(asks, offers, now, rc)
    # Tasks are read for their person whether known or not: a promise to someone
    # blocked since is not planned either. (Every reason names people of `relevant`.)
    cands = [c for c in cands if held.keys().isdisjoint(c.people)]
    notes: dict[str, str] = {}
    for i in invs:
        if i.note:
            notes[f"note:invitation:{i.ref}"] = i.note
    for e in events:
        key = f"{e.kind}:{e.person_id}:{e.on.isoformat()}"
        notes[f"event:{key}"] = (
            f"your new role as {e.detail}"
            if e.kind == "job_change" and e.detail
            else ("your birthday" if e.kind == "birthday" else "your news")
        )
    offer_text = {o.person_id: o.text for o in offers}
    for a in asks:
        for c in cands:
            if c.kind == "introduce" and c.key.startswith(f"introduce:{a.ref}:"):
                notes[f"ask:{c.key}"] = a.text
                notes[f"offer:{c.key}"] = offer_text.get(c.people[1], "")
    return cands, notes, (known, cfg)


def _queued(s: Session, day: date) -> tuple[set[int], set[str]]:
    """People with an approved action not sent yet, and the keys of this day's items
    those actions came from (the item stays: it is what is being sent)."""
    from warmly.outbox.approve import QUEUED_STATES
    from warmly.store.models_outbox import Action

    people: set[int] = set()
    items: set[str] = set()
    for pid, item in s.execute(
        select(Action.person_id, Action.agenda_item_id).where(
            Action.state.in_(QUEUED_STATES), Action.person_id.is_not(None)
        )
    ):
        if pid is not None:
            people.add(pid)
        if item:
            items.add(item)
    keys = set(
        s.scalars(select(AgendaItem.key).where(AgendaItem.id.in_(items), AgendaItem.day == day))
    )
    return people, keys


def _excluded(s: Session, now: datetime, day: date) -> tuple[set[int], set[str]]:
    """People snoozed or already handled today, and reason keys acted on recently."""
    people = set(s.scalars(select(Snooze.person_id).where(Snooze.until > now)))
    keys: set[str] = set()
    recent = day - timedelta(days=RECENT_DONE_DAYS)
    for key, pid, status, d in s.execute(
        select(AgendaItem.key, AgendaItem.person_id, AgendaItem.status, AgendaItem.day).where(
            AgendaItem.status != "planned", AgendaItem.day >= recent
        )
    ):
        if d == day:
            people.add(pid)
            keys.add(key)
        elif status == "done":
            keys.add(key)
    return people, keys


def plan_day(
    ws: Workspace,
    day: date | None = None,
    minutes: int | None = None,
    now: datetime | None = None,
    headroom: Headroom | None = None,
) -> Plan:
    """Choose, place and draft today's actions, and store them as agenda items."""
    profile = ws.settings.profile
    tz = profile.zone()
    now = now or datetime.now(UTC)
    today = now.astimezone(tz).date()
    day = day or today
    if day < today:
        # Ages, tie states and snoozes are known as of now, not as of a past day.
        raise WarmlyError(
            f"{day} is past (today is {today} in {profile.timezone}); plan today or a later day"
        )
    if (day - today).days > PLAN_AHEAD_DAYS:
        raise WarmlyError(f"{day} is too far ahead; plan at most {PLAN_AHEAD_DAYS} days ahead")
    w0, w1 = local_window(day, *profile.hours(), tz)
    # A later day is planned as it will look when it starts: how long people
    # have waited, which windows are still open and which snoozes are over.
    as_of = now if day == today else w0
    budget = minutes if minutes is not None else profile.minutes_per_day
    with ws.writing() as s:
        # The budget is the day's: what was already done today spent part of it.
        spent = float(
            s.scalar(
                select(func.coalesce(func.sum(AgendaItem.minutes), 0)).where(
                    AgendaItem.day == day, AgendaItem.status == "done"
                )
            )
            or 0
        )
        cands, notes, (known, cfg) = collect(s, ws, as_of, day, budget)
        skip_people, skip_keys = _excluded(s, as_of, day)
        # Someone with a message approved and not sent yet is not offered another:
        # it would be a second message before the first went out.
        queued, sending = _queued(s, day)
        cands = [
            c
            for c in cands
            if c.key not in skip_keys
            and not (set(c.people) & skip_people)
            and (c.key in sending or queued.isdisjoint(c.people))
        ]
        room = headroom or _headroom(ws, s, cfg)
        sel = plan(cands, max(0, budget - math.ceil(spent)), room, day, cfg.planner)
        # Planned during the working day, less time may be left than the budget: said,
        # so that actions listed as not placed are understood. (Not a cap: after the
        # day ends the plan is laid out from its start, and a cap would leave a plan
        # made minutes before the end empty.)
        left_today = math.floor((w1 - now).total_seconds() / 60) if w0 < now < w1 else None
        # Planning after hours still lays the day out from its start.
        sched = place(
            sel.chosen, day, tz, profile.hours(), now if now < w1 else w0, room, cfg.schedule
        )
        at = {slot.candidate.key: slot.start for slot in sched.slots}
        ids = {p for c in sel.chosen for p in c.people}
        names = dict(
            s.execute(select(Person.id, Person.display_name).where(Person.id.in_(ids))).all()
        )
        drafts = drafts_for(s, sel.chosen, known, names, notes, tz)
        links = _links(s, sel.chosen)
        s.execute(delete(AgendaItem).where(AgendaItem.day == day, AgendaItem.status == "planned"))
        items = []
        # In time order by the instant: slots carry the zone, and Python compares two
        # times of one zone by wall clock, so 02:08 after clocks go back sorts first.
        latest = datetime.max.replace(tzinfo=UTC)
        for c in sorted(
            sel.chosen, key=lambda c: ((at.get(c.key) or latest).astimezone(UTC), c.key)
        ):
            iid = item_id(day, c.key)
            when = at.get(c.key)
            s.merge(
                AgendaItem(
                    id=iid,
                    day=day,
                    key=c.key,
                    person_id=c.person_id,
                    people=list(c.people),
                    reason=c.kind,
                    action=c.action,
                    platform=c.platform,
                    minutes=c.minutes,
                    value=c.value,
                    why=c.why,
                    draft=drafts[c.key],
                    link=links.get(c.key),
                    at=when,
                    status="planned",
                    created_at=now,
                )
            )
            items.append(
                PlanItem(
                    id=iid,
                    person={"id": c.person_id, "name": names.get(c.person_id, "")},
                    people=list(c.people),
                    platform=c.platform,
                    action=c.action,
                    reason=c.kind,
                    minutes=c.minutes,
                    value=round(c.value, 3),
                    why=c.why,
                    draft=drafts[c.key],
                    link=links.get(c.key),
                    at=when.isoformat() if when else None,
                )
            )
    return Plan(
        day=day.isoformat(),
        timezone=profile.timezone,
        minutes_budget=budget,
        minutes_planned=float(sum(i.minutes for i in items)),
        minutes_done=spent,
        value=round(sel.value, 3),
        method=sel.method,
        greedy_value=round(sel.greedy_value, 3),
        candidates=len(cands),
        items=items,
        unplaced=[{"person": names.get(c.person_id, ""), "why": why} for c, why in sched.unplaced],
        minutes_left_today=left_today,
        working_day_over=day == today and now >= w1,
    )


@dataclass(frozen=True)
class _Both:
    """The tighter of two headrooms: the pacing governor's and ``[planner.caps]``."""

    first: Headroom
    second: Headroom

    def remaining(self, platform: str, action: str, day: date) -> int | None:
        caps = [h.remaining(platform, action, day) for h in (self.first, self.second)]
        known = [c for c in caps if c is not None]
        return min(known) if known else None

    def earliest(self, platform: str, action: str, t: datetime) -> datetime | None:
        times = [h.earliest(platform, action, t) for h in (self.first, self.second)]
        known = [x for x in times if x is not None]
        return max(known) if known else None


def _headroom(ws: Workspace, s: Session, cfg: EngineConfigs) -> Headroom:
    """Caps and safe times from the pacing governor (minus what is approved and waiting)."""
    from warmly.pacing.governor import Governor
    from warmly.pacing.headroom import GovernorHeadroom
    from warmly.pacing.ledger import SqlView
    from warmly.pacing.policy import policies_for
    from warmly.store.models_outbox import Action

    pol = policies_for(ws.settings)
    waiting = {
        (platform, pol.kind(kind)): int(n)
        for platform, kind, n in s.execute(
            select(Action.platform, Action.kind, func.count())
            .where(Action.state == "approved")
            .group_by(Action.platform, Action.kind)
        )
    }
    governor = GovernorHeadroom(Governor(pol, SqlView(s.connection())), waiting)
    return _Both(governor, StaticHeadroom(cfg.caps))


def _links(s: Session, chosen: list[Candidate] | tuple[Candidate, ...]) -> dict[str, str]:
    from warmly.connectors.links import deep_link

    wanted = {c.person_id for c in chosen}
    idents: dict[tuple[int, str], Identity] = {}
    for ident in s.scalars(
        select(Identity).where(Identity.person_id.in_(wanted)).order_by(Identity.id)
    ):
        idents.setdefault((ident.person_id, ident.platform), ident)
    out = {}
    for c in chosen:
        found = idents.get((c.person_id, c.platform))
        if found is not None and not found.handle.startswith(("~", "#")):
            link = deep_link(c.platform, found.handle, found.external_id)
            if link:
                out[c.key] = link
    return out
