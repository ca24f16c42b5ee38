"""``warmly check``: ask the outbound guard about a draft before sending it."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from warmly.cli.common import HomeOpt, JsonOpt, err, open_workspace, out, print_json

_MARK = {"fail": "✗", "info": "·"}


def register(app: typer.Typer) -> None:
    app.command("check")(check_command)


def check_command(
    text: Annotated[
        str | None,
        typer.Argument(help="The draft; '-' (or nothing) reads it from stdin.", show_default=False),
    ] = None,
    to: Annotated[
        str,
        typer.Option(
            "--to", help="Recipient (required): an id, a handle, or a name.", show_default=False
        ),
    ] = "",
    platform: Annotated[
        str | None,
        typer.Option("--platform", help="linkedin, x, email, ... (default: last used with them)."),
    ] = None,
    kind: Annotated[
        str,
        typer.Option(
            "--kind", help="message, reply, mention, invitation_note ('invitation note'), email."
        ),
    ] = "message",
    subject: Annotated[
        str | None, typer.Option("--subject", help="E-mail subject (checked too).")
    ] = None,
    json_out: JsonOpt = False,
    home: HomeOpt = None,
) -> None:
    """Check a draft before sending: duplicate, templated, platform rule, generic, or ok.

    Compares it with everything you sent in the guard's window (names, companies,
    links and numbers masked, so a mail merge is still a copy), checks the platform's
    rules (LinkedIn note length, X's "similar replies to many users", bulk-mail
    signs), and scores how much of it is about this person. Exits 0 whenever the
    check ran: a failing verdict is an answer, not an error.
    """
    from warmly.guard.service import check_draft, describe_matches

    if not to.strip():
        err("say who the draft is for: --to PERSON (an id, a handle or a name)")
        raise typer.Exit(2)
    if text is None or text == "-":
        if sys.stdin.isatty():
            err("give the draft as TEXT, or pipe it in and pass '-'")
            raise typer.Exit(2)
        text = sys.stdin.read()
    ws = open_workspace(home)
    try:
        verdict = check_draft(ws, to, text, platform=platform, kind=kind, subject=subject)
        matched = describe_matches(ws, verdict.matches)
    finally:
        ws.close()
    if json_out:
        print_json({**verdict.to_dict(), "matched": matched})
        return
    _print(verdict.to_dict(), matched)


def _print(v: dict[str, Any], matched: list[dict[str, Any]]) -> None:
    if v["generic_judged"]:
        how = f"below {v['specificity_threshold']:.2f} reads as generic"
    else:
        how = "too short to tell whether it is generic"
    out.print(f"{v['verdict'].upper()}  (specificity {v['specificity']:.2f}; {how})")
    hint = ""
    for r in sorted(v["reasons"], key=lambda r: r["severity"] != "fail"):
        message = r["message"]
        if r["code"] == "generic":
            hint = r["details"].get("hint", "")
            message = message.removesuffix(hint).rstrip()
        out.print(f"  {_MARK.get(r['severity'], '·')} {r['code']}: {message}")
    if matched:
        out.print("Matching messages:")
        for m in matched:
            alike = "same text" if m["exact"] else f"{m['similarity']:.0%} alike"
            who = f"{m['to']} (you wrote them before)" if m["same_person"] else m["to"]
            out.print(f"  #{m['message_id']} to {who}, {m['at'][:10]} on {m['platform']}, {alike}")
            if m["text"]:
                out.print(f'      "{m["text"]}"')
    if hint:
        out.print("What to mention: " + hint)
