"""One generated demo (seed 7, the default reference time) shared by the demo tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from warmly.demo import DEFAULT_NOW, DemoFiles, build_world, generate_demo
from warmly.demo.world import World


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoFiles:
    return generate_demo(tmp_path_factory.mktemp("demo"), seed=7, now=DEFAULT_NOW)


@pytest.fixture(scope="session")
def world() -> World:
    return build_world(7, DEFAULT_NOW)


def read_member(path: Path, suffix: str) -> bytes:
    """The bytes of the one zip member whose name ends with ``suffix``."""
    import zipfile

    with zipfile.ZipFile(path) as zf:
        (name,) = [n for n in zf.namelist() if n.endswith(suffix)]
        return zf.read(name)
