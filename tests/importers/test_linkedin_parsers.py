"""LinkedIn importer: tables of date formats and quirks, and property tests."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.importers.linkedin_read import csv_cell
from warmly.errors import ImportFileError
from warmly.importers.base import ImportContext
from warmly.importers.linkedin import LinkedInImporter
from warmly.importers.linkedin_csv import (
    norm_col,
    parse_connected_on,
    parse_endorsement_date,
    parse_message_date,
    parse_month_year,
    parse_sent_at,
)
from warmly.importers.linkedin_messages import html_to_text, split_names, split_urls
from warmly.importers.linkedin_profile import website_urls
from warmly.importers.records import ContactRecord, InteractionRecord, Record, RecordError
from warmly.importers.source import ExportTree


def utc(y: int, mo: int, d: int, h: int = 0, mi: int = 0, s: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, s, tzinfo=UTC)


# --- dates: one parser per file ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("08 Feb 2023", utc(2023, 2, 8)),
        ("8 Feb 2023", utc(2023, 2, 8)),
        ("30 jul 2025", utc(2025, 7, 30)),
        ("4-Apr-21", utc(2021, 4, 4)),  # Excel re-save
        ("12-Dec-19", utc(2019, 12, 12)),
        ("4-Apr-2021", utc(2021, 4, 4)),
    ],
)
def test_connected_on(text: str, expected: datetime) -> None:
    assert parse_connected_on(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1/29/26, 2:37 PM", utc(2026, 1, 29, 14, 37)),
        ("7/1/23, 9:56 AM", utc(2023, 7, 1, 9, 56)),
        ("3/2/26, 12:15 AM", utc(2026, 3, 2, 0, 15)),
        ("3/2/26, 12:15 PM", utc(2026, 3, 2, 12, 15)),
        ("12/31/25, 11:59\u202fpm", utc(2025, 12, 31, 23, 59)),
    ],
)
def test_sent_at(text: str, expected: datetime) -> None:
    assert parse_sent_at(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-06-01 14:03:22 UTC", utc(2025, 6, 1, 14, 3, 22)),
        ("2025-06-01 14:03:22", utc(2025, 6, 1, 14, 3, 22)),
    ],
)
def test_message_date(text: str, expected: datetime) -> None:
    assert parse_message_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024/03/05 10:11:12 UTC", utc(2024, 3, 5, 10, 11, 12)),
        ("2022/06/20 13:05:02", utc(2022, 6, 20, 13, 5, 2)),
    ],
)
def test_endorsement_date(text: str, expected: datetime) -> None:
    assert parse_endorsement_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Aug 2022", date(2022, 8, 1)),
        ("2017", date(2017, 1, 1)),
        ("September 2020", date(2020, 9, 1)),
    ],
)
def test_month_year(text: str, expected: date) -> None:
    assert parse_month_year(text) == expected


@pytest.mark.parametrize(
    ("parser", "text"),
    [
        (parse_connected_on, "2023-02-08"),  # never guess another file's format
        (parse_connected_on, "31 Feb 2023"),
        (parse_connected_on, "08 Foo 2023"),
        (parse_connected_on, ""),
        (parse_sent_at, "1/29/26 2:37 PM"),
        (parse_sent_at, "1/29/26, 14:37"),
        (parse_sent_at, "1/29/26, 13:37 PM"),
        (parse_sent_at, "29/1/26, 2:37 PM"),
        (parse_message_date, "2025/06/01 14:03:22 UTC"),
        (parse_message_date, "2025-06-01T14:03:22Z"),
        (parse_message_date, "2025-06-01 14:03:22 CET"),
        (parse_endorsement_date, "2024-03-05 10:11:12 UTC"),
        (parse_endorsement_date, "2024/3/5 10:11:12 UTC"),
        (parse_endorsement_date, "2024/02/30 10:11:12 UTC"),
        (parse_month_year, "Spring 2016"),
        (parse_month_year, "08/2022"),
    ],
)
def test_dates_reject_other_shapes(parser: object, text: str) -> None:
    assert callable(parser)
    with pytest.raises(ValueError):
        parser(text)


# --- quirks ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "norm"),
    [
        ("CONVERSATION ID", "conversationid"),
        ("inviterProfileUrl", "inviterprofileurl"),
        ("Connected On", "connectedon"),
        ("IS_MESSAGE_DRAFT", "ismessagedraft"),
    ],
)
def test_column_names_are_normalised(header: str, norm: str) -> None:
    assert norm_col(header) == norm


@pytest.mark.parametrize(
    ("to", "known", "names"),
    [
        ("Ana Ruiz", set(), ["Ana Ruiz"]),
        ("Ana Ruiz, Bo Ek", set(), ["Ana Ruiz", "Bo Ek"]),
        ("Ilse Marwood, PhD, Bo Ek", set(), ["Ilse Marwood, PhD", "Bo Ek"]),
        ("Bo Ek, Ana Ruiz, Jr., Cy Po", set(), ["Bo Ek", "Ana Ruiz, Jr.", "Cy Po"]),
        ("Lee, Sam, Bo Ek", {"Lee, Sam"}, ["Lee, Sam", "Bo Ek"]),
        ("Lee, Sam, Bo Ek", set(), ["Lee", "Sam", "Bo Ek"]),  # unknowable: counts decide
    ],
)
def test_split_names_never_cuts_a_known_or_suffixed_name(
    to: str, known: set[str], names: list[str]
) -> None:
    assert split_names(to, known) == names


@pytest.mark.parametrize(
    ("value", "urls"),
    [
        ("", []),
        ("https://www.linkedin.com/in/a", ["https://www.linkedin.com/in/a"]),
        (
            "https://www.linkedin.com/in/a,https://www.linkedin.com/in/b%2Cc",
            ["https://www.linkedin.com/in/a", "https://www.linkedin.com/in/b%2Cc"],
        ),
        ("https://x.example/a,b,http://y.example", ["https://x.example/a,b", "http://y.example"]),
    ],
)
def test_split_urls_by_shape(value: str, urls: list[str]) -> None:
    assert split_urls(value) == urls


@pytest.mark.parametrize(
    ("content", "text"),
    [
        ("plain <3 text, a < b", "plain <3 text, a < b"),
        (
            '<p class="spinmail-quill-editor__spin-break">Hi %FIRSTNAME%,</p><p>A &amp; B</p>',
            "Hi %FIRSTNAME%,\nA & B",
        ),
        ("<p>One<br>Two</p><ul><li>x</li><li>y</li></ul>", "One\nTwo\nx\ny"),
    ],
)
def test_html_to_text(content: str, text: str) -> None:
    assert html_to_text(content) == text


@pytest.mark.parametrize(
    ("value", "urls"),
    [
        ("", []),
        ("[PERSONAL:https://github.com/ada]", ["https://github.com/ada"]),
        (
            "[PERSONAL:https://a.example,COMPANY:https://b.example/x]",
            ["https://a.example", "https://b.example/x"],
        ),
        ("[OTHER:www.example.org]", ["www.example.org"]),
    ],
)
def test_website_urls(value: str, urls: list[str]) -> None:
    assert website_urls(value) == urls


# --- Connections eras --------------------------------------------------------------------

PREAMBLE = 'Notes:\n"When exporting your connection data, you may notice …"\n\n'
ROWS = [
    (
        "Ada",
        "Byron",
        "https://www.linkedin.com/in/Ada-B%C3%BFron/",
        "Analytical, Ltd.",
        "09 Dec 2015",
    )
]


def _connections(era: str, bom: bool = False, trailing_newline: bool = True) -> str:
    url = era == "url"
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    head = [
        "First Name",
        "Last Name",
        *(["URL"] if url else []),
        "Email Address",
        "Company",
        "Position",
        "Connected On",
    ]
    w.writerow(head)
    for first, last, link, company, day in ROWS:
        w.writerow([first, last, *([link] if url else []), "", company, '"Chief" Engineer', day])
    text = (PREAMBLE if era != "plain" else "") + out.getvalue()
    text = text if trailing_newline else text.rstrip("\n")
    return ("\ufeff" if bom else "") + text


def _read(path: Path) -> list[Record]:
    with ExportTree(path) as tree:
        assert LinkedInImporter().detect(tree)
        return list(LinkedInImporter().read(tree, ImportContext()))


@pytest.mark.parametrize("era", ["plain", "preamble", "url"])
@pytest.mark.parametrize("bom", [False, True])
@pytest.mark.parametrize("trailing_newline", [False, True])
def test_connections_eras(tmp_path: Path, era: str, bom: bool, trailing_newline: bool) -> None:
    path = tmp_path / "Connections.csv"
    path.write_text(_connections(era, bom, trailing_newline), encoding="utf-8")
    contact, connection = _read(path)
    assert isinstance(contact, ContactRecord) and isinstance(connection, InteractionRecord)
    assert (contact.name, contact.organisation, contact.title) == (
        "Ada Byron",
        "Analytical, Ltd.",
        '"Chief" Engineer',
    )
    ref = contact.identities[0]
    assert ref.platform == "linkedin"
    assert ref.handle == ("ada-bÿron" if era == "url" else None)
    # A day without a time: noon UTC, the same day in the user's zone.
    assert connection.occurred_at == utc(2015, 12, 9, 12)
    assert connection.tags == ["date-only"]
    line = 2 if era == "plain" else 5
    assert contact.location == f"Connections.csv line {line}"


def test_bad_rows_are_reported_with_their_starting_line(tmp_path: Path) -> None:
    path = tmp_path / "Connections.csv"
    path.write_text(
        "First Name,Last Name,Email Address,Company,Position,Connected On\n"
        'Ada,Byron,,"Multi\nline, Co",,09 Dec 2015\n'
        "Bad,Date,,,,yesterday\n"
        "Too,Many,,,,09 Dec 2015,x\n"
    )
    errors = [r for r in _read(path) if isinstance(r, RecordError)]
    assert [(e.location, e.reason.split(":")[0]) for e in errors] == [
        ("Connections.csv line 4", "Connected On"),
        ("Connections.csv line 5", "expected 6 columns, found 7"),
    ]


# --- messages header drift ---------------------------------------------------------------

BASE = ["CONVERSATION ID", "CONVERSATION TITLE", "FROM", "SENDER PROFILE URL", "TO"]
TAIL = ["DATE", "SUBJECT", "CONTENT", "FOLDER"]


@pytest.mark.parametrize(
    "extra",
    [
        [],  # 9 columns
        ["RECIPIENT PROFILE URLS"],  # 10
        ["RECIPIENT PROFILE URLS", "IS MESSAGE DRAFT"],
        ["RECIPIENT PROFILE URLS", "ATTACHMENTS", "IS MESSAGE DRAFT", "IS CONVERSATION DRAFT"],
    ],
)
@pytest.mark.parametrize("quote_all", [False, True])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_messages_header_drift(
    tmp_path: Path, extra: list[str], quote_all: bool, newline: str
) -> None:
    # Columns in a shuffled order: mapping must go by name, never by position.
    header = [*TAIL, *BASE, *extra][::-1]
    owner = "https://www.linkedin.com/in/owner"
    rows = [
        {
            "CONVERSATION ID": "c1",
            "FROM": "Ana Ruiz",
            "SENDER PROFILE URL": "https://www.linkedin.com/in/ana",
            "TO": "Owen Er",
            "RECIPIENT PROFILE URLS": owner,
            "DATE": "2024-01-02 03:04:05 UTC",
            "CONTENT": f"line one{newline}line two",
            "FOLDER": "INBOX",
            "IS MESSAGE DRAFT": "No",
        },
        {
            "CONVERSATION ID": "c2",
            "FROM": "Owen Er",
            "SENDER PROFILE URL": owner,
            "TO": "Bo Ek",
            "RECIPIENT PROFILE URLS": "https://www.linkedin.com/in/bo",
            "DATE": "2024-01-03 03:04:05 UTC",
            "CONTENT": "hi",
            "FOLDER": "INBOX",
        },
    ]
    out = io.StringIO()
    w = csv.writer(
        out, quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL, lineterminator="\n"
    )
    w.writerow(header)
    for row in rows:
        w.writerow([row.get(col, "") for col in header])
    path = tmp_path / "messages.csv"
    path.write_bytes(out.getvalue().encode())
    got = [r for r in _read(path) if isinstance(r, InteractionRecord)]
    assert [(m.direction, m.thread, m.text) for m in got] == [
        ("in", "c1", "line one\nline two"),
        ("out", "c2", "hi"),
    ]
    assert got[0].counterparts[0].handle == "ana"
    assert got[1].counterparts[0].handle == ("bo" if extra else None)
    assert got[1].counterparts[0].name == "Bo Ek"


def test_large_messages_file_streams(tmp_path: Path) -> None:
    path = tmp_path / "messages.csv"
    with path.open("w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(
            [
                "CONVERSATION ID",
                "FROM",
                "SENDER PROFILE URL",
                "TO",
                "RECIPIENT PROFILE URLS",
                "DATE",
                "CONTENT",
                "FOLDER",
            ]
        )
        for i in range(20_000):
            other = f"https://www.linkedin.com/in/p{i % 500}"
            me = "https://www.linkedin.com/in/me"
            sender, to = (me, other) if i % 2 else (other, me)
            w.writerow(
                [
                    f"c{i % 500}",
                    "X",
                    sender,
                    "Y",
                    to,
                    "2024-01-01 00:00:00 UTC",
                    f"msg {i}\nsecond line",
                    "INBOX",
                ]
            )
    got = [r for r in _read(path) if isinstance(r, InteractionRecord)]
    assert len(got) == 20_000
    assert sum(m.direction == "out" for m in got) == 10_000
    assert len({m.source_key for m in got}) == 20_000


# --- property: any name or company survives a Connections.csv round trip ------------------

_cell = csv_cell(",\"'-&")


@settings(max_examples=60, deadline=None)
@given(people=st.lists(st.tuples(_cell, _cell, _cell, _cell), min_size=1, max_size=5))
def test_connections_round_trip(
    tmp_path_factory: pytest.TempPathFactory, people: list[tuple[str, str, str, str]]
) -> None:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(
        ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
    )
    for i, (first, last, company, position) in enumerate(people):
        w.writerow(
            [
                first,
                last,
                f"https://www.linkedin.com/in/p-{i}",
                "",
                company,
                position,
                "01 Mar 2024",
            ]
        )
    path = tmp_path_factory.mktemp("rt") / "Connections.csv"
    path.write_text(PREAMBLE + out.getvalue(), encoding="utf-8")
    contacts = [r for r in _read(path) if isinstance(r, ContactRecord)]
    assert [(c.first_name, c.last_name, c.organisation, c.title) for c in contacts] == people
    assert [c.identities[0].handle for c in contacts] == [f"p-{i}" for i in range(len(people))]


EXCEL_SEMICOLONS = (
    "\ufeffFirst Name;Last Name;URL;Email Address;Company;Position;Connected On\r\n"
    'Ada;Quill;https://www.linkedin.com/in/ada-quill;;"Inkwell; Ltd";Editor;14 Jan 2026\r\n'
)


def test_connections_resaved_by_a_spreadsheet_with_semicolons(tmp_path: Path) -> None:
    path = tmp_path / "Connections.csv"
    path.write_text(EXCEL_SEMICOLONS, encoding="utf-8")
    contact, connection = _read(path)
    assert isinstance(contact, ContactRecord) and isinstance(connection, InteractionRecord)
    assert (contact.name, contact.organisation) == ("Ada Quill", "Inkwell; Ltd")
    assert connection.counterparts[0].handle == "ada-quill"


def test_connections_resaved_in_windows_1252_says_how_to_fix_it(tmp_path: Path) -> None:
    path = tmp_path / "Connections.csv"
    text = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    text += "Zoë,Brandt,https://www.linkedin.com/in/zoe-brandt,,Ink,Editor,14 Jan 2026\n"
    path.write_bytes(text.encode("cp1252"))
    with ExportTree(path) as tree, pytest.raises(ImportFileError) as err:
        LinkedInImporter().detect(tree)
    assert "Connections.csv: not UTF-8 text (byte 71 is 0xEB)" in str(err.value)
    assert 'save it as "CSV UTF-8"' in str(err.value)


def test_another_tools_contacts_csv_in_windows_1252_is_simply_not_linkedins(
    tmp_path: Path,
) -> None:
    path = tmp_path / "contacts.csv"
    path.write_bytes("Name,E-mail Address\nZoë Brandt,zoe@example.org\n".encode("cp1252"))
    with ExportTree(path) as tree:
        assert not LinkedInImporter().detect(tree)
