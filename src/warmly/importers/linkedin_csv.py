"""Shared plumbing for the LinkedIn importer: streaming CSV rows and date parsers.

LinkedIn's CSVs drift across years (columns added, renamed, reordered, a
preamble above the header), so rows are addressed by *normalised column name*
and never by position. Every file has its own date format; each gets one
explicit parser here and nothing is auto-guessed.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, date, datetime
from itertools import islice
from operator import itemgetter
from pathlib import PurePosixPath

from warmly.errors import ImportFileError
from warmly.importers.csv_scan import ends_quoted
from warmly.importers.records import RecordError
from warmly.importers.source import ExportTree

MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}


def norm_col(name: str) -> str:
    """``CONVERSATION ID``, ``Conversation_Id``, ``conversationId`` -> ``conversationid``."""
    return re.sub(r"[^a-z0-9]", "", name.lower())


def where(member: str, line: int | None = None) -> str:
    """Record location in the ``Connections.csv line 12`` style."""
    base = PurePosixPath(member).name
    return f"{base} line {line}" if line is not None else base


def stable_key(prefix: str, *parts: str) -> str:
    """``prefix`` + the first 20 hex digits of a SHA-1 over ``parts``.

    The unit separator keeps ``("ab", "c")`` and ``("a", "bc")`` apart.
    """
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()
    return f"{prefix}{digest[:20]}"


def full_name(first: str, last: str) -> str | None:
    name = " ".join(p for p in (first.strip(), last.strip()) if p)
    return name or None


@dataclass(slots=True)
class Row:
    """One CSV record: where it starts and its cells by normalised column."""

    line: int
    cells: dict[str, str]
    location: str  # "Connections.csv line 12"

    def get(self, col: str) -> str:
        """The stripped cell, or ``""`` if the column is absent in this file's era."""
        return self.cells.get(col, "").strip()


HeaderTest = Callable[[set[str]], bool]


# LinkedIn writes commas; a spreadsheet re-saving the file in a European locale
# writes semicolons (Excel's "CSV" in German or French).
_DELIMITERS = (",", ";")


def _find_header(
    tree: ExportTree, member: str, is_header: HeaderTest, scan: int, delimiter: str
) -> bool:
    with closing(tree.open_text(member)) as lines:
        seen = 0
        for cells in csv.reader(lines, delimiter=delimiter):
            if not any(c.strip() for c in cells):
                continue
            if is_header({norm_col(c) for c in cells}):
                return True
            seen += 1
            if seen >= scan:
                break
    return False


def delimiter_of(
    tree: ExportTree, member: str, is_header: HeaderTest, scan: int = 1, loud: bool = True
) -> str | None:
    """The delimiter under which one of the first ``scan`` non-blank rows of ``member``
    passes ``is_header`` (``,``, else ``;``), or ``None``.

    Bytes that are not UTF-8 are an :class:`ImportFileError` naming the member
    and what to do (LinkedIn writes UTF-8: such a file was saved again by a
    spreadsheet), unless not ``loud`` (then: no header). CSV trouble means no header.
    """
    for delimiter in _DELIMITERS:
        try:
            if _find_header(tree, member, is_header, scan, delimiter):
                return delimiter
        except UnicodeDecodeError as exc:
            if not loud or not _eight_bit_text(tree, member):
                return None
            tree.verify(member)  # damage garbles bytes too: name that first
            raise ImportFileError(tree.display(member), _not_utf8(exc)) from exc
        except csv.Error:
            continue
    return None


def read_header(
    tree: ExportTree, member: str, is_header: HeaderTest, scan: int = 1, loud: bool = False
) -> bool:
    """True if one of the first ``scan`` non-blank rows of ``member`` passes ``is_header``.

    Used by ``detect``: a LinkedIn-named member that cannot be read at all
    (encrypted, damaged) is an :class:`ImportFileError` that names it, not "no
    importer recognises"; so is one whose damage garbles its start, which
    shows only at its end. ``loud``: so is one that is not UTF-8 (for names
    only LinkedIn uses: another tool's ``contacts.csv`` in Windows-1252 is
    simply not ours).
    """
    if delimiter_of(tree, member, is_header, scan, loud) is not None:
        return True
    tree.verify(member)
    return False


def _eight_bit_text(tree: ExportTree, member: str) -> bool:
    """True if the member's start reads as 8-bit text (Windows-1252 from a spreadsheet),
    not as binary data or UTF-16 (NUL bytes), which is no CSV of ours at all."""
    with tree.open_bytes(member) as f:
        head = f.read(4096)
    return b"\x00" not in head


def _not_utf8(exc: UnicodeDecodeError) -> str:
    byte = exc.object[exc.start] if exc.start < len(exc.object) else 0
    return (
        f"not UTF-8 text (byte {exc.start} is 0x{byte:02X}): LinkedIn writes UTF-8, so a "
        'spreadsheet saved it again; save it as "CSV UTF-8" and import it again'
    )


def iter_rows(
    tree: ExportTree,
    member: str,
    is_header: HeaderTest,
    expected: str,
    scan: int = 1,
) -> Iterator[Row | RecordError]:
    """Stream the rows of ``member`` below its header, one :class:`Row` each.

    The header is the first of the first ``scan`` non-blank rows that passes
    ``is_header`` (Connections.csv has a three-line preamble in some eras).
    Rows of the wrong width become :class:`RecordError`. A member that is not
    UTF-8 or has no such header raises :class:`ImportFileError`; an empty
    member yields nothing. ``expected`` describes the header for the message.
    """
    header: list[str] = []
    base = where(member)
    for item in iter_cells(tree, member, is_header, expected, scan, header):
        if isinstance(item, RecordError):
            yield item
        else:
            start, cells = item
            yield Row(start, dict(zip(header, cells, strict=True)), f"{base} line {start}")


def iter_cells(
    tree: ExportTree,
    member: str,
    is_header: HeaderTest,
    expected: str,
    scan: int = 1,
    header: list[str] | None = None,
) -> Iterator[tuple[int, list[str]] | RecordError]:
    """:func:`iter_rows` without the :class:`Row`: ``(line, cells)`` per row.

    For files of hundreds of thousands of rows (messages.csv), where a dict
    per row costs more than reading the row. The normalised header is put
    into ``header`` before the first row is yielded; every row has its width.
    """
    display = tree.display(member)
    delimiter = delimiter_of(tree, member, is_header, scan) or ","
    try:
        with closing(tree.open_text(member)) as lines, _Rewind(tree, member) as rewind:
            reader = csv.reader(lines, delimiter=delimiter)
            width = 0
            seen = 0
            # The physical line of the next record is reader.line_num + base:
            # lines skipped past a bad record are taken from ``lines`` directly.
            base = 1
            while True:
                start = reader.line_num + base
                try:
                    cells = next(reader)
                except StopIteration:
                    break
                except csv.Error as exc:  # e.g. a cell over csv.field_size_limit()
                    end = reader.line_num + base - 1  # the last line the reader took
                    if end < start:  # the reader did not advance: give up
                        raise ImportFileError(display, f"malformed CSV: {exc}") from exc
                    more = _skip_record(rewind.text(start, end), lines, delimiter)
                    base += more
                    end += more
                    span = f" (lines {start}-{end} skipped)" if end > start else ""
                    yield RecordError(where(member, start), f"malformed CSV: {exc}{span}")
                    continue
                # The first cell decides for nearly every row; only a row that
                # starts blank needs the full look.
                if not (cells and cells[0].strip()) and not any(c.strip() for c in cells):
                    continue  # blank line (or preamble gap)
                if not width:
                    if is_header({norm_col(c) for c in cells}):
                        width = len(cells)
                        if header is not None:
                            header[:] = [norm_col(c) for c in cells]
                        continue
                    seen += 1
                    if seen >= scan:
                        raise ImportFileError(display, f"no header row with {expected}")
                    continue
                if len(cells) != width:
                    end = reader.line_num + base - 1
                    # A quote never closed swallows every later line into one cell:
                    # say so, or the rows after it vanish behind a column count.
                    # (Checked only here, on a bad row: the re-read is not free.)
                    if end > start and ends_quoted(rewind.text(start, end), False, delimiter):
                        reason = f"unclosed quote: lines {start}-{end} ran to the end of the file"
                    else:
                        reason = f"expected {width} columns, found {len(cells)}"
                    yield RecordError(where(member, start), reason)
                    continue
                yield start, cells
            if not width and seen:
                raise ImportFileError(display, f"no header row with {expected}")
    except UnicodeDecodeError as exc:
        raise ImportFileError(display, _not_utf8(exc)) from exc


class _Rewind:
    """A second pass over a member, opened only when a record cannot be read.

    After a ``csv.Error`` (a cell over ``csv.field_size_limit()``) the reader
    drops the rest of the line and starts a new record on the next one, even
    inside a quoted cell that spans lines: the cell's remaining lines would
    come out as rows, and one with the right number of commas as a bogus
    message. Whether the record goes on depends on the lines the reader has
    already taken; rather than keep every line for the rare bad record (a
    cost on every line of 200,000-message files), they are read again here.
    The pass only moves forward, so many bad records still cost one extra read.
    """

    def __init__(self, tree: ExportTree, member: str) -> None:
        self._tree = tree
        self._member = member
        self._lines: Iterator[str] | None = None
        self._next = 1  # the line number of the next line of self._lines

    def text(self, first: int, last: int) -> str:
        """Lines ``first`` to ``last`` (1-based, inclusive) joined, line ends kept."""
        if self._lines is None:
            self._lines = self._tree.open_text(self._member)
        for _ in islice(self._lines, first - self._next):
            pass
        self._next = last + 1
        return "".join(islice(self._lines, last - first + 1))

    def __enter__(self) -> _Rewind:
        return self

    def __exit__(self, *exc: object) -> None:
        close = getattr(self._lines, "close", None)  # a generator: closes the member
        if close is not None:
            close()


def _skip_record(taken: str, lines: Iterator[str], delimiter: str = ",") -> int:
    """Consume the rest of a record the reader gave up on; the number of lines consumed.

    ``taken`` is the text of the record's lines the reader has already read.
    """
    quoted = ends_quoted(taken, False, delimiter)
    n = 0
    while quoted:
        line = next(lines, None)
        if line is None:
            break  # an unclosed quote runs to the end of the file
        n += 1
        quoted = ends_quoted(line, True, delimiter)
    return n


def picker(header: list[str], columns: tuple[str, ...]) -> Callable[[list[str]], tuple[str, ...]]:
    """A getter of the raw cells of ``columns`` (two or more); ``""`` for one this era lacks."""
    index = {name: i for i, name in enumerate(header)}  # a repeated name: the last wins, as in Row
    if all(c in index for c in columns):
        return itemgetter(*(index[c] for c in columns))
    width = len(header)
    get = itemgetter(*(index.get(c, width) for c in columns))
    return lambda cells: get([*cells, ""])


# --- dates: one parser per file ---------------------------------------------------------

_CONNECTED_RX = re.compile(r"^(\d{1,2})([ -])([A-Za-z]{3})\2(\d{4}|\d{2})$")
_SENT_AT_RX = re.compile(
    r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4}),\s*(\d{1,2}):(\d{2})[\s\u202f\u00a0]*([AaPp][Mm])$"
)
_MESSAGE_DATE_RX = re.compile(r"^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?: UTC)?$")
_MONTH_YEAR_RX = re.compile(r"^(?:([A-Za-z]{3})[a-z]*\.? )?(\d{4})$")
_ENDORSEMENT_DATE_RX = re.compile(r"^(\d{4})/(\d{2})/(\d{2}) (\d{2}):(\d{2}):(\d{2})(?: UTC)?$")


def _year(text: str) -> int:
    # Two-digit years only come from LinkedIn (founded 2003) or Excel re-saves of it.
    return 2000 + int(text) if len(text) == 2 else int(text)


def _month(text: str, whole: str) -> int:
    try:
        return MONTHS[text[:3].lower()]
    except KeyError:
        raise ValueError(f"unknown month in {whole!r}") from None


def parse_connected_on(text: str) -> datetime:
    """Connections.csv ``Connected On``: ``08 Feb 2023``, or Excel's ``4-Apr-21`` re-save.

    Only a day is known; the result is midnight UTC of that day.
    """
    m = _CONNECTED_RX.match(text.strip())
    if not m:
        raise ValueError(f"unrecognised date {text!r} (expected like '08 Feb 2023')")
    day, _, mon, year = m.groups()
    return datetime(_year(year), _month(mon, text), int(day), tzinfo=UTC)


def parse_sent_at(text: str) -> datetime:
    """Invitations.csv ``Sent At``: ``1/29/26, 2:37 PM`` (US order, 12-hour clock).

    LinkedIn writes no zone; it is taken as UTC, so times may be off by the
    account's UTC offset. Newer exports may put a narrow no-break space before
    ``PM``; that is accepted too.
    """
    m = _SENT_AT_RX.match(text.strip())
    if not m:
        raise ValueError(f"unrecognised date {text!r} (expected like '1/29/26, 2:37 PM')")
    month, day, year, hour, minute, ampm = m.groups()
    h = int(hour)
    if not 1 <= h <= 12:
        raise ValueError(f"hour out of range in {text!r}")
    h = h % 12 + (12 if ampm.lower() == "pm" else 0)
    return datetime(_year(year), int(month), int(day), h, int(minute), tzinfo=UTC)


def parse_message_date(text: str) -> datetime:
    """messages.csv ``DATE``: ``2025-06-01 14:03:22 UTC`` (LinkedIn's only explicit zone).

    The canonical shape is read by slicing (a regex and six ``int`` calls cost
    more than the rest of a message row); anything else, and any value that
    the fast path refuses, takes the regex so the error message stays the same.
    """
    if (
        len(text) == 23
        and text[19:] == " UTC"
        and text[4] == text[7] == "-"
        and text[10] == " "
        and text[13] == text[16] == ":"
        and text[:4].isdigit()  # fromisoformat would accept other year shapes
        and text.isascii()
    ):
        try:
            # "+00:00" yields datetime.UTC itself, and far cheaper than .replace(tzinfo=UTC).
            return datetime.fromisoformat(text[:19] + "+00:00")
        except ValueError:
            pass
    return _utc_stamp(_MESSAGE_DATE_RX, text, "2025-06-01 14:03:22 UTC")


def parse_endorsement_date(text: str) -> datetime:
    """Endorsement_*_Info.csv ``Endorsement Date``: ``2024/03/05 10:11:12 UTC``."""
    return _utc_stamp(_ENDORSEMENT_DATE_RX, text, "2024/03/05 10:11:12 UTC")


def _utc_stamp(rx: re.Pattern[str], text: str, example: str) -> datetime:
    """Year, month, day, hour, minute and second as ``rx`` groups them, in UTC."""
    m = rx.match(text.strip())
    if not m:
        raise ValueError(f"unrecognised date {text!r} (expected like '{example}')")
    y, mo, d, h, mi, s = (int(g) for g in m.groups())
    return datetime(y, mo, d, h, mi, s, tzinfo=UTC)


def parse_month_year(text: str) -> date:
    """Positions.csv ``Started On``/``Finished On``: ``Aug 2022`` or ``2022`` (first day)."""
    m = _MONTH_YEAR_RX.match(text.strip())
    if not m:
        raise ValueError(f"unrecognised date {text!r} (expected like 'Aug 2022' or '2022')")
    mon, year = m.groups()
    return date(int(year), _month(mon, text) if mon else 1, 1)
