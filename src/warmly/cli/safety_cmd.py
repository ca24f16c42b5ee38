"""``warmly limits``, ``approve``, ``send`` and ``simulate``: account safety."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from typing import Annotated

import typer

from warmly.cli.common import HomeOpt, JsonOpt, err, open_workspace, out, print_json


def register(app: typer.Typer) -> None:
    app.command("limits")(limits_command)
    app.command("approve")(approve_command)
    app.command("send")(send_command)
    app.command("simulate")(simulate_command)


def _now() -> datetime:
    return datetime.now(UTC)


def limits_command(json_out: JsonOpt = False, home: HomeOpt = None) -> None:
    """Every platform's limits: used / limit per window, next safe time, rule and source."""
    from rich.table import Table

    from warmly.outbox.service import limits

    rows = limits(open_workspace(home), _now())
    if json_out:
        print_json(rows)
        return
    table = Table(
        title="pacing limits",
        title_justify="left",
        caption="rules: warmly's policies.toml, overridden by [pacing] in warmly.toml",
        caption_justify="left",
    )
    for col in ("platform", "action", "used / limit", "next safe", "rule", "source"):
        # Wrapped, never cut to "linkedin.in…": the rule and its source are the point.
        table.add_column(col, overflow="fold")
    for r in rows:
        use = ", ".join(f"{w['used']}/{w['limit']} per {w['per']}" for w in r["windows"])
        nxt = (
            "never"
            if r["never"]
            else "now"
            if r["allowed_now"]
            else f"{r['next_safe']:%Y-%m-%d %H:%M} UTC"
        )
        table.add_row(r["platform"], r["action"], use or "-", nxt, r["rule"], r["source"])
    out.print(table)


def approve_command(
    item: Annotated[str, typer.Argument(help="An action id, or an agenda item id.")],
    override: Annotated[
        str | None,
        typer.Option("--override", help="Approve despite the guard; the reason is kept."),
    ] = None,
    text: Annotated[
        str | None,
        typer.Option("--text", help="Your text instead of the draft ('-' reads stdin)."),
    ] = None,
    json_out: JsonOpt = False,
    home: HomeOpt = None,
) -> None:
    """Approve an action (or an agenda item) for sending, after the outbound guard.

    A starting draft's placeholders ("\\[your answer]") are yours to fill: give the
    whole text with --text; the guard judges that text.
    """
    from warmly.outbox.service import approve_item

    if text == "-":
        text = sys.stdin.read()
    res = approve_item(open_workspace(home), item, _now(), override, text=text)
    if json_out:
        print_json(res)
        return
    out.print(
        f"approved action {res['id']} ({res['platform']} {res['action']})"
        + (f", guard overridden: {res['override']}" if res["override"] else "")
    )


def send_command(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Only say what would be sent now.")
    ] = False,
    confirm: Annotated[
        int | None,
        typer.Option("--confirm", help="Record that you did action ID (assisted/uncertain)."),
    ] = None,
    retry: Annotated[
        int | None, typer.Option("--retry", help="Action ID did NOT go out: queue it again.")
    ] = None,
    cancel: Annotated[
        int | None,
        typer.Option("--cancel", help="Never send action ID (approved, not sent yet)."),
    ] = None,
    json_out: JsonOpt = False,
    home: HomeOpt = None,
) -> None:
    """Send approved actions that are safe now; assisted ones print a link and the draft."""
    from warmly.outbox.service import mark, send

    given = [x for x in (confirm, retry, cancel) if x is not None]
    if dry_run and given:
        err("--dry-run changes nothing: give it alone, or one of --confirm, --retry, --cancel")
        raise typer.Exit(2)
    if len(given) > 1:
        err("give one of --confirm ID, --retry ID or --cancel ID, not several")
        raise typer.Exit(2)
    if given:
        res = mark(open_workspace(home), _now(), confirm=confirm, retry=retry, cancel=cancel)
        print_json(res) if json_out else out.print(f"action {res['id']} is now {res['state']}")
        return
    res = send(open_workspace(home), _now(), dry_run)
    if json_out:
        print_json(res)
        return
    if dry_run:
        if not res["would"]:
            out.print("Nothing would be sent: no approved action is waiting (`warmly approve ID`).")
        for w in res["would"]:
            when = "now" if w["allowed"] else f"not before {w['not_before']} ({w['rule']})"
            if w["assisted_why"]:
                when += f", by you (assisted: {w['assisted_why']})"
            out.print(
                f"{w['id']:>6} {w['platform']:9} {w['action']:8} {w['recipient'] or ''}: {when}"
            )
        return
    shown = ("sent", "failed", "retrying", "assisted", "blocked", "uncertain", "held", "pending")
    if not any(res[k] for k in shown) and not res["recovered"]["uncertain"]:
        out.print("Nothing to send: no approved action is waiting (`warmly approve ID`).")
        return
    out.print(
        f"sent {len(res['sent'])}, failed {len(res['failed'])}, retrying {len(res['retrying'])}"
    )
    # `out` prints without markup (drafts may hold [brackets]): plain text only here.
    for aid, why in res["failed"]:
        out.print(f"action {aid} failed: {why}")
    for aid, why in res["retrying"]:
        out.print(f"action {aid} will be retried: {why}")
    for aid, why in res["held"]:
        out.print(f"action {aid} {why}")
    for aid, link, draft, why in res["assisted"]:
        if why:  # a bare link leaves the user guessing why warmly did not send it
            out.print(f"action {aid} is assisted: {why}")
        # Soft-wrapped: a link or draft broken by inserted newlines cannot be clicked or pasted.
        out.print(f"action {aid}: do it here: {link}", soft_wrap=True)
        out.print(draft, soft_wrap=True)
        out.print(f"then: warmly send --confirm {aid}")
    for group, d in res["blocked"].items():
        nb = d["not_before"]
        out.print(
            f"{group}: {f'not before {nb:%Y-%m-%d %H:%M} UTC' if nb else 'never'} ({d['rule']})"
        )
    for aid, why in res["uncertain"] + res["recovered"]["uncertain"]:
        out.print(f"action {aid}: {why}")
    assisted = {a[0] for a in res["assisted"]}
    for p in res["pending"]:
        when = f", not before {p['not_before']:%Y-%m-%d %H:%M} UTC" if p["not_before"] else ""
        # Said once per run: an action assisted in this pass already printed its reason.
        why = (
            f" (assisted: {p['assisted_why']})"
            if p["assisted_why"] and p["id"] not in assisted
            else ""
        )
        out.print(
            f"action {p['id']} ({p['platform']} {p['action']}) waits for {p['waiting_for']}"
            f"{when}{why}"
        )


def simulate_command(
    days: Annotated[int, typer.Option("--days", min=1, help="Simulated days.")] = 365,
    profile: Annotated[
        str,
        typer.Option("--profile", help="eager (far more than is safe) | normal (a modest habit)."),
    ] = "eager",
    runner: Annotated[
        str,
        typer.Option(
            "--runner",
            help="fast (the governor alone) | outbox (real approve and dispatch, slower).",
        ),
    ] = "fast",
    seed: Annotated[int, typer.Option("--seed", help="Same seed, same simulated run.")] = 0,
    json_out: JsonOpt = False,
    home: HomeOpt = None,
) -> None:
    """Simulate a user who wants more than is safe; check no limit was ever broken.

    Runs the real governor (and, with --runner outbox, the real approve and
    dispatch) on a simulated clock in a temporary ledger, with your workspace's
    pacing policies; an independent checker replays what was sent against every
    policy window.
    """
    from warmly.pacing.simulate import sim_policies, simulate

    ws = open_workspace(home)
    pol = sim_policies(ws.settings.pacing, ws.settings.profile.timezone)
    rep = simulate(days, profile, seed, runner=runner, policies=pol)
    if json_out:
        print_json(rep.as_dict())
        return
    bad = sum(rep.violations.values())
    out.print(
        f"{days} days ({profile}, {runner}): {bad} violations, capacity used "
        f"{rep.capacity_used:.1%}, max pending invitations {rep.max_pending_invitations}, "
        f"near-duplicates {rep.near_duplicates_sent}, {rep.seconds:.1f} s"
    )
