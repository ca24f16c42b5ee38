"""mbox importer: Takeout quirks, splitting, owner inference, bulk mail, errors, samples."""

from __future__ import annotations

import io
import shutil
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.importers.golden import DATA, check_golden
from warmly.errors import ImportFileError
from warmly.importers import detect_importer
from warmly.importers.base import ImportContext
from warmly.importers.eml import EmlImporter
from warmly.importers.mbox import MboxImporter, split_mbox
from warmly.importers.records import (
    ContactRecord,
    IdentityRef,
    InteractionRecord,
    OwnerRecord,
    Record,
    RecordError,
    Skipped,
)
from warmly.importers.source import ExportTree
from warmly.importers.vcard import VCardImporter

EM = DATA / "email"
OWNER = ImportContext(owner={("email", "sam.owner@gmail.com")})


def read(path: Path, ctx: ImportContext | None = None) -> list[Record]:
    with ExportTree(path) as tree:
        return list(MboxImporter().read(tree, ctx or ImportContext()))


def interactions(records: list[Record]) -> list[InteractionRecord]:
    return [r for r in records if isinstance(r, InteractionRecord)]


def write_mbox(tmp_path: Path, *messages: str, name: str = "mail.mbox") -> Path:
    path = tmp_path / name
    path.write_bytes("\n".join(messages).encode())
    return path


def message(n: int, headers: str = "", body: str = "Hello.") -> str:
    return (
        f"From x@example.org Tue Aug 08 12:36:29 +0000 2023\n"
        f"From: Person {n} <p{n}@example.org>\nTo: sam.owner@gmail.com\n"
        f"Date: Tue, 08 Aug 2023 12:36:28 GMT\nMessage-ID: <m{n}@example.org>\n"
        f"Subject: Message {n}\n{headers}\n{body}\n"
    )


# --- golden ------------------------------------------------------------------


def test_golden_takeout_small() -> None:
    """Owner inferred, in/out, folded quoted labels, list, notification, no Message-ID, spam."""
    check_golden("mbox", EM / "takeout_small.mbox")


# --- Takeout quirks --------------------------------------------------------------


def test_takeout_owner_inferred_from_delivered_to_and_yielded_first() -> None:
    records = read(EM / "takeout_small.mbox")
    assert records[0] == OwnerRecord(identities=[IdentityRef("email", "sam.owner@gmail.com")])
    assert not any(isinstance(r, OwnerRecord) for r in records[1:])


def test_known_owner_means_no_owner_record() -> None:
    assert not any(isinstance(r, OwnerRecord) for r in read(EM / "takeout_small.mbox", OWNER))


def test_takeout_thread_and_zone_before_year_envelope() -> None:
    inbound, outbound, *_ = interactions(read(EM / "takeout_small.mbox"))
    assert inbound.thread == outbound.thread == "gmail:1773664405479613283"
    assert inbound.occurred_at == datetime(2023, 8, 8, 12, 36, 28, tzinfo=UTC)
    assert outbound.occurred_at == datetime(2023, 8, 9, 8, 0, tzinfo=UTC)  # +0200 -> UTC


def test_outgoing_to_two_recipients_and_cc_excludes_owner() -> None:
    out = interactions(read(EM / "takeout_small.mbox"))[1]
    assert out.direction == "out"
    assert out.counterparts == [
        IdentityRef("email", "jane.roe@example.org", "Jane Roe"),
        IdentityRef("email", "omar.haddad@example.net", "Haddad, Omar"),
        IdentityRef("email", "lena@example.com", "Lena Vogel"),
    ]


def test_sent_label_marks_outgoing_without_any_known_owner(tmp_path: Path) -> None:
    # No Delivered-To anywhere: only the (localised, differently cased) Sent label tells.
    path = write_mbox(tmp_path, message(1, "X-Gmail-Labels: GESENDET,Wichtig\n"))
    records = read(path)
    assert records[0] == OwnerRecord([IdentityRef("email", "p1@example.org")])
    (rec,) = interactions(records)
    assert rec.direction == "out"
    assert rec.counterparts == [IdentityRef("email", "sam.owner@gmail.com")]


def test_quoted_label_with_comma_is_one_label(tmp_path: Path) -> None:
    from warmly.importers.email_parse import Headers, gmail_labels

    head = b'X-Gmail-Labels: Inbox,"Travel, 2023",\r\n Category Updates\r\n'
    assert gmail_labels(Headers.parse(head)) == ["inbox", "travel, 2023", "category updates"]


@pytest.mark.parametrize(
    "value", ["Inbox,\rWork", '"Inbox\r",Work', "=?utf-8?Q?Inbox=0A?=,Work", 'Inbox,"Work']
)
def test_stray_line_break_or_quote_in_labels_is_read_not_fatal(tmp_path: Path, value: str) -> None:
    # csv.reader raised "new-line character seen in unquoted field" on a stray CR,
    # from the owner scan, outside any per-message guard: the import ended.
    path = write_mbox(tmp_path, message(1, f"X-Gmail-Labels: {value}\n"), message(2))
    for ctx in (None, OWNER):  # with and without the up-front owner scan
        assert len(interactions(read(path, ctx))) == 2


def test_spam_and_drafts_are_skipped(tmp_path: Path) -> None:
    path = write_mbox(
        tmp_path,
        message(1, "X-Gmail-Labels: Spam\n"),
        message(2, "X-Gmail-Labels: Entwürfe\n"),
        message(3, "X-Gmail-Labels: Papierkorb\n"),
    )
    reasons = [r.reason for r in read(path, OWNER) if isinstance(r, Skipped)]
    assert reasons == [
        "spam (X-Gmail-Labels)",
        "draft (X-Gmail-Labels)",
        "in trash (X-Gmail-Labels)",
    ]


def test_takeout_zip_with_label_mboxes(tmp_path: Path) -> None:
    zpath = tmp_path / "takeout-20240101T000000Z-001.zip"
    with zipfile.ZipFile(zpath, "w") as z:
        z.writestr("Takeout/Mail/Inbox.mbox", message(1))
        z.writestr("Takeout/Mail/Important.mbox", message(1) + "\n" + message(2))
        z.writestr("Takeout/Contacts/readme.html", "<p>not mail</p>")
    with ExportTree(zpath) as tree:
        assert MboxImporter().detect(tree)
        assert not EmlImporter().detect(tree)
        records = list(MboxImporter().read(tree, OWNER))
    keys = [r.source_key for r in interactions(records)]
    # Members in sorted order; the pipeline dedupes the message found under two labels.
    assert keys == ["email:m1@example.org", "email:m2@example.org", "email:m1@example.org"]
    assert records[0].location == "Takeout/Mail/Important.mbox: message 1"


# --- splitting and line endings -------------------------------------------------


def test_crlf_mbox_with_double_space_envelope_and_mboxrd_quoting() -> None:
    first, second = interactions(read(EM / "crlf.mbox", OWNER))
    assert first.counterparts == [IdentityRef("email", "tomasz@example.org", "Tomasz Wójcik")]
    assert first.text is not None and "From the start" in first.text
    assert "\nFrom here on" in first.text and "\r" not in first.text
    assert second.subject == "CRLF two"
    assert second.occurred_at == datetime(2017, 10, 26, 7, 40, 8, tzinfo=UTC)


def test_split_reports_line_numbers_and_is_independent_of_block_size(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = (EM / "crlf.mbox").read_bytes()
    whole = [(m.number, m.line, m.data) for m in split_mbox(io.BytesIO(data), "x")]
    assert [(n, line) for n, line, _ in whole] == [(1, 1), (2, 12)]
    monkeypatch.setattr("warmly.importers.mbox._CHUNK", 7)
    assert [(m.number, m.line, m.data) for m in split_mbox(io.BytesIO(data), "x")] == whole


def test_body_line_starting_with_from_after_blank_line_does_not_split(tmp_path: Path) -> None:
    path = write_mbox(tmp_path, message(1, body="Hi,\n\nFrom Monday on I am away.\n"))
    (rec,) = interactions(read(path, OWNER))
    assert rec.text == "Hi,\n\nFrom Monday on I am away."


def test_envelope_without_blank_line_before_it_starts_a_message() -> None:
    # mblaze, Roundcube and some Thunderbird exports: the next From_ line follows the
    # body directly. The second message used to be glued into the first one's text.
    first, second, third = interactions(read(EM / "no_blank_before_from.mbox", OWNER))
    assert [r.subject for r in (first, second, third)] == ["Glued one", "Glued two", "Glued three"]
    assert first.text == "No blank line after this body."
    assert third.counterparts == [IdentityRef("email", "lena.vogel@example.org", "Lena Vogel")]
    # Neither a "From …" sentence nor a quoted envelope with no header after it splits.
    assert second.text == (
        "Second body.\nFrom what I hear, the trip went well.\n"
        "From kofi.mensah@example.org Wed Aug  9 09:15:02 2023\n"
        "quoted in the body, and no header line follows it."
    )


@pytest.mark.parametrize("newline", [b"\n", b"\r\n"], ids=["LF", "CRLF"])
def test_split_without_blank_lines_is_independent_of_block_size(
    monkeypatch: pytest.MonkeyPatch, newline: bytes
) -> None:
    data = (EM / "no_blank_before_from.mbox").read_bytes().replace(b"\n", newline)
    whole = [(m.number, m.line, m.data) for m in split_mbox(io.BytesIO(data), "x")]
    assert [(n, line) for n, line, _ in whole] == [(1, 1), (2, 9), (3, 20)]
    assert whole[0][2].endswith(b"No blank line after this body." + newline)
    monkeypatch.setattr("warmly.importers.mbox._CHUNK", 7)
    assert [(m.number, m.line, m.data) for m in split_mbox(io.BytesIO(data), "x")] == whole


@pytest.mark.parametrize(
    "line",
    [
        "From jane@example.org Tue Aug  8 12:36:29 2023 and more words",  # not the whole line
        "From jane@example.org Tue Aug  8 12:36 2023",  # no seconds: not asctime
        "From Tuesday on, Aug 8 12:36:29 2023",
    ],
)
def test_loose_from_line_without_blank_line_before_does_not_split(
    tmp_path: Path, line: str
) -> None:
    path = write_mbox(tmp_path, message(1, body=f"Hi,\n{line}\nSubject: still the body"))
    (rec,) = interactions(read(path, OWNER))
    assert rec.text == f"Hi,\n{line}\nSubject: still the body"


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_after_an_envelope_never_raise(data: bytes) -> None:
    raw = b"From x@example.org Fri Jun 02 20:26:01 2006\n" + data
    with io.BytesIO(raw) as stream:
        messages = list(split_mbox(stream, "x"))
    assert messages and messages[0].number == 1


# --- bulk, duplicates, missing fields -------------------------------------------


def test_list_message_is_skipped_with_list_id(tmp_path: Path) -> None:
    path = write_mbox(
        tmp_path,
        *(message(n) for n in range(1, 12)),
        message(12, "List-Id: <users.httpd.apache.org>\nPrecedence: bulk\n"),
    )
    skipped = [r for r in read(path, OWNER) if isinstance(r, Skipped)]
    assert skipped == [Skipped("message 12", "mailing list (List-Id: <users.httpd.apache.org>)")]


@pytest.mark.parametrize(
    ("headers", "reason"),
    [
        ("Precedence: bulk\n", "bulk mail (Precedence: bulk)"),
        ("Precedence: junk\n", "bulk mail (Precedence: junk)"),
        ("List-Unsubscribe: <mailto:u@example.org>\n", "bulk mail (List-Unsubscribe)"),
        ("Auto-Submitted: auto-replied\n", "automatic mail (Auto-Submitted: auto-replied)"),
        (
            "Mailing-List: contact users-help@example.org\n",
            "mailing list (Mailing-List: contact users-help@example.org)",
        ),
    ],
)
def test_bulk_headers(tmp_path: Path, headers: str, reason: str) -> None:
    (rec,) = read(write_mbox(tmp_path, message(1, headers)), OWNER)
    assert rec == Skipped("message 1", reason)


def test_noreply_sender_is_skipped(tmp_path: Path) -> None:
    msg = message(1).replace("p1@example.org", "no-reply@shop.example")
    (rec,) = read(write_mbox(tmp_path, msg), OWNER)
    assert rec == Skipped("message 1", "automated sender (no-reply@shop.example)")


def test_include_bulk_option_imports_list_mail(tmp_path: Path) -> None:
    path = write_mbox(tmp_path, message(1, "List-Id: <x.example.org>\n"))
    ctx = ImportContext(owner=OWNER.owner, options={"include_bulk": True})
    assert len(interactions(read(path, ctx))) == 1


def test_same_message_in_two_archives_has_the_same_source_key() -> None:
    a = [r.source_key for r in interactions(read(EM / "duplicate_a.mbox", OWNER))]
    b = [r.source_key for r in interactions(read(EM / "duplicate_b.mbox", OWNER))]
    assert a == b
    assert a[0] == "email:dup-0001@mail.example.org"
    assert a[1].startswith("email:sha1:")  # no Message-ID: hash of From, Date, Subject


def test_date_falls_back_to_envelope_then_record_error(tmp_path: Path) -> None:
    no_date = message(1).replace("Date: Tue, 08 Aug 2023 12:36:28 GMT\n", "")
    bad_envelope = no_date.replace("Tue Aug 08 12:36:29 +0000 2023", "Tue Aug 08 12:36:29 2023")
    (rec,) = interactions(read(write_mbox(tmp_path, no_date), OWNER))
    assert rec.occurred_at == datetime(2023, 8, 8, 12, 36, 29, tzinfo=UTC)
    undated = "From MAILER-DAEMON\n" + bad_envelope.split("\n", 1)[1]
    (err,) = read(write_mbox(tmp_path, undated, name="b.mbox"), OWNER)
    assert err == RecordError("message 1 (line 1)", "no usable Date header or From_ line date")


FUTURE = "Date: Fri, 01 Jan 2099 00:00:00 +0000\n"


def test_date_in_the_future_falls_back_to_the_envelope_date(tmp_path: Path) -> None:
    spam = message(1).replace("Date: Tue, 08 Aug 2023 12:36:28 GMT\n", FUTURE)
    (rec,) = interactions(read(write_mbox(tmp_path, spam), OWNER))
    assert rec.occurred_at == datetime(2023, 8, 8, 12, 36, 29, tzinfo=UTC)  # the From_ line
    assert rec.source_key == "email:m1@example.org"


def test_date_in_the_future_with_no_sane_fallback_is_a_record_error(tmp_path: Path) -> None:
    spam = message(1).replace("Date: Tue, 08 Aug 2023 12:36:28 GMT\n", FUTURE)
    spam = spam.replace("Tue Aug 08 12:36:29 +0000 2023", "Fri Jan 01 00:00:00 +0000 2100")
    (err,) = read(write_mbox(tmp_path, spam), OWNER)
    assert err == RecordError(
        "message 1 (line 1)",
        "date in the future: Fri, 01 Jan 2099 00:00:00 +0000"
        " (and no earlier From_ line or Received date)",
    )


def test_message_without_headers_is_a_record_error_with_line(tmp_path: Path) -> None:
    path = write_mbox(
        tmp_path,
        message(1),
        "From x@example.org Tue Aug 08 12:36:29 +0000 2023\n\njust text\n",
        message(3),
    )
    records = read(path, OWNER)
    assert [type(r).__name__ for r in records] == [
        "InteractionRecord",
        "RecordError",
        "InteractionRecord",
    ]
    assert records[1] == RecordError("message 2 (line 10)", "no header lines")


# --- detection and bad files ------------------------------------------------------


def test_random_bytes_with_mbox_extension_is_claimed_then_rejected() -> None:
    path = EM / "random_bytes.mbox"
    with ExportTree(path) as tree:
        assert detect_importer(tree, path).name == "mbox"
        with pytest.raises(ImportFileError, match="not an mbox: line 1 is not a 'From ' separator"):
            list(MboxImporter().read(tree, ImportContext()))


def test_text_starting_with_from_is_not_an_mbox(tmp_path: Path) -> None:
    # `--format mbox memo.txt` read "From the desk of…" as one message with an error.
    path = tmp_path / "memo.txt"
    path.write_text("From the desk of Jane Roe\n\nDear all,\nNote: bring snacks\n")
    with pytest.raises(ImportFileError, match="not an mbox: the first line is no From_ envelope"):
        read(path)


@pytest.mark.parametrize(
    "first",
    [
        "From MAILER-DAEMON Fri Jul  8 12:08:34 2011",
        "From - Sat Jan 01 00:00:00 2000",  # Thunderbird
        "From jane@example.org",  # no date, but headers follow
    ],
)
def test_unusual_envelope_lines_still_open_an_mbox(tmp_path: Path, first: str) -> None:
    body = message(1).split("\n", 1)[1]
    (rec,) = interactions(read(write_mbox(tmp_path, f"{first}\n{body}"), OWNER))
    assert rec.source_key == "email:m1@example.org"


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        (DATA / "x_archive" / "archive", r"no \.mbox files in this folder or archive$"),
        (EM / "eml_folder", r"no \.mbox files .*\(it holds \.eml files: use --format eml\)"),
    ],
    ids=["x archive", "eml folder"],
)
def test_forced_on_a_folder_without_mbox_files_is_refused(path: Path, reason: str) -> None:
    # --format mbox on such a folder used to succeed with 0 records read.
    with pytest.raises(ImportFileError, match=reason) as info:
        read(path)
    assert str(path) in str(info.value)


def test_forced_on_an_empty_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match=r"no \.mbox files"):
        read(tmp_path)


def test_an_empty_mbox_is_an_empty_mailbox(tmp_path: Path) -> None:
    (tmp_path / "Inbox.mbox").write_bytes(b"")
    assert read(tmp_path / "Inbox.mbox") == []
    assert read(tmp_path) == []


# --- a folder of .mbox and .eml files -------------------------------------------------


def test_folder_of_mbox_and_eml_files_reads_both_with_their_own_keys(tmp_path: Path) -> None:
    shutil.copy(EM / "takeout_small.mbox", tmp_path / "takeout_small.mbox")
    (tmp_path / "saved").mkdir()
    shutil.copy(EM / "eml_folder" / "a.eml", tmp_path / "saved" / "a.eml")
    with ExportTree(tmp_path) as tree:
        assert detect_importer(tree, tmp_path).name == "mbox"  # and eml steps aside
    mixed = read(tmp_path, OWNER)
    alone = read(EM / "takeout_small.mbox", OWNER)
    with ExportTree(EM / "eml_folder" / "a.eml") as tree:
        eml_alone = list(EmlImporter().read(tree, OWNER))
    # The .eml files used to be dropped without a word.
    assert [r.source_key for r in interactions(mixed)] == [
        r.source_key for r in interactions(alone + eml_alone)
    ]
    assert interactions(mixed)[-1].location == "saved/a.eml"


def test_an_eml_file_beside_a_mailbox_helps_infer_the_owner(tmp_path: Path) -> None:
    (tmp_path / "empty.mbox").write_bytes(b"")
    shutil.copy(EM / "encodings.eml", tmp_path / "encodings.eml")
    owner, rec = read(tmp_path)
    assert owner == OwnerRecord([IdentityRef("email", "sam.owner@gmail.com")])  # Delivered-To
    assert isinstance(rec, InteractionRecord) and rec.source_key == "email:enc-0001@example.org"


# --- Takeout chats and contacts ----------------------------------------------------


def test_takeout_chat_lines_are_messages_threaded_by_thrid() -> None:
    records = read(EM / "takeout_chat.mbox", OWNER)
    chats = [r for r in interactions(records) if r.kind == "message"]
    priya = [IdentityRef("email", "priya.nair@example.org", "Priya Nair")]
    # The owner's first line waited for Priya's reply to learn whom it was to.
    assert [(r.direction, r.text) for r in chats] == [
        ("in", "yes!"),
        ("out", "are you coming tonight?"),
        ("in", "yes!"),
        ("out", "great, see you at 8"),
    ]
    assert all(r.counterparts == priya and r.platform == "email" for r in chats)
    assert {r.thread for r in chats} == {"gmail:1520374143434640317"}
    assert chats[1].occurred_at == datetime(2018, 1, 15, 18, 2, 11, tzinfo=UTC)  # From_ line
    # No Message-ID, Date or Subject: two identical lines still get two keys.
    assert len({r.source_key for r in chats}) == 4
    assert all(r.source_key.startswith("email:sha1:") for r in chats)
    (mail,) = [r for r in interactions(records) if r.kind == "email"]
    assert mail.source_key == "email:not-a-chat@example.org"
    assert records[-1] == Skipped("message 5", "chat line of yours; nobody else in its chat")


def test_golden_takeout_chat() -> None:
    """Chat lines (owner inferred from the one email's Delivered-To), then the leftover."""
    check_golden("mbox", EM / "takeout_chat.mbox")


def test_chat_keys_are_stable_across_imports() -> None:
    def keys() -> list[str]:
        return [r.source_key for r in interactions(read(EM / "takeout_chat.mbox", OWNER))]

    assert keys() == keys()


def test_takeout_with_mail_and_contacts_reads_the_cards_too() -> None:
    folder = EM / "takeout_mail_contacts"
    with ExportTree(folder) as tree:
        assert detect_importer(tree, folder).name == "mbox"
    records = read(folder, OWNER)
    (mail,) = interactions(records)
    assert mail.source_key == "email:contacts-mail-1@example.org"
    contacts = [r for r in records if isinstance(r, ContactRecord)]
    assert [c.name for c in contacts] == ["Jane Roe", "Omar Haddad", "Lena Vogel"]
    assert ("linkedin", "jane-roe-example") in {
        (i.platform, i.handle) for i in contacts[0].identities
    }
    # The same keys as `warmly import <file> --format vcard`.
    all_contacts = folder / "Takeout" / "Contacts" / "All Contacts" / "All Contacts.vcf"
    with ExportTree(all_contacts) as tree:
        alone = list(VCardImporter().read(tree, OWNER))
    assert [c.source_key for c in contacts] == [
        r.source_key for r in alone if isinstance(r, ContactRecord)
    ]
    # "My Contacts" repeats two cards of "All Contacts".
    skipped = [r for r in records if isinstance(r, Skipped)]
    assert [r.reason.split(" (")[0] for r in skipped] == [
        "duplicate of Takeout/Contacts/All Contacts/All Contacts.vcf: card 1",
        "duplicate of Takeout/Contacts/All Contacts/All Contacts.vcf: card 2",
    ]


def test_contacts_in_a_takeout_zip_bad_vcf_and_macos_metadata(tmp_path: Path) -> None:
    zpath = tmp_path / "takeout-20240101T000000Z-001.zip"
    card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Aiko Tanaka\r\nEMAIL:aiko@example.org\r\nEND:VCARD\r\n"
    with zipfile.ZipFile(zpath, "w") as z:
        z.writestr("Takeout/Mail/Inbox.mbox", message(1))
        z.writestr("Takeout/Contacts/Broken/Broken.vcf", "not a card")
        z.writestr("Takeout/Contacts/Friends/Friends.vcf", card + "BEGIN:VCARD\r\nFN:Cut\r\n")
        z.writestr("__MACOSX/Takeout/Contacts/Friends/._Friends.vcf", b"\x00\x05\x16\x07")
    with ExportTree(zpath) as tree:
        records = list(MboxImporter().read(tree, OWNER))
    assert [type(r).__name__ for r in records] == [
        "InteractionRecord",
        "RecordError",
        "ContactRecord",
        "RecordError",
    ]
    assert records[1] == RecordError(
        "Takeout/Contacts/Broken/Broken.vcf", "no BEGIN:VCARD line: this is not a vCard file"
    )
    assert isinstance(records[3], RecordError) and "END:VCARD missing" in records[3].reason


@pytest.mark.parametrize(
    ("name", "content", "claimed"),
    [
        ("archive", message(1), True),  # no extension: content decides
        ("mail.txt", message(1), True),
        ("contacts.csv", "First Name,Last Name,Email\nJane,Roe,j@example.org\n", False),
        ("card.vcf", "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jane Roe\r\nEND:VCARD\r\n", False),
        ("data.json", '{"From ": 1}', False),
        ("tweets.js", "window.YTD.tweets.part0 = []", False),
        ("note.eml", message(1), False),  # .eml with an envelope line is eml's
    ],
)
def test_detect(tmp_path: Path, name: str, content: str, claimed: bool) -> None:
    path = tmp_path / name
    path.write_text(content)
    with ExportTree(path) as tree:
        assert MboxImporter().detect(tree) is claimed


# --- real samples -------------------------------------------------------------------


def test_every_real_sample_reads_without_exceptions(samples: Path) -> None:
    files = sorted((samples / "email").glob("*.mbox")) + sorted((samples / "email").glob("*.eml"))
    assert files
    for path in files:
        importer = MboxImporter() if path.suffix == ".mbox" else EmlImporter()
        with ExportTree(path) as tree:
            assert detect_importer(tree, path).name == importer.name
            records = list(importer.read(tree, ImportContext()))
        assert records, path.name
        assert not [r for r in records if isinstance(r, RecordError)], path.name


def test_real_list_archive_is_all_skipped_as_list_mail(samples: Path) -> None:
    records = read(samples / "email" / "ponymail_httpd-users-200606-part.mbox")
    assert len(records) == 12
    assert records[11] == Skipped("message 12", "mailing list (List-Id: <users.httpd.apache.org>)")


def test_real_duplicate_archives_yield_the_same_source_keys(samples: Path) -> None:
    ctx = ImportContext(options={"include_bulk": True})  # they are list mail
    a = read(samples / "email" / "ponymail_maven_duplicates_2017_listsao_1.mbox", ctx)
    b = read(samples / "email" / "ponymail_maven_duplicates_2017_mboxvm.mbox", ctx)
    keys_a = {r.source_key for r in interactions(a)}
    assert len(keys_a) == 10
    assert keys_a == {r.source_key for r in interactions(b)}
