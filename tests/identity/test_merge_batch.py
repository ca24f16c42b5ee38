"""Many merges at once leave the ledger exactly as the same merges made one by one."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect, select, text

from warmly.errors import MergeError
from warmly.identity.merge import live_person, merge_people, unmerge
from warmly.identity.merge_batch import Proposal, merge_many
from warmly.store.models import (
    DistinctPair,
    Identity,
    Interaction,
    MatchCandidate,
    Note,
    Organisation,
    Person,
    Position,
    Sighting,
    Tag,
    TieState,
)
from warmly.store.models_agenda import AgendaItem, Pin, Snooze, Task
from warmly.store.models_outbox import Action
from warmly.workspace import Workspace

NOW = datetime(2026, 11, 1, tzinfo=UTC)
NAMES = ["Ana Berg", "Ana | hiring", "", "Ben Costa", "ben costa", "Chen Wei, PhD", "C. Wei"]


def _build(ws: Workspace, seed: int) -> list[Proposal]:
    """A small ledger holding every kind of row a merge moves; the pairs to merge."""
    rng = random.Random(seed)
    with ws.sessions.begin() as s:
        owner = Person(display_name="Me", name_key="me", is_owner=True, created_at=NOW)
        s.add(owner)
        org = Organisation(name="Acme", name_key="acme")
        s.add(org)
        s.flush()
        people = [owner.id]
        for n in range(30):
            name = rng.choice(NAMES)
            p = Person(
                display_name=name,
                name_key=name.lower(),
                organisation=rng.choice([None, "Acme", "Initech"]),
                title=rng.choice([None, "CTO"]),
                birthday=rng.choice([None, date(1990, 1, n % 28 + 1)]),
                created_at=NOW,
            )
            s.add(p)
            s.flush()
            people.append(p.id)
        idents: dict[int, list[int]] = {}
        for pid in people:
            for k in range(rng.randint(0, 3)):
                i = Identity(
                    person_id=pid, platform="email", handle=f"p{pid}-{k}@x.example", created_at=NOW
                )
                s.add(i)
                s.flush()
                idents.setdefault(pid, []).append(i.id)
        n = 0
        for pid in people:
            mine = idents.get(pid, [])
            for _ in range(rng.randint(0, 4)):
                n += 1
                ident = rng.choice([None, *mine])
                s.add(
                    Interaction(
                        source_key=f"i{n}", person_id=pid, identity_id=ident, platform="email",
                        kind="email", direction=rng.choice(["in", "out"]),
                        occurred_at=NOW - timedelta(days=rng.randint(0, 900)), words=3,
                    )
                )  # fmt: skip
                s.add(Sighting(source_key=f"s{n}", person_id=pid, identity_id=ident, data={}))
                s.add(
                    Position(
                        source_key=f"p{n}", person_id=pid, identity_id=ident,
                        organisation_id=org.id, seen_at=NOW,
                    )
                )  # fmt: skip
            if rng.random() < 0.3:
                s.add(Note(person_id=pid, text="met at the fair", created_at=NOW))
            if rng.random() < 0.2:
                s.add(Snooze(person_id=pid, until=NOW, created_at=NOW))
            if rng.random() < 0.2:
                s.add(Task(person_id=pid, kind="manual", text="call", created_at=NOW))
            if rng.random() < 0.2:
                s.add(
                    Action(
                        key=f"a{pid}", person_id=pid, platform="email", kind="email",
                        created_at=NOW,
                    )
                )  # fmt: skip
            if rng.random() < 0.3:
                s.add(
                    AgendaItem(
                        id=f"it{pid}", day=NOW.date(), key=f"k{pid}", person_id=pid,
                        people=[pid], reason="r", action="a", platform="email", minutes=1.0,
                        value=1.0, why="w", created_at=NOW,
                        status=rng.choice(["planned", "done"]),
                    )
                )  # fmt: skip
            if rng.random() < 0.2:
                s.add(Pin(person_id=pid, layer=rng.randint(0, 2), created_at=NOW))
            for tag in rng.sample(["x:blocked", "friend", "vip"], rng.randint(0, 2)):
                s.add(Tag(person_id=pid, tag=tag))
            if rng.random() < 0.5:
                s.add(TieState(person_id=pid))
        flat = [i for ids in idents.values() for i in ids]
        for _ in range(6):
            a, b = sorted(rng.sample(flat, 2))
            if s.get(DistinctPair, (a, b)) is None:
                s.add(DistinctPair(identity_a=a, identity_b=b, created_at=NOW))
        pairs = [tuple(rng.sample(people, 2)) for _ in range(60)]
        for a, b in sorted({(min(a, b), max(a, b)) for a, b in pairs[:15]}):
            s.add(
                MatchCandidate(
                    person_a=a, person_b=b, confidence=0.95, rule="exact-name",
                    reasons=[], status="pending", created_at=NOW,
                )
            )  # fmt: skip
    return [Proposal(a, b, 0.9, [f"pair {a}-{b}"]) for a, b in pairs]


def _one_by_one(ws: Workspace, proposals: list[Proposal]) -> int:
    """The reference: merge_people for each pair, as auto-merging did before."""
    merged = 0
    with ws.sessions.begin() as s:
        for c in proposals:
            a, b = live_person(s, c.a).id, live_person(s, c.b).id
            if a == b:
                continue
            try:
                merge_people(
                    s, min(a, b), max(a, b), decided_by="auto", confidence=c.confidence,
                    reasons=c.reasons, now=NOW,
                )  # fmt: skip
            except MergeError:
                continue
            merged += 1
    return merged


def _dump(ws: Workspace) -> dict[str, list[Any]]:
    """Every row of every table, comparable (list order inside undo records aside)."""
    out: dict[str, list[Any]] = {}
    with ws.engine.connect() as conn:
        for table in sorted(inspect(conn).get_table_names()):
            if table == "alembic_version":
                continue
            rows = conn.execute(text(f"SELECT * FROM {table}")).mappings().all()
            out[table] = sorted((_norm(dict(r)) for r in rows), key=repr)
    return out


def _norm(row: dict[str, Any]) -> dict[str, Any]:
    import json

    for k in ("undo", "identity_ids"):
        if isinstance(row.get(k), str):
            v = json.loads(row[k])
            if isinstance(v, dict):
                v = {key: sorted(x) if isinstance(x, list) else x for key, x in v.items()}
            elif isinstance(v, list):
                v = sorted(v)
            row[k] = v
    return row


@pytest.mark.parametrize("seed", range(8))
def test_a_batch_of_merges_leaves_what_merging_one_by_one_leaves(tmp_path: Path, seed: int):
    one, many = Workspace.open(tmp_path / "one"), Workspace.open(tmp_path / "many")
    proposals = _build(one, seed)
    assert _build(many, seed) == proposals
    merged = _one_by_one(one, proposals)
    with many.sessions.begin() as s:
        n, survivors = merge_many(s, proposals, decided_by="auto", now=NOW)
    assert n == merged > 0
    after = _dump(one)
    assert _dump(many) == after
    with many.sessions() as s:
        live = set(s.scalars(select(Person.id).where(Person.merged_into.is_(None))))
        assert survivors <= live
    # Undoing any of them works the same way too.
    with one.sessions() as s:
        absorbed = sorted(s.scalars(select(Person.id).where(Person.merged_into.is_not(None))))
    for pid in absorbed[:: max(1, len(absorbed) // 4)]:
        for ws in (one, many):
            with ws.sessions.begin() as s:
                try:
                    unmerge(s, pid, now=NOW)
                except MergeError as exc:
                    s.info["error"] = str(exc)
        assert _dump(many) == _dump(one)
    one.close()
    many.close()


def test_the_user_is_never_absorbed_and_distinct_pairs_stay_apart(tmp_path: Path):
    ws = Workspace.open(tmp_path / "ws")
    with ws.sessions.begin() as s:
        me = Person(display_name="Me", name_key="me", is_owner=True, created_at=NOW)
        a = Person(display_name="Ana Berg", name_key="ana berg", created_at=NOW)
        b = Person(display_name="Ana Berg", name_key="ana berg", created_at=NOW)
        s.add_all([me, a, b])
        s.flush()
        ia = Identity(person_id=a.id, platform="email", handle="a@x.example", created_at=NOW)
        ib = Identity(person_id=b.id, platform="email", handle="b@x.example", created_at=NOW)
        s.add_all([ia, ib])
        s.flush()
        s.add(DistinctPair(identity_a=ia.id, identity_b=ib.id, created_at=NOW))
        ids = (me.id, a.id, b.id)
    me_id, a_id, b_id = ids
    # Nothing here may merge: the user would be absorbed (a lower id than theirs is
    # not possible here, so the pair is reversed by hand), and a, b are distinct.
    with ws.sessions.begin() as s:
        s.get(Person, me_id).id  # noqa: B018
        n, survivors = merge_many(
            s, [Proposal(a_id, b_id, 0.99, ["same name"])], decided_by="auto", now=NOW
        )
    assert (n, survivors) == (0, set())
    with ws.sessions.begin() as s:
        n, _ = merge_many(s, [Proposal(me_id, a_id, 0.99, ["mine"])], decided_by="auto", now=NOW)
        assert n == 1 and s.get(Person, a_id).merged_into == me_id
    ws.close()
