"""``warmly import``: read exports into the ledger."""

from __future__ import annotations

import json
from contextlib import closing
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from warmly.cli.common import (
    HomeOpt,
    JsonOpt,
    err,
    errc,
    hanging,
    open_workspace,
    out,
    print_json,
)

if TYPE_CHECKING:
    from warmly.workspace import Workspace


def register(app: typer.Typer) -> None:
    app.command("import")(import_command)
    app.command("sync")(sync_command)


def sync_command(
    full: Annotated[
        bool,
        typer.Option("--full", help="Start over, not where the last sync stopped."),
    ] = False,
    json_out: JsonOpt = False,
    home: HomeOpt = None,
) -> None:
    """Read Mastodon and Bluesky notifications into the ledger (mentions, replies, shares, follows).

    Shares and mentions arrive without waiting for an export. Each sync starts
    where the last one stopped; networks need a `\\[connectors.*]` section.
    """
    from warmly.connectors.sync import sync_configured

    rows = sync_configured(open_workspace(home), full=full)
    if json_out:
        print_json(rows)
    else:
        if not rows:
            out.print(
                "No network to sync: configure [connectors.mastodon] or [connectors.bluesky]."
            )
        for r in rows:
            if r["status"] == "ok":
                out.print(
                    f"{r['platform']}: {r['added']} new, {r['unchanged']} already known, "
                    f"{r['errors']} unreadable"
                )
            else:
                out.print(f"{r['platform']}: {r['status']} ({r['message']})")
    if any(r["status"] == "failed" for r in rows):
        raise typer.Exit(1)  # for scripts and cron: something needs the user's eye


def import_command(
    paths: Annotated[list[Path], typer.Argument(help="Export files, folders or archives.")],
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="Force a format: linkedin, x, x-legacy, mbox, eml, vcard, csv, mastodon, "
            "mastodon-follows, mastodon-blocks, mastodon-mutes, bluesky.",
        ),
    ] = None,
    mapping: Annotated[
        str | None,
        typer.Option(
            "--mapping",
            help="Column mapping for --format csv, as JSON: "
            '\'{"name": "Full Name", "email": "Mail"}\'.',
        ),
    ] = None,
    option: Annotated[
        list[str] | None,
        typer.Option(
            "--option",
            "-o",
            metavar="KEY=VALUE",
            help="An importer option, repeatable: delimiter, date_format, birthday_format, "
            "timezone (csv); include_bulk (mbox, eml). See docs/formats.md.",
        ),
    ] = None,
    match: Annotated[
        bool, typer.Option("--match/--no-match", help="Link people across networks afterwards.")
    ] = True,
    json_out: JsonOpt = False,
    home: HomeOpt = None,
) -> None:
    """Import exports: LinkedIn, X, mbox/eml, vCard, Mastodon, Bluesky, CSV.

    The format is detected; a file two importers both claim is refused with
    their names (use --format). Re-importing adds nothing twice. A file that
    cannot be read writes nothing and makes the command exit non-zero.
    """
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
    from sqlalchemy.exc import SQLAlchemyError

    from warmly.errors import ImportFileError, WarmlyError, one_line
    from warmly.importers.base import parse_option
    from warmly.ledger.ahead import Ahead
    from warmly.ledger.pipeline import import_path

    options: dict[str, object] = {}
    for text in option or []:
        try:
            key, value = parse_option(text)
        except ValueError as exc:
            raise typer.BadParameter(str(exc), param_hint="--option") from exc
        options[key] = value
    if mapping:
        try:
            options["mapping"] = json.loads(mapping)
        except json.JSONDecodeError as exc:
            raise typer.BadParameter(f"--mapping is not JSON: {exc}") from exc
    ws = open_workspace(home)
    reports: list[dict[str, Any]] = []
    failed = 0
    progress = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TextColumn("{task.completed:,} records"),
        TimeElapsedColumn(),
        console=errc,
        transient=True,
        disable=json_out,
    )
    with progress, closing(Ahead()) as ahead:
        for i, path in enumerate(paths):
            task = progress.add_task(f"importing {path.name}", total=None)

            def waiting(task: Any = task, name: str = path.name) -> None:
                progress.update(task, description=f"{name}: waiting for another import to finish")

            try:
                rep = import_path(
                    ws,
                    path,
                    fmt,
                    options,
                    progress=partial(_advance, progress, task, f"importing {path.name}"),
                    then=paths[i + 1] if i + 1 < len(paths) else None,
                    ahead=ahead,
                    on_wait=waiting,
                )
                reports.append(rep.as_dict())
            except ImportFileError as exc:
                failed += 1
                err(str(exc))
                reports.append(_failed(path, exc.reason))
            except KeyboardInterrupt:
                progress.stop()
                kept = len(reports) - failed
                err(
                    f"interrupted: nothing of {path.name} was written"
                    + (f"; the {kept} file(s) before it were imported" if kept else "")
                )
                raise typer.Exit(130) from None
            finally:
                progress.remove_task(task)
    matching = None
    # Matching is due after an import that added, created or merged anyone (this
    # one, or an earlier one stopped before linking). Otherwise the matcher would
    # read what it read last time, and it reads the whole ledger (half a minute
    # for a large one).
    changed = _matching_due(ws)
    same_people = match and failed < len(paths) and not changed
    if match and failed < len(paths) and changed:
        try:
            from warmly.identity.resolve import resolve_identities

            matching = resolve_identities(ws).as_dict()
        except (WarmlyError, SQLAlchemyError) as exc:  # the imports stay: say so, go on
            err(f"linking people across networks failed: {one_line(exc)}")
        except KeyboardInterrupt:
            err(
                "interrupted while linking people across networks: the imports were kept; "
                "`warmly review --rerun` links them"
            )
            raise typer.Exit(130) from None
    tasks = None
    if failed < len(paths):
        from warmly.followthrough.sync import sync_tasks

        try:
            tasks = vars(sync_tasks(ws))
        except (WarmlyError, SQLAlchemyError) as exc:
            err(f"deriving follow-up tasks failed: {one_line(exc)}")
    if json_out:
        print_json({"files": reports, "matching": matching, "tasks": tasks})
    else:
        _print_reports(reports, matching)
        if same_people:
            out.print(
                "People linked across networks: nothing new to link "
                "(`warmly review --rerun` runs the matching again)."
            )
        if tasks and tasks["opened"]:
            out.print(
                f"Follow-through: {tasks['opened']} new tasks from promises and open questions "
                f"({tasks['open_now']} open; see `warmly tasks`)."
            )
    if failed:
        raise typer.Exit(1)


def _failed(path: Path, why: str) -> dict[str, Any]:
    """A file that was not imported, in the shape of an import's report."""
    from warmly.ledger.pipeline import ImportReport

    return ImportReport(str(path), None, "failed", errors=1, message=why).as_dict()


def _advance(progress: Any, task: Any, what: str, n: int) -> None:
    # ``what`` again: the line may still say it is waiting for another import.
    progress.update(task, completed=n, description=what)


def _print_reports(reports: list[dict[str, Any]], matching: dict[str, Any] | None) -> None:
    from rich.table import Table

    table = Table(title="Import", title_justify="left")
    for col in ("file", "format", "read", "added", "unchanged", "skipped", "errors", "new people"):
        table.add_column(col, justify="left" if col in ("file", "format") else "right")
    for r in reports:
        if r["status"] != "ok":
            table.add_row(Path(r["path"]).name, "failed", "-", "0", "-", "-", "1", "-")
            continue
        table.add_row(
            Path(r["path"]).name,
            r["format"],
            f"{r['read']:,}",
            f"{r['added']:,}",
            f"{r['unchanged']:,}",
            f"{r['skipped']:,}",
            f"{r['errors']:,}",
            f"{r['people_added']:,}",
        )
    out.print(table)
    for r in reports:
        if r.get("status") == "ok" and r.get("message"):
            out.print(f"{Path(r['path']).name}: {r['message']}")
        probs = r.get("problems") or []
        if probs:
            out.print(
                f"{Path(r['path']).name}: first of {r['skipped'] + r['errors']} "
                "skipped or bad records"
            )
            for p in probs[:8]:
                out.print(f"  {p['kind']:8} {p['where']}: {p['why']}")
            more = r["skipped"] + r["errors"] - min(len(probs), 8)
            if more > 0:
                out.print(f"  … and {more:,} more (`--json` lists the first 200)")
        left = r.get("not_read") or []
        if left:
            files = "; ".join(f"{n['file']} ({n['holds']})" for n in left)
            out.print(hanging(f"{Path(r['path']).name}: not read by warmly: ", files, "  "))
    if matching:
        held = matching.get("held_back", 0)
        later = f"; {held:,} more after those (`warmly review --rerun`)" if held else ""
        out.print(
            f"People linked across networks: {matching['auto_merged']} merged automatically, "
            f"{matching['pending']} waiting for `warmly review`{later}."
        )


def _matching_due(ws: Workspace) -> bool:
    """Whether imports since the matcher last finished changed who is in the ledger."""
    from warmly.ledger.matching_due import is_due

    with ws.sessions() as s:
        return is_due(s)
