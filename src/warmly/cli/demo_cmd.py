"""``warmly demo``: a realistic world, written as real exports and imported."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from warmly.cli.common import HomeOpt, action_on, errc, hanging, home_or_default, out


def register(app: typer.Typer) -> None:
    app.command("demo")(demo_command)


def demo_command(
    seed: Annotated[int, typer.Option("--seed", help="Same seed, same world.")] = 7,
    home: HomeOpt = None,
) -> None:
    """Build a demo workspace: ~2,000 contacts over LinkedIn, X, email and vCard.

    It writes real export files, imports them with the real importers and
    shows what warmly sees. It never touches your real data: given --home or
    $WARMLY_HOME, it uses that workspace only if it holds no warmly data (no
    warmly.toml, warmly.db or templates.toml; other files are left alone) or
    an earlier demo, and otherwise stops with an error, changing nothing; given
    neither, it uses a separate demo workspace.
    """
    from rich.table import Table

    from warmly.demo.run import run_demo

    r = run_demo(
        home_or_default(home),
        seed,
        on_file=lambda p: errc.print(f"importing {p.name} …", markup=False, soft_wrap=True),
    )
    out.print(
        f"[bold]warmly demo[/] (seed {seed}): a recruiter's network, "
        "imported from real export files\n",
        markup=True,
    )
    t = Table(title="Imported", title_justify="left")
    for col in ("file", "format", "read", "added", "skipped", "errors"):
        t.add_column(col, justify="left" if col in ("file", "format") else "right")
    for rep in r.reports:
        t.add_row(
            rep.path.rsplit("/", 1)[-1],
            rep.format,
            f"{rep.read:,}",
            f"{rep.added:,}",
            f"{rep.skipped:,}",
            f"{rep.errors:,}",
        )
    out.print(t)
    ov = r.overview
    nets = ", ".join(f"{k} {v:,}" for k, v in ov.networks.items())
    out.print(
        f"{ov.people:,} people ({nets}); {ov.multi_network:,} are on two or more networks; "
        f"{ov.interactions:,} interactions."
    )
    m = r.matching
    out.print(
        f"Linked across networks: {m.auto_merged:,} merged automatically, "
        f"{m.pending:,} waiting for `warmly review`.\n"
    )
    w = Table(
        title="Strongest relationships (`warmly show ID` explains each)", title_justify="left"
    )
    for col in ("id", "name", "strength", "networks", "last contact"):
        w.add_column(col, justify="right" if col in ("id", "strength") else "left")
    for p in ov.warmest:
        w.add_row(
            str(p["id"]), p["name"], f"{p['strength']:.2f}", ", ".join(p["networks"]), p["last"]
        )
    out.print(w)
    if ov.sharers:
        sh = Table(title="Sharing, commenting on and mentioning your posts", title_justify="left")
        for col in ("id", "name", "times", "last"):
            sh.add_column(col, justify="right" if col in ("id", "times") else "left")
        for p in ov.sharers:
            sh.add_row(str(p["id"]), p["name"], str(p["times"]), p["last"])
        out.print(sh)
    sc = r.showcase
    if sc is not None:
        _print_showcase(sc)
    _print_way_on(r)


def _print_way_on(r: Any) -> None:
    """Where the demo is and commands that work there as printed (never wrapped:
    they are meant to be pasted)."""
    import os
    import shlex
    from pathlib import Path

    where = Path(r.home).expanduser().absolute()
    out.print(f"\nDemo workspace: {where} (database {r.database})", soft_wrap=True)
    env_home = os.environ.get("WARMLY_HOME")
    first = "Try: "
    if not env_home or Path(env_home).expanduser().absolute() != where:
        # Without this the next command would read the default workspace, not the demo.
        out.print("Point the other commands at it:")
        out.print(f"  export WARMLY_HOME={shlex.quote(str(where))}", soft_wrap=True)
        first = "Then try: "
    tries = ["warmly plan", "warmly people --search kim", "warmly review"]
    if r.overview.warmest:
        tries.insert(1, f"warmly show {r.overview.warmest[0]['id']}")
    out.print(first + " · ".join(tries), soft_wrap=True)


def _print_showcase(sc: Any) -> None:
    p = sc.plan
    out.print(
        f"\nToday's agenda ({p.day}): {len(p.items)} actions in {p.minutes_planned:g} of "
        f"{p.minutes_budget} minutes ({p.method}; {p.candidates} candidates)"
    )
    for i in p.items:
        at = i.at[11:16] if i.at else "--:--"
        out.print(f"  {i.id}  {at}  {i.person['name']} · {action_on(i.action, i.platform)}")
        out.print(hanging("         why:   ", i.why))
        out.print(f"         draft: {i.draft}", soft_wrap=True)
    if sc.triage_counts:
        counts = ", ".join(f"{k} {v}" for k, v in sc.triage_counts.items())
        out.print(f"\nInbound triage: {counts}")
        for item in sc.triage_examples:
            text = " ".join(item["message"]["text"].split())[:110]
            out.print(f"  {item['label']:>18}: {item['person']['name']}: “{text}”")
            out.print(f"  {'':>18}  because {item['reasons'][0]}")
    for g in sc.guard:
        out.print(f"\nGuard, {g.title} → {g.verdict}")
        for reason in g.reasons[:3]:
            out.print(f"  · {reason}")
