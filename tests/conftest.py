"""Shared fixtures: sample exports, a fresh workspace, a store on SQLite or PostgreSQL."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "tests" / "data"


def _samples_dir() -> Path | None:
    env = os.environ.get("WARMLY_SAMPLES")
    path = Path(env) if env else REPO.parent / "shared" / "formats" / "samples"
    return path if path.is_dir() else None


@pytest.fixture
def samples() -> Path:
    """The real export samples beside the repo (``../shared/formats/samples``), if present."""
    path = _samples_dir()
    if path is None:
        pytest.skip("real samples folder not present")
    return path


@pytest.fixture
def data_dir() -> Path:
    return DATA


# -- workspaces on SQLite and PostgreSQL ---------------------------------------

PG_URL = os.environ.get("WARMLY_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def _pg_admin() -> object | None:
    """An engine on the PostgreSQL server, or None when none is reachable."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import OperationalError

    engine = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text("select 1"))
    except OperationalError:
        engine.dispose()
        return None
    return engine


@pytest.fixture(scope="session")
def pg_admin() -> object:
    engine = _pg_admin()
    if engine is None:
        if os.environ.get("WARMLY_REQUIRE_PG"):
            pytest.fail(f"PostgreSQL required but not reachable at {PG_URL}")
        pytest.skip("PostgreSQL not reachable")
    yield engine
    engine.dispose()  # type: ignore[attr-defined]


@pytest.fixture
def pg_url(request: pytest.FixtureRequest, pg_admin: object) -> object:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    import time
    import uuid

    from sqlalchemy import text
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import DBAPIError

    name = f"warmly_t_{uuid.uuid4().hex[:12]}"
    for attempt in range(10):
        try:
            with pg_admin.connect() as conn:  # type: ignore[attr-defined]
                conn.execute(text(f'CREATE DATABASE "{name}"'))
            break
        except DBAPIError:
            # Concurrent CREATE DATABASE calls copy the same template and can
            # collide ("source database ... is being accessed by other users").
            if attempt == 9:
                raise
            time.sleep(0.2 * (attempt + 1))
    url = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    yield url
    with pg_admin.connect() as conn:  # type: ignore[attr-defined]
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(params=["sqlite", "postgres"])
def workspace(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A fresh workspace on each backend: the same test runs on SQLite and PostgreSQL."""
    from warmly.workspace import Workspace

    monkeypatch.delenv("WARMLY_HOME", raising=False)
    monkeypatch.delenv("WARMLY_DATABASE_URL", raising=False)
    home = tmp_path / "home"
    if request.param == "postgres":
        url = request.getfixturevalue("pg_url")
        ws = Workspace.open(home, database_url=str(url))
    else:
        ws = Workspace.open(home)
    yield ws
    ws.close()


def write_config(ws: object, text: str) -> None:
    """Write a warmly.toml into a workspace and reload its settings."""
    ws.home.mkdir(parents=True, exist_ok=True)  # type: ignore[attr-defined]
    ws.config_path.write_text(text)  # type: ignore[attr-defined]
    ws.reload_settings()  # type: ignore[attr-defined]
