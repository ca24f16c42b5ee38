"""LinkedIn's synced address book (Contacts.csv, ImportedContacts.csv): identities and links."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from tests.importers.golden import DATA
from tests.importers.linkedin_read import read, write
from warmly.importers import detect_importer
from warmly.importers.base import ImportContext
from warmly.importers.linkedin import LinkedInImporter
from warmly.importers.records import ContactRecord, Record, Skipped
from warmly.importers.source import ExportTree
from warmly.ledger.pipeline import import_path
from warmly.store.models import Identity

CONTACTS = (
    "Source,FirstName,LastName,Companies,Title,Emails,PhoneNumbers,CreatedAt,Addresses,"
    "Sites,InstantMessageHandles,FullName,Birthday,Location,BookmarkedAt,Profiles\n"
)
IMPORTED = (
    "FirstName,MiddleName,LastName,MaidenName,NickName,NamePrefix,NameSuffix,Title,Emails,"
    "PhoneNumbers,CreatedAt,UpdatedAt,CountryCode,RegionCode,ThirdPartyVerified,Location\n"
)
SELMA = (
    'GOOGLE,Selma,Aukrust,"Fjord & Fell, AS",Cartographer,'
    '"selma@fjordfell.example; Selma.Aukrust@Example.net",'
    '"+47 412 34 567, +44 20 7946 0958",1/10/26 3:04 PM,,'
    '"https://fjordfell.example https://bsky.app/profile/selma.example.com",,Selma Aukrust,,'
    "Bergen,,https://www.linkedin.com/in/selma-aukrust/\n"
)


def handles(record: Record) -> list[tuple[str, str | None]]:
    assert isinstance(record, ContactRecord)
    return [(i.platform, i.handle) for i in record.identities]


def test_each_row_is_a_contact_with_its_addresses_numbers_and_profiles(tmp_path: Path) -> None:
    (got,) = read(write(tmp_path, "Contacts.csv", CONTACTS + SELMA))
    assert isinstance(got, ContactRecord)
    assert handles(got) == [
        ("email", "selma@fjordfell.example"),
        ("email", "selma.aukrust@example.net"),
        ("phone", "+4741234567"),
        ("phone", "+442079460958"),
        ("linkedin", "selma-aukrust"),
        # A network profile among the sites counts; the employer's site does not.
        ("bluesky", "selma.example.com"),
    ]
    assert (got.name, got.first_name, got.last_name) == ("Selma Aukrust", "Selma", "Aukrust")
    assert (got.organisation, got.title) == ("Fjord & Fell, AS", "Cartographer")
    assert got.location == "Contacts.csv line 2"
    assert got.source_key.startswith("linkedin:addressbook:")


def test_the_imported_contacts_layout_is_read_by_column_name(tmp_path: Path) -> None:
    row = "Ivo,J.,Marek,,,,,Surveyor,ivo.marek@example.org,020 7946 0000,,,,,,Leeds\n"
    (got,) = read(
        write(tmp_path, "ImportedContacts.csv", IMPORTED + row), ImportContext(default_region="GB")
    )
    assert isinstance(got, ContactRecord)
    assert got.name == "Ivo J. Marek" and got.title == "Surveyor"
    # A number without a country code takes the configured region.
    assert handles(got) == [("email", "ivo.marek@example.org"), ("phone", "+442079460000")]
    without_region = read(tmp_path / "ImportedContacts.csv")
    assert handles(without_region[0]) == [("email", "ivo.marek@example.org")]


def test_empty_and_duplicate_entries_are_skipped_with_reasons(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "Contacts.csv",
        CONTACTS
        + SELMA
        + "PHONE,,,,,,,1/12/26 9:31 AM,,,,,,,,\n"
        # The same entry synced again from another account, later.
        + SELMA.replace("GOOGLE", "OUTLOOK").replace("1/10/26 3:04 PM", "2/01/26 8:00 AM"),
    )
    first, empty, again = read(path)
    assert isinstance(first, ContactRecord)
    assert isinstance(empty, Skipped) and "no name, email, phone or profile" in empty.reason
    assert isinstance(again, Skipped) and again.reason == "duplicate of Contacts.csv line 2"


def test_an_entry_in_both_files_is_read_once(tmp_path: Path) -> None:
    write(
        tmp_path,
        "Contacts.csv",
        CONTACTS + "GOOGLE,Ivo,Marek,,,ivo.marek@example.org,,,,,,Ivo Marek,,,,\n",
    )
    write(
        tmp_path,
        "ImportedContacts.csv",
        IMPORTED + "Ivo,,Marek,,,,,,ivo.marek@example.org,,,,,,,\n",
    )
    contact, duplicate = read(tmp_path)
    assert handles(contact) == [("email", "ivo.marek@example.org")]
    assert isinstance(duplicate, Skipped) and "duplicate of Contacts.csv line 2" in duplicate.reason


def test_a_name_only_entry_is_a_contact_and_words_are_not_sites(tmp_path: Path) -> None:
    row = "PHONE,Nils,Brekke,,,,,,,,,Nils Brekke,,,,nils.brekke\n"
    (got,) = read(write(tmp_path, "Contacts.csv", CONTACTS + row))
    assert isinstance(got, ContactRecord) and got.name == "Nils Brekke" and got.identities == []


def test_keys_do_not_depend_on_when_the_entry_was_synced(tmp_path: Path) -> None:
    (a,) = read(write(tmp_path, "Contacts.csv", CONTACTS + SELMA))
    later = SELMA.replace("1/10/26 3:04 PM", "3/03/26 1:00 PM").replace("GOOGLE", "OUTLOOK")
    (b,) = read(write(tmp_path, "Contacts.csv", CONTACTS + later))
    assert isinstance(a, ContactRecord) and isinstance(b, ContactRecord)
    assert a.source_key == b.source_key


def test_the_address_book_links_an_email_to_a_linkedin_profile(
    workspace: Any, tmp_path: Path
) -> None:
    export = tmp_path / "export"
    export.mkdir()
    for name in ("Connections.csv", "Contacts.csv"):
        (export / name).write_bytes((DATA / "linkedin" / "export_2026" / name).read_bytes())
    import_path(workspace, export)
    with workspace.sessions() as s:
        slug = s.scalar(select(Identity).where(Identity.handle == "tobias-renn"))
        email = s.scalar(select(Identity).where(Identity.handle == "tobias.renn@example.net"))
        x = s.scalar(
            select(Identity).where(Identity.platform == "x", Identity.handle == "tobiasrenn")
        )
        assert slug is not None and email is not None and x is not None
        assert slug.person_id == email.person_id == x.person_id
    assert import_path(workspace, export).added == 0


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("Contacts.csv", CONTACTS + SELMA),
        ("ImportedContacts.csv", IMPORTED + "Ivo,,Marek,,,,,,ivo@example.org,,,,,,,\n"),
    ],
)
def test_an_address_book_alone_is_detected_as_linkedin(
    tmp_path: Path, name: str, text: str
) -> None:
    path = write(tmp_path, name, text)
    with ExportTree(path) as tree:
        assert detect_importer(tree, path).name == "linkedin"


def test_other_contacts_csvs_are_left_to_their_importers(tmp_path: Path) -> None:
    google = (DATA / "csv" / "google_contacts.csv").read_bytes()
    path = tmp_path / "contacts.csv"
    path.write_bytes(google)
    with ExportTree(path) as tree:
        assert not LinkedInImporter().detect(tree)
        assert detect_importer(tree, path).name == "csv"
