"""Shapes shared by the import writer's steps: planned rows, tables, column orders.

The writer plans each record as rows ``(row source key, identity key, ref)``,
groups identity keys with a union-find, and inserts tuples whose column order
is fixed here once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table
from sqlalchemy.orm import Session

from warmly.identity.namekey import name_key
from warmly.importers.records import ContactRecord, Record
from warmly.ledger.rows import Key, PlannedRow
from warmly.store.models import (
    Identity,
    Interaction,
    Organisation,
    Person,
    Position,
    Sighting,
    TieState,
)

# A record, or a prepared interaction (``warmly.ledger.prepare.Prepared``), with its rows.
Work = tuple[Record | tuple[Any, ...], list[PlannedRow]]
NO_KEY: Key = ("", "")  # the row of a contact that has no identity at all

# The tables as Core tables (``__table__`` is typed as a bare FromClause).
INTERACTIONS = cast(Table, Interaction.__table__)
SIGHTINGS = cast(Table, Sighting.__table__)
POSITIONS = cast(Table, Position.__table__)
PEOPLE = cast(Table, Person.__table__)
IDENTITIES = cast(Table, Identity.__table__)
ORGANISATIONS = cast(Table, Organisation.__table__)
TIE_STATES = cast(Table, TieState.__table__)

# Column orders of the tuples the writer builds for each bulk insert.
# The first four are the writer's; the rest are a prepared interaction's ``tail``
# (see :mod:`warmly.ledger.prepare`), in this order.
INTERACTION_COLS = (
    "source_key",
    "person_id",
    "identity_id",
    "run_id",
    "platform",
    "kind",
    "direction",
    "occurred_at",
    "thread",
    "subject",
    "text",
    "words",
    "tags",
)
SIGHTING_COLS = ("source_key", "person_id", "identity_id", "data", "run_id")
POSITION_COLS = (
    "source_key",
    "person_id",
    "identity_id",
    "organisation_id",
    "title",
    "started",
    "ended",
    "seen_at",
)
PERSON_COLS = ("display_name", "name_key", "is_owner", "created_at")
IDENTITY_COLS = (
    "person_id",
    "platform",
    "handle",
    "external_id",
    "display_name",
    "url",
    "created_at",
)


class UnionFind:
    """Groups of identity keys that one record names together."""

    def __init__(self) -> None:
        self.parent: dict[Key, Key] = {}

    def find(self, k: Key) -> Key:
        self.parent.setdefault(k, k)
        while self.parent[k] != k:
            self.parent[k] = self.parent[self.parent[k]]
            k = self.parent[k]
        return k

    def union(self, a: Key, b: Key) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra


BATCH = 5000  # records per batch: one key check, one resolve, one insert each
MAX_PROBLEMS = 200  # problems kept per file in the run's details; all are counted


@dataclass
class Counts:
    read: int = 0
    added: int = 0
    unchanged: int = 0
    skipped: int = 0
    errors: int = 0
    people_added: int = 0
    merged: int = 0
    problems: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, where, why)
    not_read: list[tuple[str, str]] = field(default_factory=list)  # (file, what it holds)

    def note(self, kind: str, where: str, why: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append((kind, where, why))


def nameless_person(session: Session, rec: ContactRecord, now: datetime, counts: Counts) -> int:
    """A contact without any handle: one person per source row (found again by its key)."""
    nm = rec.name or " ".join(x for x in (rec.first_name, rec.last_name) if x)
    person = Person(
        display_name=nm[:300], name_key=name_key(nm)[:300], is_owner=False, created_at=now
    )
    session.add(person)
    session.flush()
    counts.people_added += 1
    return person.id
