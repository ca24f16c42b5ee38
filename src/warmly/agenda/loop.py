"""Closing the loop: ``done``, ``skip`` and ``log`` change what tomorrow's plan sees."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, tzinfo

from sqlalchemy import delete

from warmly.errors import NotFoundError, WarmlyError
from warmly.followthrough.service import close_by_message
from warmly.followthrough.tasks import WRITTEN_KINDS
from warmly.importers.records import KINDS, PLATFORMS
from warmly.ledger.manual import close_done, record_interaction
from warmly.ledger.queries import find_person
from warmly.store.models_agenda import AgendaItem, Snooze
from warmly.workspace import Workspace

# What doing an agenda action leaves in the ledger.
_ACTION_KIND = {
    "email": "email",
    "reply": "reply",
    "message": "message",
    "accept": "connection",
    "comment": "comment",
    "introduce": "message",
}
_DURATION = re.compile(r"^(\d+)\s*([hdw])$")
CLOCK_SKEW = timedelta(minutes=5)  # "now" on another device may run a little ahead


def parse_duration(text: str) -> timedelta:
    """``7d``, ``2w``, ``12h``: a positive length of time."""
    m = _DURATION.match(text.strip().lower())
    n = int(m.group(1)) if m else 0
    if not m or n == 0:  # "0d" would snooze nobody: a typo, not a wish
        raise WarmlyError(f"not a duration: {text!r} (use e.g. 12h, 7d, 2w)")
    try:
        return {"h": timedelta(hours=n), "d": timedelta(days=n), "w": timedelta(weeks=n)}[
            m.group(2)
        ]
    except OverflowError:
        raise WarmlyError(f"not a duration: {text!r} is too long") from None


def parse_when(text: str, tz: tzinfo) -> datetime:
    """An ISO date or time; without an offset it is the user's local time in ``tz``."""
    try:
        when = datetime.fromisoformat(text.strip())
    except ValueError:
        raise WarmlyError(
            f"not a time: {text!r} (use ISO, e.g. 2026-03-09 or 2026-03-09T14:30)"
        ) from None
    # The profile's zone, not the machine's: the agenda is planned in it too.
    return (when if when.tzinfo else when.replace(tzinfo=tz)).astimezone(UTC)


def _item(ws: Workspace, s: object, item_id: str) -> AgendaItem:
    item = s.get(AgendaItem, item_id.strip().lower())  # type: ignore[attr-defined]
    if item is None:
        raise NotFoundError(f"no agenda item {item_id!r}; see `warmly plan`")
    return item  # type: ignore[no-any-return]


def done(ws: Workspace, item_id: str, note: str | None = None, now: datetime | None = None) -> str:
    """Mark an item done: the interaction is recorded and the tie state updated at once."""
    now = now or datetime.now(UTC)
    with ws.writing() as s:
        item = _item(ws, s, item_id)
        if item.status == "done":
            return f"{item.id} was already done"
        kind = _ACTION_KIND.get(item.action, "message")
        for pid in item.people or [item.person_id]:
            record_interaction(
                s,
                person_id=pid,
                platform=item.platform,
                kind=kind,
                direction="out",
                at=now,
                source_key=f"warmly:done:{item.id}:{pid}",
                ties=ws.settings.ties,
                text=note or item.draft,
                tags="agenda",
            )
        close_done(s, item, now, note)  # first: the item's own task is "done", not "kept"
        if kind in WRITTEN_KINDS:
            for pid in item.people or [item.person_id]:
                close_by_message(s, pid, now, now)
        return f"done: {item.why}"


def skip(
    ws: Workspace, item_id: str, snooze: str | None = None, now: datetime | None = None
) -> str:
    """Skip an item today; with ``snooze`` keep the person out of plans that long."""
    now = now or datetime.now(UTC)
    length = parse_duration(snooze) if snooze else None
    with ws.writing() as s:
        item = _item(ws, s, item_id)
        if item.status == "done":
            # Done is recorded in the ledger; "skipped" would hide that it was acted on.
            return f"{item.id} was already done"
        item.status, item.closed_at = "skipped", now
        if length is not None:
            try:
                until = now + length
            except OverflowError:
                raise WarmlyError(f"--snooze {snooze}: too long for the calendar") from None
            for pid in item.people or [item.person_id]:
                # The newest snooze is the user's word: a shorter one ends an earlier,
                # longer one rather than hiding under it.
                s.execute(delete(Snooze).where(Snooze.person_id == pid, Snooze.until > now))
                s.add(
                    Snooze(person_id=pid, until=until, reason=f"skipped {item.id}", created_at=now)
                )
            # In the profile's zone, like the plan's times and `warmly log`.
            local = until.astimezone(ws.settings.profile.zone())
            return f"skipped {item.id}; snoozed until {local:%Y-%m-%d %H:%M %Z}"
        return f"skipped {item.id} for today"


def log(
    ws: Workspace,
    person: str,
    platform: str,
    kind: str,
    note: str | None = None,
    direction: str = "out",
    at: datetime | None = None,
    now: datetime | None = None,
) -> str:
    """Record an interaction that happened outside the exports (a call, a coffee).

    Not in the future: the tie state decays from its last interaction, so one
    dated next year would keep the person "just contacted" until then.
    """
    if platform not in PLATFORMS:
        raise WarmlyError(f"unknown platform {platform!r}; one of {', '.join(PLATFORMS)}")
    if kind not in KINDS:
        raise WarmlyError(f"unknown kind {kind!r}; one of {', '.join(KINDS)}")
    if direction not in ("in", "out"):
        raise WarmlyError("direction is 'in' or 'out'")
    now = now or datetime.now(UTC)
    when = at or now
    tz = ws.settings.profile.zone()
    if when > now + CLOCK_SKEW:
        raise WarmlyError(
            f"--at {when.astimezone(tz):%Y-%m-%d %H:%M %Z} is in the future; "
            "log what already happened"
        )
    with ws.writing() as s:
        p = find_person(s, person)
        key = f"warmly:log:{p.id}:{platform}:{kind}:{when.isoformat()}"
        record_interaction(
            s,
            person_id=p.id,
            platform=platform,
            kind=kind,
            direction=direction,
            at=when,
            source_key=key,
            ties=ws.settings.ties,
            text=note,
            tags="logged",
        )
        if direction == "out" and kind in WRITTEN_KINDS:
            close_by_message(s, p.id, when, now)
        local = when.astimezone(tz)
        return f"logged {kind} with {p.display_name} on {platform} at {local:%Y-%m-%d %H:%M %Z}"
