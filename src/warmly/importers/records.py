"""Typed records that importers yield: the only thing an importer produces.

Importers only parse. They turn a file into these records, each with a stable
``source_key`` (the same input always gives the same key, across files and
runs), and leave validation, identity resolution, de-duplication and writing to
the shared pipeline in :mod:`warmly.ledger.pipeline`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Literal

# How far past the clock an interaction's time may lie: time zones and a
# sender's clock that runs a little fast. Beyond it the date is wrong (spam
# forges them, a client with a wrong clock writes them) and would keep the
# person "just contacted" for years. Email falls back to an earlier date the
# message carries; the ledger refuses what is left (``ledger.prepare``).
FUTURE_SLACK = timedelta(days=1)

# Tag of an interaction whose source gives a day but no time (LinkedIn's
# "Connected On"): stored at noon UTC, the same calendar day in every zone
# from UTC-11 to UTC+11, and shown without a clock time.
DATE_ONLY = "date-only"

# Platforms an identity can live on. ``email`` and ``phone`` are channels rather
# than networks, but they identify a human just as well.
Platform = Literal["linkedin", "x", "email", "phone", "mastodon", "bluesky", "web", "offline"]
PLATFORMS: tuple[str, ...] = (
    "linkedin",
    "x",
    "email",
    "phone",
    "mastodon",
    "bluesky",
    "web",
    "offline",
)

# "mut": both sides at once, an accepted connection (who asked first is the
# invitation's to say, when the export keeps it).
Direction = Literal["in", "out", "mut"]

# Interaction kinds. Importers pick the most specific that the source supports.
KINDS: tuple[str, ...] = (
    "message",  # a private message (LinkedIn, X DM, Mastodon direct)
    "email",  # an email
    "reply",  # a public reply to a post
    "mention",  # a public mention of the other person
    "share",  # a repost / retweet / boost of the other's post
    "comment",  # a comment on the other's post (notifications)
    "like",  # a like / favourite
    "invitation",  # a connection invitation
    "connection",  # became connected (LinkedIn "Connected On")
    "follow",  # started following
    "call",  # offline: a call
    "meeting",  # offline: coffee, meeting
    "note",  # offline: anything else the user logs
)


@dataclass(frozen=True, slots=True)
class IdentityRef:
    """A pointer to one identity of a human on one platform.

    ``handle`` is the normalised key (see :mod:`warmly.identity.keys`): a
    LinkedIn slug, a lower-case X screen name, a normalised email address, an
    E.164 phone number, ``user@host`` for Mastodon, a DID or handle for Bluesky.
    It may be ``None`` when a source names a person without any key (a
    notification email that only says "Jane Doe reposted your post"); the
    pipeline then resolves by ``name`` among people on that platform.
    ``external_id`` is a platform's numeric id (X account id) when known.
    """

    platform: str
    handle: str | None
    name: str | None = None
    external_id: str | None = None
    url: str | None = None


def add_identity(found: list[IdentityRef], ref: IdentityRef | None) -> None:
    """Append ``ref`` unless ``found`` already holds its (platform, handle)."""
    if ref is not None and all((i.platform, i.handle) != (ref.platform, ref.handle) for i in found):
        found.append(ref)


@dataclass(slots=True)
class PositionRef:
    """A job held at an organisation."""

    organisation: str
    title: str | None = None
    started: date | None = None
    ended: date | None = None
    description: str | None = None
    location: str | None = None


@dataclass(slots=True)
class ContactRecord:
    """A person as one source knows them (a connection, a vCard, a follow).

    Every identity in ``identities`` belongs to the same human: this is how
    deterministic links enter the ledger (a vCard carrying an email and a
    LinkedIn URL ties the two together).
    """

    source_key: str
    identities: list[IdentityRef]
    name: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    organisation: str | None = None
    title: str | None = None
    birthday: date | None = None
    note: str | None = None
    tags: list[str] = field(default_factory=list)
    location: str | None = None  # "line 12", "card 3", "record 40"


@dataclass(slots=True)
class InteractionRecord:
    """One interaction between the user and one or more other people.

    ``counterparts`` are the other people involved (the sender of an inbound
    message, every recipient of an outbound group message). The owner is never
    a counterpart. ``occurred_at`` is timezone-aware UTC.
    """

    source_key: str
    platform: str
    kind: str
    direction: Direction
    occurred_at: datetime
    counterparts: list[IdentityRef]
    thread: str | None = None
    subject: str | None = None
    text: str | None = None
    location: str | None = None
    # Source facts a later engine needs, e.g. "sponsored" (a LinkedIn InMail
    # campaign) or "bulk"; free-form, lower-case words.
    tags: list[str] = field(default_factory=list)


@dataclass(slots=True)
class OwnerRecord:
    """What a source says about the user: own identities and profile.

    ``specialties`` are things the user does (LinkedIn skills, headline);
    ``positions`` the user's own jobs.
    """

    identities: list[IdentityRef]
    name: str | None = None
    headline: str | None = None
    summary: str | None = None
    specialties: list[str] = field(default_factory=list)
    positions: list[PositionRef] = field(default_factory=list)
    location: str | None = None


@dataclass(slots=True)
class PositionRecord:
    """A position of a contact (a job change shows up as a new one)."""

    source_key: str
    person: IdentityRef
    position: PositionRef
    location: str | None = None


@dataclass(slots=True)
class RecordError:
    """One record that could not be read; it is skipped, counted and reported.

    ``location`` says where (``line 14``, ``record 3``, ``message 27``) and
    ``reason`` what was wrong.
    """

    location: str
    reason: str


@dataclass(slots=True)
class Skipped:
    """A record that was read and deliberately not imported (e.g. list mail)."""

    location: str
    reason: str


@dataclass(slots=True)
class Known:
    """An interaction the ledger already holds, recognised by its source key.

    Importers yield this instead of building the record when its key is in
    :attr:`ImportContext.known <warmly.importers.base.ImportContext.known>`
    (a re-import of an overlapping export); it counts as read and unchanged.
    """

    source_key: str


@dataclass(slots=True)
class NotRead:
    """A file of the export that warmly does not read (``Comments.csv``): said once,
    beside the counts, not counted as a record read or skipped."""

    location: str
    reason: str


Record = (
    ContactRecord
    | InteractionRecord
    | OwnerRecord
    | PositionRecord
    | RecordError
    | Skipped
    | Known
    | NotRead
)
