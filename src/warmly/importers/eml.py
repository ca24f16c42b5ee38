"""Single RFC 822 messages: one ``.eml`` file, or a folder/zip of them (one import).

Each message becomes one record via :mod:`.email_message`. A leading mbox
``From `` envelope line, which some tools write, is tolerated. A file with no
mail header at all is not a message: refused when it is the whole import,
a RecordError inside a folder. A folder that
also holds ``.mbox`` files is the mbox importer's, which reads its ``.eml``
files with :func:`read_emls`; forced here, the ``.mbox`` files are reported
as skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from warmly.errors import ImportFileError
from warmly.importers import email_message as em
from warmly.importers import email_parse as ep
from warmly.importers.base import ImportContext
from warmly.importers.records import Record, RecordError, Skipped
from warmly.importers.source import ExportTree

# RFC 5322 field name, then a colon: "From:", "X-Mailer:".
_HEADER_RX = re.compile(rb"^[!-9;-~]+:")
_KNOWN_HEADERS = frozenset(
    {
        b"from",
        b"to",
        b"date",
        b"message-id",
        b"subject",
        b"received",
        b"return-path",
        b"mime-version",
        b"delivered-to",
        b"content-type",
    }
)
# Fields a message has at least one of; a file whose header block names none
# ("Note: buy milk", an HTTP request) is not mail, even with ``--format eml``.
_MAIL_HEADERS = _KNOWN_HEADERS | {
    b"sender",
    b"cc",
    b"bcc",
    b"reply-to",
    b"in-reply-to",
    b"references",
}
_NOT_EMAIL_EXT = (".csv", ".vcf", ".vcard", ".json", ".js", ".mbox", ".html", ".txt", ".xml")
_HEAD_BYTES = 8192


class EmlImporter:
    """Single email files (``.eml``), e.g. saved from a mail client."""

    name: ClassVar[str] = "eml"
    description: ClassVar[str] = "single email message files (.eml), or a folder of them"

    def detect(self, tree: ExportTree) -> bool:
        """A ``.eml`` file, a file that opens with mail headers, or an export of .eml files."""
        if not tree.is_file:
            # With .mbox files beside them, the folder is the mbox importer's,
            # which reads the .eml files too: two claims would be an error.
            return bool(tree.with_suffix(".eml")) and not tree.with_suffix(".mbox")
        lower = tree.path.name.lower()
        if lower.endswith(".eml"):
            return True  # claimed by name; read() rejects a headerless file loudly
        if lower.endswith(_NOT_EMAIL_EXT):
            return False
        with tree.open_bytes(tree.members()[0]) as f:
            return _looks_like_mail(f.read(_HEAD_BYTES))

    def read(self, tree: ExportTree, ctx: ImportContext) -> Iterator[Record]:
        """Yield an OwnerRecord (when inferred) and one record per message file."""
        members = tree.members() if tree.is_file else tree.with_suffix(".eml")
        mailboxes = [] if tree.is_file else tree.with_suffix(".mbox")
        if not members:
            hint = " (it holds .mbox files: use --format mbox)" if mailboxes else ""
            raise ImportFileError(tree.path, f"no .eml files in this folder or archive{hint}")
        known = {h for p, h in ctx.owner if p == "email"}
        owner = em.OwnerEmails(known)
        if not known:
            guess = em.OwnerGuess()
            for headers in eml_headers(tree, members):
                guess.observe(headers)
            if found := guess.addresses():
                for addr in found:
                    owner.add(addr)
                yield em.owner_record(found)
        chats = em.ChatPeers()
        yield from read_emls(tree, members, ctx, owner, em.SignatureLinks(), chats)
        yield from chats.leftovers()
        # Such a folder is the mbox importer's (it reads both); forced here, say
        # what was left out rather than drop the mail silently.
        for member in mailboxes:
            yield Skipped(member, "mbox file, not read with --format eml: use --format mbox")


def eml_headers(tree: ExportTree, members: list[str]) -> Iterator[ep.Headers]:
    """The headers of every message file that has any, for owner inference."""
    for member in members:
        data = _strip_envelope(tree.read_bytes(member))
        if _not_mail(data) is None:
            yield ep.parse_message(data).headers


def read_emls(
    tree: ExportTree,
    members: list[str],
    ctx: ImportContext,
    owner: em.OwnerEmails,
    links: em.SignatureLinks,
    chats: em.ChatPeers,
) -> Iterator[Record]:
    """One record per message file, each followed by the owner or link records it reveals.

    ``owner``, ``links`` and ``chats`` are the import's own, shared with the
    mbox importer when it reads the ``.eml`` files beside its mailboxes; the
    caller yields ``chats.leftovers()`` at the end.
    """
    include_bulk = bool(ctx.options.get("include_bulk", False))
    for number, member in enumerate(members, 1):
        where = "message 1" if tree.is_file else member
        data = _strip_envelope(tree.read_bytes(member))
        if reason := _not_mail(data):
            if tree.is_file:  # the whole import is this one file: refuse it
                raise ImportFileError(tree.display(member), reason)
            yield RecordError(f"message {number} ({member})", reason)
            continue
        new_owner: list[str] = []
        try:
            record = em.message_record(
                ep.parse_message(data),
                location=where,
                owner=owner,
                owner_keys=ctx.owner,
                include_bulk=include_bulk,
                on_new_owner=new_owner.append,
                on_signature=links.add,
            )
        except Exception as exc:  # one odd file must not end the import
            yield RecordError(where, f"cannot parse message: {exc!r}")
            continue
        if new_owner:
            yield em.owner_record(new_owner)
        yield from chats.route(record)
        yield from links.drain()


def _strip_envelope(data: bytes) -> bytes:
    data = data.lstrip(b"\r\n")
    if data.startswith(b"From "):
        _, _, data = data.partition(b"\n")
    return data


def _not_mail(data: bytes) -> str | None:
    """Why ``data`` is not a mail message, or None when it is one."""
    if not _HEADER_RX.match(data):
        return "not an email: no header lines"
    if not _field_names(data) & _MAIL_HEADERS:
        return "not an email: no mail header (From, To, Date, Subject, Message-ID)"
    return None


def _field_names(head: bytes) -> set[bytes]:
    """Lower-cased names of the header fields before the first blank line."""
    block = re.split(rb"\r?\n\r?\n", head, maxsplit=1)[0]
    return {
        ln.split(b":", 1)[0].strip().lower() for ln in block.splitlines() if _HEADER_RX.match(ln)
    }


def _looks_like_mail(head: bytes) -> bool:
    """Opening lines are header fields, at least two of them ones every mail has."""
    head = _strip_envelope(head)
    if not _HEADER_RX.match(head):
        return False
    return len(_field_names(head) & _KNOWN_HEADERS) >= 2
