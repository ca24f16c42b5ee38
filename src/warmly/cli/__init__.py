"""The ``warmly`` command: thin Typer commands over the library.

Each command parses its input, opens the workspace, calls one library
function and formats the result. Library errors become one clean line on
stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import sys

import typer

from warmly.cli import common
from warmly.errors import WarmlyError, one_line

app = typer.Typer(
    name="warmly",
    help="Keep thousands of relationships warm: genuinely, and within safe platform limits.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)


@app.callback()
def _root(home: common.HomeOpt = None) -> None:
    """warmly: import your network, see who matters, act within safe limits."""
    common.set_default_home(home)


def _register() -> None:
    # Command modules import only Typer at module level, so start-up stays fast.
    from warmly.cli import (
        agenda_cmd,
        demo_cmd,
        genuine_cmd,
        guard_cmd,
        identity_cmd,
        import_cmd,
        people_cmd,
        safety_cmd,
    )

    modules = (
        import_cmd,
        people_cmd,
        identity_cmd,
        agenda_cmd,
        genuine_cmd,
        guard_cmd,
        safety_cmd,
        demo_cmd,
    )
    for module in modules:
        module.register(app)


_register()


def main() -> None:
    """Console entry point."""
    try:
        app()
    except WarmlyError as exc:
        common.err(str(exc))
        sys.exit(1)
    except Exception as exc:
        # A database that went away or refused a statement: one line, no traceback.
        # (Checked by module name so that start-up does not import SQLAlchemy.)
        if not type(exc).__module__.startswith("sqlalchemy"):
            raise
        common.err(f"database error: {one_line(exc)}")
        sys.exit(1)
    except KeyboardInterrupt:
        common.err("interrupted; nothing half-written was kept")
        sys.exit(130)
