"""Recognise an export already imported byte for byte, so re-importing it is cheap.

Re-importing never adds anything twice (every row has a stable source key), but
it still has to parse the whole file to find that out. A fingerprint of the
exact bytes, the format and the warmly version lets the pipeline skip a file it
has already read completely; an overlapping or newer export, or a new version of
warmly whose importer may read more, is parsed as usual.
"""

from __future__ import annotations

import hashlib
import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from warmly import __version__
from warmly.importers.source import ExportTree
from warmly.store.models import ImportRun

_CHUNK = 1 << 20


def fingerprint(tree: ExportTree, fmt: str, context: object = None) -> str:
    """A digest of every member's name and bytes, the format, the warmly version and
    ``context`` (the importer's options, e.g. a CSV column mapping)."""
    h = hashlib.blake2b(digest_size=20)
    h.update(
        f"warmly {__version__} {fmt} {json.dumps(context, sort_keys=True, default=str)}\n".encode()
    )
    for member in sorted(tree.members()):
        h.update(member.encode() + b"\0")
        for chunk in tree.chunks(member, _CHUNK):
            h.update(chunk)
    return h.hexdigest()


def previous_run(session: Session, fmt: str, digest: str) -> ImportRun | None:
    """The newest clean import that read exactly these bytes, if any.

    A run that reported bad records does not count: what the importer is told
    may have changed since (the user's own handles in ``warmly.toml``), and
    reading the file again may now succeed where it failed. Nor does a no-op
    re-import (``same_as``): it read nothing, and holds no problems of its own.
    """
    runs = session.scalars(
        select(ImportRun)
        .where(ImportRun.status == "ok", ImportRun.format == fmt)
        .order_by(ImportRun.id.desc())
    )
    return next(
        (
            r
            for r in runs
            if r.errors == 0
            and (d := r.details or {}).get("fingerprint") == digest
            and "same_as" not in d
        ),
        None,
    )
