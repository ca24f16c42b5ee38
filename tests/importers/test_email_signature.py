"""Profile links in email signatures: extraction, quote stripping, and links in the ledger."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from warmly.identity.merge import unmerge
from warmly.importers.base import ImportContext
from warmly.importers.email_signature import own_text, profiles, signature_record
from warmly.importers.eml import EmlImporter
from warmly.importers.mbox import MboxImporter
from warmly.importers.records import ContactRecord, InteractionRecord, Record
from warmly.importers.source import ExportTree
from warmly.ledger.pipeline import import_path
from warmly.store.models import Identity, Interaction, Person

ME = "me@example.com"
INES = "ines@northwind.example"
INES_URL = "https://www.linkedin.com/in/ines-okafor-l-3b2a91/"
INES_SLUG = "ines-okafor-l-3b2a91"
BOB_SLUG = "bob-builder-77"

CONNECTIONS = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses '
    'are missing."\n'
    "\n"
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    f"Ines,Okafor-Lindqvist,{INES_URL},,Northwind,Director of People Ops,08 Feb 2023\n"
    f"Bob,Builder,https://www.linkedin.com/in/{BOB_SLUG},,Acme,Engineer,01 Mar 2023\n"
)

SIGNED = f"""Hi,

Thursday works for me.

--\x20
Ines Okafor-Lindqvist | Director of People Ops, Northwind
{INES_URL}
"""


def message(
    n: int,
    body: str,
    *,
    sender: str = f"Ines Okafor-Lindqvist <{INES}>",
    to: str = f"Me <{ME}>",
    extra: str = "",
) -> str:
    """One RFC 822 message as an mbox entry."""
    return (
        f"From x@x Mon Feb 03 10:0{n % 10}:00 +0000 2025\n"
        f"From: {sender}\nTo: {to}\nDelivered-To: {ME}\n"
        f"Subject: Coffee {n}\nDate: Mon, 3 Feb 2025 10:0{n % 10}:00 +0000\n"
        f"Message-ID: <m{n}@mail.example>\n{extra}\n{body}\n"
    )


def mbox(tmp_path: Path, name: str, *messages: str) -> Path:
    path = tmp_path / name
    path.write_text("".join(messages))
    return path


def read(path: Path) -> list[Record]:
    with ExportTree(path) as tree:
        importer = EmlImporter() if path.suffix == ".eml" else MboxImporter()
        return list(importer.read(tree, ImportContext()))


def links(records: list[Record]) -> list[ContactRecord]:
    return [r for r in records if isinstance(r, ContactRecord)]


# -- extraction -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("region", "expected"),
    [
        (INES_URL, [("linkedin", INES_SLUG)]),
        ("LinkedIn: linkedin.com/in/Zo%C3%AB-Brandt.", [("linkedin", "zoë-brandt")]),
        ("<https://de.linkedin.com/in/jane-doe?trk=sig>", [("linkedin", "jane-doe")]),
        ("https://www.linkedin.com/company/northwind", []),
        ("https://www.linkedin.com/school/mit/", []),
        ("https://www.linkedin.com/pub/dir/jane/doe", []),
        ("https://www.linkedin.com/feed/", []),
        ("https://www.linkedin.com/in/jane-doe/recent-activity/", []),
        ("x.com/janedoe | twitter.com/@janedoe", [("x", "janedoe")]),
        ("https://x.com/intent/follow?screen_name=jane", []),
        ("https://twitter.com/share", []),
        ("https://twitter.com/home", []),
        ("https://x.com/i/lists/123", []),
        ("https://x.com/someone/status/1587920147083591680", []),
        ("fedex.com/track", []),
        ("https://hachyderm.io/@jane", [("mastodon", "jane@hachyderm.io")]),
        ("https://hachyderm.io/@jane/111222333", []),
        ("https://medium.com/@jane https://github.com/@jane", []),
        ("https://bsky.app/profile/jane.bsky.social", [("bluesky", "jane.bsky.social")]),
        ("https://bsky.app/profile/jane.bsky.social/post/3k", []),
        # two profiles on one network are ambiguous: that network links nothing
        ("linkedin.com/in/jane-doe linkedin.com/in/bob-builder x.com/jane", [("x", "jane")]),
        # the same profile twice (link text and href) is one
        (f"linkedin.com/in/{INES_SLUG} <{INES_URL}>", [("linkedin", INES_SLUG)]),
    ],
)
def test_profiles(region: str, expected: list[tuple[str, str]]) -> None:
    assert [(r.platform, r.handle) for r in profiles(region)] == expected


@pytest.mark.parametrize(
    "body",
    [
        "Sounds good.\n\nOn Mon, 3 Feb 2025 at 10:00, Bob <bob@x.example> wrote:\n> hi\n"
        "> --\n> Bob\n> linkedin.com/in/bob-builder-77",
        "Sounds good.\n\nOn Mon, 3 Feb 2025 at 10:00, Bob Builder\n<bob@x.example> wrote:\n"
        "hi\n--\nBob\nlinkedin.com/in/bob-builder-77",
        "Sounds good.\n> --\n> linkedin.com/in/bob-builder-77",
        "FYI\n\n---------- Forwarded message ---------\nFrom: Bob <bob@x.example>\n\nhi\n"
        "--\nBob\nlinkedin.com/in/bob-builder-77",
        "FYI\n\nBegin forwarded message:\n\nFrom: Bob\nhi\n-- \nlinkedin.com/in/bob-builder-77",
        "See below\n\n-----Original Message-----\nFrom: Bob\nlinkedin.com/in/bob-builder-77",
        "See below\n________________________________\nFrom: Bob Builder <bob@x.example>\n"
        "Sent: Monday, 3 February 2025 10:00\nTo: Me\n\nhi\n-- \nlinkedin.com/in/bob-builder-77",
        "Ok!\n\nAm 03.02.2025 um 10:00 schrieb Bob <bob@x.example>:\n\n"
        "-- \nlinkedin.com/in/bob-builder-77",
    ],
)
def test_someone_elses_quoted_or_forwarded_signature_never_counts(body: str) -> None:
    assert "bob" not in own_text(body).lower()
    assert signature_record("bob@x.example", "Bob Builder", body, "m") is None


def test_without_delimiter_the_tail_counts_only_if_it_spells_the_name() -> None:
    mine = "Thanks!\nInes\nhttps://www.linkedin.com/in/ines-okafor-l-3b2a91"
    rec = signature_record(INES, "Ines Okafor-Lindqvist", mine, "m")
    assert rec is not None
    assert [(i.platform, i.handle) for i in rec.identities] == [
        ("email", INES),
        ("linkedin", INES_SLUG),
    ]
    prose = "You should talk to my colleague: https://www.linkedin.com/in/bob-builder-77"
    assert signature_record(INES, "Ines Okafor-Lindqvist", prose, "m") is None


def test_profile_in_body_above_the_signature_does_not_count() -> None:
    body = (
        "Meet Bob: https://www.linkedin.com/in/bob-builder-77\n\n-- \nInes\n"
        "https://www.linkedin.com/in/ines-okafor-l-3b2a91"
    )
    rec = signature_record(INES, "Ines", body, "m")
    assert rec is not None
    assert [i.handle for i in rec.identities] == [INES, INES_SLUG]


# -- the importers ------------------------------------------------------------------


def test_same_signature_on_many_messages_is_one_record(tmp_path: Path) -> None:
    records = read(mbox(tmp_path, "a.mbox", *(message(n, SIGNED) for n in range(3))))
    found = links(records)
    assert len(found) == 1
    rec = found[0]
    assert rec.name == "Ines Okafor-Lindqvist"
    assert rec.location == "message 1"
    assert [(i.platform, i.handle) for i in rec.identities] == [
        ("email", INES),
        ("linkedin", INES_SLUG),
    ]
    assert len([r for r in records if isinstance(r, InteractionRecord)]) == 3
    again = links(read(mbox(tmp_path, "b.mbox", message(9, SIGNED))))
    assert [r.source_key for r in again] == [rec.source_key]


def test_eml_file_yields_the_link(tmp_path: Path) -> None:
    path = tmp_path / "coffee.eml"
    path.write_text(message(1, SIGNED).partition("\n")[2])
    assert len(links(read(path))) == 1


@pytest.mark.parametrize(
    ("sender", "extra"),
    [
        (f"Me <{ME}>", "X-Gmail-Labels: Sent\n"),  # the user's own signature
        (f"Ines <{INES}>", "List-Id: <people.lists.example>\n"),
        (f"Ines <{INES}>", "Precedence: bulk\n"),
        (f"Ines <{INES}>", "X-Gmail-Labels: Spam\n"),
        ("LinkedIn <messages-noreply@linkedin.com>", ""),
        ("Ines via LinkedIn <ines@linkedin.com>", ""),
    ],
)
def test_no_link_from_own_bulk_or_notification_mail(
    sender: str, extra: str, tmp_path: Path
) -> None:
    to = f"Ines <{INES}>" if ME in sender else f"Me <{ME}>"
    records = read(mbox(tmp_path, "a.mbox", message(1, SIGNED, sender=sender, to=to, extra=extra)))
    assert links(records) == []


def test_include_bulk_still_links_nothing_from_list_mail(tmp_path: Path) -> None:
    path = mbox(tmp_path, "a.mbox", message(1, SIGNED, extra="List-Id: <l.example>\n"))
    with ExportTree(path) as tree:
        records = list(MboxImporter().read(tree, ImportContext(options={"include_bulk": True})))
    assert any(isinstance(r, InteractionRecord) for r in records)
    assert links(records) == []


# -- the ledger ------------------------------------------------------------------------


def person_of(ws, platform: str, handle: str) -> int:
    with ws.sessions() as s:
        pid = s.scalars(
            select(Identity.person_id).where(
                Identity.platform == platform, Identity.handle == handle
            )
        ).one()
        while (merged := s.get(Person, pid).merged_into) is not None:
            pid = merged
        return pid


def connections(tmp_path: Path) -> Path:
    path = tmp_path / "Connections.csv"
    path.write_text(CONNECTIONS)
    return path


def interactions(ws) -> int:
    with ws.sessions() as s:
        return s.scalar(select(func.count()).select_from(Interaction))


@pytest.mark.parametrize("mail_first", [False, True])
def test_signature_links_the_email_person_and_the_linkedin_person(
    workspace, tmp_path: Path, mail_first: bool
) -> None:
    mail = mbox(tmp_path, "mail.mbox", *(message(n, SIGNED) for n in range(3)))
    for path in (mail, connections(tmp_path)) if mail_first else (connections(tmp_path), mail):
        import_path(workspace, path)
    assert person_of(workspace, "email", INES) == person_of(workspace, "linkedin", INES_SLUG)
    assert person_of(workspace, "linkedin", BOB_SLUG) != person_of(workspace, "email", INES)
    # the link is a contact sighting, not an interaction: 3 mails, 2 connections
    assert interactions(workspace) == 5


@pytest.mark.parametrize(
    "body",
    [
        # a quoted reply carrying Bob's signature
        f"Thanks!\n\nOn Mon, 3 Feb 2025 at 09:00, Bob <bob@x.example> wrote:\n> hi\n> --\n"
        f"> Bob Builder\n> https://www.linkedin.com/in/{BOB_SLUG}\n",
        # a forwarded message carrying Bob's signature
        f"FYI, Ines\n\n---------- Forwarded message ---------\nFrom: Bob <bob@x.example>\n"
        f"Subject: hi\n\nhi\n-- \nBob Builder\nhttps://www.linkedin.com/in/{BOB_SLUG}\n",
        # two LinkedIn profiles in one signature
        f"Hi\n-- \nInes\n{INES_URL}\nhttps://www.linkedin.com/in/{BOB_SLUG}\n",
        # a company page
        "Hi\n-- \nInes\nhttps://www.linkedin.com/company/northwind\n",
    ],
    ids=["quoted-reply", "forwarded", "two-linkedin-urls", "company-page"],
)
def test_no_link(workspace, tmp_path: Path, body: str) -> None:
    import_path(workspace, connections(tmp_path))
    import_path(workspace, mbox(tmp_path, "mail.mbox", message(1, body)))
    ines = person_of(workspace, "email", INES)
    assert ines != person_of(workspace, "linkedin", BOB_SLUG)
    assert ines != person_of(workspace, "linkedin", INES_SLUG)


def test_users_own_outbound_signature_links_nothing(workspace, tmp_path: Path) -> None:
    import_path(workspace, connections(tmp_path))
    out = message(
        1,
        f"Hi Ines\n-- \nMe\nhttps://www.linkedin.com/in/{BOB_SLUG}\n",
        sender=f"Me <{ME}>",
        to=f"Ines <{INES}>",
        extra="X-Gmail-Labels: Sent\n",
    )
    import_path(workspace, mbox(tmp_path, "mail.mbox", out))
    assert person_of(workspace, "email", INES) != person_of(workspace, "linkedin", BOB_SLUG)
    with workspace.sessions() as s:
        owner = s.scalars(select(Person.id).where(Person.is_owner.is_(True))).one()
    assert person_of(workspace, "linkedin", BOB_SLUG) != owner


def test_reimport_adds_nothing(workspace, tmp_path: Path) -> None:
    import_path(workspace, connections(tmp_path))
    first = mbox(tmp_path, "mail.mbox", *(message(n, SIGNED) for n in range(3)))
    import_path(workspace, first)
    before = interactions(workspace)
    copy = tmp_path / "copy.mbox"
    shutil.copy(first, copy)
    again = import_path(workspace, copy)
    assert (again.added, again.people_added, again.merged) == (0, 0, 0)
    # a new message with the same signature: one interaction, no new link
    more = import_path(workspace, mbox(tmp_path, "more.mbox", message(7, SIGNED)))
    assert (more.added, more.people_added, more.merged) == (1, 0, 0)
    assert interactions(workspace) == before + 1


def test_unmerged_signature_link_stays_apart(workspace, tmp_path: Path) -> None:
    # Both people exist before the signature names them together: a recorded merge.
    # (A signature naming a profile not yet known simply adds it to the sender,
    # as a vCard does: there is no merge to undo then.)
    import_path(workspace, connections(tmp_path))
    import_path(workspace, mbox(tmp_path, "plain.mbox", message(0, "Hi, coffee?")))
    assert person_of(workspace, "email", INES) != person_of(workspace, "linkedin", INES_SLUG)
    rep = import_path(workspace, mbox(tmp_path, "mail.mbox", message(1, SIGNED)))
    assert rep.merged == 1
    ines = person_of(workspace, "email", INES)
    assert ines == person_of(workspace, "linkedin", INES_SLUG)
    with workspace.sessions.begin() as s:
        unmerge(s, ines)
    assert person_of(workspace, "email", INES) != person_of(workspace, "linkedin", INES_SLUG)
    # the same signature again, and one adding an X profile (a new record naming
    # both): "not the same person" holds, as it does for a vCard naming both
    both = SIGNED + "https://x.com/inesok\n"
    rep = import_path(workspace, mbox(tmp_path, "later.mbox", message(2, SIGNED), message(3, both)))
    assert rep.merged == 0
    assert person_of(workspace, "email", INES) != person_of(workspace, "linkedin", INES_SLUG)
