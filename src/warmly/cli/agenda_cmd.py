"""``warmly plan``, ``done``, ``skip``, ``log``: today's minutes, well spent."""

from __future__ import annotations

import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Annotated

import typer

from warmly.cli.common import (
    HomeOpt,
    JsonOpt,
    action_on,
    hanging,
    open_workspace,
    out,
    print_json,
)


def register(app: typer.Typer) -> None:
    app.command("plan")(plan_command)
    app.command("done")(done_command)
    app.command("skip")(skip_command)
    app.command("log")(log_command)


def plan_command(
    day: Annotated[
        str | None, typer.Option("--date", help="Plan this day (YYYY-MM-DD; default today).")
    ] = None,
    minutes: Annotated[
        int | None,
        # The same bounds as profile.minutes_per_day: a day has 1,440 minutes.
        typer.Option(
            "--minutes",
            min=1,
            max=24 * 60,
            help="Time budget (default: profile.minutes_per_day).",
        ),
    ] = None,
    ics: Annotated[
        Path | None,
        typer.Option(
            "--ics", help="Also write the agenda as a calendar file ('-': print only the calendar)."
        ),
    ] = None,
    json_out: JsonOpt = False,
    home: HomeOpt = None,
) -> None:
    """Today's agenda: who deserves your minutes, why, and what to do for each.

    Chooses the most valuable actions that fit your minutes and each platform's
    daily caps (one per person), places them in your working hours, and gives
    each a starting draft about that person. Item ids are what `done` and
    `skip` take.
    """
    from rich.markup import escape as esc

    from warmly.agenda.service import plan_day

    try:
        d = date.fromisoformat(day) if day else None
    except ValueError as exc:
        raise typer.BadParameter(f"--date: {exc} (use YYYY-MM-DD)") from exc
    to_stdout = ics is not None and str(ics) == "-"
    if to_stdout and json_out:
        raise typer.BadParameter("--ics - and --json both write to stdout: give one of them")
    ws = open_workspace(home)
    p = plan_day(ws, d, minutes)
    if to_stdout:  # `warmly plan --ics - > today.ics`, or piped to a calendar tool
        from warmly.agenda.ics import plan_to_ics

        sys.stdout.buffer.write(plan_to_ics(p, datetime.now().astimezone()))
        return
    if ics is not None:
        from warmly.agenda.ics import write_ics

        write_ics(p, ics, datetime.now().astimezone())
    if json_out:
        print_json(p.as_dict())
        return
    spent = f", {p.minutes_done:g} min already done" if p.minutes_done else ""
    if p.minutes_left_today is not None and p.minutes_left_today < p.minutes_budget:
        spent += f", {p.minutes_left_today} left in today's working hours"
    out.print(
        f"[bold]{p.day}[/]: {len(p.items)} actions, {p.minutes_planned:g} of "
        f"{p.minutes_budget} min{spent} ({p.method}; {p.candidates} candidates)\n",
        markup=True,
    )
    for i in p.items:
        at = i.at[11:16] if i.at else "--:--"
        out.print(
            f"[bold]{i.id}[/]  {at}  [bold]{esc(i.person['name'])}[/] · "
            f"{action_on(i.action, i.platform)} · {i.minutes:g} min",
            markup=True,
        )
        out.print(hanging("        why:   ", i.why))
        # Soft-wrapped: inserted newlines would break a pasted draft or a clicked link.
        out.print(f"        draft: {i.draft}", soft_wrap=True)
        if i.link:
            out.print(f"        open:  {i.link}", soft_wrap=True)
    for u in p.unplaced:
        out.print(f"not placed: {u['person']}: {u['why']}")
    if p.working_day_over and p.items:
        tomorrow = date.fromisoformat(p.day) + timedelta(days=1)
        out.print(
            "Today's working hours are over: the times above are where today's plan put "
            f"these. `warmly plan --date {tomorrow}` plans tomorrow."
        )
    if not p.items:
        out.print("Nothing needs you today.")
    else:
        out.print("Mark with `warmly done ID [--note …]` or `warmly skip ID [--snooze 7d]`.")


def done_command(
    item: Annotated[str, typer.Argument(help="The item id from `warmly plan`.")],
    note: Annotated[
        str | None, typer.Option("--note", help="What you actually sent or did.")
    ] = None,
    home: HomeOpt = None,
) -> None:
    """Mark an agenda item done: recorded as an interaction, tie state updated at once."""
    from warmly.agenda.loop import done

    out.print(done(open_workspace(home), item, note))


def skip_command(
    item: Annotated[str, typer.Argument(help="The item id from `warmly plan`.")],
    snooze: Annotated[
        str | None,
        typer.Option("--snooze", help="Keep this person out of every plan for 12h, 7d, 2w, …"),
    ] = None,
    home: HomeOpt = None,
) -> None:
    """Skip an agenda item today (and optionally snooze the person)."""
    from warmly.agenda.loop import skip

    out.print(skip(open_workspace(home), item, snooze))


def log_command(
    person: Annotated[str, typer.Argument(help="An id, handle or name.")],
    platform: Annotated[
        str, typer.Option("--platform", help="offline, email, linkedin, x, ...")
    ] = "offline",
    kind: Annotated[
        str, typer.Option("--kind", help="call, meeting, message, email, note, ...")
    ] = "call",
    note: Annotated[str | None, typer.Option("--note", help="What it was about.")] = None,
    direction: Annotated[str, typer.Option("--direction", help="out (you) or in (they).")] = "out",
    at: Annotated[
        str | None,
        typer.Option("--at", help="When (ISO; no offset = profile timezone; default now)."),
    ] = None,
    home: HomeOpt = None,
) -> None:
    """Record an interaction outside the exports: a call, a coffee, a chat at an event."""
    from warmly.agenda.loop import log, parse_when
    from warmly.errors import WarmlyError

    ws = open_workspace(home)
    when = None
    if at:
        try:
            when = parse_when(at, ws.settings.profile.zone())
        except WarmlyError as exc:
            raise typer.BadParameter(str(exc), param_hint="--at") from exc
    out.print(log(ws, person, platform, kind, note, direction, when))
