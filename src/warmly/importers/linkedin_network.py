"""LinkedIn Connections.csv, Invitations.csv and Notes.csv -> records.

Connections.csv comes in three eras (no preamble and no ``URL`` column; a
three-line ``Notes:`` preamble; preamble plus ``URL``). The header is found by
content, not by skipping a fixed number of lines.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from warmly.identity.keys import email_key, linkedin_slug
from warmly.importers.linkedin_csv import (
    Row,
    full_name,
    iter_rows,
    parse_connected_on,
    parse_sent_at,
    stable_key,
)
from warmly.importers.records import (
    DATE_ONLY,
    ContactRecord,
    IdentityRef,
    InteractionRecord,
    Record,
    RecordError,
    Skipped,
)
from warmly.importers.source import ExportTree


def is_connections_header(cols: set[str]) -> bool:
    return {"firstname", "lastname", "connectedon"} <= cols


def is_invitations_header(cols: set[str]) -> bool:
    return {"from", "to", "sentat", "direction"} <= cols


def is_notes_header(cols: set[str]) -> bool:
    return {"connectionprofileurl", "note"} <= cols


# The preamble is three rows ("Notes:", a sentence, a blank line); allow a few more.
CONNECTIONS_SCAN = 6


def linkedin_ref(url: str, name: str | None) -> IdentityRef:
    """A LinkedIn identity: keyed by slug when the URL has one, else by name only."""
    slug = linkedin_slug(url) if url else None
    return IdentityRef("linkedin", slug, name, url=url or None)


@dataclass(slots=True)
class InvitationFacts:
    """What Invitations.csv says before anything else is read.

    ``owner_slugs``/``owner_name`` come from the owner's side of each
    invitation (inviter of OUTGOING, invitee of INCOMING).
    """

    owner_slugs: list[str] = field(default_factory=list)
    owner_name: str | None = None


def survey_invitations(tree: ExportTree, member: str) -> InvitationFacts:
    """First, cheap pass over Invitations.csv (it only holds recent invitations)."""
    facts = InvitationFacts()
    for row in iter_rows(tree, member, is_invitations_header, "From, To, Sent At, Direction"):
        if not isinstance(row, Row):
            continue
        direction = row.get("direction").upper()
        if direction == "OUTGOING":
            own_url, own_name = row.get("inviterprofileurl"), row.get("from")
        elif direction == "INCOMING":
            own_url, own_name = row.get("inviteeprofileurl"), row.get("to")
        else:
            continue
        slug = linkedin_slug(own_url)
        if slug and slug not in facts.owner_slugs:
            facts.owner_slugs.append(slug)
        facts.owner_name = facts.owner_name or own_name or None
    return facts


def read_connections(tree: ExportTree, member: str) -> Iterator[Record]:
    """A ContactRecord and a ``connection`` InteractionRecord per named row.

    A connection is mutual (``mut``): both accepted it, and it counts for
    neither side's messages in the tie state (see ``warmly.ledger.tiestate``).
    """
    rows = iter_rows(
        tree,
        member,
        is_connections_header,
        "First Name, Last Name, Connected On",
        scan=CONNECTIONS_SCAN,
    )
    for row in rows:
        if not isinstance(row, Row):
            yield row
            continue
        loc = row.location
        first, last, url = row.get("firstname"), row.get("lastname"), row.get("url")
        name = full_name(first, last)
        if name is None and not url:
            # LinkedIn exports hidden or closed profiles as a bare date.
            yield Skipped(loc, "hidden profile: the row has only a connection date")
            continue
        try:
            connected = parse_connected_on(row.get("connectedon"))
        except ValueError as exc:
            yield RecordError(loc, f"Connected On: {exc}")
            continue
        ref = linkedin_ref(url, name)
        identities = [ref]
        if email := email_key(row.get("emailaddress")):
            identities.append(IdentityRef("email", email, name))
        # Same person, same key across exports once the URL is known; older eras
        # have only a name, so the date keeps namesakes apart.
        day = connected.date().isoformat()
        ident = ref.handle or stable_key("name:", (name or "").casefold(), day)
        yield ContactRecord(
            source_key=f"linkedin:contact:{ident}",
            identities=identities,
            name=name,
            first_name=first or None,
            last_name=last or None,
            organisation=row.get("company") or None,
            title=row.get("position") or None,
            location=loc,
        )
        yield InteractionRecord(
            source_key=f"linkedin:connected:{ident}",
            platform="linkedin",
            kind="connection",
            # Both accepted it: neither side "wrote". Who asked first is the
            # invitation's (Invitations.csv keeps only recent ones).
            direction="mut",
            occurred_at=connected.replace(hour=12),  # a day, no time: see DATE_ONLY
            counterparts=[ref],
            tags=[DATE_ONLY],
            location=loc,
        )


def read_invitations(tree: ExportTree, member: str) -> Iterator[Record]:
    """An ``invitation`` InteractionRecord per row, ``in`` for INCOMING, ``out`` for OUTGOING."""
    for row in iter_rows(tree, member, is_invitations_header, "From, To, Sent At, Direction"):
        if not isinstance(row, Row):
            yield row
            continue
        loc = row.location
        direction = row.get("direction").upper()
        if direction == "INCOMING":
            other = linkedin_ref(row.get("inviterprofileurl"), row.get("from") or None)
        elif direction == "OUTGOING":
            other = linkedin_ref(row.get("inviteeprofileurl"), row.get("to") or None)
        else:
            yield RecordError(loc, f"Direction: unknown value {row.get('direction')!r}")
            continue
        if other.handle is None and other.name is None:
            yield RecordError(loc, "no name or profile URL for the other person")
            continue
        try:
            sent = parse_sent_at(row.get("sentat"))
        except ValueError as exc:
            yield RecordError(loc, f"Sent At: {exc}")
            continue
        # Names and the raw time exist in both eras, so the key survives the
        # late-2023 addition of the URL columns.
        key = stable_key(
            "linkedin:inv:", direction, row.get("sentat"), row.get("from"), row.get("to")
        )
        yield InteractionRecord(
            source_key=key,
            platform="linkedin",
            kind="invitation",
            direction="in" if direction == "INCOMING" else "out",
            occurred_at=sent,
            counterparts=[other],
            text=row.get("message") or None,
            location=loc,
        )


def read_notes(tree: ExportTree, member: str) -> Iterator[Record]:
    """Notes.csv (2026): the owner's private note on a connection -> ContactRecord.note."""
    for row in iter_rows(tree, member, is_notes_header, "Connection Profile URL, Note"):
        if not isinstance(row, Row):
            yield row
            continue
        loc = row.location
        name = full_name(row.get("connectionfirstname"), row.get("connectionlastname"))
        ref = linkedin_ref(row.get("connectionprofileurl"), name)
        note = row.get("note")
        if ref.handle is None:
            yield RecordError(loc, "Connection Profile URL: no LinkedIn profile URL")
            continue
        if not note:
            yield Skipped(loc, "empty note")
            continue
        yield ContactRecord(
            source_key=f"linkedin:note:{ref.handle}",
            identities=[ref],
            name=name,
            note=note,
            location=loc,
        )
