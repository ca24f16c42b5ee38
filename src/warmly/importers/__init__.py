"""Importers: one module per export format, chosen by :func:`detect_importer`.

Each importer only parses (see :mod:`warmly.importers.base`); the pipeline in
:mod:`warmly.ledger.pipeline` writes what they read.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from warmly.errors import AmbiguousFormatError, ImportFileError, UnknownFormatError
from warmly.importers.base import ImportContext, Importer
from warmly.importers.source import ExportTree

# name -> "module:Class". Modules load lazily so that `warmly --help` stays fast.
REGISTRY: dict[str, str] = {
    "linkedin": "warmly.importers.linkedin:LinkedInImporter",
    "x": "warmly.importers.x_archive:XArchiveImporter",
    "x-legacy": "warmly.importers.x_archive_legacy:XLegacyArchiveImporter",
    "mbox": "warmly.importers.mbox:MboxImporter",
    "eml": "warmly.importers.eml:EmlImporter",
    "vcard": "warmly.importers.vcard:VCardImporter",
    "csv": "warmly.importers.generic_csv:GenericCsvImporter",
    "mastodon": "warmly.importers.mastodon:MastodonImporter",
    "mastodon-follows": "warmly.importers.mastodon_csv:MastodonFollowsImporter",
    "mastodon-blocks": "warmly.importers.mastodon_csv:MastodonBlocksImporter",
    "mastodon-mutes": "warmly.importers.mastodon_csv:MastodonMutesImporter",
    "bluesky": "warmly.importers.bluesky:BlueskyImporter",
}

__all__ = ["REGISTRY", "ImportContext", "Importer", "detect_importer", "get_importer"]


def get_importer(name: str) -> Importer:
    """The importer registered under ``name``."""
    try:
        target = REGISTRY[name]
    except KeyError:
        known = ", ".join(sorted(REGISTRY))
        raise UnknownFormatError(name, f"unknown format; known formats: {known}") from None
    module, _, cls = target.partition(":")
    return getattr(importlib.import_module(module), cls)()  # type: ignore[no-any-return]


def available() -> list[str]:
    """Names of importers whose module is present."""
    names = []
    for name, target in REGISTRY.items():
        try:
            importlib.import_module(target.partition(":")[0])
        except ModuleNotFoundError:
            continue
        names.append(name)
    return names


def detect_importer(tree: ExportTree, path: Path) -> Importer:
    """The one importer that claims ``tree``.

    Raises :class:`UnknownFormatError` if none does,
    :class:`AmbiguousFormatError`, naming them, if several do, and
    :class:`ImportFileError` for an empty file.
    """
    if tree.is_file and tree.size() == 0:
        # Some importers would claim it by its name and read nothing: say so instead.
        raise ImportFileError(path, "the file is empty: nothing to import")
    claims = []
    for name in available():
        imp = get_importer(name)
        try:
            if imp.detect(tree):
                claims.append(imp)
        except ImportFileError:
            raise
        except (OSError, ValueError, UnicodeError):
            continue
    if not claims:
        what = "archive" if tree.is_archive else "file" if tree.is_file else "folder"
        raise UnknownFormatError(
            path, f"no importer recognises this {what}; use --format to choose one"
        )
    if len(claims) > 1:
        names = ", ".join(i.name for i in claims)
        raise AmbiguousFormatError(
            path, f"claimed by several importers ({names}); use --format to choose one"
        )
    return claims[0]
