"""``warmly review``, ``warmly merge``, ``warmly unmerge``: one person across networks."""

from __future__ import annotations

import math
import sys
from typing import Annotated

import typer

from warmly.cli.common import HomeOpt, JsonOpt, err, hanging, open_workspace, out, print_json
from warmly.errors import WarmlyError


def register(app: typer.Typer) -> None:
    app.command("review")(review_command)
    app.command("merge")(merge_command)
    app.command("unmerge")(unmerge_command)


def review_command(
    accept: Annotated[
        list[int] | None, typer.Option("--accept", help="Merge review item N (repeatable).")
    ] = None,
    reject: Annotated[
        list[int] | None,
        typer.Option("--reject", help="Item N is two different people (repeatable; remembered)."),
    ] = None,
    rerun: Annotated[bool, typer.Option("--rerun", help="Run the matcher again first.")] = False,
    limit: Annotated[
        int, typer.Option("--limit", min=0, help="Show at most N items (0: all).")
    ] = 30,
    json_out: JsonOpt = False,
    home: HomeOpt = None,
) -> None:
    """Review likely duplicates: people who are probably one human on several networks.

    Without --accept/--reject it lists the queue (and asks item by item when
    run in a terminal).
    """
    from warmly.identity.resolve import decide, resolve_identities, review_queue

    both = sorted(set(accept or []) & set(reject or []))
    if both:
        raise typer.BadParameter(f"item {both[0]} is both accepted and rejected")
    ws = open_workspace(home)
    if rerun:
        resolve_identities(ws)
    if accept or reject:
        decided: list[dict[str, object]] = []
        failed: WarmlyError | None = None
        for same, ids in ((True, accept or []), (False, reject or [])):
            for cid in ids:
                if failed is not None:
                    break
                try:
                    result = decide(ws, cid, same=same)
                except WarmlyError as exc:
                    # Each decision is its own transaction: say which were made.
                    failed = exc
                    decided.append({"item": cid, "same": same, "error": str(exc)})
                    continue
                decided.append({"item": cid, "same": same, "result": result})
                if not json_out:
                    out.print(result)
        if json_out:
            print_json({"decided": decided})
        if failed is not None:
            raise failed
        return
    with ws.sessions() as s:
        items = review_queue(s, limit)
    if json_out:
        print_json(items)
        return
    if not items:
        out.print("Nothing to review.")
        return
    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    for it in items:
        # One side a line: side by side, two people overflow 80 columns mid-name.
        a, b = it["a"], it["b"]
        out.print(
            f"#{it['id']} {_floor2(it['confidence'])}  {a['name']} (id {a['id']}; {a['networks']})"
        )
        out.print(f"{'~':>{len(str(it['id'])) + 6}}  {b['name']} (id {b['id']}; {b['networks']})")
        for r in it["reasons"]:
            out.print(hanging(" " * 5, r, " " * 7))
        if interactive:
            answer = typer.prompt("same person? [y]es / [n]o / [s]kip / [q]uit", default="s")
            if answer.lower().startswith("q"):
                break
            if answer.lower().startswith(("y", "n")):
                try:
                    out.print(decide(ws, it["id"], same=answer.lower().startswith("y")))
                except WarmlyError as exc:  # settled by an earlier answer: go on with the rest
                    err(str(exc))
    if not interactive:
        out.print("Decide with `warmly review --accept N` or `--reject N`.")


def merge_command(
    a: Annotated[str, typer.Argument(help="The person who stays (id, handle or name).")],
    b: Annotated[str, typer.Argument(help="The person merged into A.")],
    home: HomeOpt = None,
) -> None:
    """Merge B into A: one human. Recorded, and undone by `warmly unmerge`."""
    from warmly.ledger.identity_ops import merge_by_ref

    ws = open_workspace(home)
    out.print(merge_by_ref(ws, a, b))


def unmerge_command(
    person: Annotated[str, typer.Argument(help="A merged person (id, handle or name).")],
    home: HomeOpt = None,
) -> None:
    """Undo the last merge of PERSON, and remember that the two are different people."""
    from warmly.ledger.identity_ops import unmerge_by_ref

    ws = open_workspace(home)
    out.print(unmerge_by_ref(ws, person))


def _floor2(confidence: float) -> str:
    """Two decimals, rounded down: 0.917 rounded to "0.92" read as the auto-merge
    threshold it fell short of."""
    return f"{math.floor(confidence * 100 + 1e-9) / 100:.2f}"
