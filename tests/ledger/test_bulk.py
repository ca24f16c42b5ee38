"""The import writer's bulk paths (SQLite executemany, PostgreSQL COPY) store values exactly."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from warmly.ledger.bulk import BulkInserter
from warmly.store.models import Identity, Interaction, Person, Sighting
from warmly.workspace import Workspace

COLS = ("source_key", "person_id", "identity_id", "platform", "kind", "direction")
COLS += ("occurred_at", "text", "words")
AWKWARD = [
    "tab\there",
    "two\nlines\r\nand a CR",
    "back\\slash \\N and \\.",
    "quotes \"double\" and 'single'",
    "émoji 🎉 and ümlauts",
    "",
]


def test_awkward_values_come_back_as_they_went_in(workspace: Workspace) -> None:
    when = datetime(2024, 2, 29, 23, 59, 58, 123456, tzinfo=UTC)
    with workspace.sessions() as s:
        bulk = BulkInserter(s.connection())
        assert bulk.copy == (s.connection().dialect.name == "postgresql")  # COPY is tested there
        people = bulk.insert_ids(
            Person.__table__,  # type: ignore[arg-type]
            ("display_name", "name_key", "is_owner", "created_at"),
            [(name, f"k{i}", False, when) for i, name in enumerate(AWKWARD)],
        )
        assert len(set(people)) == len(AWKWARD)
        # ids follow the rows' order, and later inserts do not collide with them
        more = bulk.insert_ids(
            Person.__table__,  # type: ignore[arg-type]
            ("display_name", "name_key", "is_owner", "created_at"),
            [("Later", "later", False, when)],
        )
        assert more[0] not in people
        idents = bulk.insert_ids(
            Identity.__table__,  # type: ignore[arg-type]
            ("person_id", "platform", "handle", "created_at"),
            [(pid, "email", f"p{i}@example.org", when) for i, pid in enumerate(people)],
        )
        bulk.insert(
            Sighting.__table__,  # type: ignore[arg-type]
            ("source_key", "person_id", "identity_id", "data"),
            [
                (f"s{i}", pid, iid, {"note": text, "n": i})
                for i, (pid, iid, text) in enumerate(zip(people, idents, AWKWARD, strict=True))
            ],
        )
        bulk.insert(
            Interaction.__table__,  # type: ignore[arg-type]
            COLS,
            [
                (f"i{i}", pid, iid, "email", "message", "in", when, text or None, i)
                for i, (pid, iid, text) in enumerate(zip(people, idents, AWKWARD, strict=True))
            ],
        )
        assert bulk.existing(Sighting.__table__, "source_key", ["s0", "s5", "nope"]) == {  # type: ignore[arg-type]
            "s0",
            "s5",
        }
        s.commit()
    with workspace.sessions() as s:
        names = dict(s.execute(select(Person.id, Person.display_name)).all())
        assert [names[p] for p in people] == AWKWARD
        got = {r.person_id: r for r in s.scalars(select(Sighting))}
        for i, (pid, iid, text) in enumerate(zip(people, idents, AWKWARD, strict=True)):
            assert got[pid].data == {"note": text, "n": i}
            assert got[pid].identity_id == iid
        texts = {r.person_id: (r.text, r.occurred_at) for r in s.scalars(select(Interaction))}
        assert [texts[p] for p in people] == [(t or None, when) for t in AWKWARD]


def test_nul_never_reaches_postgresql(workspace: Workspace) -> None:
    """PostgreSQL text cannot hold NUL: one stray byte must not fail a whole import."""
    when = datetime(2024, 1, 1, tzinfo=UTC)
    with workspace.sessions() as s:
        bulk = BulkInserter(s.connection())
        (pid,) = bulk.insert_ids(
            Person.__table__,  # type: ignore[arg-type]
            ("display_name", "name_key", "is_owner", "created_at"),
            [("Bo\x00b Ray", "bob ray", False, when)],
        )
        s.commit()
    with workspace.sessions() as s:
        name = s.get(Person, pid).display_name  # type: ignore[union-attr]
    assert name == ("Bob Ray" if bulk.copy else "Bo\x00b Ray")  # SQLite keeps what it is given


def test_a_row_the_database_refuses_raises_as_sqlalchemy_would(workspace: Workspace) -> None:
    """Callers handle database errors as SQLAlchemy's, the PostgreSQL COPY path included."""
    from sqlalchemy.exc import IntegrityError

    with workspace.sessions() as s:
        bulk = BulkInserter(s.connection())
        with pytest.raises(IntegrityError):
            bulk.insert_ids(
                Person.__table__,  # type: ignore[arg-type]
                ("display_name", "name_key", "is_owner", "created_at"),
                [("Ada", "ada", None, datetime(2024, 1, 1, tzinfo=UTC))],  # is_owner NOT NULL
            )
