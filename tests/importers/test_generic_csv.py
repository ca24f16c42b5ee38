"""Generic CSV importer: mapping and guessing, dialects, interactions mode, errors, detection."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from tests.importers.golden import DATA, check_golden
from warmly.errors import ImportFileError
from warmly.importers import get_importer
from warmly.importers.base import ImportContext
from warmly.importers.generic_csv import GenericCsvImporter, is_known_contacts_header
from warmly.importers.records import (
    ContactRecord,
    InteractionRecord,
    Record,
    RecordError,
    Skipped,
)
from warmly.importers.source import ExportTree

CSV = DATA / "csv"
INTERACTIONS_CTX = ImportContext(
    options={
        "mapping": {
            "date": "When",
            "name": "Who",
            "kind": "What",
            "direction": "Direction",
            "text": "Summary",
        },
        "timezone": "Europe/Berlin",
    }
)


def read(path: Path, ctx: ImportContext | None = None) -> list[Record]:
    with ExportTree(path) as tree:
        return list(GenericCsvImporter().read(tree, ctx or ImportContext()))


def read_text(
    tmp_path: Path, text: str, mapping: Mapping[str, object] | None = None, **options: object
) -> list[Record]:
    path = tmp_path / "in.csv"
    path.write_bytes(text.encode("utf-8"))
    opts: dict[str, object] = {**options, **({"mapping": mapping} if mapping is not None else {})}
    return read(path, ImportContext(default_region="US", options=opts))


def only_contact(records: list[Record]) -> ContactRecord:
    (rec,) = records
    assert isinstance(rec, ContactRecord), rec
    return rec


def handles(record: ContactRecord) -> list[tuple[str, str | None]]:
    return [(i.platform, i.handle) for i in record.identities]


def test_registered() -> None:
    imp = get_importer("csv")
    assert isinstance(imp, GenericCsvImporter)
    assert imp.name == "csv" and imp.description


@pytest.mark.parametrize(
    ("sample", "ctx"),
    [
        ("google_contacts.csv", ImportContext(default_region="US")),
        ("interactions.csv", INTERACTIONS_CTX),
    ],
)
def test_golden(sample: str, ctx: ImportContext) -> None:
    check_golden("csv", CSV / sample, ctx)


# --- fixtures ------------------------------------------------------------------------------


def test_google_contacts_csv() -> None:
    leilani, bart, error = read(CSV / "google_contacts.csv")
    assert isinstance(leilani, ContactRecord)
    assert leilani.name == "Leilani Kahale" and leilani.birthday == date(1990, 4, 17)
    assert leilani.note == "Met at the surf club.\nSecond line, with comma"  # quoted, multi-line
    assert leilani.tags == ["myContacts", "Friends"]
    assert (leilani.organisation, leilani.title) == ("Kahale Boards", "Shaper")
    assert handles(leilani) == [
        ("email", "leilani@kahale.example"),
        ("email", "lei.k@work.example"),
        ("phone", "+18085550150"),
        ("linkedin", "leilani-kahale"),
    ]
    assert leilani.location == "line 2"
    assert isinstance(bart, ContactRecord)
    assert bart.birthday == date(1604, 12, 24) and bart.location == "line 4"
    assert handles(bart) == [("email", "bart@ngata.example"), ("web", "bart.example")]
    # The row after has only a note; the all-empty row after that is ignored.
    assert error == RecordError("line 5", "row has no name and no email, phone or profile")


def test_outlook_csv_in_windows_1252() -> None:
    zoe = only_contact(read(CSV / "outlook_contacts.csv", ImportContext(default_region="DE")))
    assert zoe.name == "Zoë Brandt-Øster"
    assert (zoe.first_name, zoe.last_name) == ("Zoë", "Brandt-Øster")
    assert zoe.title == "Einkäuferin"  # "Job Title", not Outlook's "Title" (Ms.)
    assert zoe.organisation == "Øster & Söhne GmbH"
    assert zoe.birthday is None  # Outlook's 0/0/00
    assert zoe.tags == ["Lieferanten", "Messe 2024"]
    assert handles(zoe) == [("email", "zoe.brandt@example.de"), ("phone", "+4915155501234")]


def test_semicolons_bom_and_partial_mapping() -> None:
    ctx = ImportContext(options={"mapping": {"organisation": "firma", "phone": "Telefon"}})
    rec = only_contact(read(CSV / "semicolon_bom.csv", ctx))
    assert rec.name == "Jörg Väänänen"  # the BOM is not part of the first header
    assert rec.organisation == "Sauna Oy"
    assert handles(rec) == [("email", "joerg@vaananen.example"), ("phone", "+358405550199")]
    assert rec.note is None  # "Notiz" is not a known synonym and was not mapped


def test_interactions_mode() -> None:
    records = read(CSV / "interactions.csv", INTERACTIONS_CTX)
    assert [type(r).__name__ for r in records] == [
        "ContactRecord",
        "InteractionRecord",
        "InteractionRecord",  # the same person again: no second contact
        "ContactRecord",
        "RecordError",  # Noah: no identity and no platform column
        "RecordError",  # "yesterday" is not a date
    ]
    call, meeting = records[1], records[2]
    assert isinstance(call, InteractionRecord) and isinstance(meeting, InteractionRecord)
    assert (call.kind, call.direction, call.platform) == ("call", "out", "email")
    assert call.occurred_at == datetime(2024, 3, 5, 13, 30, tzinfo=UTC)  # Berlin -> UTC
    assert meeting.occurred_at == datetime(2024, 3, 9, 8, 0, tzinfo=UTC)
    assert meeting.text == "Coffee;\nshe brought the draft"
    assert [(c.platform, c.handle) for c in meeting.counterparts] == [
        ("email", "amara@osei.example")
    ]
    assert call.source_key != meeting.source_key
    assert records[4] == RecordError(
        "line 5",
        "no platform and no identity; platforms are: "
        "linkedin, x, email, phone, mastodon, bluesky, web, offline",
    )
    assert isinstance(records[5], RecordError) and records[5].location == "line 6"
    assert "cannot read date 'yesterday'" in records[5].reason


# --- guessing and mapping, one case per row ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("E-mail,Full Name\na@x.example,Ann", [("email", "a@x.example")]),
        ("Email Address,Name\na@x.example,Ann", [("email", "a@x.example")]),
        ("mail,name\nA@X.example,Ann", [("email", "a@x.example")]),
        (
            "Emails,name\na@x.example; b@x.example,Ann",
            [("email", "a@x.example"), ("email", "b@x.example")],
        ),
        ("Name,Mobile Phone\nAnn,(202) 555-0143", [("phone", "+12025550143")]),
        ("Name,Twitter\nAnn,@AnnX", [("x", "annx")]),
        ("Name,X\nAnn,https://x.com/AnnX", [("x", "annx")]),
        ("Name,LinkedIn URL\nAnn,https://www.linkedin.com/in/ann-x/", [("linkedin", "ann-x")]),
        ("Name,Mastodon\nAnn,@ann@social.example", [("mastodon", "ann@social.example")]),
        ("Name,Bluesky handle\nAnn,ann.bsky.social", [("bluesky", "ann.bsky.social")]),
        ("Name,Website\nAnn,https://ann.example/", [("web", "ann.example")]),
        ("Name,URL\nAnn,https://www.linkedin.com/in/ann-x", [("linkedin", "ann-x")]),
        ("Name,Notes\nAnn,see a@x.example", []),
    ],
)
def test_guessed_identities(tmp_path: Path, text: str, expected: list[tuple[str, str]]) -> None:
    assert handles(only_contact(read_text(tmp_path, text))) == expected


@pytest.mark.parametrize(
    ("text", "field", "expected"),
    [
        ("First Name,Last Name,E-mail\nAnn,Lee,a@x.example", "name", "Ann Lee"),
        ("Given Name,Surname,E-mail\nAnn,Lee,a@x.example", "last_name", "Lee"),
        ("Name,Company\nAnn,Acme", "organisation", "Acme"),
        ("Name,Organization\nAnn,Acme", "organisation", "Acme"),
        ("Name,Title,Job Title\nAnn,Dr.,Chemist", "title", "Chemist"),
        ("Name,Position\nAnn,Chemist", "title", "Chemist"),
        ("Name,Birthday\nAnn,1980-03-22", "birthday", date(1980, 3, 22)),
        ("Name,DOB\nAnn,--03-22", "birthday", date(1604, 3, 22)),
        ("Name,Birthday\nAnn,22/03/1980", "birthday", None),
        ('Name,Tags\nAnn,"a; b ::: c, a"', "tags", ["a", "b", "c"]),
        ('Name,Notes\nAnn,"one\r\ntwo"', "note", "one\ntwo"),
        ("Name\tE-mail\nAnn\ta@x.example", "name", "Ann"),
        ('"Name;Odd",E-mail\n"Ann;B",a@x.example', "name", None),  # comma wins: ; is quoted
    ],
)
def test_guessed_fields(tmp_path: Path, text: str, field: str, expected: object) -> None:
    assert getattr(only_contact(read_text(tmp_path, text)), field) == expected


def test_explicit_mapping_wins_and_none_switches_off(tmp_path: Path) -> None:
    text = "Who,Reach me,Company,Notes\nAnn,a@x.example,Acme,private\n"
    mapping: dict[str, object] = {"name": "who", "email": ["Reach me"], "note": None}
    rec = only_contact(read_text(tmp_path, text, mapping))
    assert (rec.name, rec.organisation, rec.note) == ("Ann", "Acme", None)
    assert handles(rec) == [("email", "a@x.example")]


def test_birthday_format_option(tmp_path: Path) -> None:
    text = "Name,Birthday\nAnn,22/03/1980\n"
    rec = only_contact(read_text(tmp_path, text, birthday_format="%d/%m/%Y"))
    assert rec.birthday == date(1980, 3, 22)


def test_date_format_and_platform_column(tmp_path: Path) -> None:
    text = "Day,Name,Phone,Via\n05.03.2024 10:00,Ann,+1 202 555 0143,phone\n"
    mapping = {"date": "Day", "platform": "Via"}
    records = read_text(tmp_path, text, mapping, date_format="%d.%m.%Y %H:%M")
    contact, note = records
    assert isinstance(contact, ContactRecord) and isinstance(note, InteractionRecord)
    assert (note.platform, note.kind, note.direction) == ("phone", "note", "out")
    assert note.occurred_at == datetime(2024, 3, 5, 10, 0, tzinfo=UTC)
    assert [(c.platform, c.handle) for c in note.counterparts] == [("phone", "+12025550143")]


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("2024-01-01,Ann,a@x.example,wave,out", "unknown kind 'wave'"),
        ("2024-01-01,Ann,a@x.example,call,sideways", "unknown direction 'sideways'"),
        (",Ann,a@x.example,call,out", "interaction has no date"),
    ],
)
def test_interaction_row_errors(tmp_path: Path, row: str, reason: str) -> None:
    text = f"Date,Name,Email,Kind,Direction\n{row}\n"
    mapping = {"date": "Date", "kind": "Kind", "direction": "Direction"}
    contact, error = read_text(tmp_path, text, mapping)
    assert isinstance(contact, ContactRecord)
    assert isinstance(error, RecordError) and error.location == "line 2"
    assert error.reason.startswith(reason)


@pytest.mark.parametrize(
    "value", ["9999-12-31T23:30:00-05:00", "0001-01-01T00:00:00", "0001-01-01T00:30:00+01:00"]
)
def test_date_out_of_range_in_utc_is_a_record_error(tmp_path: Path, value: str) -> None:
    # .NET's DateTime.MinValue/MaxValue placeholders; converting them to UTC used
    # to raise OverflowError and end the import with a traceback.
    text = f"Date,Name,Email\n{value},Ann,a@x.example\n2024-01-01,Bo,b@x.example\n"
    records = read_text(tmp_path, text, {"date": "Date"}, timezone="Europe/Berlin")
    error = records[1]
    assert isinstance(error, RecordError) and error.location == "line 2"
    assert error.reason.startswith(f"cannot read date {value!r}")
    assert isinstance(records[-1], InteractionRecord)


# --- keys and duplicates -------------------------------------------------------------------


def test_source_key_is_file_independent(tmp_path: Path) -> None:
    a = only_contact(read_text(tmp_path, "Name,Email\nAnn,a@x.example\n"))
    (tmp_path / "other").mkdir()
    b = only_contact(read_text(tmp_path / "other", "Email;Name\r\n\r\na@x.example;Ann\r\n"))
    c = only_contact(read_text(tmp_path, "Name,Email\nAnn,b@x.example\n"))
    assert a.source_key == b.source_key != c.source_key
    assert a.source_key.startswith("csv:") and a.location == "line 2" and b.location == "line 3"


def test_duplicate_row_is_skipped(tmp_path: Path) -> None:
    records = read_text(tmp_path, "Name,Email\nAnn,a@x.example\nAnn,a@x.example\n")
    assert records[1] == Skipped("line 3", "duplicate of line 2")


def test_explicit_mapping_to_a_repeated_column_reads_every_copy(tmp_path: Path) -> None:
    # Guessing read both "Email" columns; naming "Email" read only the first.
    contact = only_contact(
        read_text(tmp_path, "Name,Email,Email\nAnn,a@x.example,a2@x.example\n", {"email": "Email"})
    )
    assert handles(contact) == [("email", "a@x.example"), ("email", "a2@x.example")]


def test_excel_sep_line_sets_the_delimiter(tmp_path: Path) -> None:
    # Excel writes (and honours) a first line "sep=;" naming the delimiter.
    records = read_text(tmp_path, "sep=;\r\nName;Email\r\nAnn;a@x.example\r\n")
    contact = only_contact(records)
    assert (contact.name, contact.location) == ("Ann", "line 3")
    assert handles(contact) == [("email", "a@x.example")]


def test_unclosed_quote_is_a_record_error_not_a_contact_holding_the_rest(
    tmp_path: Path,
) -> None:
    text = 'Name,Email\nAnn,a@x.example\n"Bo, unclosed,b@x.example\nCy,c@x.example\n'
    contact, error = read_text(tmp_path, text)
    assert isinstance(contact, ContactRecord) and contact.name == "Ann"
    assert isinstance(error, RecordError) and error.location == "line 3"
    assert error.reason == "unclosed quote: lines 3-4 ran to the end of the file"


@pytest.mark.parametrize("end", ["\n", ""], ids=["newline", "no-newline"])
def test_unclosed_quote_on_the_last_line_is_a_record_error_too(tmp_path: Path, end: str) -> None:
    """On the last line the swallowed "rest" is only that line's: the row must not
    pass for a contact named "Bo,b@x.example"."""
    text = f'Name,Email\nAnn,a@x.example\n"Bo,b@x.example{end}'
    contact, error = read_text(tmp_path, text)
    assert isinstance(contact, ContactRecord) and contact.name == "Ann"
    assert isinstance(error, RecordError) and error.location == "line 3"
    assert error.reason == "unclosed quote: lines 3-3 ran to the end of the file"


# --- file-level errors ---------------------------------------------------------------------


def test_mapping_to_missing_column_names_it_and_lists_header(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError) as info:
        read_text(tmp_path, "Name,Email\nAnn,a@x.example\n", {"phone": "Mobile"})
    message = str(info.value)
    assert "'Mobile'" in message and "'Name', 'Email'" in message


@pytest.mark.parametrize(
    ("text", "options", "match"),
    [
        ("Name\nAnn\n", {"mapping": {"nickname": "Name"}}, "unknown mapping field 'nickname'"),
        ("Name\nAnn\n", {"mapping": {"name": 3}}, "must be a column name"),
        ("Name\nAnn\n", {"mapping": ["name"]}, "field -> column table"),
        ("Name\nAnn\n", {"delimiter": ";;"}, "option 'delimiter'"),
        ("Name\nAnn\n", {"timezone": "Mars/Olympus"}, "unknown timezone"),
        ("", {}, "no header row"),
    ],
)
def test_file_errors(tmp_path: Path, text: str, options: dict[str, object], match: str) -> None:
    path = tmp_path / "in.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ImportFileError, match=match):
        read(path, ImportContext(options=options))


def test_a_binary_file_forced_as_csv_is_refused(tmp_path: Path) -> None:
    # Read as Windows-1252 it used to "import" with an error per line, exit 0.
    path = tmp_path / "repo.car"
    path.write_bytes(b":\xa2eroots\x81\xd8*X%\x00\x01q\x12 Name,Email\nAnn,a@x.example\n")
    with pytest.raises(ImportFileError) as info:
        read(path)
    assert str(info.value).startswith(f"{path}: binary data, not CSV text (a NUL byte at ")


def test_utf16_with_bom_is_not_binary(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes("Name,Email\nAnn,a@x.example\n".encode("utf-16"))
    assert [r.name for r in read(path) if isinstance(r, ContactRecord)] == ["Ann"]


def test_oversized_cell_is_a_record_error_and_the_rows_after_it_import(tmp_path: Path) -> None:
    # One cell over csv.field_size_limit() (131072) used to end the import there.
    valid = "".join(f"Person {i},person{i}@example.org\n" for i in range(100))
    records = read_text(tmp_path, f"Name,Email\nBig Cell,{'x' * 200_000}\n{valid}")
    error, *rest = records
    assert isinstance(error, RecordError) and error.location == "line 2"
    assert error.reason.startswith("malformed CSV: field larger than field limit")
    assert [r.location for r in rest if isinstance(r, ContactRecord)] == [
        f"line {n}" for n in range(3, 103)
    ]
    assert len(rest) == 100


def test_oversized_quoted_cell_over_several_lines_is_skipped_to_its_end(tmp_path: Path) -> None:
    # The csv reader resumes on the line after the error: the rest of the
    # quoted cell must not come back as rows (a contact named "still the note").
    big = "x" * 200_000
    text = (
        f'Name;Note\r\nBig Cell;"{big}\r\nstill the note\r\n""quoted""; end"\r\n'
        "Ava Stone;met at the fair\r\n"
    )
    error, contact = read_text(tmp_path, text)
    assert isinstance(error, RecordError) and error.location == "line 2"
    assert error.reason.endswith("(lines 2-4 skipped)")
    assert isinstance(contact, ContactRecord)
    assert (contact.name, contact.note, contact.location) == (
        "Ava Stone",
        "met at the fair",
        "line 5",
    )


# --- detection -----------------------------------------------------------------------------

GOOGLE_HEADER = "Name,Given Name,Family Name,E-mail 1 - Type,E-mail 1 - Value,Phone 1 - Value"
GOOGLE_NEW_HEADER = "First Name,Middle Name,Last Name,E-mail 1 - Label,E-mail 1 - Value"
OUTLOOK_HEADER = "First Name,Middle Name,Last Name,Title,E-mail Address,Mobile Phone,Job Title"
LINKEDIN_HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"


@pytest.mark.parametrize(
    ("name", "header", "expected"),
    [
        ("contacts.csv", GOOGLE_HEADER, True),
        ("contacts.csv", GOOGLE_NEW_HEADER, True),
        ("contacts.csv", OUTLOOK_HEADER, True),
        ("Connections.csv", LINKEDIN_HEADER, False),
        ("contacts.csv", OUTLOOK_HEADER + ",Connected On", False),
        ("contacts.csv", "Name,Email", False),
        ("following_accounts.csv", "Account address,Show boosts,Notify on new posts", False),
        ("contacts.txt", GOOGLE_HEADER, False),
    ],
)
def test_detect(tmp_path: Path, name: str, header: str, expected: bool) -> None:
    path = tmp_path / name
    path.write_text(header + "\r\nx\r\n", encoding="utf-8")
    with ExportTree(path) as tree:
        assert GenericCsvImporter().detect(tree) is expected
    assert is_known_contacts_header(header.split(",")) is expected or name.endswith(".txt")


def test_detect_never_claims_a_folder(tmp_path: Path) -> None:
    (tmp_path / "contacts.csv").write_text(GOOGLE_HEADER + "\n")
    with ExportTree(tmp_path) as tree:
        assert not GenericCsvImporter().detect(tree)


def test_a_nul_byte_in_a_cell_is_dropped(tmp_path: Path) -> None:
    """Never meant as text: it breaks tables and search, and PostgreSQL refuses it."""
    rec = only_contact(read_text(tmp_path, "Name,Email\nBo\x00b Ray,bob@example.org\n"))
    assert rec.name == "Bob Ray"


def test_malformed_url_is_dropped_not_fatal(tmp_path: Path) -> None:
    # "http://[oops" made urlsplit raise ValueError and ended the import with a traceback.
    contact = only_contact(
        read_text(tmp_path, "Name,Email,Website\nAnn,a@x.example,http://[oops\n")
    )
    assert handles(contact) == [("email", "a@x.example")]


@pytest.mark.parametrize(
    ("text", "header"),
    [
        ("hello world\n", "'hello world'"),
        ("BEGIN:VCARD\nVERSION:3.0\nFN:Ana Ruiz\nEND:VCARD\n", "'BEGIN:VCARD'"),
        ("a,b,c,d,e,f,g\n1,2,3,4,5,6,7\n", "'a', 'b', 'c', 'd', 'e', 'f', …"),
    ],
)
def test_a_file_with_no_name_or_address_column_is_refused_once(
    tmp_path: Path, text: str, header: str
) -> None:
    path = tmp_path / "notes.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ImportFileError) as err:
        read(path)
    assert f"no column holds a name, email, phone or profile (header: {header})" in str(err.value)
    assert "--mapping" in str(err.value)


GOOGLE_COLLEAGUES = (
    "Name,E-mail 1 - Value,Website 1 - Type,Website 1 - Value\n"
    "Jane Roe,jane@acme.example,Work,https://www.acme.example\n"
    "John Poe,john@mail.example,Work,https://www.acme.example/\n"
    "Mia Loe,mia@mail.example,Blog,https://mia.example\n"
)


def test_a_company_site_is_no_identity_of_the_person(tmp_path: Path) -> None:
    recs = read_text(tmp_path, GOOGLE_COLLEAGUES)
    by_name = {r.name: handles(r) for r in recs if isinstance(r, ContactRecord)}
    assert by_name == {
        "Jane Roe": [("email", "jane@acme.example")],
        "John Poe": [("email", "john@mail.example")],  # the work site, though not his domain
        "Mia Loe": [("email", "mia@mail.example"), ("web", "mia.example")],
    }


def test_colleagues_sharing_a_company_site_stay_two_people(workspace, tmp_path: Path) -> None:
    from warmly.ledger.pipeline import import_path

    path = tmp_path / "google.csv"
    path.write_text(GOOGLE_COLLEAGUES, encoding="utf-8")
    report = import_path(workspace, path, fmt="csv")
    assert report.people_added == 3


def test_a_row_with_more_cells_than_the_header_is_a_record_error(tmp_path: Path) -> None:
    """An unquoted comma in a cell shifts the cells after it: reported, not imported
    wrong; an empty cell after a trailing delimiter is no extra column."""
    text = "Name,Email,Company\nAnn,a@x.example,Acme,\nBo,Smith,b@x.example,Initech\n"
    contact, error = read_text(tmp_path, text)
    assert isinstance(contact, ContactRecord) and contact.name == "Ann"
    assert isinstance(error, RecordError) and error.location == "line 3"
    assert error.reason == "expected 3 columns, found 4"
