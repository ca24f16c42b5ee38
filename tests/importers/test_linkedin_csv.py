"""LinkedIn's streaming CSV reader: a record it cannot read is skipped to its real end."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from warmly.importers.base import ImportContext
from warmly.importers.linkedin import LinkedInImporter
from warmly.importers.linkedin_csv import iter_cells
from warmly.importers.linkedin_messages import EXPECTED, is_messages_header
from warmly.importers.records import InteractionRecord, RecordError
from warmly.importers.source import ExportTree

HEADER = (
    "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,"
    "RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER"
)
OWNER = "https://www.linkedin.com/in/owner"
BIG = "x" * 200_000  # over csv.field_size_limit() (131072)


def row(conv: str, sender: str, content: str) -> str:
    """One messages.csv record from ``sender`` to the owner (``content`` written as is)."""
    url = f"https://www.linkedin.com/in/{sender.lower()}"
    return f"{conv},,{sender},{url},Owen Er,{OWNER},2025-06-01 14:03:22 UTC,,{content},INBOX"


# The leftover line of the oversized cell has exactly ten cells: read as a
# record of its own it would be a message from Mallory.
BOGUS = row("c-bogus", "Mallory", "bogus")
OVERSIZED = row("c2", "Bea", f'"first line\n{BIG}\n{BIG}\n{BOGUS}\nlast ""line"", end"')


def cells(path: Path) -> list[tuple[int, list[str]] | RecordError]:
    with ExportTree(path) as tree:
        member = tree.find_matching(r"messages\d*\.csv")[0]
        return list(iter_cells(tree, member, is_messages_header, EXPECTED))


def summary(items: list[tuple[int, list[str]] | RecordError]) -> list[tuple[int, str] | str]:
    """``(line, conversation id)`` per row, the location per error."""
    return [i.location if isinstance(i, RecordError) else (i[0], i[1][0]) for i in items]


def write(tmp_path: Path, text: str, archive: bool = False) -> Path:
    if not archive:
        path = tmp_path / "messages.csv"
        path.write_text(text, encoding="utf-8", newline="")
        return path
    path = tmp_path / "Basic_LinkedInDataExport_01-01-2026.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("messages.csv", text)
    return path


@pytest.mark.parametrize("archive", [False, True])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_an_oversized_quoted_cell_is_skipped_to_the_end_of_its_record(
    tmp_path: Path, archive: bool, newline: str
) -> None:
    records = [HEADER, row("c1", "Ana", "hello"), OVERSIZED, row("c3", "Cy", "bye")]
    text = "\n".join(records).replace("\n", newline) + newline
    items = cells(write(tmp_path, text, archive))
    # The oversized record spans lines 3-7; the row after it starts on line 8.
    assert summary(items) == [(2, "c1"), "messages.csv line 3", (8, "c3")]
    error = items[1]
    assert isinstance(error, RecordError)
    assert error.reason.startswith("malformed CSV: field larger than field limit")
    assert error.reason.endswith("(lines 3-7 skipped)")


def test_the_import_reports_the_oversized_record_and_reads_the_rest(tmp_path: Path) -> None:
    text = "\n".join([HEADER, row("c1", "Ana", "hello"), OVERSIZED, row("c3", "Cy", "bye")])
    with ExportTree(write(tmp_path, text, archive=True)) as tree:
        assert LinkedInImporter().detect(tree)
        records = list(LinkedInImporter().read(tree, ImportContext()))
    messages = [r for r in records if isinstance(r, InteractionRecord)]
    errors = [r for r in records if isinstance(r, RecordError)]
    assert [(m.thread, m.text, m.location) for m in messages] == [
        ("c1", "hello", "messages.csv line 2"),
        ("c3", "bye", "messages.csv line 8"),
    ]
    assert [e.location for e in errors] == ["messages.csv line 3"]
    assert "mallory" not in repr(records).lower()


@pytest.mark.parametrize(
    ("big_row", "last"),
    [
        (row("c2", "Bea", BIG), 3),  # unquoted: the record is its one line
        (row("c2", "Bea", f'"{BIG}"'), 3),  # quoted, closed on the line it overflows
        (row("c2", "Bea", f'"a\n{BIG}"'), 4),  # closed on the line it overflows, a line later
        (row("c2", "Bea", f'"{BIG}""\n"",\n,,,,,,,,,"'), 5),  # doubled quotes at line ends
    ],
    ids=["unquoted", "quoted", "quoted-next-line", "doubled-quotes"],
)
def test_the_record_ends_where_its_quotes_say(tmp_path: Path, big_row: str, last: int) -> None:
    text = "\n".join([HEADER, row("c1", "Ana", "hello"), big_row, row("c3", "Cy", "bye")])
    items = cells(write(tmp_path, text))
    assert summary(items) == [(2, "c1"), "messages.csv line 3", (last + 1, "c3")]


def test_an_unclosed_quote_runs_to_the_end_of_the_file(tmp_path: Path) -> None:
    text = "\n".join([HEADER, row("c1", "Ana", "hello"), row("c2", "Bea", f'"{BIG}'), BOGUS])
    assert summary(cells(write(tmp_path, text))) == [(2, "c1"), "messages.csv line 3"]


def test_a_broken_quote_is_named_not_miscounted(tmp_path: Path) -> None:
    # A stray quote (a hand-edited file) swallows every later row into one cell:
    # "expected 10 columns, found 9" hid why the rows after it were gone.
    text = "\n".join(
        [HEADER, row("c1", "Ana", "hello"), row("c2", "Bea", '"oops'), row("c3", "Cy", "bye")]
    )
    items = cells(write(tmp_path, text + "\n"))
    assert summary(items) == [(2, "c1"), "messages.csv line 3"]
    error = items[1]
    assert isinstance(error, RecordError)
    assert error.reason == "unclosed quote: lines 3-4 ran to the end of the file"


def test_several_oversized_records_are_each_skipped(tmp_path: Path) -> None:
    records = [HEADER]
    for n in range(4):
        records += [row(f"ok{n}", "Ana", "hi"), OVERSIZED]
    records.append(row("last", "Cy", "bye"))
    items = cells(write(tmp_path, "\n".join(records), archive=True))
    # Each oversized record takes five lines.
    assert summary(items) == [
        *(x for n in range(4) for x in ((2 + 6 * n, f"ok{n}"), f"messages.csv line {3 + 6 * n}")),
        (26, "last"),
    ]


# Cells of every shape the quoting rules care about: commas, quotes, line ends.
# (No lone CR: Python 3.11's writer leaves it unquoted when lines end in LF.)
_text = st.lists(st.sampled_from(["a", "b", " ", ",", '"', "\n", "\r\n"]), max_size=12).map("".join)
# A row whose cells are all blank is a blank line to the reader, never a row.
_row = st.lists(_text, min_size=3, max_size=3).filter(lambda r: any(c.strip() for c in r))


LIMIT = 40


@contextmanager
def field_limit(limit: int) -> Iterator[None]:
    old = csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(old)


@settings(max_examples=150, deadline=None)
@given(
    before=st.lists(_row, max_size=3),
    big=st.lists(_text, min_size=3, max_size=3),
    big_at=st.integers(0, 2),
    after=st.lists(_row, max_size=3),
    quote_all=st.booleans(),
    newline=st.sampled_from(["\n", "\r\n"]),
)
def test_the_rows_around_an_unreadable_record_read_as_written(
    tmp_path_factory: pytest.TempPathFactory,
    before: list[list[str]],
    big: list[str],
    big_at: int,
    after: list[list[str]],
    quote_all: bool,
    newline: str,
) -> None:
    big[big_at] = big[big_at] + "ab\n," * LIMIT  # over the limit, lines and commas
    out = io.StringIO()
    quoting = csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL
    w = csv.writer(out, quoting=quoting, lineterminator=newline)
    w.writerow(["Conversation ID", "From", "Content"])
    w.writerows(before)
    w.writerow(big)
    w.writerows(after)
    path = tmp_path_factory.mktemp("limit") / "messages.csv"
    path.write_bytes(out.getvalue().encode())
    with field_limit(LIMIT), ExportTree(path) as tree:
        items = list(
            iter_cells(tree, path.name, lambda cols: "conversationid" in cols, "Conversation ID")
        )
    rows = [i[1] for i in items if not isinstance(i, RecordError)]
    errors = [i for i in items if isinstance(i, RecordError)]
    assert rows == before + after
    assert len(errors) == 1
