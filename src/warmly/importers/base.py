"""The importer contract: detect a path, read it into records.

An importer is a small class with a ``name``, a ``detect(tree)`` that says
whether the export is its format, and a ``read(tree, ctx)`` that yields
:mod:`records <warmly.importers.records>`. ``read`` raises
:class:`~warmly.errors.ImportFileError` when the file cannot be read at all
(the pipeline then writes nothing), and yields
:class:`~warmly.importers.records.RecordError` for a single bad record.

Optionally, a class attribute ``known_prefixes`` (a tuple of source-key
prefixes, default none) asks the pipeline, on a re-import of the format, to
fill :attr:`ImportContext.known` with the keys of interactions already in
the ledger under those prefixes; the importer may then yield
:class:`~warmly.importers.records.Known` for them instead of building records.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import ClassVar, Protocol

from warmly.importers.records import Record
from warmly.importers.source import ExportTree


@dataclass(slots=True)
class ImportContext:
    """What an importer may know about the user before reading.

    ``owner`` holds the user's own identities as ``(platform, handle)`` pairs
    (from ``warmly.toml`` and earlier imports); ``owner_names`` their names
    in lower case. ``options`` carries format-specific settings, e.g. the
    column mapping of the generic CSV importer.
    """

    owner: set[tuple[str, str]] = field(default_factory=set)
    owner_names: set[str] = field(default_factory=set)
    default_region: str | None = None  # for phone numbers without a country code
    options: dict[str, object] = field(default_factory=dict)
    # Source keys of single-counterpart interactions already in the ledger,
    # under the importer's ``known_prefixes``: a record whose key is here may be
    # yielded as ``Known`` without being built. It would add nothing, unless
    # the same source now names more counterparts than when it was stored
    # (then the new ones are not added either).
    known: frozenset[str] = frozenset()

    def is_owner(self, platform: str, handle: str | None) -> bool:
        return handle is not None and (platform, handle) in self.owner


class Importer(Protocol):
    """One export format."""

    name: ClassVar[str]
    description: ClassVar[str]

    def detect(self, tree: ExportTree) -> bool:
        """True if this export is in this importer's format."""
        ...

    def read(self, tree: ExportTree, ctx: ImportContext) -> Iterator[Record]:
        """Yield every record of the export, in file order."""
        ...
