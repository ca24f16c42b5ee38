"""Mastodon's CSV exports (Preferences → Import and export → Data export).

``following_accounts.csv``: header ``Account address,Show boosts,Notify on new
posts,Languages``; servers before 3.x wrote only the first two columns, so the
header is matched by prefix and columns by name. ``Languages`` is one quoted,
``", "``-joined field. Mastodon has no followers export.

``blocked_accounts.csv`` and ``muted_accounts.csv``: one ``user@host`` per
line, written by Mastodon's ``Export`` model (``app/models/export.rb``). The
block list has no header; the mute list has ``Account address,Hide
notifications`` (older servers: none). ``blocked_domains.csv`` (headerless,
one domain per line) is read with the blocks, each server :class:`Skipped`:
a server is not a person. A headerless ``user@host`` column is too generic
to claim by content, so those files are recognised by their export name
(``blocked_accounts (1).csv`` too) and a first line of that shape.
``lists.csv`` is not claimed.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from contextlib import closing
from typing import TYPE_CHECKING, ClassVar

from warmly.errors import ImportFileError
from warmly.identity.keys import mastodon_acct
from warmly.importers.base import ImportContext
from warmly.importers.records import ContactRecord, IdentityRef, Record, RecordError, Skipped
from warmly.importers.source import ExportTree, norm_name

if TYPE_CHECKING:
    from _csv import Reader  # csv.reader's type: an iterator with line_num

__all__ = ["MastodonBlocksImporter", "MastodonFollowsImporter", "MastodonMutesImporter"]

_HEADER_PREFIX = "account address,show boosts"
# What a line of the headerless lists holds: ``user@host`` (``@user@host``
# accepted) or, in blocked_domains.csv, a bare domain.
_ACCT_RX = re.compile(r"@?[^\s@,]+@[^\s@,/]+\.[^\s@,/]+")
_DOMAIN_RX = re.compile(r"[^\s@,/:]+\.[^\s@,/:]+")


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
        return _read_csv(tree, self._rows)

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
        start = reader.line_num + 1
        for row in reader:
            first, start = start, reader.line_num + 1  # the row's lines: first..line_num
            loc = f"line {first}"
            if not row or not "".join(row).strip():
                continue
            if (spread := _spread(first, reader.line_num)) is not None:
                yield spread
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


def _spread(first: int, last: int) -> RecordError | None:
    """A row that took lines ``first`` to ``last``: a quote opened and not closed on
    its line (an account address never holds a line break) swallowed the lines after."""
    if last == first:
        return None
    why = f"unclosed quote: lines {first}-{last} were read as one cell"
    return RecordError(f"line {first}", why)


def _read_csv(
    tree: ExportTree, rows: Callable[[Reader, str], Iterator[Record]]
) -> Iterator[Record]:
    """``rows`` of the one CSV file of ``tree``; bytes that are not UTF-8 fail the file."""
    member = tree.members()[0]
    # Closed when reading stops early too: a refused file is not left to the collector.
    with closing(tree.open_text(member)) as lines:
        reader = csv.reader(lines)
        try:
            yield from rows(reader, tree.display(member))
        except UnicodeDecodeError as exc:
            where = f"line {reader.line_num + 1}"
            raise ImportFileError(
                tree.display(member), f"not UTF-8 text (byte {exc.start})", where
            ) from exc


class _AccountList:
    """A headerless (or ``Account address,…``) list of accounts the user blocked or muted.

    Each account becomes a contact tagged ``mastodon:<what>``; the agenda
    never suggests a person carrying it.
    """

    name: ClassVar[str]
    description: ClassVar[str]
    what: ClassVar[str]  # "blocked" or "muted": the tag and the source key say it
    files: ClassVar[tuple[str, ...]]  # export file names, normalised (see norm_name)
    shown: ClassVar[tuple[str, ...]]  # the same, as Mastodon writes them
    header: ClassVar[str | None] = None  # lower-case header prefix, when the file has one
    domains: ClassVar[bool] = False  # also reads blocked_domains.csv

    def detect(self, tree: ExportTree) -> bool:
        if not tree.is_file:
            return False
        member = tree.members()[0]
        with tree.open_bytes(member) as f:
            head = f.read(4096).decode("utf-8-sig", errors="replace")
        first = next((line.strip() for line in head.splitlines() if line.strip()), "")
        if self.header and first.lower().startswith(self.header):
            return True  # the mute list's own header: claimed whatever the file is called
        base = norm_name(member)
        return (
            base.endswith(".csv")
            and base.startswith(self.files)
            and self._address(first.split(",")[0]) is not None
        )

    def read(self, tree: ExportTree, ctx: ImportContext) -> Iterator[Record]:
        return _read_csv(tree, self._rows)

    def _address(self, cell: str) -> str | None:
        """``"account"`` or ``"domain"`` for a cell of this list, else ``None``."""
        if _ACCT_RX.fullmatch(cell):
            return "account"
        if self.domains and _DOMAIN_RX.fullmatch(cell):
            return "domain"
        return None

    def _rows(self, reader: Reader, display: str) -> Iterator[Record]:
        first = True
        start = reader.line_num + 1
        for row in reader:
            line, start = start, reader.line_num + 1  # the row's lines: line..line_num
            loc = f"line {line}"
            if not "".join(row).strip():
                continue
            if not first and (spread := _spread(line, reader.line_num)) is not None:
                yield spread
                continue
            cell = row[0].strip()
            if first:
                first = False
                if self.header and ",".join(c.strip().lower() for c in row).startswith(self.header):
                    continue
                # Forced with --format on another file (a vCard, following_accounts.csv),
                # every line with an "@" would become a block or a mute.
                if self._address(cell) is None:
                    raise ImportFileError(
                        display,
                        f"not a Mastodon {' or '.join(self.shown)}: "
                        f"line 1 is {','.join(row)[:60]!r}, not a user@host address",
                        loc,
                    )
            kind = self._address(cell)
            acct = mastodon_acct(cell) if kind == "account" else None
            if acct is not None:
                yield ContactRecord(
                    source_key=f"mastodon:{self.what}:{acct}",
                    identities=[IdentityRef("mastodon", acct)],
                    tags=[f"mastodon:{self.what}"],
                    location=loc,
                )
            elif kind == "domain":
                yield Skipped(loc, f"a blocked server ({cell.lower()}), not a person")
            else:
                yield RecordError(loc, f"not a user@host account address: {cell!r}")


class MastodonBlocksImporter(_AccountList):
    """``blocked_accounts.csv``: contacts tagged ``mastodon:blocked``; ``blocked_domains.csv``."""

    name: ClassVar[str] = "mastodon-blocks"
    description: ClassVar[str] = "Mastodon blocked_accounts.csv (and blocked_domains.csv)"
    what: ClassVar[str] = "blocked"
    files: ClassVar[tuple[str, ...]] = ("blockedaccounts", "blockeddomains")
    shown: ClassVar[tuple[str, ...]] = ("blocked_accounts.csv", "blocked_domains.csv")
    domains: ClassVar[bool] = True


class MastodonMutesImporter(_AccountList):
    """``muted_accounts.csv``: contacts tagged ``mastodon:muted``."""

    name: ClassVar[str] = "mastodon-mutes"
    description: ClassVar[str] = "Mastodon muted_accounts.csv"
    what: ClassVar[str] = "muted"
    files: ClassVar[tuple[str, ...]] = ("mutedaccounts",)
    shown: ClassVar[tuple[str, ...]] = ("muted_accounts.csv",)
    header: ClassVar[str | None] = "account address,hide notifications"
