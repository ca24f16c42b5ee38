"""Shared CLI pieces: the ``--home`` option, consoles, workspace opening, JSON output."""

from __future__ import annotations

import json
import sys
import textwrap
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

HomeOpt = Annotated[
    Path | None,
    typer.Option(
        "--home",
        help="Workspace folder (default: $WARMLY_HOME, else the user data dir).",
        show_default=False,
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON for scripts instead of tables.")]

# Markup off by default: names and messages may contain [brackets]; lines that use
# markup say so (markup=True) and escape what they interpolate.
out = Console(highlight=False, markup=False)
errc = Console(stderr=True, highlight=False)
_default_home: Path | None = None


def set_default_home(home: Path | None) -> None:
    global _default_home
    _default_home = home


def home_or_default(home: Path | None) -> Path | None:
    return home or _default_home


def open_workspace(home: Path | None) -> Any:
    from warmly.workspace import Workspace

    ws = Workspace.open(home_or_default(home))
    ws.on_wait = _say_waiting
    return ws


def _say_waiting() -> None:
    errc.print(
        "warmly: waiting for another warmly command (an import?) to finish writing "
        "to this workspace… (Ctrl-C to give up)",
        soft_wrap=True,
        markup=False,
        highlight=False,
    )


def err(message: str) -> None:
    """One line on stderr, prefixed so it reads as warmly's own."""
    from rich.markup import escape

    errc.print(
        f"[bold red]warmly:[/] {escape(message)}", soft_wrap=True, markup=True, highlight=False
    )


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1, default=_plain) + "\n")


def _plain(value: Any) -> str:
    # Times as ISO 8601 ("2026-12-07T08:00:00+00:00"), as every other JSON time warmly
    # prints; str() gave a space instead of the "T" that parsers expect.
    iso = getattr(value, "isoformat", None)
    return str(iso()) if callable(iso) else str(value)


def hanging(label: str, text: str, rest: str | None = None) -> str:
    """``label`` then ``text``, wrapped to the terminal; the lines after the first
    start with ``rest`` (default: under the text)."""
    return textwrap.fill(
        text,
        max(out.width, 40),
        initial_indent=label,
        subsequent_indent=" " * len(label) if rest is None else rest,
        break_on_hyphens=False,
    )


def action_on(action: str, platform: str) -> str:
    """ "message on linkedin"; "email", not "email on email"."""
    return action if action == platform else f"{action} on {platform}"
