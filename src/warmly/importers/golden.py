"""Turn records into plain JSON-able data: used by golden-file tests and ``--dump``.

A golden test keeps ``<sample>`` beside ``<sample>.expected.json`` and compares
:func:`dump_records` of the importer's output with it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from warmly.importers.records import Record


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {"type": type(value).__name__}
        for f in dataclasses.fields(value):
            v = getattr(value, f.name)
            if v is None or v == []:
                continue
            out[f.name] = _plain(v)
        return out
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def dump_records(records: Iterable[Record]) -> list[dict[str, Any]]:
    """Records as a list of dicts (``type`` + non-empty fields), dates ISO-formatted."""
    return [_plain(r) for r in records]
