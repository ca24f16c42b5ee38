"""Reasons to act: typed facts in (filled from SQL by the caller), candidates out.

One function per reason kind. Values are relative (only their ratios matter to
the planner); each is ``base × urgency × (floor + (1 − floor) · strength)`` so a
stronger tie is worth more without silencing weak ones. Introductions (giver
actions) live in :mod:`warmly.engine.reasons_giver`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from warmly.engine.candidate import ActionKind, Candidate
from warmly.engine.circles import Placement


@dataclass(frozen=True, slots=True)
class ReasonsConfig:
    """Base values, time windows and minutes per reason kind (``[reasons]``)."""

    strength_floor: float = 0.3
    inbound_value: float = 10.0
    inbound_peak_days: float = 7.0  # urgency grows to 2× as the sender keeps waiting
    inbound_stale_days: float = 60.0  # past this, half value: a late answer still helps
    thanks_value: float = 4.0
    thanks_window_days: float = 7.0  # a thank-you weeks later reads as automated
    task_value: float = 12.0
    task_horizon_days: float = 1.0  # tasks due within this show up
    task_overdue_boost: float = 1.5
    keep_value: tuple[float, ...] = (8.0, 6.0, 4.0, 3.0, 2.0)  # per circle layer
    keep_risk_boost: float = 1.5
    invitation_value: float = 3.0
    invitation_note_boost: float = 1.5
    invitation_stale_days: float = 30.0
    birthday_value: float = 5.0
    birthday_window_days: int = 2  # on the day, or up to this many days late
    job_change_value: float = 5.0
    job_change_window_days: int = 30
    introduce_value: float = 6.0
    introduce_min_strength: float = 0.3  # only introduce people you know both of
    introduce_window_days: float = 30.0
    minutes_message: int = 3
    minutes_email: int = 4
    minutes_reply: int = 2
    minutes_accept: int = 1
    minutes_task: int = 10
    minutes_introduce: int = 8


def tie_factor(strength: float, cfg: ReasonsConfig) -> float:
    """``floor + (1 − floor)·strength``, strength clamped to [0, 1]."""
    s = min(1.0, max(0.0, strength))
    return cfg.strength_floor + (1 - cfg.strength_floor) * s


def ago(days: float) -> str:
    """'today', 'yesterday', '5 days ago'."""
    d = int(days)
    return "today" if d <= 0 else "yesterday" if d == 1 else f"{d} days ago"


def _days(later: datetime, earlier: datetime) -> float:
    return max(0.0, (later - earlier).total_seconds() / 86400.0)


def _hours_or_days(days: float) -> str:
    """'6 hours', '1 day', '3 days': hours under a day, where "today" could be tomorrow."""
    if days < 1:
        hours = max(1, round(days * 24))
        return f"{hours} hour{'s' if hours != 1 else ''}"
    d = int(days)
    return f"{d} day{'s' if d != 1 else ''}"


def _in(days: float) -> str:
    return "within the hour" if days * 24 < 1 else f"in {_hours_or_days(days)}"


def channel(platform: str, cfg: ReasonsConfig) -> tuple[ActionKind, int]:
    """The private-message action and its minutes on a platform."""
    if platform == "email":
        return "email", cfg.minutes_email
    return "message", cfg.minutes_message


@dataclass(frozen=True, slots=True)
class Inbound:
    """The last inbound message of a thread with no later outbound one."""

    ref: str
    person_id: int
    name: str
    platform: str
    received_at: datetime
    strength: float
    topic: str | None = None


def unanswered(items: Iterable[Inbound], now: datetime, cfg: ReasonsConfig) -> list[Candidate]:
    """Answer people who wrote and are waiting, sooner the longer they wait."""
    out = []
    for m in items:
        age = _days(now, m.received_at)
        urgency = 1.0 + min(age, cfg.inbound_peak_days) / cfg.inbound_peak_days
        if age > cfg.inbound_stale_days:
            urgency = 0.5
        action, minutes = channel(m.platform, cfg)
        about = f" about {m.topic}" if m.topic else ""
        out.append(
            Candidate(
                f"inbound:{m.ref}",
                "inbound",
                action,
                m.platform,
                (m.person_id,),
                cfg.inbound_value * urgency * tie_factor(m.strength, cfg),
                minutes,
                f"{m.name} wrote to you on {m.platform} {ago(age)}{about} "
                "and is waiting for an answer.",
                m.ref,
            )
        )
    return out


@dataclass(frozen=True, slots=True)
class Engagement:
    """Someone shared, replied to, commented on or mentioned the user's post."""

    ref: str
    person_id: int
    name: str
    platform: str
    kind: str  # share | reply | comment | mention
    at: datetime
    strength: float
    post: str | None = None  # title or first words of the user's post


_VERB = {
    "share": "shared",
    "reply": "replied to",
    "comment": "commented on",
    "mention": "mentioned",
}


def thanks(items: Iterable[Engagement], now: datetime, cfg: ReasonsConfig) -> list[Candidate]:
    """One individual thank-you per person, for their latest engagement in the window.

    Never one per engagement: bulk thank-yous got an account suspended
    (docs/platform-limits.md, X automation rules).
    """
    latest: dict[int, Engagement] = {}
    count: dict[int, int] = {}
    for e in items:
        if _days(now, e.at) > cfg.thanks_window_days:
            continue
        count[e.person_id] = count.get(e.person_id, 0) + 1
        if e.person_id not in latest or e.at > latest[e.person_id].at:
            latest[e.person_id] = e
    out = []
    for pid, e in latest.items():
        fresh = 1.0 - 0.5 * _days(now, e.at) / cfg.thanks_window_days
        what = f"your post “{e.post}”" if e.post else "your post"
        more = f" ({count[pid]} times this week)" if count[pid] > 1 else ""
        out.append(
            Candidate(
                f"thanks:{e.ref}",
                "thanks",
                "reply",
                e.platform,
                (pid,),
                cfg.thanks_value * fresh * tie_factor(e.strength, cfg),
                cfg.minutes_reply,
                f"{e.name} {_VERB.get(e.kind, 'engaged with')} {what} on {e.platform} "
                f"{ago(_days(now, e.at))}{more}: thank them personally.",
                e.ref,
            )
        )
    return out


@dataclass(frozen=True, slots=True)
class Task:
    """A task or a promise the user made ("I'll send you the JD Friday")."""

    ref: str
    person_id: int
    name: str
    platform: str
    text: str
    due_at: datetime
    minutes: int | None = None
    kind: str = "promise"  # promise | question (theirs, unanswered) | manual


def _task_why(t: Task, when: str) -> str:
    # Only a promise was the user's word; a question was theirs, a manual task a note.
    if t.kind == "question":
        return f"{t.name} asked you: “{t.text}”, still unanswered, which {when}."
    if t.kind == "promise":
        return f"You promised {t.name}: “{t.text}”, which {when}."
    return f"Your task for {t.name}: “{t.text}”, which {when}."


def tasks(items: Iterable[Task], now: datetime, cfg: ReasonsConfig) -> list[Candidate]:
    """Tasks due within the horizon; overdue ones weigh more (follow through)."""
    out = []
    for t in items:
        until = (t.due_at - now).total_seconds() / 86400.0
        if until > cfg.task_horizon_days:
            continue
        overdue = until < 0
        when = f"was due {_hours_or_days(-until)} ago" if overdue else f"is due {_in(until)}"
        action, _ = channel(t.platform, cfg)
        out.append(
            Candidate(
                f"task:{t.ref}",
                "task",
                action,
                t.platform,
                (t.person_id,),
                cfg.task_value * (cfg.task_overdue_boost if overdue else 1.0),
                t.minutes or cfg.minutes_task,
                _task_why(t, when),
                t.ref,
            )
        )
    return out


@dataclass(frozen=True, slots=True)
class Who:
    """Name and preferred channel (the platform last used with them)."""

    name: str
    platform: str


def keep_in_touch(
    placements: Sequence[Placement], who: Mapping[int, Who], cfg: ReasonsConfig
) -> list[Candidate]:
    """Check in with people past their circle's cadence; at risk weighs more."""
    out = []
    for p in placements:
        if p.layer is None or not p.overdue or p.person_id not in who:
            continue
        w = who[p.person_id]
        base = cfg.keep_value[min(p.layer, len(cfg.keep_value) - 1)]
        over = 1.0
        if p.silent_days is not None and p.cadence_days:
            over = p.silent_days / p.cadence_days
        value = base * min(over, 3.0) * (cfg.keep_risk_boost if p.at_risk else 1.0)
        action, minutes = channel(w.platform, cfg)
        why = "; ".join(p.reasons) or "due"
        risk = "at risk of fading" if p.at_risk else "overdue for a check-in"
        out.append(
            Candidate(
                f"keep:{p.person_id}",
                "keep_in_touch",
                action,
                w.platform,
                (p.person_id,),
                value,
                minutes,
                f"{w.name} ({p.name} circle) is {risk}: {why}.",
            )
        )
    return out


@dataclass(frozen=True, slots=True)
class Invitation:
    """A connection invitation the user received and has not answered."""

    ref: str
    person_id: int
    name: str
    platform: str
    received_at: datetime
    strength: float
    note: str | None = None


def invitations(items: Iterable[Invitation], now: datetime, cfg: ReasonsConfig) -> list[Candidate]:
    """Answer waiting invitations; a personal note earns more attention."""
    out = []
    for i in items:
        age = _days(now, i.received_at)
        if age > cfg.invitation_stale_days:
            continue
        boost = cfg.invitation_note_boost if i.note else 1.0
        note = f" with a note: “{i.note}”" if i.note else ""
        out.append(
            Candidate(
                f"invitation:{i.ref}",
                "invitation",
                "accept",
                i.platform,
                (i.person_id,),
                cfg.invitation_value * boost * tie_factor(i.strength, cfg),
                cfg.minutes_accept,
                f"{i.name} invited you on {i.platform} {ago(age)}{note}: accept or decline.",
                i.ref,
            )
        )
    return out


@dataclass(frozen=True, slots=True)
class LifeEvent:
    """A birthday (``on`` = date of birth, any year) or a job change (``on`` = start)."""

    person_id: int
    name: str
    platform: str
    kind: str  # birthday | job_change
    on: date
    strength: float
    detail: str | None = None  # e.g. "Head of Data at Acme"


def _anniversary(born: date, year: int) -> date:
    # 29 February birthdays are celebrated on 28 February in common years.
    try:
        return born.replace(year=year)
    except ValueError:
        return date(year, 2, 28)


def life_events(items: Iterable[LifeEvent], today: date, cfg: ReasonsConfig) -> list[Candidate]:
    """Birthdays (on the day or a little late) and recent job changes."""
    out = []
    for e in items:
        if e.kind == "birthday":
            late = min(
                (today - _anniversary(e.on, y)).days
                for y in (today.year - 1, today.year)
                if _anniversary(e.on, y) <= today
            )
            if late > cfg.birthday_window_days:
                continue
            base, what = cfg.birthday_value, f"had a birthday {ago(late)}"
            if late == 0:
                what = "has a birthday today"
        elif e.kind == "job_change":
            late = (today - e.on).days
            if not 0 <= late <= cfg.job_change_window_days:
                continue
            base = cfg.job_change_value
            what = f"started {'as ' + e.detail if e.detail else 'a new job'} {ago(late)}"
        else:
            continue
        action, minutes = channel(e.platform, cfg)
        out.append(
            Candidate(
                f"{e.kind}:{e.person_id}:{e.on.isoformat()}",
                "life_event",
                action,
                e.platform,
                (e.person_id,),
                base * tie_factor(e.strength, cfg),
                minutes,
                f"{e.name} {what}: congratulate them.",
            )
        )
    return out
