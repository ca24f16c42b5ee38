"""eml importer: single files, folders, lenient header decoding, detection, errors."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.importers.golden import DATA
from warmly.errors import ImportFileError
from warmly.importers import detect_importer
from warmly.importers import email_message as em
from warmly.importers import email_parse as ep
from warmly.importers.base import ImportContext
from warmly.importers.eml import EmlImporter
from warmly.importers.mbox import MboxImporter
from warmly.importers.records import (
    IdentityRef,
    InteractionRecord,
    OwnerRecord,
    Record,
    RecordError,
    Skipped,
)
from warmly.importers.source import ExportTree

EM = DATA / "email"


def read(path: Path, ctx: ImportContext | None = None) -> list[Record]:
    with ExportTree(path) as tree:
        return list(EmlImporter().read(tree, ctx or ImportContext()))


def test_encoded_headers_decode_leniently() -> None:
    """gb2312 subject with invalid bytes, base64 display name, ISO-8859-1 Q, Latin-1 body."""
    owner, rec = read(EM / "encodings.eml")
    assert owner == OwnerRecord([IdentityRef("email", "sam.owner@gmail.com")])
    assert isinstance(rec, InteractionRecord)
    assert rec.subject is not None
    assert rec.subject.startswith("你好朋友")
    assert "\ufffd" in rec.subject  # invalid bytes became replacement characters
    assert rec.counterparts == [IdentityRef("email", "zoe@example.org", "Zoë Brandt")]
    assert rec.text == "Grüße aus Köln"
    assert rec.occurred_at == datetime(2016, 8, 22, 13, 56, 9, tzinfo=UTC)
    assert rec.source_key == "email:enc-0001@example.org"


@pytest.mark.parametrize(
    ("value", "decoded"),
    [
        ("=?utf-8?B?Wm/DqyBC?= =?ISO-8859-1?Q?r=E4ndt?=", "Zoë Brändt"),  # mixed charsets
        ("=?utf-8?B?Wm/Dqw?= Brandt", "Zoë Brandt"),  # base64 without its padding
        ("=?utf-8?B?Wm/DqyA=?= =?utf-8?B?QnJhbmR0X?=", "Zoë Brandt"),  # truncated base64
        ("=?x-no-such?Q?Zo=C3=AB?=", "Zoë"),  # unknown charset
        ("王小明 =?utf-8?Q?Wang?=", "王小明 Wang"),  # raw 8-bit text beside an encoded word
        ("Zoë =?utf-8?Q?Brandt?=", "Zoë Brandt"),
    ],
    ids=["mixed", "unpadded", "truncated", "unknown-charset", "raw-cjk", "raw-latin"],
)
def test_broken_encoded_words_decode_what_they_can(value: str, decoded: str) -> None:
    # One bad word used to leave the whole header raw: "=?utf-8?B?Wm/Dqw?= Brandt".
    assert ep.decode_words(value) == decoded


@pytest.mark.parametrize("charset", ["x-no-such-charset", "unknown-8bit", "us-ascii", None])
def test_8bit_body_in_an_unknown_or_wrong_charset_falls_back_to_latin_1(
    charset: str | None,
) -> None:
    # Mislabelled 8-bit mail is mostly Windows-1252; UTF-8 with U+FFFD lost the letters.
    assert ep.decode_bytes("Grüße".encode("cp1252"), charset) == "Grüße"
    assert ep.decode_bytes("Grüße".encode(), charset) == "Grüße"


def test_iso_8859_1_q_display_name_in_cc_of_outgoing_mail(tmp_path: Path) -> None:
    raw = (EM / "encodings.eml").read_bytes().replace(b"Delivered-To: sam.owner@gmail.com\n", b"")
    path = tmp_path / "out.eml"
    path.write_bytes(raw)
    ctx = ImportContext(owner={("email", "zoe@example.org")})
    (rec,) = read(path, ctx)
    assert isinstance(rec, InteractionRecord) and rec.direction == "out"
    assert rec.counterparts == [
        IdentityRef("email", "sam.owner@gmail.com"),
        IdentityRef("email", "renee@example.net", "Renée Müller"),
    ]


def test_folder_of_eml_files_is_one_import() -> None:
    folder = EM / "eml_folder"
    with ExportTree(folder) as tree:
        assert EmlImporter().detect(tree) and not MboxImporter().detect(tree)
    records = read(folder, ImportContext(owner={("email", "sam.owner@gmail.com")}))
    first, second = records
    assert isinstance(first, InteractionRecord) and isinstance(second, InteractionRecord)
    assert (first.direction, second.direction) == ("in", "out")
    assert first.location == "a.eml"
    assert second.thread == "folder-a@example.org"  # In-Reply-To when no References


def test_file_with_no_headers_is_an_import_file_error() -> None:
    with pytest.raises(ImportFileError, match="not an email: no header lines"):
        read(EM / "no_headers.eml")


@pytest.mark.parametrize(
    "content",
    [
        b"Note: buy milk\nand eggs\n",  # one "Name: value" line opens a plain text file
        b"Host: example.org\nUser-Agent: curl/8\nAccept: */*\n\n",  # an HTTP request
        b"Shopping list\nmilk\n",
    ],
    ids=["note", "http", "plain"],
)
def test_forced_on_a_single_file_that_is_not_mail_is_refused(
    tmp_path: Path, content: bytes
) -> None:
    # `warmly import --format eml notes.txt` used to read it as one message with
    # "no usable Date header" and exit 0; a file that is no message is refused.
    path = tmp_path / "notes.txt"
    path.write_bytes(content)
    with pytest.raises(ImportFileError, match=r"not an email: no (header lines|mail header)"):
        read(path)


def test_header_like_file_in_a_folder_is_a_record_error(tmp_path: Path) -> None:
    (tmp_path / "a.eml").write_bytes((EM / "eml_folder" / "a.eml").read_bytes())
    (tmp_path / "b.eml").write_bytes(b"Note: buy milk\n")
    records = read(tmp_path, ImportContext(owner={("email", "sam.owner@gmail.com")}))
    assert isinstance(records[1], RecordError)
    assert records[1].location == "message 2 (b.eml)"
    assert records[1].reason.startswith("not an email: no mail header")


def test_headerless_file_in_a_folder_is_a_record_error(tmp_path: Path) -> None:
    (tmp_path / "a.eml").write_bytes((EM / "eml_folder" / "a.eml").read_bytes())
    (tmp_path / "b.eml").write_bytes(b"\x00\x01 no headers")
    records = read(tmp_path, ImportContext(owner={("email", "sam.owner@gmail.com")}))
    assert records[1] == RecordError("message 2 (b.eml)", "not an email: no header lines")


def test_leading_envelope_line_is_tolerated(tmp_path: Path) -> None:
    path = tmp_path / "saved.eml"
    path.write_bytes(
        b"From x@example.org Tue Aug 08 12:36:29 2023\n"
        + (EM / "eml_folder" / "a.eml").read_bytes()
    )
    with ExportTree(path) as tree:
        assert detect_importer(tree, path).name == "eml"
    (rec,) = read(path, ImportContext(owner={("email", "sam.owner@gmail.com")}))
    assert isinstance(rec, InteractionRecord) and rec.subject == "First"


def test_html_only_body_is_stripped(tmp_path: Path) -> None:
    path = tmp_path / "h.eml"
    path.write_bytes(
        b"From: Jane Roe <jane.roe@example.org>\nTo: sam@example.com\n"
        b"Date: Tue, 1 Oct 2024 10:00:00 +0000\nMessage-ID: <h@example.org>\n"
        b"Content-Type: text/html; charset=utf-8\n\n"
        b"<html><head><style>p{color:red}</style></head><body><p>Hello&nbsp;Sam</p>"
        b"<script>x()</script><p>See you</p></body></html>\n"
    )
    (rec,) = read(path)
    assert isinstance(rec, InteractionRecord)
    assert rec.text == "Hello Sam\n\nSee you"


# --- dates in the future ---------------------------------------------------------

SPAM = (
    b"Received: from mx.example.net by mx.example.org; Mon, 3 Jun 2024 08:00:00 +0000\n"
    b"From: Win Big <prizes@example.net>\nTo: sam.owner@gmail.com\n"
    b"Date: Thu, 01 Jan 2099 00:00:00 +0000\nMessage-ID: <spam-2099@example.net>\n"
    b"Subject: You won\n\nClaim now.\n"
)
OWNER = ImportContext(owner={("email", "sam.owner@gmail.com")})


def test_date_in_the_future_falls_back_to_the_received_date(tmp_path: Path) -> None:
    path = tmp_path / "spam.eml"
    path.write_bytes(SPAM)
    (rec,) = read(path, OWNER)
    assert isinstance(rec, InteractionRecord)
    assert rec.occurred_at == datetime(2024, 6, 3, 8, 0, tzinfo=UTC)


def test_date_in_the_future_without_a_received_date_is_a_record_error(tmp_path: Path) -> None:
    path = tmp_path / "spam.eml"
    path.write_bytes(SPAM.split(b"\n", 1)[1])
    (err,) = read(path, OWNER)
    assert err == RecordError(
        "message 1",
        "date in the future: Thu, 01 Jan 2099 00:00:00 +0000"
        " (and no earlier From_ line or Received date)",
    )


@pytest.mark.parametrize(
    ("date", "fallback", "expected"),
    [
        # Up to a day ahead is a zone or clock error, kept as written.
        ("Sat, 1 Jun 2024 20:00:00 +0000", None, datetime(2024, 6, 1, 20, tzinfo=UTC)),
        (
            "Mon, 3 Jun 2024 12:00:00 +0000",
            datetime(2024, 5, 31, tzinfo=UTC),
            datetime(2024, 5, 31, tzinfo=UTC),
        ),
        (
            "Mon, 3 Jun 2024 12:00:00 +0000",
            datetime(2024, 6, 5, tzinfo=UTC),
            "date in the future: Mon, 3 Jun 2024 12:00:00 +0000 (",
        ),
        (None, datetime(2030, 1, 1, tzinfo=UTC), "date in the future: 2030-01-01T00:00:00+00:00"),
        (None, None, "no usable Date header"),
    ],
)
def test_occurred_at_passes_over_dates_more_than_a_day_ahead(
    date: str | None, fallback: datetime | None, expected: datetime | str
) -> None:
    now = datetime(2024, 6, 1, 12, tzinfo=UTC)
    head = f"Date: {date}\n".encode() if date else b"X-Note: none\n"
    got = em.occurred_at(ep.Headers.parse(head), fallback, now)
    if isinstance(expected, datetime):
        assert got == expected
    else:
        assert isinstance(got, str) and got.startswith(expected)


# --- chats --------------------------------------------------------------------------


def test_chat_lines_saved_as_eml_files_find_their_counterpart(tmp_path: Path) -> None:
    line = "X-GM-THRID: 42\nX-Gmail-Labels: Chat\nFrom: {who}\nDate: {date}\n\n{text}\n"
    (tmp_path / "1.eml").write_text(
        line.format(who="sam.owner@gmail.com", date="Mon, 3 Jun 2024 08:00:00 +0000", text="hi")
    )
    (tmp_path / "2.eml").write_text(
        line.format(who="Jo <jo@example.org>", date="Mon, 3 Jun 2024 08:01:00 +0000", text="hey")
    )
    records = read(tmp_path, OWNER)
    assert [(r.kind, r.direction, r.text) for r in records if isinstance(r, InteractionRecord)] == [
        ("message", "in", "hey"),
        ("message", "out", "hi"),
    ]
    assert all(
        r.counterparts == [IdentityRef("email", "jo@example.org", "Jo")]
        for r in records
        if isinstance(r, InteractionRecord)
    )


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        (DATA / "x_archive" / "archive", r"no \.eml files in this folder or archive$"),
        (DATA / "linkedin" / "export_2023", r"no \.eml files in this folder or archive$"),
    ],
    ids=["x archive", "linkedin export"],
)
def test_forced_on_a_folder_without_eml_files_is_refused(path: Path, reason: str) -> None:
    # --format eml on such a folder used to succeed with 0 records read.
    with pytest.raises(ImportFileError, match=reason) as info:
        read(path)
    assert str(path) in str(info.value)


def test_forced_on_an_empty_folder_or_a_folder_of_mailboxes_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match=r"no \.eml files"):
        read(tmp_path)
    (tmp_path / "Inbox.mbox").write_bytes((EM / "takeout_small.mbox").read_bytes())
    with pytest.raises(ImportFileError, match=r"\(it holds \.mbox files: use --format mbox\)"):
        read(tmp_path)


def test_forced_on_a_folder_with_mailboxes_too_reports_them_skipped(tmp_path: Path) -> None:
    (tmp_path / "Inbox.mbox").write_bytes((EM / "takeout_small.mbox").read_bytes())
    (tmp_path / "a.eml").write_bytes((EM / "eml_folder" / "a.eml").read_bytes())
    rec, skipped = read(tmp_path, ImportContext(owner={("email", "sam.owner@gmail.com")}))
    assert isinstance(rec, InteractionRecord) and rec.source_key == "email:folder-a@example.org"
    assert skipped == Skipped(
        "Inbox.mbox", "mbox file, not read with --format eml: use --format mbox"
    )


@pytest.mark.parametrize(
    ("name", "content", "claimed"),
    [
        ("mail", "Received: from x\nFrom: a@example.org\nDate: Tue, 1 Oct 2024\n\nhi\n", True),
        ("contacts.csv", "From:,Date:\na,b\n", False),
        ("card.vcf", "BEGIN:VCARD\nFN:Jane\nEND:VCARD\n", False),
        ("card.txt", "BEGIN:VCARD\nFN:Jane\nEND:VCARD\n", False),
        ("data.json", '{"From": "a@example.org", "Date": "x"}', False),
        ("plain", "Subject: only one known header\n\nhi\n", False),
        ("archive.mbox", "From x@example.org Tue Aug 08 12:36:29 2023\nFrom: a@b.c\n", False),
    ],
)
def test_detect(tmp_path: Path, name: str, content: str, claimed: bool) -> None:
    path = tmp_path / name
    path.write_text(content)
    with ExportTree(path) as tree:
        assert EmlImporter().detect(tree) is claimed
