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
