"""The invented world every agenda test plans from, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.agenda.world import PROFILE, WORLD
from tests.conftest import write_config
from warmly.ledger.pipeline import import_path


@pytest.fixture
def world(workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(
        "warmly.importers.REGISTRY", {"fake": "tests.ledger.fake_importer:FakeImporter"}
    )
    write_config(workspace, PROFILE)
    p = tmp_path / "world.fake"
    p.write_text(json.dumps(WORLD))
    import_path(workspace, p)
    return workspace
