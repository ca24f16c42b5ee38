"""``warmly demo``: a realistic world, written as real exports and imported."""

from __future__ import annotations

from typing import Annotated

import typer

from warmly.cli.common import HomeOpt, home_or_default, out


def register(app: typer.Typer) -> None:
    app.command("demo")(demo_command)


def demo_command(
    seed: Annotated[int, typer.Option("--seed", help="Same seed, same world.")] = 7,
    home: HomeOpt = None,
) -> None:
    """Build a demo workspace: ~2,000 contacts over LinkedIn, X, email and vCard.

    It writes real export files, imports them with the real importers and
    shows what warmly sees. It never touches your real data: it uses --home or
    $WARMLY_HOME only if that workspace is empty (or an earlier demo), and
    otherwise a separate demo workspace.
    """
    from warmly.demo.run import run_demo

    run_demo(home_or_default(home), seed, out)
