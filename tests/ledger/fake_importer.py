"""A tiny importer for pipeline tests: a JSON list of records in a ``.fake`` file."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from datetime import date, datetime
from typing import ClassVar

from warmly.errors import ImportFileError
from warmly.importers.base import ImportContext
from warmly.importers.records import (
    ContactRecord,
    IdentityRef,
    InteractionRecord,
    OwnerRecord,
    Record,
    RecordError,
    Skipped,
)
from warmly.importers.source import ExportTree


def _refs(items: list[list[str | None]]) -> list[IdentityRef]:
    return [IdentityRef(*i) for i in items]  # type: ignore[arg-type]


class FakeImporter:
    name: ClassVar[str] = "fake"
    description: ClassVar[str] = "JSON records, for tests"

    def detect(self, tree: ExportTree) -> bool:
        return tree.is_file and tree.path.suffix == ".fake"

    def read(self, tree: ExportTree, ctx: ImportContext) -> Iterator[Record]:
        data = json.loads(tree.read_text(tree.members()[0]))
        for i, item in enumerate(data, 1):
            t = item.pop("type")
            if t == "boom":
                raise ImportFileError(tree.path, f"record {i}: cannot go on")
            if t == "bad":  # an importer bug: an exception it did not mean
                error = {"attribute": AttributeError, "overflow": OverflowError}
                raise error.get(item.get("error", ""), ValueError)(f"record {i}: unforeseen")
            if t == "die":  # the parsing process dies (only ever read in a worker)
                os._exit(3)
            if t == "chatter":  # a careless library printing to stdout, both ways
                print("stray words")
                os.write(1, b"stray bytes\n")
                continue
            if t == "contact":
                yield ContactRecord(
                    item["key"],
                    _refs(item.get("ids", [])),
                    name=item.get("name"),
                    organisation=item.get("org"),
                    title=item.get("title"),
                    birthday=date.fromisoformat(item["born"]) if "born" in item else None,
                    tags=item.get("tags", []),
                    location=f"record {i}",
                )
            elif t == "msg":
                yield InteractionRecord(
                    item["key"],
                    item.get("platform", "email"),
                    item.get("kind", "message"),
                    item.get("dir", "in"),
                    datetime.fromisoformat(item["at"]),
                    _refs(item["to"]),
                    text=item.get("text"),
                    location=f"record {i}",
                )
            elif t == "owner":
                yield OwnerRecord(
                    _refs(item["ids"]),
                    name=item.get("name"),
                    specialties=item.get("specialties", []),
                )
            elif t == "error":
                yield RecordError(f"record {i}", item["why"])
            elif t == "skip":
                yield Skipped(f"record {i}", item["why"])
