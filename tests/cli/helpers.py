"""Running the CLI in tests: in-process on a workspace, or as the real `python -m warmly`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from typer.testing import CliRunner, Result

from warmly.cli import app
from warmly.workspace import Workspace

runner = CliRunner()

# Two cards with one name and different addresses: held for review, not merged.
NAMESAKES = """BEGIN:VCARD
VERSION:3.0
FN:Teodor Brandt
EMAIL;TYPE=INTERNET:teo@brandt.example
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Teodor Brandt
EMAIL;TYPE=INTERNET:t.brandt@otherco.example
END:VCARD
"""


def invoke(ws: Any, *args: str) -> Result:
    """``warmly ARGS --home`` on ``ws`` (SQLite or PostgreSQL), in this process.

    Library errors come back as ``result.exception``: only the console entry point
    (see :func:`run`) turns them into one line. The workspaces the command opens
    are closed afterwards: a process would drop their connections on exit, a test
    must (or PostgreSQL's show up as ResourceWarnings).
    """
    opened: list[Workspace] = []
    real_open = Workspace.open

    def open_and_track(home: Any = None, database_url: str | None = None) -> Workspace:
        w = real_open(home, database_url)
        opened.append(w)
        return w

    Workspace.open = open_and_track  # type: ignore[method-assign,assignment]
    try:
        return runner.invoke(
            app, [*args, "--home", str(ws.home)], env={"WARMLY_DATABASE_URL": ws.database_url}
        )
    finally:
        Workspace.open = real_open  # type: ignore[method-assign]
        for w in opened:
            w.close()


def run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``python -m warmly ARGS --home HOME`` as a user runs it: errors as they print."""
    return subprocess.run(
        [sys.executable, "-m", "warmly", *args, "--home", str(home)],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "HOME": str(home.parent)},
    )


def one_line_error(r: subprocess.CompletedProcess[str]) -> str:
    """The error line of a failed run, checked to be warmly's one line and no traceback."""
    assert r.returncode != 0, r.stdout
    assert "Traceback" not in r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("warmly: "), r.stderr
    return lines[0]
