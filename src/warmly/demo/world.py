"""The demo world as plain data: the user, their contacts and everything that happened.

The world is built once from a seed (:mod:`warmly.demo.people`,
:mod:`warmly.demo.history`, :mod:`warmly.demo.social`) and then rendered into
real export files by the ``write_*`` modules. Nothing here knows any file format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from warmly.demo.names import CompanyInfo

TIER_NAMES = ("very close", "close", "fifty", "one-fifty", "weak")
"""Planted tie strength, after Dunbar's layers (≈5 / 15 / 50 / 150 / the rest)."""

NETWORKS = ("linkedin", "x", "email", "mastodon", "bluesky")


@dataclass(slots=True)
class OwnerPosition:
    """One of the user's own jobs (Positions.csv)."""

    company: str
    title: str
    description: str
    location: str
    started: date
    finished: date | None = None


@dataclass(slots=True)
class Owner:
    """The user of warmly: a tech recruiter in Berlin."""

    first: str
    last: str
    headline: str
    summary: str
    location: str
    specialties: list[str]
    skills: list[str]
    positions: list[OwnerPosition]
    linkedin_slug: str
    x_handle: str
    x_id: str
    x_display: str
    emails: list[str]
    mastodon: str
    bluesky: str
    website: str
    timezone: str = "Europe/Berlin"
    working_hours: str = "09:00-17:30"
    minutes_per_day: int = 20

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"

    @property
    def linkedin_url(self) -> str:
        return f"https://www.linkedin.com/in/{self.linkedin_slug}"

    def profile(self) -> dict[str, Any]:
        """The user's profile in the shape of ``warmly.toml``'s ``[profile]`` table."""
        return {
            "name": self.name,
            "emails": list(self.emails),
            "handles": {
                "linkedin": self.linkedin_slug,
                "x": self.x_handle,
                "mastodon": self.mastodon,
                "bluesky": self.bluesky,
            },
            "specialties": list(self.specialties),
            "timezone": self.timezone,
            "working_hours": self.working_hours,
            "minutes_per_day": self.minutes_per_day,
        }


@dataclass(slots=True)
class Contact:
    """One human the user knows (or who writes to them), with their presence per network.

    ``None`` for a handle means "not on that network (as far as any file shows)".
    ``tier`` indexes :data:`TIER_NAMES`. ``old_company`` is set when the person
    changed jobs recently: their mailbox address still belongs to it.
    """

    id: int
    first: str
    last: str
    role: str
    title: str
    company: CompanyInfo
    city: str
    country: str
    tier: int
    project: str
    name_suffix: str = ""
    old_company: CompanyInfo | None = None
    changed_jobs_on: date | None = None
    linkedin_slug: str | None = None
    connected_on: date | None = None
    linkedin_email: str | None = None
    x_handle: str | None = None
    x_id: str | None = None
    x_display: str | None = None
    email: str | None = None
    vcard_email: str | None = None
    phone: str | None = None
    birthday: date | None = None
    vcard_version: str | None = None
    vcard_links: tuple[str, ...] = ()
    mastodon: str | None = None
    bluesky: str | None = None
    homonym_of: int | None = None
    drift_after: date | None = None
    channels: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"

    @property
    def linkedin_name(self) -> str:
        """The name as LinkedIn shows it (credentials glued on: ``Wren Hale, PhD``)."""
        return f"{self.first} {self.last}{self.name_suffix}"

    @property
    def linkedin_url(self) -> str | None:
        return f"https://www.linkedin.com/in/{self.linkedin_slug}" if self.linkedin_slug else None

    @property
    def stranger(self) -> bool:
        """On LinkedIn but not a connection (writes cold, or a pending invitation)."""
        return self.linkedin_slug is not None and self.connected_on is None

    def networks(self) -> list[str]:
        """Networks on which this person appears in at least one export file."""
        out = []
        if self.linkedin_slug:
            out.append("linkedin")
        if self.x_handle:
            out.append("x")
        if self.email or self.linkedin_email or self.vcard_email:
            out.append("email")
        if self.mastodon:
            out.append("mastodon")
        if self.bluesky:
            out.append("bluesky")
        return out

    def identity_groups(self) -> int:
        """How many pieces this person's identities fall into using only shared keys.

        1 means every identity is tied to the others by some record carrying
        two keys at once (a vCard with email + LinkedIn URL, a connection with
        its email): deterministic linkage. More than 1: only fuzzy evidence
        (name, company, email domain) can join them.
        """
        keys: list[str] = []
        if self.linkedin_slug:
            keys.append("li")
        if self.x_handle:
            keys.append("x")
        for e in (self.email, self.linkedin_email, self.vcard_email):
            if e and f"e:{e}" not in keys:
                keys.append(f"e:{e}")
        if self.mastodon:
            keys.append("m")
        if self.bluesky:
            keys.append("b")
        parent = {k: k for k in keys}

        def find(k: str) -> str:
            while parent[k] != k:
                k = parent[k]
            return k

        def union(group: list[str]) -> None:
            for other in group[1:]:
                parent[find(other)] = find(group[0])

        if self.linkedin_slug and self.linkedin_email:
            union(["li", f"e:{self.linkedin_email}"])
        if self.vcard_version:
            card = [f"e:{self.vcard_email}"] if self.vcard_email else []
            link_keys = {"linkedin": "li", "x": "x", "mastodon": "m", "bluesky": "b"}
            card += [link_keys[n] for n in self.vcard_links if link_keys[n] in parent]
            if len(card) > 1:
                union(card)
        return len({find(k) for k in keys})


@dataclass(slots=True)
class Message:
    """One private message or email; ``outgoing`` means written by the user."""

    outgoing: bool
    at: datetime
    text: str
    sender: int | None = None  # contact id when incoming
    promise: bool = False
    question: bool = False


@dataclass(slots=True)
class Thread:
    """A conversation on one channel (``linkedin``, ``x`` DMs or ``email``).

    ``label`` marks inbound spray with the triage label it should get: ``fit``,
    ``not_a_fit``, ``didnt_read_profile`` or ``mass_mail``; ``None`` otherwise.
    """

    channel: str
    key: str
    contacts: list[int]
    subject: str
    messages: list[Message] = field(default_factory=list)
    title: str = ""
    label: str | None = None
    list_mail: bool = False


@dataclass(slots=True)
class Tweet:
    """One of the user's own posts on X."""

    id: str
    at: datetime
    text: str
    kind: str  # post | reply | mention | retweet
    mentions: list[int] = field(default_factory=list)
    reply_to: int | None = None


@dataclass(slots=True)
class Notification:
    """A platform notification email: someone shared, commented, or wants to connect."""

    network: str  # linkedin | x | mastodon | bluesky
    kind: str  # repost | comment | invite | boost
    contact: int
    at: datetime
    post: str


@dataclass(slots=True)
class Invitation:
    """A pending LinkedIn invitation (Invitations.csv)."""

    contact: int
    outgoing: bool
    at: datetime
    message: str


@dataclass(slots=True)
class World:
    """Everything the demo generator knows; the writers only render it."""

    seed: int
    now: datetime
    start: datetime
    owner: Owner
    contacts: list[Contact]
    threads: list[Thread] = field(default_factory=list)
    tweets: list[Tweet] = field(default_factory=list)
    notifications: list[Notification] = field(default_factory=list)
    invitations: list[Invitation] = field(default_factory=list)
    liked: list[tuple[int, datetime, str]] = field(default_factory=list)

    def contact(self, cid: int) -> Contact:
        return self.contacts[cid]
