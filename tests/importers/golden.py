"""Golden-file helper: compare an importer's records with ``<sample>.expected.json``.

Run ``WARMLY_REGEN_GOLDEN=1 pytest tests/importers`` to rewrite the expected
files after a deliberate change, then review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from warmly.importers import get_importer
from warmly.importers.base import ImportContext
from warmly.importers.golden import dump_records
from warmly.importers.source import ExportTree

DATA = Path(__file__).resolve().parent.parent / "data"


def read_records(fmt: str, path: Path, ctx: ImportContext | None = None) -> list[dict[str, Any]]:
    imp = get_importer(fmt)
    with ExportTree(path) as tree:
        return dump_records(imp.read(tree, ctx or ImportContext()))


def check_golden(fmt: str, sample: Path, ctx: ImportContext | None = None) -> list[dict[str, Any]]:
    got = read_records(fmt, sample, ctx)
    expected_path = sample.with_name(sample.name + ".expected.json")
    if os.environ.get("WARMLY_REGEN_GOLDEN"):
        expected_path.write_text(json.dumps(got, indent=1, ensure_ascii=False) + "\n")
    if not expected_path.exists():
        expected_path.write_text(json.dumps(got, indent=1, ensure_ascii=False) + "\n")
        pytest.fail(f"wrote {expected_path.name}: review it by hand, then re-run")
    expected = json.loads(expected_path.read_text())
    assert got == expected, f"{sample.name}: records differ from {expected_path.name}"
    return got
