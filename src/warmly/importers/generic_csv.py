"""Generic CSV importer (``--format csv``): contacts, and optionally interactions, from any CSV.

Mapping format
--------------
``ctx.options["mapping"]`` is a dict from a warmly field to a column header::

    {"name": "Full name", "email": ["Work mail", "Home mail"], "note": None}

* Contact fields, one column each: ``name``, ``first_name``, ``last_name``,
  ``organisation``, ``title``, ``birthday``, ``note``, ``tags``.
* Identity fields, one column or a list of columns: ``email``, ``phone``,
  ``linkedin``, ``x``, ``mastodon``, ``bluesky``, ``url``. A cell may hold several
  values separated by ``:::`` (Google), ``;`` or a newline (email also by ``,``).
  ``url`` recognises LinkedIn/X/Mastodon/Bluesky profile URLs; other URLs become
  ``web`` identities.
* Interactions mode: when ``date`` is mapped, each row also yields an interaction
  with that person. Optional ``kind`` (one of
  :data:`~warmly.importers.records.KINDS`, default ``note``), ``direction``
  (``in``/``out``, also ``inbound``/``received``/``sent``..., default ``out``),
  ``platform`` (default: the platform of the row's first identity) and ``text``.
  These fields are never guessed.

Column names match exactly, else ignoring case and spacing (a name the header
repeats reads every copy); a name that is not in the header is an
:class:`~warmly.errors.ImportFileError` listing the header.
Fields the mapping does not name are guessed from header synonyms (``E-mail``,
``Email Address``, ``mail`` -> email; ``Company``, ``Organization`` ->
organisation; the table is :data:`~warmly.importers.generic_csv_mapping.SYNONYMS`);
map a field to ``None`` to stop it being guessed. Without a mapping everything
is guessed.

Other options: ``delimiter`` (default: Excel's ``sep=;`` first line, else sniffed
among ``,`` ``;`` and tab, from the header line), ``date_format`` (``strptime``
format for ``date``; default ISO 8601),
``birthday_format`` (default ISO ``1980-03-22`` or year-less ``--03-22``, stored
with year 1604), ``timezone`` (IANA zone for dates without an offset; default UTC).

Values: the file may be UTF-8 (BOM or not), UTF-16 with BOM or Windows-1252; quoted
fields may span lines. Each row's ``location`` is the line it starts on (header =
line 1). Rows whose cells are all empty are ignored; a row with no name and no
identity is a RecordError. Source keys are ``csv:`` + sha1 of the row's mapped
values (not of the file or line), so re-importing, or the same row in another
file, gives the same key. A row repeated in one file is Skipped as a duplicate.

``detect`` claims only a single ``.csv`` whose header carries the signature of a
Google Contacts or Outlook contacts export (exact headers cannot be required:
Google adds ``E-mail N`` columns as the data needs them). LinkedIn's
Connections.csv (``Connected On``) is never claimed.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Iterator, Mapping
from datetime import UTC, date, datetime
from typing import ClassVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from warmly.errors import ImportFileError
from warmly.identity import keys
from warmly.importers.base import ImportContext
from warmly.importers.csv_scan import ends_quoted
from warmly.importers.generic_csv_mapping import (
    INTERACTION_FIELDS,
    SINGLE_FIELDS,
    Columns,
    header_key,
    resolve,
)
from warmly.importers.records import (
    KINDS,
    PLATFORMS,
    ContactRecord,
    Direction,
    IdentityRef,
    InteractionRecord,
    Record,
    RecordError,
    Skipped,
    add_identity,
)
from warmly.importers.source import ExportTree
from warmly.importers.vcard_syntax import decode_export_text, parse_birthday

_DELIMITERS = (",", ";", "\t")
_MULTI_SPLIT = {"email": r"\s*(?::::|[;,\n])\s*", "tags": r"\s*(?::::|[;,\n])\s*"}
_DEFAULT_SPLIT = r"\s*(?::::|[;\n])\s*"
_DIRECTIONS: dict[str, Direction] = {
    **dict.fromkeys(("in", "inbound", "incoming", "received", "from"), "in"),
    **dict.fromkeys(("out", "outbound", "outgoing", "sent", "to"), "out"),
}
_URLISH_RX = re.compile(r"^(?:https?://|www\.)|/", re.I)
_EXCEL_SEP_RX = re.compile(r'"?sep=([,;\t|])"?\r?\n', re.I)


class GenericCsvImporter:
    """Any CSV of contacts, read through a column mapping (see the module docstring)."""

    name: ClassVar[str] = "csv"
    description: ClassVar[str] = "contacts or interactions from any CSV, with a column mapping"

    def detect(self, tree: ExportTree) -> bool:
        """Only a Google Contacts or Outlook CSV; anything else needs ``--format csv``."""
        if not tree.is_file or not tree.members()[0].lower().endswith(".csv"):
            return False
        with tree.open_bytes(tree.members()[0]) as f:
            head = decode_export_text(f.read(65536))
        first = head.partition("\n")[0].strip("\r")
        header = next(csv.reader([first], delimiter=_sniff(first)), [])
        return is_known_contacts_header([h.strip() for h in header])

    def read(self, tree: ExportTree, ctx: ImportContext) -> Iterator[Record]:
        """Each row: a ContactRecord (and an InteractionRecord in interactions mode)."""
        members = [m for m in tree.members() if m.lower().endswith(".csv")]
        if tree.is_file:
            members = tree.members()
        if len(members) != 1:
            raise ImportFileError(tree.path, "the csv format reads exactly one .csv file")
        member = members[0]
        where = tree.display(member)
        data = tree.read_bytes(member)
        if _is_binary(data[:65536]):
            nul = data.find(b"\x00")
            raise ImportFileError(where, f"binary data, not CSV text (a NUL byte at {nul})")
        text = decode_export_text(data)
        lines = _Lines(text)
        # Excel writes, and honours, a first line "sep=;" naming the delimiter.
        sep = m.group(1) if (m := _EXCEL_SEP_RX.match(text)) else None
        if sep is not None:
            next(lines)
        first = text.partition("\n")[2] if sep is not None else text
        delimiter = _option_str(ctx, "delimiter", where) or sep or _sniff(first.partition("\n")[0])
        reader = csv.reader(lines, delimiter=delimiter)
        try:
            header = [h.strip() for h in next(reader)]
        except StopIteration:
            raise ImportFileError(where, "the file is empty: no header row") from None
        except csv.Error as exc:
            raise ImportFileError(where, f"cannot read the header: {exc}") from exc
        mapping = ctx.options.get("mapping") or {}
        if not isinstance(mapping, Mapping):
            raise ImportFileError(where, "the mapping option must be a field -> column table")
        rows = _RowReader(resolve(header, mapping, where), ctx, where, header)
        while True:
            start = lines.mark()
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:  # e.g. a cell over csv.field_size_limit()
                if lines.count < start:  # nothing consumed: retrying would loop forever
                    raise ImportFileError(where, f"malformed CSV: {exc}", f"line {start}") from exc
                end = lines.skip_record(delimiter)
                span = f" (lines {start}-{end} skipped)" if end > start else ""
                yield RecordError(f"line {start}", f"malformed CSV: {exc}{span}")
                continue
            if (lines.count > start or lines.at_end()) and lines.unclosed(delimiter):
                # A quote never closed swallowed every line after it into one cell
                # (on the last line, only that line's rest: the row would look whole).
                yield RecordError(
                    f"line {start}",
                    f"unclosed quote: lines {start}-{lines.count} ran to the end of the file",
                )
                continue
            yield from rows.read(row, start)


def _work_site_columns(header: list[str], url_columns: list[int]) -> dict[int, int | None]:
    """URL column -> its type column (Google: "Website 1 - Value" beside "Website 1 -
    Type"), or None for a column named as work (Outlook: "Business Web Page")."""
    folded = [header_key(h) for h in header]
    out: dict[int, int | None] = {}
    for i in url_columns:  # indexes into ``header`` (see resolve)
        if m := re.fullmatch(r"website(\d+)value", folded[i]):
            kind = f"website{m.group(1)}type"
            if kind in folded:
                out[i] = folded.index(kind)
        elif "business" in folded[i] or "work" in folded[i]:
            out[i] = None
    return out


def _is_binary(head: bytes) -> bool:
    """True for binary data: a NUL in bytes that are neither UTF-8 nor UTF-16.

    Windows-1252 would decode a CAR or an image into one bad record per line.
    A stray NUL in UTF-8 text is dropped as elsewhere, not refused.
    """
    if b"\x00" not in head or head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start < len(head) - 3  # not a character cut at the end of the slice
    return False


class _Lines:
    """The file's physical lines for ``csv.reader``, counted, with a way past a bad record.

    After a ``csv.Error`` the reader drops the rest of the line and starts a
    new record on the next one, even when the error struck inside a quoted
    cell that spans lines: the cell's remaining lines would come out as rows
    (bogus contacts). :meth:`skip_record` consumes them first.
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._lines = iter(io.StringIO(text, newline=""))
        self._pos = 0  # offset in text of the next line
        self._record = 0  # offset in text where the current record starts
        self.count = 0  # lines handed out (or skipped) so far

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self.count += 1
        self._pos += len(line)
        return line

    def mark(self) -> int:
        """Note that a record starts here; its line number."""
        self._record = self._pos
        return self.count + 1

    def at_end(self) -> bool:
        """True once every line has been handed out."""
        return self._pos >= len(self._text)

    def unclosed(self, delimiter: str) -> bool:
        """True if the record just read ends inside a quoted cell (only at the end of file)."""
        return ends_quoted(self._text[self._record : self._pos], False, delimiter)

    def skip_record(self, delimiter: str) -> int:
        """Skip to the end of the record the reader gave up on; its last line."""
        quoted = ends_quoted(self._text[self._record : self._pos], False, delimiter)
        while quoted:
            try:
                quoted = ends_quoted(next(self), True, delimiter)
            except StopIteration:
                break  # an unclosed quote runs to the end of the file
        return self.count


def is_known_contacts_header(header: list[str]) -> bool:
    """True for a Google Contacts or Outlook contacts CSV header, never for LinkedIn's."""
    cols = set(header)
    if "Connected On" in cols:
        return False
    google = any(re.fullmatch(r"E-mail \d+ - Value", c) for c in cols) and (
        {"Name", "Given Name", "Family Name"} <= cols or {"First Name", "Last Name"} <= cols
    )
    outlook = {"First Name", "Last Name", "E-mail Address"} <= cols and bool(
        cols & {"Job Title", "Mobile Phone", "Business Phone", "E-mail 2 Address"}
    )
    return google or outlook


class _RowReader:
    """Turns rows into records for one file; remembers keys to report duplicates."""

    def __init__(self, columns: Columns, ctx: ImportContext, where: str, header: list[str]) -> None:
        self.columns = columns
        self.ctx = ctx
        self.work_sites = _work_site_columns(header, columns.by_field.get("url", []))
        self.interactions = columns.has("date")
        self.date_format = _option_str(ctx, "date_format", where)
        self.birthday_format = _option_str(ctx, "birthday_format", where)
        zone = _option_str(ctx, "timezone", where) or "UTC"
        try:
            self.zone = ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ImportFileError(where, f"unknown timezone {zone!r} in the options") from None
        self.seen: dict[str, int] = {}
        self.width = len(header)

    def cell(self, row: list[str], field: str) -> str | None:
        for i in self.columns.by_field.get(field, []):
            if i < len(row) and row[i].strip():
                return row[i].strip()
        return None

    def cells(self, row: list[str], field: str) -> list[str]:
        return [value for _, value in self.cells_by_column(row, field)]

    def cells_by_column(self, row: list[str], field: str) -> list[tuple[int, str]]:
        """``field``'s values in ``row``, each with the column it came from."""
        out: list[tuple[int, str]] = []
        for i in self.columns.by_field.get(field, []):
            if i < len(row):
                parts = re.split(_MULTI_SPLIT.get(field, _DEFAULT_SPLIT), row[i].strip())
                out.extend((i, p) for p in parts if p)
        return out

    def read(self, row: list[str], line: int) -> Iterator[Record]:
        if not any(c.strip() for c in row):
            return  # blank row, e.g. the trailing ",,,," Excel leaves
        location = f"line {line}"
        if len(row) > self.width and any(c.strip() for c in row[self.width :]):
            # More cells than the header names: an unquoted delimiter in a cell shifted
            # every later cell into the wrong column. (Fewer is common: trailing empty
            # cells left out; extra empty ones too: a trailing delimiter.)
            yield RecordError(location, f"expected {self.width} columns, found {len(row)}")
            return
        name = self.cell(row, "name") or " ".join(
            p for p in (self.cell(row, "first_name"), self.cell(row, "last_name")) if p
        )
        identities = self.identities(row, name or None)
        if not name and not identities:
            yield RecordError(location, "row has no name and no email, phone or profile")
            return
        contact = self.contact(row, name or None, identities, location)
        first = self.seen.get(contact.source_key)
        if first is None:
            self.seen[contact.source_key] = line
            yield contact
        elif not self.interactions:
            yield Skipped(location, f"duplicate of line {first}")
            return
        if self.interactions:
            yield self.interaction(row, name or None, identities, location)

    def identities(self, row: list[str], name: str | None) -> list[IdentityRef]:
        found: list[IdentityRef] = []
        domains: set[str] = set()
        for field in ("email", "phone", "linkedin", "x", "mastodon", "bluesky", "url"):
            if field == "url":  # the emails, keyed already, name the row's domains
                domains = {
                    i.handle.rpartition("@")[2] for i in found if i.platform == "email" and i.handle
                }
            for column, value in self.cells_by_column(row, field):
                # A shared company site would make colleagues one person.
                if field == "url" and keys.company_front_page(
                    value, self.is_work_site(row, column), domains
                ):
                    continue
                add_identity(found, self.identity(field, value, name))
        return found

    def is_work_site(self, row: list[str], column: int) -> bool:
        """Is ``column`` a work-site column (Outlook's "Business Web Page"), or one whose
        type column says so in ``row`` (Google's "Website 1 - Type: Work")?"""
        if column not in self.work_sites:
            return False
        kind = self.work_sites[column]
        return kind is None or (
            kind < len(row) and row[kind].strip().lower() in ("work", "business")
        )

    def identity(self, field: str, value: str, name: str | None) -> IdentityRef | None:
        url = value if _URLISH_RX.search(value) else None
        handle: str | None
        if field == "email":
            handle = keys.email_key(value)
        elif field == "phone":
            handle = keys.phone_key(value, self.ctx.default_region)
        elif field == "url":
            return keys.identity_from_url(value, name)
        elif field == "linkedin":
            handle = keys.linkedin_slug(value)
        elif field == "x":
            handle = keys.x_handle(value)
        elif field == "mastodon":
            handle = keys.mastodon_acct(value)
        else:
            handle = keys.bluesky_key(value)
        keep_url = field not in ("email", "phone")
        return IdentityRef(field, handle, name, url=url if keep_url else None) if handle else None

    def contact(
        self, row: list[str], name: str | None, identities: list[IdentityRef], location: str
    ) -> ContactRecord:
        tags = [t.removeprefix("* ").strip() for t in self.cells(row, "tags")]
        content = {f: self.cell(row, f) for f in SINGLE_FIELDS}
        content["identities"] = "|".join(f"{i.platform}:{i.handle}" for i in identities)
        return ContactRecord(
            source_key=_key(content),
            identities=identities,
            name=name,
            first_name=self.cell(row, "first_name"),
            last_name=self.cell(row, "last_name"),
            organisation=self.cell(row, "organisation"),
            title=self.cell(row, "title"),
            birthday=self.birthday(self.cell(row, "birthday")),
            note=(self.cell(row, "note") or "").replace("\r\n", "\n") or None,
            tags=list(dict.fromkeys(t for t in tags if t)),
            location=location,
        )

    def birthday(self, value: str | None) -> date | None:
        # An unreadable birthday loses only the birthday, not the person.
        if value and self.birthday_format:
            try:
                return datetime.strptime(value, self.birthday_format).date()
            except ValueError:
                return None
        return parse_birthday(value)

    def interaction(
        self, row: list[str], name: str | None, identities: list[IdentityRef], location: str
    ) -> InteractionRecord | RecordError:
        raw_date = self.cell(row, "date")
        if raw_date is None:
            return RecordError(location, "interaction has no date")
        try:
            occurred = self.occurred_at(raw_date)
        except OverflowError:  # 0001-01-01 or 9999-12-31 placeholders shifted past UTC's range
            return RecordError(location, f"cannot read date {raw_date!r}: out of range in UTC")
        if occurred is None:
            hint = "set the date_format option" if not self.date_format else "check date_format"
            return RecordError(location, f"cannot read date {raw_date!r}; {hint}")
        kind = (self.cell(row, "kind") or "note").lower()
        if kind not in KINDS:
            return RecordError(location, f"unknown kind {kind!r}; kinds are: {', '.join(KINDS)}")
        raw_direction = (self.cell(row, "direction") or "out").lower()
        direction = _DIRECTIONS.get(raw_direction)
        if direction is None:
            return RecordError(location, f"unknown direction {raw_direction!r}; use in or out")
        platform = (self.cell(row, "platform") or "").lower() or (
            identities[0].platform if identities else ""
        )
        if platform not in PLATFORMS:
            why = f"unknown platform {platform!r}" if platform else "no platform and no identity"
            return RecordError(location, f"{why}; platforms are: {', '.join(PLATFORMS)}")
        same = [i for i in identities if i.platform == platform]
        counterpart = (same or identities or [IdentityRef(platform, None, name)])[0]
        text = self.cell(row, "text")
        content = {f: self.cell(row, f) for f in (*SINGLE_FIELDS, *INTERACTION_FIELDS)}
        content["counterpart"] = f"{counterpart.platform}:{counterpart.handle}:{name}"
        return InteractionRecord(
            source_key=_key(content),
            platform=platform,
            kind=kind,
            direction=direction,
            occurred_at=occurred,
            counterparts=[counterpart],
            text=text.replace("\r\n", "\n") if text else None,
            location=location,
        )

    def occurred_at(self, value: str) -> datetime | None:
        try:
            if self.date_format:
                parsed = datetime.strptime(value, self.date_format)
            else:
                parsed = datetime.fromisoformat(value)
        except ValueError:
            return None
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=self.zone)
        return parsed.astimezone(UTC)


def _key(content: Mapping[str, str | None]) -> str:
    blob = json.dumps(content, sort_keys=True, ensure_ascii=False)
    return "csv:" + hashlib.sha1(blob.encode("utf-8")).hexdigest()


def _sniff(header_line: str) -> str:
    """The delimiter that splits the header line most often, outside quotes."""
    outside = re.sub(r'"[^"]*"', "", header_line)
    counts = {d: outside.count(d) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])  # ties keep the comma (first)
    return best if counts[best] else ","


def _option_str(ctx: ImportContext, key: str, where: str) -> str | None:
    value = ctx.options.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str) or (key == "delimiter" and len(value) != 1):
        raise ImportFileError(where, f"option {key!r} has an invalid value {value!r}")
    return value
