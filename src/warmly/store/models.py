"""The ledger schema. Every fact is a row; everything else is derived from it.

Derived tables (``tie_state``, ``match_candidates``) can be rebuilt from the
rest. Rows that come from an import carry a stable ``source_key`` so that
importing the same export twice changes nothing.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from warmly.store.types import UTCDateTime

# Named constraints keep Alembic migrations identical on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON,
        list[Any]: JSON,
    }


class Person(Base):
    """A human. ``merged_into`` is set when this row was merged into another."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    display_name: Mapped[str] = mapped_column(String(300), default="")
    name_key: Mapped[str] = mapped_column(String(300), default="", index=True)
    is_owner: Mapped[bool] = mapped_column(Boolean, default=False)
    merged_into: Mapped[int | None] = mapped_column(ForeignKey("people.id"), index=True)
    organisation: Mapped[str | None] = mapped_column(String(300))
    title: Mapped[str | None] = mapped_column(String(300))
    birthday: Mapped[date | None] = mapped_column(Date, index=True)
    created_at: Mapped[datetime]


class Identity(Base):
    """One handle of a person on one platform; ``(platform, handle)`` is unique.

    Handles starting with ``~`` are name-only placeholders (a source named the
    person but gave no key); they never drive a deterministic link.
    """

    __tablename__ = "identities"
    __table_args__ = (
        UniqueConstraint("platform", "handle"),
        Index("ix_identities_platform_external", "platform", "external_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    platform: Mapped[str] = mapped_column(String(20))
    handle: Mapped[str] = mapped_column(String(400))
    external_id: Mapped[str | None] = mapped_column(String(100))
    display_name: Mapped[str | None] = mapped_column(String(300))
    url: Mapped[str | None] = mapped_column(String(1000))
    created_at: Mapped[datetime]


class Interaction(Base):
    """One interaction with one person (a group message gives one row per person)."""

    __tablename__ = "interactions"
    __table_args__ = (
        Index("ix_interactions_person_time", "person_id", "occurred_at"),
        # "recent interactions of a kind" (waiting invitations) without a scan
        Index("ix_interactions_kind_time", "kind", "occurred_at"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    source_key: Mapped[str] = mapped_column(String(300), unique=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    # NULL for what the user logs by hand (a call, a coffee) or marks done.
    identity_id: Mapped[int | None] = mapped_column(ForeignKey("identities.id"), index=True)
    platform: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(20))
    direction: Mapped[str] = mapped_column(String(3))
    occurred_at: Mapped[datetime]
    thread: Mapped[str | None] = mapped_column(String(300), index=True)
    subject: Mapped[str | None] = mapped_column(String(500))
    text: Mapped[str | None] = mapped_column(Text)
    words: Mapped[int] = mapped_column(Integer, default=0)
    tags: Mapped[str | None] = mapped_column(String(200))  # comma-separated source tags
    run_id: Mapped[int | None] = mapped_column(ForeignKey("import_runs.id"))


class Sighting(Base):
    """A source's view of a contact (a connection row, a vCard): keeps re-imports idempotent."""

    __tablename__ = "sightings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_key: Mapped[str] = mapped_column(String(300), unique=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    identity_id: Mapped[int | None] = mapped_column(ForeignKey("identities.id"), index=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("import_runs.id"))


class Organisation(Base):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    name_key: Mapped[str] = mapped_column(String(300), unique=True)
    domain: Mapped[str | None] = mapped_column(String(300))


class Position(Base):
    """A job a person holds or held; a new current one is a job change."""

    __tablename__ = "positions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_key: Mapped[str] = mapped_column(String(300), unique=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    identity_id: Mapped[int | None] = mapped_column(ForeignKey("identities.id"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    title: Mapped[str | None] = mapped_column(String(300))
    started: Mapped[date | None] = mapped_column(Date, index=True)
    ended: Mapped[date | None] = mapped_column(Date)
    seen_at: Mapped[datetime]


class Note(Base):
    __tablename__ = "notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    source_key: Mapped[str | None] = mapped_column(String(300), unique=True)
    created_at: Mapped[datetime]


class Tag(Base):
    __tablename__ = "tags"

    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), primary_key=True)
    tag: Mapped[str] = mapped_column(String(100), primary_key=True)


class ProfileFact(Base):
    """A fact about the user: a specialty, headline, summary or own position."""

    __tablename__ = "profile_facts"
    __table_args__ = (UniqueConstraint("kind", "value_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))
    value: Mapped[str] = mapped_column(Text)
    value_key: Mapped[str] = mapped_column(String(300))
    source: Mapped[str | None] = mapped_column(String(300))


class ImportRun(Base):
    """One ``warmly import`` of one path: what was read, added, skipped, and why."""

    __tablename__ = "import_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    path: Mapped[str] = mapped_column(String(2000))
    format: Mapped[str] = mapped_column(String(40))
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(20), default="running")
    read: Mapped[int] = mapped_column(Integer, default=0)
    added: Mapped[int] = mapped_column(Integer, default=0)
    skipped: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[int] = mapped_column(Integer, default=0)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class TieState(Base):
    """Per-person incremental tie state (derived; rebuildable from interactions).

    ``decay_in``/``decay_out`` are exponentially decayed weighted counts valid
    at ``decay_at``: s(t) = s(decay_at)·e^(−λ(t−decay_at)). Updating them for
    one interaction is O(1), so later engines read one row per person.
    """

    __tablename__ = "tie_state"
    __table_args__ = (
        # Who is waiting for an answer, ranked by score, read from the index
        # alone: planning never visits the rows of recently active people.
        Index("ix_tie_state_waiting", "last_in_at", "last_out_at", "score"),
    )

    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), primary_key=True)
    first_at: Mapped[datetime | None]
    last_at: Mapped[datetime | None]
    first_in_at: Mapped[datetime | None]
    last_in_at: Mapped[datetime | None]
    first_out_at: Mapped[datetime | None]
    last_out_at: Mapped[datetime | None]
    n_in: Mapped[int] = mapped_column(Integer, default=0)
    n_out: Mapped[int] = mapped_column(Integer, default=0)
    words_in: Mapped[int] = mapped_column(BigInteger, default=0)
    words_out: Mapped[int] = mapped_column(BigInteger, default=0)
    decay_in: Mapped[float] = mapped_column(Float, default=0.0)
    decay_out: Mapped[float] = mapped_column(Float, default=0.0)
    decay_at: Mapped[datetime | None]
    platforms: Mapped[int] = mapped_column(Integer, default=0)  # bitmask over PLATFORMS
    # Strength as of ``scored_at``: an index for ranking a million people without
    # scoring them all. Refreshed when the tie changes and when planning reads it;
    # the exact score as of now is always recomputed for whoever is shown.
    score: Mapped[float | None] = mapped_column(Float, index=True)
    scored_at: Mapped[datetime | None]


class LedgerState(Base):
    """Small JSON values about derived data: e.g. which strength formula the stored scores used."""

    __tablename__ = "ledger_state"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime]


class MergeEvent(Base):
    """A merge or unmerge, with the identities it moved, so it can be undone."""

    __tablename__ = "merge_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    action: Mapped[str] = mapped_column(String(10))  # merge | unmerge
    survivor_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    absorbed_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    identity_ids: Mapped[list[Any]] = mapped_column(JSON, default=list)
    confidence: Mapped[float | None] = mapped_column(Float)
    reasons: Mapped[list[Any]] = mapped_column(JSON, default=list)
    decided_by: Mapped[str] = mapped_column(String(10))  # import | auto | user
    created_at: Mapped[datetime]
    undone_by: Mapped[int | None] = mapped_column(Integer)
    # What a merge changed besides moving identities (rows tied to no identity,
    # tags and fields the survivor took over), so that its unmerge restores both.
    undo: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class MatchCandidate(Base):
    """A fuzzy "probably the same human" pair waiting for review (derived)."""

    __tablename__ = "match_candidates"
    __table_args__ = (UniqueConstraint("person_a", "person_b"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_a: Mapped[int] = mapped_column(ForeignKey("people.id"))
    person_b: Mapped[int] = mapped_column(ForeignKey("people.id"))
    confidence: Mapped[float] = mapped_column(Float)
    rule: Mapped[str] = mapped_column(String(40))
    reasons: Mapped[list[Any]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    created_at: Mapped[datetime]


class DistinctPair(Base):
    """The user's "not the same person": two identities that must never merge."""

    __tablename__ = "distinct_pairs"

    identity_a: Mapped[int] = mapped_column(ForeignKey("identities.id"), primary_key=True)
    identity_b: Mapped[int] = mapped_column(ForeignKey("identities.id"), primary_key=True)
    created_at: Mapped[datetime]
    reason: Mapped[str | None] = mapped_column(String(500))
