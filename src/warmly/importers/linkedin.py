"""LinkedIn "Get a copy of your data" export (zip, folder, or one of its CSVs).

Reads Connections.csv, messages.csv, Invitations.csv, Notes.csv, the
endorsements received and given, the synced address book (Contacts.csv,
ImportedContacts.csv) and the owner's Profile/Skills/Positions/Email
Addresses. The per-file parsing lives in ``linkedin_network``,
``linkedin_messages``, ``linkedin_endorsements``, ``linkedin_contacts`` and
``linkedin_profile``; this module finds the members, works out who the owner
is, and orders the output: what the profile says of the owner first, one
notice per CSV that warmly does not read (``linkedin_unread``), then contacts,
invitations, endorsements and the address book (which never name the owner)
while messages.csv is surveyed, then the owner again if the messages say more
(an inferred profile, a name), then messages and notes.

Member names drift across years (``Email Addresses.csv``/``Email_Addresses.csv``,
numbered 2026 files), so members are matched by normalised name, and a member
only counts as LinkedIn's when its header has the expected shape too.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import ClassVar

from warmly.errors import ImportFileError
from warmly.importers.base import ImportContext
from warmly.importers.linkedin_contacts import is_address_book_header, read_address_book
from warmly.importers.linkedin_csv import HeaderTest, read_header, where
from warmly.importers.linkedin_endorsements import (
    is_given_header,
    is_received_header,
    read_endorsements,
)
from warmly.importers.linkedin_messages import (
    MessageSurvey,
    is_messages_header,
    read_messages,
    survey_messages,
)
from warmly.importers.linkedin_network import (
    CONNECTIONS_SCAN,
    InvitationFacts,
    is_connections_header,
    is_invitations_header,
    is_notes_header,
    read_connections,
    read_invitations,
    read_notes,
    survey_invitations,
)
from warmly.importers.linkedin_profile import (
    OwnerParts,
    is_emails_header,
    is_positions_header,
    is_profile_header,
    is_skills_header,
    read_emails,
    read_positions,
    read_profile,
    read_skills,
)
from warmly.importers.linkedin_unread import unread_csvs
from warmly.importers.records import IdentityRef, OwnerRecord, Record
from warmly.importers.source import ExportTree, norm_name

# kind -> (normalised-name pattern, header test, rows to scan for the header).
# ``\d*`` admits the numbered files of 2026 Complete archives; the exact names
# keep sibling files such as ``guide_messages.csv`` (LinkedIn's bots) out.
_MEMBERS: dict[str, tuple[str, HeaderTest, int]] = {
    "connections": (r"connections\d*\.csv", is_connections_header, CONNECTIONS_SCAN),
    "messages": (r"messages\d*\.csv", is_messages_header, 1),
    "invitations": (r"invitations\d*\.csv", is_invitations_header, 1),
    "profile": (r"profile\d*\.csv", is_profile_header, 1),
    "notes": (r"notes\d*\.csv", is_notes_header, 1),
    "skills": (r"skills\d*\.csv", is_skills_header, 1),
    "positions": (r"positions\d*\.csv", is_positions_header, 1),
    "emails": (r"emailaddresses\d*\.csv", is_emails_header, 1),
    "endorsements_received": (r"endorsementreceivedinfo\d*\.csv", is_received_header, 1),
    "endorsements_given": (r"endorsementgiveninfo\d*\.csv", is_given_header, 1),
    "address_book": (r"(?:imported)?contacts\d*\.csv", is_address_book_header, 1),
}
# Files distinctive enough to claim an export on their own.
_CLAIMING = (
    "connections",
    "messages",
    "invitations",
    "profile",
    "endorsements_received",
    "endorsements_given",
    "address_book",
)
# Names no other tool gives its files: a member so named that is not UTF-8 is a
# LinkedIn file a spreadsheet saved again (see linkedin_csv.delimiter_of).
_OURS_ALONE = frozenset(
    {"connections", "invitations", "endorsements_received", "endorsements_given"}
)
_READ = (
    "Connections.csv, messages.csv, Invitations.csv, Profile.csv, Notes.csv, "
    "Skills.csv, Positions.csv, Email Addresses.csv, Endorsement_Received_Info.csv, "
    "Endorsement_Given_Info.csv, Contacts.csv or ImportedContacts.csv"
)


def _members(tree: ExportTree) -> dict[str, list[str]]:
    """Members by kind. A single file with an unusual name is placed by its header."""
    found = {kind: tree.find_matching(pattern) for kind, (pattern, _, _) in _MEMBERS.items()}
    if tree.is_file and not any(found.values()):
        member = tree.members()[0]
        for kind in (*_CLAIMING, "notes"):
            _, test, scan = _MEMBERS[kind]
            if norm_name(member).endswith(".csv") and read_header(tree, member, test, scan):
                found[kind] = [member]
                break
    return found


class LinkedInImporter:
    """LinkedIn data export: connections, messages, invitations, endorsements, the synced
    address book and the owner's profile."""

    name: ClassVar[str] = "linkedin"
    known_prefixes: ClassVar[tuple[str, ...]] = ("linkedin:msg:",)
    description: ClassVar[str] = (
        "LinkedIn data export (zip or folder from 'Get a copy of your data', "
        "or Connections.csv / messages.csv / Invitations.csv / Endorsement_*_Info.csv / "
        "Contacts.csv on its own)"
    )

    def detect(self, tree: ExportTree) -> bool:
        """True if a LinkedIn-named member also has a LinkedIn header."""
        for kind in _CLAIMING:
            pattern, test, scan = _MEMBERS[kind]
            for member in tree.find_matching(pattern):
                # Connections.csv re-saved in Windows-1252 is ours, and the user
                # should hear how to fix it; a contacts.csv may be anyone's.
                if read_header(tree, member, test, scan, loud=kind in _OURS_ALONE):
                    return True
        return False

    def read(self, tree: ExportTree, ctx: ImportContext) -> Iterator[Record]:
        """Yield the owner, one NotRead per CSV that is not read, connections,
        invitations, endorsements and the address book, the owner again if the
        messages say more of them, then messages and notes."""
        members = _members(tree)
        # An export may lack any of these files, but one with none of them is
        # something else forced with --format linkedin: refuse it, never "0 read".
        if not any(members.values()):
            if tree.is_file:
                raise ImportFileError(
                    tree.path, "not a LinkedIn CSV: neither its name nor its header is LinkedIn's"
                )
            raise ImportFileError(tree.path, f"not a LinkedIn export: no {_READ}")
        parts = OwnerParts()
        for member in members["profile"]:
            read_profile(tree, member, parts)
        for member in members["skills"]:
            read_skills(tree, member, parts)
        for member in members["positions"]:
            read_positions(tree, member, parts)
        for member in members["emails"]:
            read_emails(tree, member, parts)

        facts = InvitationFacts()
        for member in members["invitations"]:
            more = survey_invitations(tree, member)
            facts.owner_slugs += [s for s in more.owner_slugs if s not in facts.owner_slugs]
            facts.owner_name = facts.owner_name or more.owner_name
            parts.sources.append(where(member))

        # What the profile and invitations say of the owner comes first; the
        # message survey below is a whole pass over the largest file, and the
        # rows that do not depend on it (connections, invitations) go out
        # before it, so that the writer is busy while it runs.
        early = self._owner(parts, facts, list(facts.owner_slugs))
        if early is not None:
            yield early
        yield from parts.errors
        # Listed beside the import's numbers (see linkedin_unread).
        yield from unread_csvs(tree, (m for found in members.values() for m in found))
        for member in members["connections"]:
            yield from read_connections(tree, member)
        for member in members["invitations"]:
            yield from read_invitations(tree, member)
        for member in members["endorsements_received"]:
            yield from read_endorsements(tree, member, "in")
        for member in members["endorsements_given"]:
            yield from read_endorsements(tree, member, "out")
        seen: dict[str, str] = {}
        for member in members["address_book"]:
            yield from read_address_book(tree, member, ctx.default_region, seen)

        names = set(ctx.owner_names)
        names.update(n.casefold() for n in (parts.name, facts.owner_name) if n)
        known = {h for p, h in ctx.owner if p == "linkedin"} | set(facts.owner_slugs)
        file_slugs = list(facts.owner_slugs)
        surveys: dict[str, tuple[MessageSurvey, set[str]]] = {}
        for member in members["messages"]:
            survey = survey_messages(tree, member, ctx.known)
            owners = known & survey.conversations.keys()
            # A configured owner absent from this file is another account: infer instead.
            if not owners and (inferred := survey.owner(names)):
                owners = {inferred}
                if inferred not in file_slugs:
                    file_slugs.append(inferred)
                    parts.sources.append(where(member))
            if not owners and survey.conversations:
                raise ImportFileError(
                    tree.display(member),
                    "cannot tell which participant is the account owner; "
                    "add your LinkedIn profile URL to warmly.toml and import again",
                )
            own = [n for s in sorted(owners) if (n := survey.name(s))]
            names.update(n.casefold() for n in own)
            facts.owner_name = facts.owner_name or next(iter(own), None)
            surveys[member] = (survey, owners)

        owner = self._owner(parts, facts, file_slugs)
        if owner is not None and owner != early:
            yield owner  # what the messages added: an inferred profile, a name
        for member, (survey, owners) in surveys.items():
            yield from read_messages(tree, member, survey, owners, names, ctx.known)
        for member in members["notes"]:
            yield from read_notes(tree, member)

    @staticmethod
    def _owner(parts: OwnerParts, facts: InvitationFacts, slugs: list[str]) -> OwnerRecord | None:
        """One OwnerRecord from everything the export says about its owner, if anything."""
        name = parts.name or facts.owner_name
        identities = [IdentityRef("linkedin", s, name) for s in slugs]
        # Email Addresses.csv may be read before the name is known.
        identities += [i if i.name else replace(i, name=name) for i in parts.identities]
        if not (identities or name or parts.headline or parts.specialties or parts.positions):
            return None
        return OwnerRecord(
            identities=identities,
            name=name,
            headline=parts.headline,
            summary=parts.summary,
            specialties=parts.specialties,
            positions=parts.positions,
            location=", ".join(dict.fromkeys(parts.sources)) or None,
        )
