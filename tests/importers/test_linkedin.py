"""LinkedIn importer: golden exports of three eras, detection, zips, errors, real samples."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path
from typing import Any, TypeVar

import pytest
from sqlalchemy import func, select

from tests.importers.golden import DATA, check_golden
from tests.importers.linkedin_read import read
from warmly.errors import ImportFileError
from warmly.importers import get_importer
from warmly.importers.base import ImportContext
from warmly.importers.linkedin import LinkedInImporter
from warmly.importers.records import (
    ContactRecord,
    IdentityRef,
    InteractionRecord,
    Known,
    OwnerRecord,
    Record,
    RecordError,
    Skipped,
)
from warmly.importers.source import ExportTree
from warmly.ledger.pipeline import import_path
from warmly.store.models import Person

LI = DATA / "linkedin"
T = TypeVar("T")


def of_type(records: list[Record], cls: type[T]) -> list[T]:
    return [r for r in records if isinstance(r, cls)]


def messages(records: list[Record]) -> list[InteractionRecord]:
    return [r for r in of_type(records, InteractionRecord) if r.kind == "message"]


def test_registered() -> None:
    imp = get_importer("linkedin")
    assert isinstance(imp, LinkedInImporter)
    assert imp.name == "linkedin" and imp.description


@pytest.mark.parametrize("export", ["export_2020", "export_2023", "export_2026"])
def test_golden(export: str) -> None:
    check_golden("linkedin", LI / export)


# --- detection ---------------------------------------------------------------------------


def _write(root: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(content if isinstance(content, bytes) else content.encode())
    return root


@pytest.mark.parametrize(
    "member",
    [
        "Connections.csv",
        "messages.csv",
        "Invitations.csv",
        "Profile.csv",
        "Endorsement_Received_Info.csv",
        "Endorsement_Given_Info.csv",
        "Contacts.csv",
    ],
)
def test_detects_a_single_linkedin_csv(tmp_path: Path, member: str) -> None:
    src = LI / ("export_2023" if member == "Profile.csv" else "export_2026") / member
    path = tmp_path / member
    shutil.copy(src, path)
    with ExportTree(path) as tree:
        assert LinkedInImporter().detect(tree)


def test_detects_a_folder_and_a_zip_of_a_folder(tmp_path: Path) -> None:
    zpath = tmp_path / "Complete_LinkedInDataExport_03-01-2026.zip"
    with zipfile.ZipFile(zpath, "w") as zf:
        for f in sorted((LI / "export_2026").iterdir()):
            zf.write(f, f"Complete_LinkedInDataExport_03-01-2026/{f.name}")
    for path in (LI / "export_2026", zpath):
        with ExportTree(path) as tree:
            assert LinkedInImporter().detect(tree)
    # Locations name members by base name, so zip and folder give the same records.
    assert read(zpath) == read(LI / "export_2026")


FOREIGN: dict[str, dict[str, str | bytes]] = {
    "x archive": {
        "data/manifest.js": "window.__THAR_CONFIG = {}",
        "data/tweets.js": "window.YTD.tweets.part0 = []",
        "data/direct-messages.js": "window.YTD.direct_messages.part0 = []",
    },
    "mbox": {"inbox.mbox": "From a@b.c Thu Jan  1 00:00:00 2026\nSubject: hi\n\nbody\n"},
    "vcard": {"contacts.vcf": "BEGIN:VCARD\nVERSION:3.0\nFN:Ada Byron\nEND:VCARD\n"},
    "mastodon": {
        "outbox.json": "{}",
        "actor.json": "{}",
        "following_accounts.csv": "Account address,Show boosts\nada@example.social,true\n",
    },
    "generic csv": {"contacts.csv": "First Name,Last Name,Email\nAda,Byron,ada@example.com\n"},
    "other app's Connections.csv": {"Connections.csv": "id,name,since\n1,Ada,2020-01-01\n"},
    "other app's messages.csv": {"messages.csv": "from,to,date,body\na,b,2020-01-01,hi\n"},
    "other app's Contacts.csv": {"Contacts.csv": "Name,Emails\nAda,ada@example.com\n"},
    "LinkedIn bot siblings only": {
        "guide_messages.csv": '"CONVERSATION ID","FROM","DATE","CONTENT"\n',
        "LearningCoachMessages.csv": "No conversations found\n",
    },
    "binary Connections.csv": {"Connections.csv": b"\xff\xfe\x00\x01garbage"},
}


@pytest.mark.parametrize("files", FOREIGN.values(), ids=FOREIGN.keys())
def test_does_not_claim_other_exports(tmp_path: Path, files: dict[str, str | bytes]) -> None:
    root = _write(tmp_path / "export", files)
    with ExportTree(root) as tree:
        assert not LinkedInImporter().detect(tree)
    if len(files) == 1:  # the same file given on its own
        with ExportTree(root / next(iter(files))) as tree:
            assert not LinkedInImporter().detect(tree)


def test_reads_a_single_file_with_an_unusual_name_by_its_header(tmp_path: Path) -> None:
    path = tmp_path / "my_connections_backup.csv"
    shutil.copy(LI / "export_2026" / "Connections.csv", path)
    with ExportTree(path) as tree:
        assert not LinkedInImporter().detect(tree)  # name and header must both match
    assert len(of_type(read(path), ContactRecord)) == 4


# --- owner, direction and counterparts ---------------------------------------------------


def test_a_profile_owner_comes_first_and_is_never_a_counterpart() -> None:
    records = read(LI / "export_2026")
    owner = records[0]
    assert isinstance(owner, OwnerRecord)
    assert ("linkedin", "maren-solberg") in {(i.platform, i.handle) for i in owner.identities}
    for r in of_type(records, InteractionRecord):
        assert all(c.handle != "maren-solberg" for c in r.counterparts)
        assert r.occurred_at.utcoffset() is not None and not r.occurred_at.utcoffset()


def test_configured_owner_gives_the_same_records() -> None:
    ctx = ImportContext(owner={("linkedin", "maren-solberg")})
    assert messages(read(LI / "export_2026", ctx)) == messages(read(LI / "export_2026"))


def test_configured_owner_absent_from_the_file_falls_back_to_inference() -> None:
    ctx = ImportContext(owner={("linkedin", "someone-else")})
    got = messages(read(LI / "export_2020", ctx))
    assert [m.direction for m in got] == ["in", "out", "out", "in"]


def test_group_message_keeps_a_comma_name_whole() -> None:
    group = next(m for m in messages(read(LI / "export_2026")) if m.text == "Next book: your pick")
    assert group.direction == "out"
    assert [(c.handle, c.name) for c in group.counterparts] == [
        ("ilse-marwood", "Ilse Marwood, PhD"),
        ("chloé-varga", "Chloé Varga"),
    ]


def test_sponsored_and_anonymous_senders_are_inbound_with_plain_text() -> None:
    got = {m.thread: m for m in messages(read(LI / "export_2026"))}
    spin = got["2-bWFyZW4tMw=="]
    assert spin.counterparts == [IdentityRef("linkedin", None, "Brightlane Events")]
    assert spin.direction == "in" and spin.tags == ["sponsored"]
    assert spin.text == "Hi %FIRSTNAME%,\nJoin our summit & save 20%."
    hidden = got["2-bWFyZW4tNA=="]  # from "LinkedIn Member"
    assert hidden.direction == "in" and hidden.counterparts[0].handle is None


HEADER = (
    "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,"
    "RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER\n"
)
ME = "Maren Solberg,https://www.linkedin.com/in/maren-solberg"
HIDDEN_ROWS = (
    f"c1,,Bo Ek,https://www.linkedin.com/in/bo-ek,{ME},2026-01-01 09:00:00 UTC,,hi,INBOX\n"
    f"c1,,{ME},Bo Ek,https://www.linkedin.com/in/bo-ek,2026-01-01 10:00:00 UTC,,hey,INBOX\n"
    f"c2,,LinkedIn Member,,{ME},2026-01-02 09:00:00 UTC,,Open to roles?,INBOX\n"
    f"c2,,{ME},LinkedIn Member,,2026-01-02 10:00:00 UTC,,Not now,INBOX\n"
    f"c3,,LinkedIn Member,,{ME},2026-01-03 09:00:00 UTC,,Buy my course,INBOX\n"
    f"c4,,Brightlane Events,,{ME},2026-01-04 09:00:00 UTC,,<p>Hi %FIRSTNAME%</p>,INBOX\n"
    f"c5,,Brightlane Events,,{ME},2026-01-05 09:00:00 UTC,,<p>Last call</p>,INBOX\n"
)


def test_hidden_members_are_one_person_per_conversation_never_keyed_by_name(
    tmp_path: Path,
) -> None:
    # "LinkedIn Member" is LinkedIn's placeholder for any hidden profile: keyed by
    # that name, everyone hidden in the file would become one person.
    path = _write(tmp_path, {"messages.csv": HEADER + HIDDEN_ROWS}) / "messages.csv"
    got = messages(read(path))
    who = {(m.thread, m.direction): m.counterparts for m in got}
    (asked,) = who[("c2", "in")]
    assert who[("c2", "out")] == [asked]  # the owner's reply goes to the same person
    (other,) = who[("c3", "in")]
    assert asked.external_id and other.external_id and asked.external_id != other.external_id
    # The placeholder is no name: as one it would be evidence that both are the same.
    assert (asked.handle, asked.name, other.handle, other.name) == (None, None, None, None)
    assert messages(read(path)) == got  # the same keys on every import
    # A sponsor's name is its own: its campaigns stay one sender, keyed by name.
    assert (
        who[("c4", "in")]
        == who[("c5", "in")]
        == [IdentityRef("linkedin", None, "Brightlane Events")]
    )


def test_hidden_members_stay_apart_in_the_ledger(workspace: Any, tmp_path: Path) -> None:
    src = _write(tmp_path / "li", {"messages.csv": HEADER + HIDDEN_ROWS})
    import_path(workspace, src)
    with workspace.sessions() as s:
        live = Person.is_owner.is_(False), Person.merged_into.is_(None)
        names = sorted(s.scalars(select(Person.display_name).where(*live)))
        # Bo Ek, Brightlane Events and two hidden members, none named by the placeholder.
        assert len(names) == 4 and "LinkedIn Member" not in names
        before = s.scalar(select(func.count()).select_from(Person))
    assert import_path(workspace, src).added == 0
    with workspace.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Person)) == before


def test_drafts_and_spam_are_skipped_with_reasons() -> None:
    reasons = [s.reason for s in of_type(read(LI / "export_2026"), Skipped)]
    assert any("draft" in r for r in reasons)
    assert any("SPAM" in r for r in reasons)
    assert any("hidden profile" in r for r in reasons)


def test_a_connection_is_mutual_and_the_invitation_says_who_asked() -> None:
    records = of_type(read(LI / "export_2026"), InteractionRecord)
    conns = {r.counterparts[0].name: r.direction for r in records if r.kind == "connection"}
    assert set(conns.values()) == {"mut"} and len(conns) == 4
    asked = {r.counterparts[0].name: r.direction for r in records if r.kind == "invitation"}
    assert asked.get("Tobias Renn") == "out"  # the user invited him


def test_source_keys_are_unique_and_stable() -> None:
    first = read(LI / "export_2026")
    keys = [r.source_key for r in first if isinstance(r, ContactRecord | InteractionRecord)]
    assert len(keys) == len(set(keys))
    assert keys == [
        r.source_key
        for r in read(LI / "export_2026")
        if isinstance(r, ContactRecord | InteractionRecord)
    ]


def test_message_key_ignores_line_endings(tmp_path: Path) -> None:
    src = (LI / "export_2026" / "messages.csv").read_bytes()
    assert b"\r\n" in src
    (tmp_path / "messages.csv").write_bytes(src.replace(b"\r\n", b"\n"))
    lf = [m.source_key for m in messages(read(tmp_path / "messages.csv"))]
    assert lf == [m.source_key for m in messages(read(LI / "export_2026" / "messages.csv"))]


def test_ambiguous_owner_is_an_error_that_says_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "messages.csv"
    path.write_text(
        "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,"
        "RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER\n"
        "c1,,Ann Lee,https://www.linkedin.com/in/ann-lee,Bo Ek,"
        "https://www.linkedin.com/in/bo-ek,2024-01-01 10:00:00 UTC,,hi,INBOX\n"
    )
    with pytest.raises(ImportFileError, match=r"warmly\.toml"):
        read(path)
    # A name hint settles the tie.
    got = messages(read(path, ImportContext(owner_names={"bo ek"})))
    assert got[0].direction == "in" and got[0].counterparts[0].handle == "ann-lee"


# --- file-level errors -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("member", "content", "reason"),
    [
        (
            "Connections.csv",
            "First Name,Last Name,Connected On\nJosé,Núñez,01 Jan 2024\n".encode("latin-1"),
            "not UTF-8",
        ),
        ("messages.csv", b"FROM,TO,BODY\na,b,c\n", "no header row"),
        ("Invitations.csv", b"From,To,When\na,b,c\n", "no header row"),
        ("Connections.csv", b"Notes:\nblah\n\nName,Date\n", "no header row"),
    ],
)
def test_unreadable_member_raises_naming_the_file(
    tmp_path: Path, member: str, content: bytes, reason: str
) -> None:
    (tmp_path / member).write_bytes(content)
    with pytest.raises(ImportFileError, match=reason) as info:
        read(tmp_path)
    assert member in str(info.value)


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        (DATA / "vcard" / "google_30.vcf", "not a LinkedIn CSV"),
        (DATA / "x_archive" / "archive", "not a LinkedIn export: no Connections.csv"),
        (DATA / "email" / "eml_folder", "not a LinkedIn export"),
    ],
    ids=["vcard file", "x archive", "eml folder"],
)
def test_forced_on_another_format_is_refused_naming_the_path(path: Path, reason: str) -> None:
    # --format linkedin on something else used to succeed with 0 records read.
    with pytest.raises(ImportFileError, match=reason) as info:
        read(path)
    assert str(path) in str(info.value)


def test_forced_on_an_empty_folder_or_a_foreign_csv_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="not a LinkedIn export"):
        read(tmp_path)
    path = tmp_path / "people.csv"
    path.write_text("Name,Email\nAva Stone,ava@example.org\n")
    with pytest.raises(ImportFileError, match="not a LinkedIn CSV"):
        read(path)


@pytest.mark.parametrize("member", ["Skills.csv", "Positions.csv", "Invitations.csv"])
def test_an_export_with_only_some_of_its_files_still_imports(tmp_path: Path, member: str) -> None:
    shutil.copy(LI / "export_2023" / member, tmp_path / member)
    assert read(tmp_path)


def test_header_only_and_empty_members_yield_nothing(tmp_path: Path) -> None:
    shutil.copy(LI / "export_2026" / "guide_messages.csv", tmp_path / "messages.csv")
    (tmp_path / "Invitations.csv").write_bytes(b"")
    assert read(tmp_path) == []


# --- the real samples --------------------------------------------------------------------


def test_real_samples(samples: Path, tmp_path: Path) -> None:
    src = samples / "linkedin"
    for era, members in {
        "2026": ("Connections.csv", "messages.csv"),
        "2023": ("Invitations.csv", "messages.csv"),
    }.items():
        export = tmp_path / era
        export.mkdir()
        for member in members:
            shutil.copy(src / f"orgsignal_{era}_{member}", export / member)
    with ExportTree(tmp_path / "2026") as tree:
        assert LinkedInImporter().detect(tree)

    new = read(tmp_path / "2026")
    assert not of_type(new, RecordError)
    owner = of_type(new, OwnerRecord)
    assert [(i.platform, i.handle) for o in owner for i in o.identities] == [
        ("linkedin", "jordanpike")
    ]
    assert len(of_type(new, ContactRecord)) == 3  # named rows; one date-only row
    assert len(of_type(new, Skipped)) == 1
    assert "zoë-brandt" in {c.identities[0].handle for c in of_type(new, ContactRecord)}
    assert [m.direction for m in messages(new)] == ["in", "out", "in", "in", "in"]

    old = read(tmp_path / "2023")
    assert not of_type(old, RecordError)
    assert len([r for r in of_type(old, InteractionRecord) if r.kind == "invitation"]) == 2
    msgs = messages(old)
    assert len(msgs) == 6  # plus one SPAM-folder message skipped
    group = next(m for m in msgs if m.text == "Kickoff on Friday")
    assert [c.name for c in group.counterparts] == ["Tomás Reyes", "Wren Hale, PhD"]


def _not_messages(records: list[Record]) -> list[Record]:
    return [
        r
        for r in records
        if not isinstance(r, Known)
        and not (isinstance(r, InteractionRecord) and r.kind == "message")
    ]


@pytest.mark.parametrize("keep", [20_000, 0], ids=["rows kept", "file read again"])
def test_messages_already_in_the_ledger_are_only_recognised(
    keep: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The survey keeps a re-import's rows for the second pass unless too many are new.
    monkeypatch.setattr("warmly.importers.linkedin_messages.KEEP_NEW", keep)
    first = read(LI / "export_2026")
    msgs = messages(first)
    known = frozenset(m.source_key for m in msgs[1:])
    again = read(LI / "export_2026", ImportContext(known=known))
    assert [k.source_key for k in of_type(again, Known)] == [m.source_key for m in msgs[1:]]
    assert messages(again) == msgs[:1]
    # The owner, connections, invitations, drafts and errors are read as before.
    assert _not_messages(again) == _not_messages(first)
