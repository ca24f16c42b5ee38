"""The agenda as an iCalendar file: one event per item, at its planned time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from icalendar import Calendar, Event

from warmly.agenda.service import Plan
from warmly.errors import WarmlyError


def plan_to_ics(plan: Plan, now: datetime) -> bytes:
    """An RFC 5545 calendar; items without a time are all-day events of the plan's day.

    Times are written in UTC ("...Z"). The plan's times carry a fixed offset, not a
    zone: icalendar would write it as TZID="UTC+01:00" with no VTIMEZONE, which RFC
    5545 forbids (3.2.19: every TZID needs a VTIMEZONE). DTSTAMP must be UTC (3.8.7.2).
    """
    cal = Calendar()
    cal.add("prodid", "-//warmly//agenda//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"warmly {plan.day}")
    for item in plan.items:
        ev = Event()
        ev.add("uid", f"{plan.day}-{item.id}@warmly")
        ev.add("dtstamp", now.astimezone(UTC))
        ev.add("summary", f"{item.action} {item.person['name']} ({item.platform})")
        desc = (
            f"{item.why}\n\nDraft:\n{item.draft}\n\nwarmly done {item.id} · warmly skip {item.id}"
        )
        ev.add("description", desc)
        if item.link:
            ev.add("url", item.link)
        if item.at:
            start = datetime.fromisoformat(item.at).astimezone(UTC)
            ev.add("dtstart", start)
            ev.add("dtend", start + timedelta(minutes=item.minutes))
        else:
            ev.add("dtstart", datetime.fromisoformat(plan.day).date())
        cal.add_component(ev)
    return bytes(cal.to_ical())


def write_ics(plan: Plan, path: Path, now: datetime) -> None:
    """Write :func:`plan_to_ics` to ``path``; a path that cannot be written is a WarmlyError."""
    try:
        path.write_bytes(plan_to_ics(plan, now))
    except OSError as exc:
        raise WarmlyError(
            f"--ics {path}: cannot write the calendar ({exc.strerror or exc}); "
            "the plan itself is saved"
        ) from exc
