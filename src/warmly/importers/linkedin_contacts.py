"""LinkedIn Contacts.csv / ImportedContacts.csv: an address book synced into LinkedIn.

These are the user's own contacts (a phone or mail account uploaded to
LinkedIn), not LinkedIn ties, and nothing in them is an interaction. Each row
becomes a ContactRecord whose email addresses, phone numbers and profile URLs
are identities of one person: that is how the identity matcher learns which
address belongs to which LinkedIn profile.

Two layouts are documented (docs/formats.md): Contacts.csv with ``Source``,
``FullName``, ``Sites`` and ``Profiles`` columns, and ImportedContacts.csv with
``MiddleName``, ``NickName`` and the like instead. Both have ``FirstName``,
``LastName``, ``Title``, ``Emails``, ``PhoneNumbers`` and ``CreatedAt``; columns
are read by name, so either works. A cell may hold several values, separated
by commas or semicolons.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from warmly.identity.keys import email_key, identity_from_url, phone_key
from warmly.importers.linkedin_csv import Row, iter_rows, stable_key
from warmly.importers.records import ContactRecord, IdentityRef, Record, Skipped, add_identity
from warmly.importers.source import ExportTree

EXPECTED = "FirstName, LastName, Emails, PhoneNumbers, CreatedAt"
# Addresses and URLs never hold spaces; phone numbers do ("+44 20 7946 0000").
_WORDS_RX = re.compile(r"[,;\s\[\]]+")
_PHONES_RX = re.compile(r"[,;]+")
# ``PERSONAL:https://…``, as Profile.csv's Websites writes a URL's type.
_TYPE_RX = re.compile(r"^[A-Za-z_]+:(?!//)")


def is_address_book_header(cols: set[str]) -> bool:
    return {"firstname", "lastname", "emails", "phonenumbers", "createdat"} <= cols


def _urls(value: str) -> list[str]:
    """The URLs of a cell; a word that only might be a host (``jane.doe``) is no URL."""
    urls = (_TYPE_RX.sub("", part) for part in _WORDS_RX.split(value))
    return [u for u in urls if "/" in u or u.lower().startswith("www.")]


def _identities(row: Row, name: str | None, region: str | None) -> list[IdentityRef]:
    """Emails, phone numbers and profiles of one row, each once, in that order.

    ``Profiles`` holds the person's own pages. ``Sites`` often holds their
    employer's site, shared by colleagues: as an identity it would make them
    one person, so only the profiles of known networks are taken from it.
    """
    found: list[IdentityRef] = []
    candidates: list[IdentityRef | None] = []
    for value in _WORDS_RX.split(row.get("emails")):
        key = email_key(value)
        candidates.append(IdentityRef("email", key, name) if key else None)
    for value in _PHONES_RX.split(row.get("phonenumbers")):
        key = phone_key(value, region)
        candidates.append(IdentityRef("phone", key, name) if key else None)
    candidates += [identity_from_url(u, name) for u in _urls(row.get("profiles"))]
    candidates += [
        ref
        for u in _urls(row.get("sites"))
        if (ref := identity_from_url(u, name)) is not None and ref.platform != "web"
    ]
    for ref in candidates:
        add_identity(found, ref)
    return found


def read_address_book(
    tree: ExportTree, member: str, region: str | None, seen: dict[str, str]
) -> Iterator[Record]:
    """A ContactRecord per row that names someone or has an address.

    ``region`` reads phone numbers without a country code. ``seen`` maps the
    source keys read so far (across Contacts.csv and ImportedContacts.csv) to
    their locations: an entry synced twice is skipped as a duplicate.
    """
    for row in iter_rows(tree, member, is_address_book_header, EXPECTED):
        if not isinstance(row, Row):
            yield row
            continue
        loc = row.location
        first, last = row.get("firstname"), row.get("lastname")
        parts = (first, row.get("middlename"), last)
        name = row.get("fullname") or " ".join(p for p in parts if p) or None
        refs = _identities(row, name, region)
        if name is None and not refs:
            yield Skipped(loc, "address-book entry with no name, email, phone or profile")
            continue
        # What the entry is, not when it was synced (CreatedAt, BookmarkedAt):
        # the same entry in a later export has the same key.
        key = stable_key(
            "linkedin:addressbook:",
            (name or "").casefold(),
            *sorted(f"{r.platform}:{r.handle}" for r in refs),
        )
        if first_seen := seen.get(key):
            yield Skipped(loc, f"duplicate of {first_seen}")
            continue
        seen[key] = loc
        yield ContactRecord(
            source_key=key,
            identities=refs,
            name=name,
            first_name=first or None,
            last_name=last or None,
            organisation=row.get("companies") or row.get("company") or None,
            title=row.get("title") or None,
            location=loc,
        )
