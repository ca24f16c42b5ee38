"""Reading LinkedIn fixtures for the LinkedIn importer's tests."""

from __future__ import annotations

from pathlib import Path

from hypothesis import strategies as st

from warmly.importers.base import ImportContext
from warmly.importers.linkedin import LinkedInImporter
from warmly.importers.records import Record
from warmly.importers.source import ExportTree


def read(path: Path, ctx: ImportContext | None = None) -> list[Record]:
    """Every record the LinkedIn importer reads from ``path``."""
    with ExportTree(path) as tree:
        return list(LinkedInImporter().read(tree, ctx or ImportContext()))


def write(tmp_path: Path, name: str, text: str) -> Path:
    """``text`` as the UTF-8 file ``name`` in ``tmp_path``."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def csv_cell(punctuation: str) -> st.SearchStrategy[str]:
    """A non-empty CSV cell as people write it: letters, digits, spaces and ``punctuation``
    (commas and quotes included, which the CSV writer must quote)."""
    return (
        st.text(
            alphabet=st.characters(
                codec="utf-8", categories=("L", "N", "Zs"), include_characters=punctuation
            ),
            min_size=1,
            max_size=30,
        )
        .map(str.strip)
        .filter(bool)
    )
