"""The Alembic migrations build exactly the schema the models declare, on both backends."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, text

from warmly.store.schema import metadata
from warmly.store.session import alembic_config


def test_migrations_match_the_models(workspace):
    with workspace.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata())
    assert diff == []


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_guard_bands_get_stream_and_time_from_their_signatures(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """Migration 0008 backfills rows written before it (the index is derived, but kept)."""
    url = (
        f"sqlite:///{tmp_path / 'w.db'}"
        if backend == "sqlite"
        else str(request.getfixturevalue("pg_url"))
    )
    engine = create_engine(url)
    cfg = alembic_config(engine)
    command.upgrade(cfg, "0007")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO guard_signatures (message_id, stream, party, platform, kind, at, "
                "exact_key, signature) VALUES (7, 'out', 'bob', 'x', 'message', "
                ":at, 1, :sig)"
            ),
            {"at": "2026-11-20 10:00:00.000000", "sig": b"\x00"},
        )
        conn.execute(text("INSERT INTO guard_bands (band_key, message_id) VALUES (42, 7)"))
    command.upgrade(cfg, "head")
    with engine.connect() as conn:
        stream, at = conn.execute(text("SELECT stream, at FROM guard_bands")).one()
    engine.dispose()
    assert stream == "out"
    assert str(at).startswith("2026-11-20 10:00:00")
