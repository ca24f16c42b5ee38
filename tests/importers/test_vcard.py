"""vCard importer: golden fixtures per writer, one quirk per case, errors, detection, samples."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.importers.golden import DATA, check_golden
from warmly.errors import ImportFileError
from warmly.identity.keys import email_key
from warmly.importers import detect_importer, get_importer
from warmly.importers.base import ImportContext
from warmly.importers.records import ContactRecord, Record, RecordError, Skipped
from warmly.importers.source import ExportTree
from warmly.importers.vcard import VCardImporter, card_to_record
from warmly.importers.vcard_syntax import split_cards
from warmly.ledger.pipeline import import_path

VC = DATA / "vcard"


def read(path: Path, ctx: ImportContext | None = None) -> list[Record]:
    with ExportTree(path) as tree:
        return list(VCardImporter().read(tree, ctx or ImportContext()))


def contacts(records: list[Record]) -> list[ContactRecord]:
    return [r for r in records if isinstance(r, ContactRecord)]


def one_card(tmp_path: Path, body: str, version: str = "3.0", region: str = "US") -> ContactRecord:
    """Read a single card whose content lines are ``body``."""
    path = tmp_path / "card.vcf"
    lines = ["BEGIN:VCARD", f"VERSION:{version}", *body.strip("\n").split("\n"), "END:VCARD"]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))
    (record,) = read(path, ImportContext(default_region=region))
    assert isinstance(record, ContactRecord), record
    return record


def handles(record: ContactRecord) -> list[tuple[str, str | None]]:
    return [(i.platform, i.handle) for i in record.identities]


def test_registered() -> None:
    imp = get_importer("vcard")
    assert isinstance(imp, VCardImporter)
    assert imp.name == "vcard" and imp.description


# --- golden files: one per writer (expected JSON checked by hand) --------------------------


@pytest.mark.parametrize(
    ("sample", "region"),
    [
        ("android_21.vcf", "ES"),  # 2.1, QP soft breaks, CHARSET, bare types, base64 photo
        ("ios_30.vcf", "NO"),  # lower-case type=, item groups, Apple labels, social profiles
        ("google_30.vcf", "US"),  # http\://, NOTE escapes and folding, duplicate card
        ("mixed_versions.vcf", "US"),  # 2.1 + 3.0 + 4.0 in one file, N without FN, skips
        ("mixed_charsets.vcf", "US"),  # UTF-8, ISO-8859-1 and unlabelled cp1252 cards in one file
        ("icloud_groups.vcf", "GB"),  # Apple group and company cards, a 4.0 KIND:group
    ],
)
def test_golden(sample: str, region: str) -> None:
    check_golden("vcard", VC / sample, ImportContext(default_region=region))


# --- fixtures: what each writer's quirks must produce --------------------------------------


def test_android_quoted_printable_soft_breaks() -> None:
    first, email_only, zofia, empty = read(
        VC / "android_21.vcf", ImportContext(default_region="ES")
    )
    assert isinstance(first, ContactRecord)
    assert first.name == "Ñuño Peñalver de la Fuente y Olmedo"
    assert (first.first_name, first.last_name) == ("Ñuño", "Peñalver")
    # The ORG soft break is followed by a blank line, as Android writes it.
    assert first.organisation == "Panadería Peñalver e Hijos S.L."
    assert first.note == "Le conocí en la feria de Valencia; le gusta el café.\nSegunda línea"
    assert handles(first) == [
        ("phone", "+34612345678"),
        ("phone", "+34912345678"),
        ("email", "nuno.penalver@example.es"),
        ("web", "panaderia-penalver.example"),
    ]
    assert isinstance(email_only, ContactRecord) and email_only.name is None
    assert isinstance(zofia, ContactRecord)
    assert zofia.tags == ["My Contacts", "Familia"]
    assert handles(zofia) == [("phone", "+34612345679")]  # "not a number" is dropped
    assert isinstance(empty, Skipped) and empty.location == "card 4 (line 37)"


def test_outlook_21() -> None:
    (gwen,) = read(VC / "outlook_21.vcf", ImportContext(default_region="US"))
    assert isinstance(gwen, ContactRecord)
    assert gwen.name == "Ms. Gwendolyn Ann Featherstonehaugh"
    assert (gwen.first_name, gwen.last_name) == ("Gwendolyn", "Featherstonehaugh")
    assert (gwen.organisation, gwen.title) == ("Brightwater Mills", "Purchasing Lead")
    assert gwen.birthday == date(1979, 9, 30)
    # 2.1 has no backslash escapes: a Windows path survives.
    assert gwen.note == (
        "Prefers calls after 10am.\nFiles live in C:\\Shared\\Brightwater\nBirthday card list: yes"
    )
    assert handles(gwen) == [
        ("phone", "+16175550187"),
        ("phone", "+16175550112"),
        ("phone", "+16175550190"),
        # URL;WORK and URL;HOME are her employer's front page (her address's
        # domain): colleagues share it, so it is no identity of hers.
        ("email", "gwen.f@brightwater-mills.example"),
    ]


def test_rfc6350_40_lf_only() -> None:
    assert b"\r" not in (VC / "rfc6350_40.vcf").read_bytes()
    (rec,) = read(VC / "rfc6350_40.vcf")
    assert isinstance(rec, ContactRecord)
    assert rec.source_key == "vcard:urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1"
    assert rec.name == "Aurélie Tremblay-Nakamura"
    assert rec.birthday == date(1604, 2, 3)  # --0203: no year
    assert rec.organisation == "Laboratoire Boréal"
    assert rec.tags == ["colleague", "conference"]
    assert handles(rec) == [
        ("phone", "+14185550142"),
        ("phone", "+14185550199"),
        ("email", "aurelie.tn@boreal.example"),
        ("mastodon", "aurelie@mastodon.example"),
        ("bluesky", "aurelie.example"),
        ("web", "aurelie.example"),
    ]


def test_lf_only_with_tab_folding() -> None:
    (rec,) = read(VC / "lf_only.vcf")
    assert isinstance(rec, ContactRecord)
    assert rec.note == "Folded with a tab: this note continues on the next line without any gap."


def test_truncated_last_card_is_an_error_and_the_rest_imports() -> None:
    records = read(VC / "truncated.vcf")
    assert [r.name for r in contacts(records)] == ["Rafael Quintero", "Selma Haddad"]
    assert records[-1] == RecordError("card 3 (line 11)", "card not closed: END:VCARD missing")


def test_duplicate_card_is_skipped() -> None:
    records = read(VC / "google_30.vcf")
    assert isinstance(records[2], Skipped)
    assert records[2].reason == "duplicate of card 2 (line 23)"


# --- one quirk per case --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("version", "body", "expected"),
    [
        ("2.1", "FN:A\nTEL;CELL;PREF:(202) 555-0143", [("phone", "+12025550143")]),
        ("2.1", "FN:A\nEMAIL;PREF;INTERNET:A@Example.COM", [("email", "a@example.com")]),
        (
            "4.0",
            'FN:A\nTEL;VALUE=uri;TYPE="work,voice";PREF=1:tel:+1-418-555-0142;ext=102',
            [("phone", "+14185550142")],
        ),
        ("3.0", "FN:A\nURL:http\\://www.example.org/a", [("web", "example.org/a")]),
        (
            "3.0",
            "FN:A\nitem1.URL:https\\://www.linkedin.com/in/Zo%C3%AB-Brandt/\n"
            "item1.X-ABLabel:_$!<HomePage>!$_",
            [("linkedin", "zoë-brandt")],
        ),
        (
            "3.0",
            "FN:A\nitem2.URL:jo.bsky.social\nitem2.X-ABLabel:Bluesky",
            [("bluesky", "jo.bsky.social")],
        ),
        (
            "3.0",
            "FN:A\nitem2.URL:jo.example.net\nitem2.X-ABLabel:Blog",
            [("web", "jo.example.net")],
        ),
        ("3.0", "FN:A\nX-TWITTER:@JoDoe", [("x", "jodoe")]),
        ("3.0", "FN:A\nX-TWITTER:https://twitter.com/JoDoe", [("x", "jodoe")]),
        (
            "3.0",
            "FN:A\nX-SOCIALPROFILE;type=twitter;x-user=JoDoe:x-apple:JoDoe",
            [("x", "jodoe")],
        ),
        (
            "3.0",
            "FN:A\nX-SOCIALPROFILE;type=mastodon;x-user=@jo@social.example:"
            "https://social.example/@jo",
            [("mastodon", "jo@social.example")],
        ),
        (
            "3.0",
            "FN:A\nX-SOCIALPROFILE;type=facebook:https://facebook.example/jo",
            [("web", "facebook.example/jo")],
        ),
        ("3.0", "FN:A\nIMPP;X-SERVICE-TYPE=Twitter:x-apple:JoDoe", [("x", "jodoe")]),
        ("3.0", "FN:A\nIMPP;X-SERVICE-TYPE=Skype:skype:jo.doe", []),
        ("4.0", "FN:A\nIMPP:xmpp:jo@chat.example", []),
        ("4.0", "FN:A\nSOCIALPROFILE;SERVICE-TYPE=X:https://x.com/JoDoe", [("x", "jodoe")]),
        ("3.0", "FN:A\nEMAIL:not-an-address\nTEL:12", []),
    ],
)
def test_identities(
    tmp_path: Path, version: str, body: str, expected: list[tuple[str, str]]
) -> None:
    assert handles(one_card(tmp_path, body, version)) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1980-03-22", date(1980, 3, 22)),
        ("19800322", date(1980, 3, 22)),
        ("1953-10-15T23:10:00Z", date(1953, 10, 15)),
        ("--0203", date(1604, 2, 3)),
        ("--02-29", date(1604, 2, 29)),  # 1604 is a leap year
        ("0000-05-01", date(1604, 5, 1)),
        ("1980-02-30", None),
        ("circa 1800", None),
        ("---03", None),
    ],
)
def test_birthday(tmp_path: Path, value: str, expected: date | None) -> None:
    assert one_card(tmp_path, f"FN:A\nBDAY:{value}").birthday == expected


@pytest.mark.parametrize(
    ("version", "body", "field", "expected"),
    [
        ("3.0", "FN:Jo\\, Esq.", "name", "Jo, Esq."),
        ("3.0", "N:Doe;John;Richter\\, James;Mr.;Sr.", "name", "Mr. John Richter, James Doe Sr."),
        ("3.0", "N:Doe;John;Richter,James;;", "name", "John Richter James Doe"),
        ("2.1", "N;LANGUAGE=en-us:Doe;John;;;", "first_name", "John"),
        ("3.0", "FN:A\nORG:Castell Labs\\, Inc.;R&D", "organisation", "Castell Labs, Inc."),
        ("3.0", "FN:A\nTITLE:Chief \\; Cook", "title", "Chief ; Cook"),
        ("3.0", 'FN:A\nNOTE:a\\nb\\, c\\; d\\\\e \\"q\\"', "note", 'a\nb, c; d\\e "q"'),
        ("3.0", "FN:A\nNOTE:one\nNOTE:two", "note", "one\n\ntwo"),
        ("3.0", "FN:A\nCATEGORIES:Work,Friends\\, old,Work", "tags", ["Work", "Friends, old"]),
        (
            "2.1",
            "FN:A\nNOTE;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:caf=E9",
            "note",
            "café",
        ),
        ("2.1", "FN;QUOTED-PRINTABLE:J=C3=B6rg", "name", "Jörg"),  # bare encoding param
        # Outlook writes QP in its code page without CHARSET: not UTF-8, so cp1252.
        ("2.1", "FN;ENCODING=QUOTED-PRINTABLE:J=FCrgen M=\n=FCller", "name", "Jürgen Müller"),
        ("2.1", "FN;CHARSET=X-NONE;ENCODING=QUOTED-PRINTABLE:J=FCrgen", "name", "Jürgen"),
        ("2.1", "FN;ENCODING=QUOTED-PRINTABLE:J=\n =C3=B6rg", "name", "Jörg"),  # indented
        ("3.0", "fn:lower case names", "name", "lower case names"),
        ("3.0", "item9.FN:Grouped Name", "name", "Grouped Name"),
        (
            "3.0",
            "FN:A\nPHOTO;ENCODING=b;TYPE=JPEG:AAAA\n BBBB\nTITLE:After photo",
            "title",
            "After photo",
        ),
    ],
)
def test_fields(tmp_path: Path, version: str, body: str, field: str, expected: object) -> None:
    assert getattr(one_card(tmp_path, body, version), field) == expected


@pytest.mark.parametrize("eol", ["\r\n", "\n", "\r\r\n", "\r"])
def test_line_endings(tmp_path: Path, eol: str) -> None:
    lines = ["BEGIN:VCARD", "VERSION:3.0", "FN:Line Ending", "NOTE:fol", " ded", "END:VCARD"]
    path = tmp_path / "eol.vcf"
    path.write_bytes(eol.join(lines).encode())
    (rec,) = read(path)
    assert isinstance(rec, ContactRecord)
    assert (rec.name, rec.note) == ("Line Ending", "folded")


# --- card boundaries, errors ---------------------------------------------------------------


def test_begin_inside_open_card(tmp_path: Path) -> None:
    path = tmp_path / "x.vcf"
    path.write_text("BEGIN:VCARD\nFN:Lost\nBEGIN:VCARD\nFN:Found\nEND:VCARD\n")
    lost, found = read(path)
    assert lost == RecordError("card 1 (line 1)", "card not closed: END:VCARD missing")
    assert isinstance(found, ContactRecord) and found.name == "Found"


def test_agent_card_is_not_a_contact(tmp_path: Path) -> None:
    path = tmp_path / "agent.vcf"
    path.write_text(
        "BEGIN:VCARD\nVERSION:2.1\nFN:Boss\nAGENT:\nBEGIN:VCARD\nVERSION:2.1\nFN:Assistant\n"
        "END:VCARD\nEMAIL:boss@example.com\nEND:VCARD\n"
    )
    (rec,) = read(path)
    assert isinstance(rec, ContactRecord)
    assert rec.name == "Boss" and handles(rec) == [("email", "boss@example.com")]


@pytest.mark.parametrize("content", ["", "FN:No card here\n", "name,email\nA,a@example.com\n"])
def test_no_card_at_all_is_a_file_error(tmp_path: Path, content: str) -> None:
    path = tmp_path / "empty.vcf"
    path.write_text(content)
    with pytest.raises(ImportFileError, match="no BEGIN:VCARD"):
        read(path)


def test_non_utf8_file_reads_as_cp1252(tmp_path: Path) -> None:
    path = tmp_path / "win.vcf"
    path.write_bytes(
        "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Zoë Brandt\r\nEND:VCARD\r\n".encode("cp1252")
    )
    (rec,) = read(path)
    assert isinstance(rec, ContactRecord) and rec.name == "Zoë Brandt"


# --- charsets: decided per value, never once per file --------------------------------------


def test_charset_param_per_card(tmp_path: Path) -> None:
    path = tmp_path / "phone.vcf"
    path.write_bytes(
        b"BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8:M\xc3\xbcller;J\xc3\xbcrgen\r\nEND:VCARD\r\n"
        b"BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=ISO-8859-1:Gr\xfcn;Eva\r\nEND:VCARD\r\n"
    )
    assert [r.name for r in contacts(read(path))] == ["Jürgen Müller", "Eva Grün"]


def test_unlabelled_cp1252_card_beside_utf8_cards(tmp_path: Path) -> None:
    # One card in the local code page used to turn every UTF-8 card into "JÃ¼rgen".
    path = tmp_path / "merged.vcf"
    path.write_bytes(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Jürgen Weiß\nEND:VCARD\n".encode()
        + "BEGIN:VCARD\nVERSION:3.0\nFN:Chloé Fèvre\nNOTE:“café”\nEND:VCARD\n".encode("cp1252")
        + "BEGIN:VCARD\nVERSION:3.0\nFN:Søren Ålund\nEND:VCARD\n".encode()
    )
    jurgen, chloe, soren = contacts(read(path))
    assert (jurgen.name, chloe.name, soren.name) == ("Jürgen Weiß", "Chloé Fèvre", "Søren Ålund")
    assert chloe.note == "“café”"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (b"FN;CHARSET=ISO-8859-1:Ren\xe9e Aubert", "Renée Aubert"),
        (b"FN;CHARSET=windows-1252:Ren\xe9e \x96 Aubert", "Renée – Aubert"),
        # Writers saying Latin-1 mean cp1252 (as browsers read it): 0x80 is the euro sign.
        (b"FN;CHARSET=ISO-8859-1:\x80 Ren\xe9e", "€ Renée"),
        ("FN;CHARSET=KOI8-R:Пётр Иванов".encode("koi8-r"), "Пётр Иванов"),
        (b"FN;CHARSET=X-NONE:Ren\xe9e", "Renée"),  # Outlook's "no charset": guessed
        (b"FN;CHARSET=hex:Ren\xe9e", "Renée"),  # a codec, but not for text: guessed
        (b"FN;CHARSET=nonsense:Ren\xc3\xa9e", "Renée"),
        # A declared charset is kept for a stray byte: one U+FFFD, not cp1252 mojibake.
        (b"FN;CHARSET=UTF-8:Ren\xc3\xa9e \x80", "Renée \ufffd"),
        (b"FN;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:Ren=E9e", "Renée"),
        (b"FN;ENCODING=QUOTED-PRINTABLE:Ren=C3=A9e", "Renée"),
    ],
)
def test_value_charset(tmp_path: Path, line: bytes, expected: str) -> None:
    path = tmp_path / "card.vcf"
    path.write_bytes(b"BEGIN:VCARD\r\nVERSION:2.1\r\n" + line + b"\r\nEND:VCARD\r\n")
    (rec,) = read(path)
    assert isinstance(rec, ContactRecord) and rec.name == expected


def test_utf16_file_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "utf16.vcf"
    text = "BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=ISO-8859-1:Grün;Eva\r\nEND:VCARD\r\n"
    path.write_bytes(text.encode("utf-16"))  # already text: its CHARSET means nothing
    (rec,) = read(path)
    assert isinstance(rec, ContactRecord) and rec.name == "Eva Grün"


# --- cards that are not people -------------------------------------------------------------

_GROUP = "a group card, not a person"
_ORG = "an organisation card with no email, phone or profile"


@pytest.mark.parametrize(
    ("version", "body", "skipped"),
    [
        ("4.0", "KIND:group\nFN:Book club\nMEMBER:urn:uuid:1234", _GROUP),
        ("4.0", "KIND:Group\nFN:Book club\nEMAIL:book-club@lists.example.org", _GROUP),
        ("3.0", "FN:Book club\nX-ADDRESSBOOKSERVER-KIND:group", _GROUP),
        ("3.0", "FN:Choir\nX-EVOLUTION-LIST:TRUE\nEMAIL:ines.roca@example.org", _GROUP),
        ("4.0", "KIND:org\nFN:Old Mill Pottery\nORG:Old Mill Pottery", _ORG),
        ("3.0", "FN:Old Mill Pottery\nX-ABShowAs:COMPANY", _ORG),
        ("4.0", "KIND:location\nFN:Head office", "a location card with no email, phone or profile"),
        # An organisation to write to is a contact: mail from it links to this card.
        ("4.0", "KIND:org\nFN:Harbour Lane Dental\nTEL:+44 20 7946 0321", None),
        ("3.0", "FN:Harbour Lane Dental\nX-ABShowAs:COMPANY\nEMAIL:desk@harbour.example", None),
        ("4.0", "KIND:individual\nFN:Ines Roca", None),
        ("4.0", "KIND:x-unheard-of\nFN:Ines Roca", None),  # unknown kinds: a person
        ("3.0", "FN:Ines Roca\nX-EVOLUTION-LIST:FALSE", None),
    ],
)
def test_card_kinds(tmp_path: Path, version: str, body: str, skipped: str | None) -> None:
    path = tmp_path / "kinds.vcf"
    path.write_text(f"BEGIN:VCARD\nVERSION:{version}\n{body}\nEND:VCARD\n", encoding="utf-8")
    (rec,) = read(path, ImportContext(default_region="GB"))
    if skipped is None:
        assert isinstance(rec, ContactRecord), rec
    else:
        assert rec == Skipped("card 1 (line 1)", skipped)


def test_card_to_record_skips_a_group_for_other_importers() -> None:
    # The mbox importer reads a Takeout's .vcf files through card_to_record.
    (card,) = split_cards("BEGIN:VCARD\nVERSION:4.0\nKIND:group\nFN:Book club\nEND:VCARD\n")
    assert card_to_record(card, ImportContext(), "card 1") == Skipped("card 1", _GROUP)


# --- source keys ---------------------------------------------------------------------------


def _key(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_bytes(text.encode())
    (rec,) = read(path)
    assert isinstance(rec, ContactRecord)
    return rec.source_key


def test_source_key_ignores_layout_and_export_noise(tmp_path: Path) -> None:
    a = _key(
        tmp_path,
        "a.vcf",
        "BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:one\r\nFN:Kim Park\r\nEMAIL:kim@example.com\r\n"
        "REV:2020-01-01\r\nEND:VCARD\r\n",
    )
    b = _key(
        tmp_path,
        "b.vcf",
        "BEGIN:VCARD\nVERSION:3.0\nEMAIL;TYPE=HOME:kim@exa\n mple.com\nFN:Kim Park\n"
        "REV:2024-05-05\nEND:VCARD\n",
    )
    c = _key(tmp_path, "c.vcf", "BEGIN:VCARD\nFN:Kim Park\nEMAIL:kim@example.org\nEND:VCARD\n")
    assert a == b != c
    assert a.startswith("vcard:") and len(a) == len("vcard:") + 40


def test_source_key_is_uid_when_present(tmp_path: Path) -> None:
    key = _key(tmp_path, "u.vcf", "BEGIN:VCARD\nUID:abc-123\nFN:Kim\nEND:VCARD\n")
    assert key == "vcard:abc-123"


def test_same_card_in_two_files_has_same_key(tmp_path: Path) -> None:
    text = (VC / "mixed_versions.vcf").read_bytes()
    (tmp_path / "again.vcf").write_bytes(text.replace(b"\r\n", b"\n"))
    keys_a = [r.source_key for r in contacts(read(VC / "mixed_versions.vcf"))]
    keys_b = [r.source_key for r in contacts(read(tmp_path / "again.vcf"))]
    assert keys_a == keys_b and len(set(keys_a)) == 3


# --- detection and trees -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("contacts.vcf", "anything", True),
        ("Contacts.VCARD", "", True),
        ("export.txt", "\n\nbegin:vcard\nFN:A\nEND:VCARD\n", True),
        ("export.txt", "\ufeffBEGIN:VCARD\r\n", True),
        ("export.txt", "Hello\nBEGIN:VCARD\n", False),
        ("contacts.csv", "Name,Email\n", False),
    ],
)
def test_detect_file(tmp_path: Path, name: str, content: str, expected: bool) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with ExportTree(path) as tree:
        assert VCardImporter().detect(tree) is expected


def test_folder_of_vcards(tmp_path: Path) -> None:
    folder = tmp_path / "cards"
    folder.mkdir()
    (folder / "a.vcf").write_text("BEGIN:VCARD\nFN:Ann\nEND:VCARD\n")
    (folder / "b.vcf").write_text("BEGIN:VCARD\nFN:Bob\nEND:VCARD\nBEGIN:VCARD\nFN:Cy\n")
    (folder / ".DS_Store").write_bytes(b"\0\1")
    with ExportTree(folder) as tree:
        assert VCardImporter().detect(tree)
    records = read(folder)
    assert [r.name for r in contacts(records)] == ["Ann", "Bob"]
    assert records[-1] == RecordError(
        "b.vcf: card 2 (line 4)", "card not closed: END:VCARD missing"
    )
    (folder / "notes.txt").write_text("hi")
    with ExportTree(folder) as tree:
        assert not VCardImporter().detect(tree)


def test_zip_of_vcards(tmp_path: Path) -> None:
    path = tmp_path / "cards.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.write(VC / "ios_30.vcf", "ios_30.vcf")
        zf.write(VC / "lf_only.vcf", "sub/lf_only.vcf")
    with ExportTree(path) as tree:
        assert VCardImporter().detect(tree)
    assert len(contacts(read(path))) == 2


TAKEOUT_PAGE = "<!DOCTYPE html><html><body>Archive browser</body></html>\n"
TAKEOUT_CARD = "BEGIN:VCARD\nVERSION:3.0\nFN:Ines Roca\nEMAIL:ines.roca@example.org\nEND:VCARD\n"
TAKEOUT = {
    "Takeout/archive_browser.html": TAKEOUT_PAGE,
    "Takeout/Contacts/All Contacts/All Contacts.vcf": TAKEOUT_CARD
    + "BEGIN:VCARD\nVERSION:3.0\nFN:Tomasz Wróbel\nEND:VCARD\n",
    "Takeout/Contacts/Climbing/Climbing.vcf": TAKEOUT_CARD,  # a label repeats its cards
}


def _export(tmp_path: Path, members: dict[str, str], as_zip: bool) -> Path:
    if as_zip:
        path = tmp_path / "takeout-20240402T091500Z-001.zip"
        with zipfile.ZipFile(path, "w") as zf:
            for name, text in members.items():
                zf.writestr(name, text)
        return path
    for name, text in members.items():
        (tmp_path / "export" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "export" / name).write_text(text, encoding="utf-8")
    return tmp_path / "export"


@pytest.mark.parametrize("as_zip", [False, True], ids=["folder", "zip"])
def test_google_takeout_of_contacts(tmp_path: Path, as_zip: bool) -> None:
    path = _export(tmp_path, TAKEOUT, as_zip)
    with ExportTree(path) as tree:
        assert detect_importer(tree, path).name == "vcard"
    records = read(path)
    assert [r.name for r in contacts(records)] == ["Ines Roca", "Tomasz Wróbel"]
    assert isinstance(records[-1], Skipped) and records[-1].reason.startswith("duplicate of")


@pytest.mark.parametrize(
    "extra",
    [
        # Mail and Contacts in one Takeout: the mbox importer's, which reads the .vcf too.
        {"Takeout/Mail/All mail Including Spam and Trash.mbox": "From x@y Mon Jan  1 2024\n"},
        {"Takeout/Contacts/notes.html": TAKEOUT_PAGE},  # not an index page: someone's data
        {"Takeout/Contacts/All Contacts/All Contacts.csv": "Name,E-mail 1 - Value\n"},
    ],
    ids=["mbox", "other-html", "csv"],
)
def test_takeout_with_other_data_is_not_claimed(tmp_path: Path, extra: dict[str, str]) -> None:
    with ExportTree(_export(tmp_path, TAKEOUT | extra, as_zip=True)) as tree:
        assert not VCardImporter().detect(tree)


def test_takeout_of_mail_and_contacts_goes_to_mbox(tmp_path: Path) -> None:
    mail = {
        "Takeout/Mail/Inbox.mbox": "From 1@xxx Tue Aug 08 12:36:29 +0000 2023\nSubject: x\n\nhi\n"
    }
    path = _export(tmp_path, TAKEOUT | mail, as_zip=True)
    with ExportTree(path) as tree:
        assert detect_importer(tree, path).name == "mbox"


def test_index_page_alone_is_not_claimed(tmp_path: Path) -> None:
    path = _export(tmp_path, {"Takeout/archive_browser.html": TAKEOUT_PAGE}, as_zip=False)
    with ExportTree(path) as tree:
        assert not VCardImporter().detect(tree)


def test_folder_without_vcards_is_a_file_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x")
    with pytest.raises(ImportFileError, match=r"no \.vcf"):
        read(tmp_path)


# --- real exports --------------------------------------------------------------------------


def test_real_samples(samples: Path) -> None:
    files = sorted((samples / "vcard").glob("*.vcf"))
    assert files
    for path in files:
        with ExportTree(path) as tree:
            assert VCardImporter().detect(tree), path.name
        records = read(path, ImportContext(default_region="US"))
        assert not [r for r in records if isinstance(r, RecordError)], path.name
        assert any(r.name for r in contacts(records)), path.name


# --- property: what a writer escapes and folds, the reader gets back -----------------------

_TEXT = st.characters(blacklist_categories=("Cs", "Cc"))
_NAMES = st.text(_TEXT, min_size=1, max_size=60).filter(lambda s: s.strip() != "")
_NOTES = st.text(st.one_of(_TEXT, st.sampled_from("\n,;:\\")), max_size=200)
_EMAILS = st.from_regex(
    r"[A-Za-z0-9][A-Za-z0-9._+-]{0,20}@[a-z0-9-]{1,15}\.[a-z]{2,6}", fullmatch=True
)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace(",", "\\,").replace(";", "\\;")


def _fold(line: str) -> list[str]:
    """RFC 6350 §3.2: lines of at most 75 octets, never splitting a UTF-8 sequence."""
    out, cur, size = [], "", 0
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > 75:
            out.append(cur)
            cur, size = " ", 1
        cur += ch
        size += n
    return [*out, cur]


def _qp(text: str) -> list[str]:
    """A 2.1 quoted-printable value with ``=`` soft breaks and unindented continuations."""
    encoded = "".join(
        chr(b) if 33 <= b <= 126 and b != ord("=") else f"={b:02X}" for b in text.encode("utf-8")
    )
    lines, cur = [], ""
    for token in [
        encoded[i : i + 3] if encoded[i] == "=" else encoded[i] for i in _qp_starts(encoded)
    ]:
        if len(cur) + len(token) > 73:
            lines.append(cur + "=")
            cur = ""
        cur += token
    return [*lines, cur]


def _qp_starts(encoded: str) -> list[int]:
    starts, i = [], 0
    while i < len(encoded):
        starts.append(i)
        i += 3 if encoded[i] == "=" else 1
    return starts


def _card_lines(name: str, email: str, note: str, style: str) -> list[str]:
    if style == "2.1-qp":
        fn, qp_note = _qp(name), _qp(note)
        return [
            "VERSION:2.1",
            f"FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:{fn[0]}",
            *fn[1:],
            f"EMAIL;INTERNET:{email}",
            f"NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:{qp_note[0]}",
            *qp_note[1:],
        ]
    return [
        f"VERSION:{style}",
        *_fold(f"FN:{_escape(name)}"),
        *_fold(f"EMAIL;TYPE=INTERNET:{email}"),
        *_fold(f"NOTE:{_escape(note)}"),
    ]


@settings(max_examples=150, deadline=None)
@given(
    cards=st.lists(st.tuples(_NAMES, _EMAILS, _NOTES), min_size=1, max_size=3),
    style=st.sampled_from(["3.0", "4.0", "2.1-qp"]),
    eol=st.sampled_from(["\r\n", "\n"]),
)
def test_roundtrip(
    cards: list[tuple[str, str, str]],
    style: str,
    eol: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    if style == "2.1-qp":
        # 2.1 has no escaping rules for text, and \; is read as an escape: keep it out.
        cards = [(n.replace("\\", "/"), e, t.replace("\\", "/")) for n, e, t in cards]
    lines: list[str] = []
    for card in cards:
        lines += ["BEGIN:VCARD", *_card_lines(*card, style), "END:VCARD"]
    path = tmp_path_factory.mktemp("rt") / "gen.vcf"
    path.write_bytes(eol.join(lines).encode("utf-8"))

    records = read(path)
    assert not [r for r in records if isinstance(r, RecordError)]
    # Cards that differ only in outer whitespace are the same card: the later is Skipped.
    distinct = list({(n.strip(), e, t.strip()): None for n, e, t in cards})
    got = contacts(records)
    assert len(got) == len(distinct)
    for (name, email, note), rec in zip(distinct, got, strict=True):
        assert rec.name == name
        assert [i.handle for i in rec.identities] == [email_key(email)] == [email.lower()]
        assert rec.note == (note or None)


def test_malformed_url_is_dropped_not_fatal(tmp_path: Path) -> None:
    # "http://[oops" made urlsplit raise ValueError and ended the import with a traceback.
    rec = one_card(tmp_path, "FN:Ann Lee\nURL:http://[oops\nEMAIL:ann@example.org")
    assert handles(rec) == [("email", "ann@example.org")]


COLLEAGUES = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Gina Green\r\nEMAIL:gina@acme.example\r\n"
    "URL:https://www.acme.example/\r\nURL:https://github.com\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Hank Hill\r\nEMAIL:hank@hank.example\r\n"
    "URL;TYPE=WORK:acme.example\r\nURL:github.com/\r\n"
    "URL:https://github.com/hankhill\r\nURL;TYPE=WORK:https://acme.example/team/hank\r\n"
    "END:VCARD\r\n"
)


def test_a_company_or_shared_site_is_no_identity_of_the_person(tmp_path: Path) -> None:
    path = tmp_path / "colleagues.vcf"
    path.write_text(COLLEAGUES, encoding="utf-8")
    gina, hank = read(path)
    assert isinstance(gina, ContactRecord) and isinstance(hank, ContactRecord)
    assert handles(gina) == [("email", "gina@acme.example")]
    # His own pages stay, even one under the company's site.
    assert handles(hank) == [
        ("email", "hank@hank.example"),
        ("web", "github.com/hankhill"),
        ("web", "acme.example/team/hank"),
    ]


def test_colleagues_sharing_a_company_site_stay_two_people(workspace: Any, tmp_path: Path) -> None:
    path = tmp_path / "colleagues.vcf"
    path.write_text(COLLEAGUES, encoding="utf-8")
    assert import_path(workspace, path).people_added == 2


def test_a_broken_quoted_printable_name_refuses_its_card_not_the_file(tmp_path: Path) -> None:
    """ "=XX" is no escape, and the soft break after it swallowed the EMAIL line: the card
    would be a person named "…=XXEMAIL:qp@example.com" with no email. Reported instead;
    a note with a stray "=" (a sloppy writer's URL) keeps its card."""
    path = tmp_path / "broken.vcf"
    path.write_bytes(
        b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:=C3=XX=\r\n"
        b"EMAIL:qp@example.com\r\nEND:VCARD\r\n"
        b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Ann Lee\r\nEMAIL:ann@example.com\r\n"
        b"NOTE;ENCODING=QUOTED-PRINTABLE:see https://x.example/?q=lee\r\nEND:VCARD\r\n"
    )
    error, ann = read(path)
    assert isinstance(error, RecordError)
    assert (error.location, error.reason) == (
        "card 1 (line 1)",
        "line 3: invalid quoted-printable '=XX' in FN",
    )
    assert isinstance(ann, ContactRecord) and ann.name == "Ann Lee"
