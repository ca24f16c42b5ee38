"""``warmly demo``: build the demo world in a safe workspace, import it, show it.

Safety first: the demo never writes into a workspace that holds real data. A
workspace is the demo's when it is empty or carries the demo marker file.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from warmly.errors import WorkspaceError
from warmly.store.models import ImportRun, Person
from warmly.store.schema import metadata
from warmly.store.session import safe_url
from warmly.workspace import (
    CONFIG_NAME,
    DB_NAME,
    TEMPLATES_FILE,
    Workspace,
    demo_home,
    resolve_home,
)

MARKER = ".warmly-demo"
EXPORTS = "demo-exports"


@dataclass
class DemoTarget:
    workspace: Workspace
    chosen: str  # "given" (--home / $WARMLY_HOME) or "separate"


def choose_workspace(home: Path | None) -> DemoTarget:
    """The workspace the demo may use, refusing one that holds other data."""
    given = home is not None or bool(os.environ.get("WARMLY_HOME"))
    # Absolute: the imports record their paths, which later runs compare with this
    # folder's (a ledger outside it is the demo's only if all came from here).
    folder = resolve_home(home) if given else demo_home()
    ws = Workspace.open(folder.absolute())
    _check_safe(ws)
    return DemoTarget(ws, "given" if given else "separate")


def _own_ledger(ws: Workspace) -> bool:
    """Whether the ledger is the SQLite file inside the workspace folder."""
    return ws.database_url == f"sqlite:///{ws.home / DB_NAME}"


def _has_people(ws: Workspace) -> bool:
    if _own_ledger(ws) and not (ws.home / DB_NAME).exists():
        return False
    with ws.sessions() as s:
        return bool(s.scalar(select(func.count()).select_from(Person)))


def _ledger_is_this_demos(ws: Workspace) -> bool:
    """A ledger outside the folder (PostgreSQL, or a SQLite file named by URL) is
    the demo's only when it is empty or everything it imported came from this
    workspace's demo exports: the folder's marker cannot vouch for it."""
    if not _has_people(ws):
        return True
    prefix = f"{ws.home / EXPORTS}{os.sep}"
    with ws.sessions() as s:
        paths = s.scalars(select(ImportRun.path).distinct()).all()
    return bool(paths) and all(p.startswith(prefix) for p in paths)


# What warmly keeps in a workspace folder: any of them is a user's, unless the
# folder is an earlier demo's (its marker). The user's reply templates count: the
# demo would use them as its own.
_WARMLYS = (CONFIG_NAME, DB_NAME, f"{DB_NAME}-wal", TEMPLATES_FILE, EXPORTS)


def _check_safe(ws: Workspace) -> None:
    """Refuse a workspace that holds a ledger, a profile or templates the demo did not make.

    Files that are not warmly's (a log the caller writes into the folder, say)
    are neither a reason to refuse nor ever touched.
    """
    marked = (ws.home / MARKER).exists()
    if not _own_ledger(ws) and not _ledger_is_this_demos(ws):
        raise WorkspaceError(
            f"the database {safe_url(ws.database_url)} already holds other data "
            "(people this demo did not import); the demo never touches real data: "
            "unset WARMLY_DATABASE_URL or point it at an empty database"
        )
    if marked:
        return
    found = [n for n in _WARMLYS if (ws.home / n).exists()]
    if found or (_own_ledger(ws) and _has_people(ws)):
        raise WorkspaceError(
            f"{ws.home} already holds other data ({', '.join(found) or 'a ledger'}); "
            "the demo never touches real data: point --home or WARMLY_HOME at an empty folder, "
            "or unset both to use the separate demo workspace"
        )


def reset(ws: Workspace) -> None:
    """Empty a demo workspace: only what the demo itself writes, and the tables."""
    ws.close()
    if (ws.home / MARKER).exists():
        for name in (CONFIG_NAME, DB_NAME, f"{DB_NAME}-wal", f"{DB_NAME}-shm"):
            (ws.home / name).unlink(missing_ok=True)
        shutil.rmtree(ws.home / EXPORTS, ignore_errors=True)
    if not _own_ledger(ws):  # checked by _check_safe to hold only this demo's data
        engine: Engine = ws.engine
        metadata().drop_all(engine)
        with engine.begin() as conn:
            conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        ws.close()
    ws.home.mkdir(parents=True, exist_ok=True)
    (ws.home / MARKER).write_text("This workspace was made by `warmly demo`; it may be rebuilt.\n")


def write_profile(ws: Workspace, profile: dict[str, Any]) -> None:
    """The demo user's warmly.toml."""
    handles = "\n".join(f'{k} = "{v}"' for k, v in profile.get("handles", {}).items())
    lines = [
        "# The demo user's profile, written by `warmly demo`.",
        "[profile]",
        f'name = "{profile["name"]}"',
        "emails = [" + ", ".join(f'"{e}"' for e in profile.get("emails", [])) + "]",
        f'timezone = "{profile.get("timezone", "UTC")}"',
        f'working_hours = "{profile.get("working_hours", "09:00-17:30")}"',
        f"minutes_per_day = {int(profile.get('minutes_per_day', 20))}",
        "specialties = [" + ", ".join(f'"{s}"' for s in profile.get("specialties", [])) + "]",
        "",
        "[profile.handles]",
        handles,
        "",
    ]
    ws.config_path.write_text("\n".join(lines), encoding="utf-8")
    ws.reload_settings()


def demo_now() -> datetime:
    """Today at 00:00 UTC: the demo world ends today, so the agenda has something to do."""
    today = datetime.now(UTC).date()
    return datetime(today.year, today.month, today.day, tzinfo=UTC)


@dataclass
class DemoResult:
    home: Path
    chosen: str
    database: str
    reports: list[Any]
    matching: Any
    overview: Any
    world: dict[str, Any]
    now: datetime
    showcase: Any = None


def run_demo(home: Path | None, seed: int, on_file: Any = None) -> DemoResult:
    """Generate the world for ``seed``, import it through the real importers.

    ``on_file(path)`` is called before each import (for progress display).
    """
    from warmly.demo.generate import generate_demo
    from warmly.demo.show import overview
    from warmly.identity.resolve import resolve_identities
    from warmly.ledger.pipeline import import_path

    target = choose_workspace(home)
    ws = target.workspace
    reset(ws)
    now = demo_now()
    files = generate_demo(ws.home / EXPORTS, seed=seed, now=now)
    write_profile(ws, files.profile)
    reports = []
    for path in files.paths:
        if on_file is not None:
            on_file(path)
        reports.append(import_path(ws, path))
    matching = resolve_identities(ws, now=now)
    from warmly.followthrough.sync import sync_tasks

    sync_tasks(ws, now=now)
    with ws.sessions() as s:
        ov = overview(s)
    from warmly.demo.showcase import showcase

    shown = showcase(ws, datetime.now(UTC))
    return DemoResult(
        home=ws.home,
        chosen=target.chosen,
        database=safe_url(ws.database_url),
        reports=reports,
        matching=matching,
        overview=ov,
        world=files.summary,
        now=now,
        showcase=shown,
    )
