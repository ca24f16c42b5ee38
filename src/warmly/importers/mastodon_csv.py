"""Mastodon ``following_accounts.csv`` (Preferences → Import and export → Data export).

Header ``Account address,Show boosts,Notify on new posts,Languages``; servers
before 3.x wrote only the first two columns, so the header is matched by
prefix and columns by name. ``Languages`` is one quoted, ``", "``-joined field.
Mastodon has no followers export. The headerless exports (``lists.csv``,
``blocked_accounts.csv``) are not claimed: blocks and mutes are not
relationships to keep warm, and a headerless ``user@host`` column is too
generic to detect safely.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from warmly.errors import ImportFileError
from warmly.identity.keys import mastodon_acct
from warmly.importers.base import ImportContext
from warmly.importers.records import ContactRecord, IdentityRef, Record, RecordError
from warmly.importers.source import ExportTree

if TYPE_CHECKING:
    from _csv import Reader  # csv.reader's type: an iterator with line_num

__all__ = ["MastodonFollowsImporter"]

_HEADER_PREFIX = "account address,show boosts"


class MastodonFollowsImporter:
    """One contact per followed account, tagged ``mastodon:following``.

    Accounts with "Notify on new posts" on also get ``mastodon:notify``: the
    user asked to hear about every post, a strong hint of a close tie.
    """

    name: ClassVar[str] = "mastodon-follows"
    description: ClassVar[str] = "Mastodon following_accounts.csv"

    def detect(self, tree: ExportTree) -> bool:
        if not tree.is_file:
            return False
        with tree.open_bytes(tree.members()[0]) as f:
            head = f.read(200).decode("utf-8-sig", errors="replace")
        return head.lower().startswith(_HEADER_PREFIX)

    def read(self, tree: ExportTree, ctx: ImportContext) -> Iterator[Record]:
        member = tree.members()[0]
        reader = csv.reader(tree.open_text(member))
        try:
            yield from self._rows(reader, tree.display(member))
        except UnicodeDecodeError as exc:
            where = f"line {reader.line_num + 1}"
            raise ImportFileError(
                tree.display(member), f"not UTF-8 text (byte {exc.start})", where
            ) from exc

    def _rows(self, reader: Reader, display: str) -> Iterator[Record]:
        cells = next(reader, [])
        header = [h.strip().lower() for h in cells]
        # Forced with --format on another file (a vCard, the headerless
        # blocked_accounts.csv), every line with an "@" would become a follow:
        # the header is what detect() looks for.
        if not ",".join(header).startswith(_HEADER_PREFIX):
            raise ImportFileError(
                display,
                f"not a Mastodon following_accounts.csv: the header is "
                f"{','.join(cells)[:60]!r}, not 'Account address,Show boosts,...'",
                "line 1",
            )
        col = {name: i for i, name in enumerate(header)}
        notify_col = col.get("notify on new posts")
        for row in reader:
            loc = f"line {reader.line_num}"
            if not row or not "".join(row).strip():
                continue
            acct = mastodon_acct(row[0])
            if acct is None:
                yield RecordError(loc, f"not a user@host account address: {row[0]!r}")
                continue
            tags = ["mastodon:following"]
            notify = row[notify_col] if notify_col is not None and notify_col < len(row) else ""
            if notify.strip().lower() == "true":
                tags.append("mastodon:notify")
            yield ContactRecord(
                source_key=f"mastodon:following:{acct}",
                identities=[IdentityRef("mastodon", acct)],
                tags=tags,
                location=loc,
            )
