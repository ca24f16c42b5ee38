"""``warmly triage`` and ``warmly tasks``: answer the flood kindly, keep every promise."""

from __future__ import annotations

from typing import Annotated

import typer

from warmly.cli.common import HomeOpt, JsonOpt, err, open_workspace, out, print_json


def register(app: typer.Typer) -> None:
    app.command("triage")(triage_command)
    app.command("tasks")(tasks_command)


def triage_command(
    label: Annotated[
        str | None, typer.Option("--label", help="Show only this label (one of those above).")
    ] = None,
    limit: Annotated[
        int, typer.Option("--limit", min=0, help="Show at most N messages (0: all).")
    ] = 50,
    json_out: JsonOpt = False,
    home: HomeOpt = None,
) -> None:
    """Label unanswered inbound messages against your specialties, with a draft reply each.

    Labels, by precedence: personal (a strong tie: never filed away), mass_mail
    (near-same text from several senders), didnt_read_profile (asks what your
    profile answers), not_a_fit, fit (matches a stated specialty), needs_me (a
    question or request). Every message lists every label that applies and why.
    """
    from collections import Counter

    from warmly.triage.inbox import run_triage
    from warmly.triage.types import LISTED

    if label is not None and label not in LISTED:
        err(f"unknown label {label!r}; choose one of {', '.join(LISTED)}")
        raise typer.Exit(2)
    run = run_triage(open_workspace(home))
    items = [i for i in run.items if label is None or i["label"] == label]
    shown = items[:limit] if limit else items  # 0 lists all, as people and review do
    if json_out:
        print_json(shown)
        return
    counts = Counter(i["label"] for i in run.items)
    notes = [f"{run.nothing_to_do} need nothing from you"] if run.nothing_to_do else []
    if run.held:
        notes.append(f"{run.held} from people you blocked or muted, left out")
    if not run.items:
        said = f" ({'; '.join(notes)})" if notes else ""
        out.print(f"No unanswered messages in the last 60 days{said}.")
        return
    out.print(
        f"{len(run.items)} unanswered messages: "
        + ", ".join(f"{k} {v}" for k, v in counts.most_common())
        + "".join(f"; {n}" for n in notes)
    )
    for i in shown:
        p = i["person"]
        out.print(
            f"\n#{i['message']['id']}  {p['name']} on {p.get('platform', '')}: {i['label']}"
            f"  (also: {', '.join(x for x in i['labels'] if x != i['label']) or '-'})"
        )
        out.print("   " + " ".join(i["message"]["text"].split())[:200])
        for r in i["reasons"]:
            out.print(f"   · {r}")
        out.print("   draft: " + i["draft"].replace("\n", "\n          "))


def tasks_command(
    all_: Annotated[bool, typer.Option("--all", help="Include kept and done tasks.")] = False,
    done: Annotated[int | None, typer.Option("--done", help="Mark task N done.")] = None,
    json_out: JsonOpt = False,
    home: HomeOpt = None,
) -> None:
    """Promises you made and questions you left open, with due dates.

    Tasks come from your own messages ("I'll send you the JD on Friday") and
    from inbound questions unanswered past a configurable time; a later message
    to that person closes a promise. Due tasks feed `warmly plan`.
    """
    from warmly.followthrough.service import list_tasks, mark_done

    ws = open_workspace(home)
    if done is not None:
        task = mark_done(ws, done)
        if json_out:
            print_json(task)
        elif task["changed"]:
            out.print(f"task {task['id']} done: {task['text']}")
        else:
            out.print(f"task {task['id']} is already {task['status']}")
        return
    rows = list_tasks(ws, include_closed=all_)
    if json_out:
        print_json(rows)
        return
    if not rows:
        out.print("No open tasks.")
    for t in rows:
        out.print(
            f"#{t['id']:<5} due {t['due_at'][:16] if t['due_at'] else '-':16}  {t['person']:<24} "
            f"{t['kind']:8} {t['status']:6} {t['text']}"
        )
