"""mbox mail archives: a single ``.mbox`` file or a Google Takeout (zip or folder).

The file is streamed: a new message starts at a ``From `` line that follows a
blank line (or starts the file) and looks like an envelope line, so memory
stays flat on multi-GB Takeouts. Handles LF and CRLF files, Takeout's
``From <id>@xxx Tue Aug 08 12:36:29 +0000 2023`` (zone before year), classic
asctime envelopes (with the double-space variant), and mboxrd ``>From``
quoting. Each message becomes one record via :mod:`.email_message`.

A folder or archive may hold ``.eml`` files beside its mailboxes: they are
read too, after the mailboxes, as the eml importer reads them (same source
keys), so that no mail in it is left out.

When the context knows no owner address, the first :data:`OWNER_SCAN`
messages are read once more beforehand to infer it (see
:class:`~warmly.importers.email_message.OwnerGuess`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain, islice
from typing import IO, ClassVar

from warmly.errors import ImportFileError
from warmly.importers import email_message as em
from warmly.importers import email_parse as ep
from warmly.importers import eml
from warmly.importers.base import ImportContext
from warmly.importers.records import Known, Record, RecordError
from warmly.importers.source import ExportTree

OWNER_SCAN = 5000  # messages read up front to infer the owner's addresses

# An envelope line: "From " sender, then a date starting "Day Mon" (or "Mon").
_ENVELOPE_RX = re.compile(rb"From \S*\s+(?:[A-Z][a-z]{2},? +){1,2}\d{1,2} +\d{1,2}:\d\d")
_HEADER_LINE_RX = re.compile(rb"[!-9;-~]+:")  # an RFC 5322 field name and colon
_QUOTED_FROM_RX = re.compile(rb"(?m)^>(>*From )")
# A blank line (LF or CRLF) followed by "From ": a candidate message boundary.
_SEPARATOR_RX = re.compile(rb"\n\r?\n(?=From )")
_CHUNK = 1 << 20
_HEAD_BYTES = 4096


@dataclass(slots=True)
class RawMessage:
    """One message cut out of an mbox: its bytes and where it started."""

    number: int  # 1-based position in the file
    line: int  # line number of its From_ line
    envelope: str  # the From_ line, decoded
    data: bytes


def split_mbox(stream: IO[bytes], where: str) -> Iterator[RawMessage]:
    """Yield the messages of an mbox stream one at a time.

    Reads in blocks and finds separators with a regex (a per-line Python loop
    was the slowest part of an import). Raises :class:`ImportFileError` if the
    first non-empty line is not a ``From `` line: the file is not an mbox.
    """
    buf = b""
    # Enough to judge the first line: it and the line after it (or the whole file).
    while buf.lstrip().count(b"\n") < 2:
        chunk = stream.read(_CHUNK)
        if not chunk:
            break
        buf += chunk
    if not buf.strip():
        return  # empty file: an mbox with no messages
    stripped = buf.lstrip()
    line = buf[: len(buf) - len(stripped)].count(b"\n") + 1
    buf = stripped
    if not buf.startswith(b"From "):
        raise ImportFileError(where, "not an mbox: no 'From ' separator line")
    if not _ENVELOPE_RX.match(buf) and not _HEADER_LINE_RX.match(buf, buf.find(b"\n") + 1):
        # "From the desk of…": prose, not an envelope followed by a message.
        raise ImportFileError(where, "not an mbox: the first line is no From_ envelope")
    number = 0
    start = 0  # where the current message's From_ line begins in buf
    scan = 0  # where to resume looking for separators
    eof = False
    while True:
        for m in _SEPARATOR_RX.finditer(buf, scan):
            env_start = m.end()
            if not eof and buf.find(b"\n", env_start) < 0:
                scan = m.start()  # envelope line incomplete: read on, then look again
                break
            if not _ENVELOPE_RX.match(buf, env_start):
                continue  # "From …" opening a body paragraph, not an envelope
            number += 1
            yield _raw(number, line, buf[start : m.start() + 1])
            line += buf.count(b"\n", start, env_start)
            start = env_start
        else:
            scan = max(len(buf) - 8, start)  # a separator may straddle the next block
        if eof:
            break
        chunk = stream.read(_CHUNK)
        eof = not chunk
        buf = buf[start:] + chunk  # memory: one message plus one block
        scan -= start
        start = 0
    yield _raw(number + 1, line, buf[start:])


def _raw(number: int, line: int, data: bytes) -> RawMessage:
    envelope, _, body = data.partition(b"\n")
    if b">From " in body:  # mboxrd: one level of ">From " quoting is the writer's
        body = _QUOTED_FROM_RX.sub(rb"\1", body)
    return RawMessage(number, line, envelope.decode("latin-1").rstrip("\r"), body)


class MboxImporter:
    """Mail in mbox form: Google Takeout, Thunderbird, mutt, list archives."""

    name: ClassVar[str] = "mbox"
    known_prefixes: ClassVar[tuple[str, ...]] = ("email:",)
    description: ClassVar[str] = "mbox mail archive (Google Takeout mail, list archives)"

    def detect(self, tree: ExportTree) -> bool:
        """A file starting with a From_ line (or named .mbox), or an export holding .mbox files."""
        if tree.is_file:
            lower = tree.path.name.lower()
            if lower.endswith(".eml"):
                return False  # .eml with an envelope line is the eml importer's
            if lower.endswith(".mbox"):
                return True  # claimed by name; read() rejects a non-mbox loudly
            return _starts_with_envelope(tree, tree.members()[0])
        # Takeout writes Takeout/Mail/<Label>.mbox; any .mbox in an export is mail.
        return bool(tree.with_suffix(".mbox"))

    def read(self, tree: ExportTree, ctx: ImportContext) -> Iterator[Record]:
        """Yield an OwnerRecord (when inferred), one record per message, then one per .eml file."""
        members = [tree.members()[0]] if tree.is_file else tree.with_suffix(".mbox")
        emls = [] if tree.is_file else tree.with_suffix(".eml")
        if not members:
            hint = " (it holds .eml files: use --format eml)" if emls else ""
            raise ImportFileError(tree.path, f"no .mbox files in this folder or archive{hint}")
        known = {h for p, h in ctx.owner if p == "email"}
        owner = em.OwnerEmails(known)
        include_bulk = bool(ctx.options.get("include_bulk", False))
        links = em.SignatureLinks()
        if not known:
            guess = em.OwnerGuess()
            headers = chain(_headers(tree, members), eml.eml_headers(tree, emls))
            for msg in islice(headers, OWNER_SCAN):
                guess.observe(msg)
            if found := guess.addresses():
                for addr in found:
                    owner.add(addr)
                yield em.owner_record(found)
        for member in members:
            prefix = "" if len(members) == 1 else f"{member}: "
            with tree.open_bytes(member) as stream:
                for raw in split_mbox(stream, tree.display(member)):
                    where = f"{prefix}message {raw.number}"
                    yield from _convert(raw, where, owner, ctx, include_bulk, links)
        yield from eml.read_emls(tree, emls, ctx, owner, links)


def _headers(tree: ExportTree, members: list[str]) -> Iterator[ep.Headers]:
    """The headers of every message, for owner inference."""
    for member in members:
        with tree.open_bytes(member) as stream:
            for raw in split_mbox(stream, tree.display(member)):
                yield ep.Headers.parse(ep.split_head(raw.data)[0])


def _convert(
    raw: RawMessage,
    where: str,
    owner: em.OwnerEmails,
    ctx: ImportContext,
    include_bulk: bool,
    links: em.SignatureLinks,
) -> Iterator[Record]:
    """The records of one message: its record, preceded by an OwnerRecord for a new
    address and followed by a signature link seen for the first time in this import."""
    new_owner: list[str] = []
    try:
        msg = ep.parse_message(raw.data)
        if not msg.headers:
            yield RecordError(f"{where} (line {raw.line})", "no header lines")
            return
        if ctx.known:  # a newer Takeout of the same mailbox: known mail is not decoded again
            key = em.message_id_key(em.message_id(msg.headers))
            if key is not None and key in ctx.known:
                yield Known(key)
                return
        record = em.message_record(
            msg,
            location=where,
            owner=owner,
            owner_keys=ctx.owner,
            fallback_date=ep.envelope_date(raw.envelope),
            include_bulk=include_bulk,
            on_new_owner=new_owner.append,
            on_signature=links.add,
        )
    except Exception as exc:  # one odd message must not end a GB import
        yield RecordError(f"{where} (line {raw.line})", f"cannot parse message: {exc!r}")
        return
    if isinstance(record, RecordError):
        record.location = f"{where} (line {raw.line})"
    if new_owner:
        # The From of a Sent message beyond the up-front scan: the user's too.
        yield em.owner_record(new_owner)
    yield record
    yield from links.drain()


def _starts_with_envelope(tree: ExportTree, member: str) -> bool:
    with tree.open_bytes(member) as f:
        head = f.read(_HEAD_BYTES)
    first = next((ln for ln in head.splitlines() if ln.strip()), b"")
    return first.startswith(b"From ") and bool(_ENVELOPE_RX.match(first))
