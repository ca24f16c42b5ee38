"""Place the chosen actions in time, inside working hours, with spacing.

All arithmetic happens in UTC and only the window's ends are local wall-clock
times, so DST days are handled: on a 23-hour day the window is an hour shorter,
never negative or duplicated. Lower bounds on each start: the window start (or
now), the action's ``not_before``, ``same_platform_gap_minutes`` after the last
action on the same platform (bursts look automated: docs/platform-limits.md), and the
pacing governor's ``Headroom.earliest``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from warmly.engine.candidate import Candidate
from warmly.engine.planner import Headroom, StaticHeadroom


@dataclass(frozen=True, slots=True)
class ScheduleConfig:
    """Spacing rules (``[planner]``)."""

    gap_minutes: int = 1  # breathing room between any two actions
    same_platform_gap_minutes: int = 10


@dataclass(frozen=True, slots=True)
class Slot:
    """One placed action; times are aware, in the user's timezone."""

    candidate: Candidate
    start: datetime
    end: datetime


@dataclass(frozen=True, slots=True)
class DaySchedule:
    slots: tuple[Slot, ...]
    unplaced: tuple[tuple[Candidate, str], ...]


def local_window(day: date, start: time, end: time, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """The working window of ``day`` as UTC instants (nonexistent local times move later)."""
    a = datetime.combine(day, start, tzinfo=tz).astimezone(UTC)
    b = datetime.combine(day, end, tzinfo=tz).astimezone(UTC)
    return a, b


def _earliest_start(
    c: Candidate,
    cursor: datetime,
    last_on: dict[str, datetime],
    headroom: Headroom,
    cfg: ScheduleConfig,
) -> datetime:
    t = cursor
    if c.not_before is not None:
        t = max(t, c.not_before.astimezone(UTC))
    if c.platform in last_on:
        t = max(t, last_on[c.platform] + timedelta(minutes=cfg.same_platform_gap_minutes))
    e = headroom.earliest(c.platform, c.action, t)
    return t if e is None else max(t, e.astimezone(UTC))


_NO_LIMITS = StaticHeadroom()  # the day's own constraints alone: gaps, the window


def place(
    chosen: Sequence[Candidate],
    day: date,
    tz: ZoneInfo,
    hours: tuple[time, time],
    now: datetime,
    headroom: Headroom,
    cfg: ScheduleConfig = ScheduleConfig(),
) -> DaySchedule:
    """List scheduling: repeatedly place the action that can start soonest.

    Ties go to the more valuable action. An action that cannot end inside the
    window is reported in ``unplaced`` with the reason, never squeezed in.
    """
    w0, w1 = local_window(day, hours[0], hours[1], tz)
    cursor = max(w0, now.astimezone(UTC))
    left = sorted(chosen, key=lambda c: (-c.value, c.key))
    last_on: dict[str, datetime] = {}
    slots: list[Slot] = []
    unplaced: list[tuple[Candidate, str]] = []
    while left:
        best: tuple[datetime, int] | None = None
        for i, c in enumerate(left):
            s = _earliest_start(c, cursor, last_on, headroom, cfg)
            if s + timedelta(minutes=c.minutes) > w1:
                continue
            if best is None or s < best[0]:
                best = (s, i)
        if best is None:
            end_local = w1.astimezone(tz).strftime("%H:%M")
            for c in left:
                s = _earliest_start(c, cursor, last_on, headroom, cfg)
                # The pacing rules only matter when the day itself had room for it.
                free = _earliest_start(c, cursor, last_on, _NO_LIMITS, cfg)
                why = (
                    f"not safe before {s.astimezone(tz):%H:%M}"
                    if s >= w1 and free + timedelta(minutes=c.minutes) <= w1
                    else f"no room left before {end_local}"
                )
                unplaced.append((c, why))
            break
        s, i = best
        c = left.pop(i)
        e = s + timedelta(minutes=c.minutes)
        slots.append(Slot(c, s.astimezone(tz), e.astimezone(tz)))
        last_on[c.platform] = e
        cursor = e + timedelta(minutes=cfg.gap_minutes)
    return DaySchedule(tuple(slots), tuple(unplaced))
