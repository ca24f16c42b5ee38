"""``warmly people`` and ``warmly show``: who is in the ledger."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from datetime import UTC, datetime, tzinfo
from typing import TYPE_CHECKING, Annotated

import typer

from warmly.cli.common import HomeOpt, JsonOpt, hanging, open_workspace, out, print_json
from warmly.importers.records import DATE_ONLY

if TYPE_CHECKING:
    from warmly.ledger.queries import IdentityView

# How a merge was decided (``MergeEvent.decided_by``), in words.
_DECIDED = {
    "auto": "automatically",
    "import": "by an import",
    "user": "by you",
    "owner": "as you (warmly.toml)",
}


def register(app: typer.Typer) -> None:
    app.command("people")(people_command)
    app.command("show")(show_command)
    app.command("unblock")(unblock_command)


def people_command(
    search: Annotated[
        str | None, typer.Option("--search", "-s", help="Filter by name or handle.")
    ] = None,
    limit: Annotated[
        int | None, typer.Option("--limit", min=0, help="Show at most N people (0: all).")
    ] = None,
    show_all: Annotated[
        bool,
        typer.Option(
            "--all",
            help="Also list the accounts known only by an id, with no interaction "
            "(followers, follows, blocks an X archive names by id alone).",
        ),
    ] = False,
    json_out: JsonOpt = False,
    home: HomeOpt = None,
) -> None:
    """List people (one row per human, however many networks they are on)."""
    from rich.table import Table

    from warmly.ledger.queries import count_id_only, count_people, list_people

    ws = open_workspace(home)
    # Scripts (--json) and searches get everyone; the table leaves out bare ids.
    everyone = show_all or json_out or bool(search)
    with ws.sessions() as s:
        people = list_people(s, search, limit, everyone=everyone)
        total = (
            count_people(s, search, everyone=everyone)
            if limit and len(people) == limit
            else len(people)
        )
        hidden = 0 if everyone else count_id_only(s)
    if json_out:
        print_json([p.as_dict() for p in people])
        return
    if not people:
        empty = "No people yet: import exports with `warmly import PATH…`, or try `warmly demo`."
        out.print(f"Nobody matches {search!r}." if search else empty)
        if hidden:
            out.print(_id_only_line(hidden))
        return
    count = "1 person" if total == 1 else f"{total:,} people"
    if total > len(people):
        count += f", the first {len(people):,} shown (`--limit 0` lists all)"
    table = Table(title=count, title_justify="left")
    for col in ("id", "name", "organisation", "networks", "interactions", "last contact"):
        table.add_column(col, justify="right" if col in ("id", "interactions") else "left")
    for p in people:
        nets = ", ".join(sorted({i.platform for i in p.identities}))
        table.add_row(
            str(p.id),
            p.name or _unnamed(p.identities),
            p.organisation or "",
            nets,
            str(p.interactions),
            (p.last_at or "")[:10],
        )
    out.print(table)
    if hidden:
        out.print(_id_only_line(hidden))


def _id_only_line(n: int) -> str:
    accounts = "1 account" if n == 1 else f"{n:,} accounts"
    return (
        f"Not listed: {accounts} known only by an id, with no interaction yet (followers, "
        "follows, blocks an X archive names by id alone); `--all` lists them."
    )


def _unnamed(identities: Sequence[IdentityView]) -> str:
    """What stands for a person no source named: an X account known by its id, a
    LinkedIn member whose profile is hidden."""
    from warmly.importers.linkedin_messages import HIDDEN_ID_PREFIX

    for i in identities:
        if i.handle.startswith(f"id:{HIDDEN_ID_PREFIX}"):
            return "(a hidden LinkedIn member)"
        if i.handle:
            return f"({i.platform} {i.handle})"
    return "(no name)"


def unblock_command(
    person: Annotated[str, typer.Argument(help="An id, a handle, or a name from `warmly people`.")],
    network: Annotated[
        str | None,
        typer.Option("--network", help="Only the block or mute on this network (x, mastodon…)."),
    ] = None,
    home: HomeOpt = None,
) -> None:
    """Lift the blocks and mutes that keep PERSON out of plans and triage."""
    from warmly.agenda.do_not_contact import lift
    from warmly.ledger.queries import find_person

    ws = open_workspace(home)
    with ws.sessions.begin() as s:
        p = find_person(s, person)
        name = p.display_name or f"person {p.id}"
        lifted = lift(s, p.id, network.lower() if network else None)
    if not lifted:
        where = f" on {network}" if network else ""
        out.print(f"{name} ({p.id}) is not blocked or muted{where}: nothing to lift.")
        return
    what = "; ".join(h.why for h in lifted)
    out.print(f"{name} ({p.id}): lifted {what}. `warmly plan` may suggest them again.")


def _day(stamp: object, zone: tzinfo) -> str:
    """The calendar day of a stored UTC time in the user's zone (``-`` if none)."""
    if not stamp:
        return "-"
    when = datetime.fromisoformat(str(stamp))
    return f"{(when if when.tzinfo else when.replace(tzinfo=UTC)).astimezone(zone):%Y-%m-%d}"


def _birthday(iso: str) -> str:
    """A birthday as written; 1604, the year contact files give one without a year,
    is not shown as if it were one."""
    from warmly.importers.vcard_syntax import NO_YEAR

    when = datetime.fromisoformat(iso)
    return f"{when:%d %B} (no year given)" if when.year == NO_YEAR else f"{when:%d %B %Y}"


def show_command(
    person: Annotated[str, typer.Argument(help="An id, a handle, or a name from `warmly people`.")],
    timeline: Annotated[
        int, typer.Option("--timeline", min=0, help="How many interactions to list.")
    ] = 20,
    json_out: JsonOpt = False,
    home: HomeOpt = None,
) -> None:
    """Show one person: identities, blocks and mutes, jobs, tie state and recent interactions."""
    from rich.markup import escape as esc
    from rich.table import Table

    from warmly.agenda.standing import standing
    from warmly.ledger.queries import person_detail

    ws = open_workspace(home)
    with ws.sessions() as s:
        d = person_detail(s, person, ws.settings.ties, timeline=timeline)
        st = standing(ws, s, d.id)
    if json_out:
        print_json({**d.as_dict(), **st})
        return
    head = f"[bold]{esc(d.name or _unnamed(d.identities))}[/] (id {d.id})"
    if d.title or d.organisation:
        head += esc(
            f" — {d.title or ''}{' at ' if d.title and d.organisation else ''}"
            f"{d.organisation or ''}"
        )
    out.print(head, markup=True)
    for i in d.identities:
        out.print(f"  {i.platform:9} {i.handle or '(name only)'}  {i.name or ''}")
    if st["do_not_contact"]:
        # The user's own block or mute, on whichever network: the whole person is left out.
        held = "; ".join(h["why"] for h in st["do_not_contact"])
        why = f"{held} — `warmly plan` never suggests them (`warmly unblock {d.id}` lifts it)"
        out.print(hanging("do not contact: ", why, "    "))
    # Every merge says who decided it, how sure, and why (undone by `warmly unmerge`).
    for m in d.merges:
        how = _DECIDED.get(m["decided_by"], f"by {m['decided_by']}")
        sure = f", confidence {m['confidence']:.2f}" if m["confidence"] is not None else ""
        out.print(f"merged in: {m['name']} ({m['person']}) {how}{sure}")
        for reason in m["reasons"]:
            out.print(hanging("  ", reason, "    "))
    if d.merges:
        out.print(f"(undo a merge with `warmly unmerge ID`, e.g. {d.merges[-1]['person']})")
    if d.birthday:
        out.print(f"birthday: {_birthday(d.birthday)}")
    if d.tags:
        out.print(f"tags: {', '.join(d.tags)}")
    for p in d.positions[:5]:
        title = f"{p['title']} at " if p["title"] else ""
        out.print(f"  job: {title}{p['organisation']}")
    zone = ws.settings.profile.zone()  # every time shown in the user's own zone
    if d.tie:
        t = d.tie
        out.print(
            hanging(
                "tie: ",
                f"{t['interactions_in']} in / {t['interactions_out']} out, "
                f"last {_day(t['last_at'], zone)}, first {_day(t['first_at'], zone)}, "
                f"decayed in {t['decayed_in']:.1f} / out {t['decayed_out']:.1f} "
                f"(half-life {t['half_life_days']:g} d), networks: {', '.join(t['networks'])}",
                "    ",
            )
        )
    if st["strength"]:
        out.print(f"strength {st['strength']['score']:.2f}:")
        for line in st["strength"]["explain"]:
            out.print(hanging("  ", line, "      "))
        c = st["circle"]
        where = f"circle: {c['name']}" + (" (pinned)" if c["pinned"] else "")
        out.print(hanging(f"{where} — ", c["why"], "    ") if c.get("why") else where)
        if c["layer"] is not None:  # outside the circles no clock runs
            state = "at risk" if c["at_risk"] else "overdue" if c["overdue"] else "in touch"
            if c["reasons"]:
                why = "; ".join(c["reasons"])
            else:
                due = _day(c["due_at"], zone) if c["due_at"] else "now"
                why = f"next by {due} (every {c['cadence_days']:g} days in {c['name']})"
            out.print(hanging("keep in touch: ", f"{state} — {why}", "    "))
    if d.timeline:
        # In the user's own zone, as `warmly log --at` reads times and `plan` shows them.
        table = Table(title="recent interactions", title_justify="left")
        for col in (f"when ({zone.key})", "network", "kind", "dir", "text"):
            table.add_column(col)
        for e in d.timeline:
            text = (e["subject"] + ": " if e["subject"] else "") + (e["text"] or "")
            when = datetime.fromisoformat(e["at"]).astimezone(zone)
            # A day the source gave without a time (LinkedIn's "Connected On").
            shown = (
                f"{when:%Y-%m-%d}" if DATE_ONLY in e.get("tags", []) else f"{when:%Y-%m-%d %H:%M}"
            )
            table.add_row(
                shown,
                e["platform"],
                e["kind"],
                "both" if e["direction"] == "mut" else e["direction"],
                # whole words: "Best, Jord" read as a typo of the sender's
                textwrap.shorten(text, 80, placeholder=" …"),
            )
        out.print(table)
