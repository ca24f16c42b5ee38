"""The owner's own profile: Profile.csv, Skills.csv, Positions.csv, Email Addresses.csv.

Together they become one :class:`OwnerRecord`. The owner's LinkedIn URL is
not in Profile.csv; the importer adds it from Invitations.csv or messages.csv.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from warmly.identity.keys import email_key, identity_from_url, x_handle
from warmly.importers.linkedin_csv import (
    HeaderTest,
    Row,
    full_name,
    iter_rows,
    parse_month_year,
    where,
)
from warmly.importers.records import IdentityRef, PositionRef, RecordError, add_identity
from warmly.importers.source import ExportTree

# ``[PERSONAL:https://a.example,COMPANY:https://b.example]``: split before each TYPE: tag.
_WEBSITE_SPLIT_RX = re.compile(r",\s*(?=[A-Z_]+:)")
_WEBSITE_TYPE_RX = re.compile(r"^[A-Z_]+:(?!//)")


def is_profile_header(cols: set[str]) -> bool:
    return {"firstname", "lastname", "headline"} <= cols


def is_skills_header(cols: set[str]) -> bool:
    return "name" in cols


def is_positions_header(cols: set[str]) -> bool:
    return {"companyname", "title", "startedon"} <= cols


def is_emails_header(cols: set[str]) -> bool:
    return "emailaddress" in cols


@dataclass(slots=True)
class OwnerParts:
    """The owner's profile as read so far; errors are yielded after the first OwnerRecord."""

    identities: list[IdentityRef] = field(default_factory=list)
    name: str | None = None
    headline: str | None = None
    summary: str | None = None
    specialties: list[str] = field(default_factory=list)
    positions: list[PositionRef] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    errors: list[RecordError] = field(default_factory=list)

    def add_identity(self, ref: IdentityRef | None) -> None:
        add_identity(self.identities, ref)


def website_urls(value: str) -> list[str]:
    """URLs of the ``Websites`` cell: ``[PERSONAL:https://x.example]`` lists."""
    inner = value.strip().strip("[]").strip()
    urls = []
    for item in _WEBSITE_SPLIT_RX.split(inner):
        url = _WEBSITE_TYPE_RX.sub("", item.strip()).strip()
        if url:
            urls.append(url)
    return urls


def _rows(
    tree: ExportTree, member: str, test: HeaderTest, expected: str, parts: OwnerParts
) -> Iterator[Row]:
    parts.sources.append(where(member))
    for row in iter_rows(tree, member, test, expected):
        if isinstance(row, Row):
            yield row
        else:
            parts.errors.append(row)


def read_profile(tree: ExportTree, member: str, parts: OwnerParts) -> None:
    """Name, headline, summary, X handles and websites from Profile.csv's one row."""
    for row in _rows(tree, member, is_profile_header, "First Name, Last Name, Headline", parts):
        parts.name = full_name(row.get("firstname"), row.get("lastname"))
        parts.headline = row.get("headline") or None
        parts.summary = row.get("summary") or None
        for handle in re.split(r"[\s,\[\]]+", row.get("twitterhandles")):
            if h := x_handle(handle):
                parts.add_identity(IdentityRef("x", h, parts.name))
        for url in website_urls(row.get("websites")):
            parts.add_identity(identity_from_url(url, parts.name))
        break  # one row: the owner


def read_skills(tree: ExportTree, member: str, parts: OwnerParts) -> None:
    """Skill names, in file order, as the owner's specialties."""
    for row in _rows(tree, member, is_skills_header, "Name", parts):
        if (skill := row.get("name")) and skill not in parts.specialties:
            parts.specialties.append(skill)


def read_positions(tree: ExportTree, member: str, parts: OwnerParts) -> None:
    """The owner's jobs; an empty ``Finished On`` is the current job."""
    for row in _rows(tree, member, is_positions_header, "Company Name, Title, Started On", parts):
        loc = row.location
        try:
            started = _month_year(row, "startedon", "Started On")
            ended = _month_year(row, "finishedon", "Finished On")
        except ValueError as exc:
            parts.errors.append(RecordError(loc, str(exc)))
            continue
        if not row.get("companyname"):
            parts.errors.append(RecordError(loc, "Company Name is empty"))
            continue
        parts.positions.append(
            PositionRef(
                organisation=row.get("companyname"),
                title=row.get("title") or None,
                started=started,
                ended=ended,
                description=row.get("description") or None,
                location=row.get("location") or None,
            )
        )


def _month_year(row: Row, col: str, label: str) -> date | None:
    if not row.get(col):
        return None
    try:
        return parse_month_year(row.get(col))
    except ValueError as exc:
        raise ValueError(f"{label}: {exc}") from None


def read_emails(tree: ExportTree, member: str, parts: OwnerParts) -> None:
    """The owner's own email addresses."""
    for row in _rows(tree, member, is_emails_header, "Email Address", parts):
        if key := email_key(row.get("emailaddress")):
            parts.add_identity(IdentityRef("email", key, parts.name))
        else:
            parts.errors.append(RecordError(row.location, "Email Address: not an email address"))
