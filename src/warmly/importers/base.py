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


# Options an import may be given (``warmly import --option KEY=VALUE``), with
# what each does; the mapping of the generic CSV importer has its own flag.
OPTIONS: dict[str, str] = {
    "delimiter": "csv: the column separator (default: sniffed from the header line)",
    "date_format": "csv: strptime format of the date column (default: ISO 8601)",
    "birthday_format": "csv: strptime format of the birthday column (default: ISO)",
    "timezone": "csv: IANA zone of dates without an offset (default: UTC)",
    "include_bulk": "mbox, eml: import mailing-list and bulk mail too (true/false)",
}
_BOOLEAN = {"include_bulk"}
_TRUE, _FALSE = {"true", "yes", "1", "on"}, {"false", "no", "0", "off"}


def parse_option(text: str) -> tuple[str, object]:
    """``KEY=VALUE`` as an import option; ``ValueError`` naming what is wrong."""
    key, sep, value = text.partition("=")
    key = key.strip()
    if not sep or not key:
        raise ValueError(f"{text!r} is not KEY=VALUE")
    if key not in OPTIONS:
        raise ValueError(f"unknown option {key!r}; known: {', '.join(OPTIONS)}")
    if key in _BOOLEAN:
        word = value.strip().lower()
        if word not in _TRUE | _FALSE:
            raise ValueError(f"option {key!r} takes true or false, not {value!r}")
        return key, word in _TRUE
    return key, value
