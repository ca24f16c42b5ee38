"""Many merges at once: the matcher's auto-merges, with the records one merge makes.

:func:`~warmly.identity.merge.merge_people` issues some thirty statements per
merge; the matcher of a large ledger merges tens of thousands of pairs, and
the demo's thousand took ten seconds. Here the merges are played in memory,
in the same order and by the same rules (the lower id survives, a pair the
user called distinct is never merged, the user is never absorbed), over what
the people involved hold; the rows then move in a few bulk statements. Every
merge still gets its own :class:`~warmly.store.models.MergeEvent` with the
same undo record, so :func:`~warmly.identity.merge.unmerge` undoes any of
them exactly as it undoes a merge made one at a time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Table, and_, bindparam, delete, insert, or_, select, update
from sqlalchemy.orm import Session

from warmly.identity.merge import PERSONAL, UNKEYED, live_ids, take_fields
from warmly.store.models import (
    DistinctPair,
    Identity,
    MatchCandidate,
    MergeEvent,
    Person,
    Tag,
    TieState,
)
from warmly.store.models_agenda import AgendaItem, Pin

_CHUNK = 1000


@dataclass(frozen=True, slots=True)
class Proposal:
    """One pair to merge, as the matcher gives it (most confident first)."""

    a: int
    b: int
    confidence: float | None
    reasons: list[str]


@dataclass
class _Held:
    """What the people of the batch hold, as the merges so far left it."""

    idents: dict[int, list[int]] = field(default_factory=dict)
    unkeyed: dict[str, dict[int, list[int]]] = field(default_factory=dict)
    personal: dict[str, dict[int, list[int]]] = field(default_factory=dict)
    planned: dict[int, list[AgendaItem]] = field(default_factory=dict)
    pins: dict[int, Pin] = field(default_factory=dict)
    tags: dict[int, list[str]] = field(default_factory=dict)
    distinct: dict[int, set[int]] = field(default_factory=dict)


def merge_many(
    session: Session, proposals: Sequence[Proposal], *, decided_by: str, now: datetime
) -> tuple[int, set[int]]:
    """Merge each pair in order, as :func:`merge_people` would one by one.

    A pair whose two people are already one, that the user marked as not the
    same person, or that would absorb the user is passed over. Returns the
    number of merges and the surviving people (their tie state is dropped,
    for the caller to rebuild). Not for the user's own merges, which override
    their earlier "not the same person": those go through ``merge_people``.
    """
    if decided_by == "user":
        raise ValueError("the user's merges go one by one, through merge_people")
    people, into = _people(session, {p for c in proposals for p in (c.a, c.b)})
    held = _load(session, list(people))
    own = {pid: list(ids) for pid, ids in held.idents.items()}  # before any merge

    def live(pid: int) -> int:
        while pid in into:
            pid = into[pid]
        return pid

    events: list[dict[str, Any]] = []
    absorbed: list[int] = []
    survivors: set[int] = set()
    for c in proposals:
        a, b = live(c.a), live(c.b)
        if a == b or a not in people or b not in people:
            continue
        keep, gone = min(a, b), max(a, b)
        if people[gone].is_owner and not people[keep].is_owner:
            continue
        if decided_by != "owner" and _distinct(held, keep, gone):
            continue
        events.append(_merge(held, people[keep], people[gone], decided_by, c, now))
        into[gone] = keep
        absorbed.append(gone)
        survivors.discard(gone)
        survivors.add(keep)
    if events:
        session.flush()  # people, pins and agenda items, changed in memory
        _write(session, events, [(live(o), o, own.get(o, [])) for o in absorbed])
    return len(events), survivors


def _merge(
    held: _Held, survivor: Person, absorbed: Person, decided_by: str, c: Proposal, now: datetime
) -> dict[str, Any]:
    """One merge in memory; its event's row (see merge_people for each step)."""
    keep, gone = survivor.id, absorbed.id
    moved = held.idents.pop(gone, [])
    held.idents.setdefault(keep, []).extend(moved)
    undo: dict[str, Any] = {}
    for name in UNKEYED:
        rows = held.unkeyed[name].pop(gone, [])
        undo[name] = sorted(rows)
        held.unkeyed[name].setdefault(keep, []).extend(rows)
    for name in PERSONAL:
        rows = held.personal[name].pop(gone, [])
        undo[name] = sorted(rows)
        held.personal[name].setdefault(keep, []).extend(rows)
    items = held.planned.pop(gone, [])
    for item in items:
        item.person_id = keep
        item.people = [keep if p == gone else p for p in item.people or []]
    undo["agenda_items"] = [i.id for i in items]
    held.planned.setdefault(keep, []).extend(items)
    pin = held.pins.get(gone)
    if pin is not None and keep not in held.pins:
        pin.person_id = keep
        held.pins[keep] = held.pins.pop(gone)
        undo["pin"] = True
    mine = held.tags.setdefault(keep, [])
    undo["tags"] = [t for t in sorted(held.tags.get(gone, [])) if t not in mine]
    mine.extend(undo["tags"])
    absorbed.merged_into = keep
    undo.update(take_fields(survivor, absorbed))
    return {
        "action": "merge",
        "survivor_id": keep,
        "absorbed_id": gone,
        "identity_ids": sorted(moved),
        "confidence": c.confidence,
        "reasons": c.reasons,
        "undo": undo,
        "decided_by": decided_by,
        "created_at": now,
    }


def _distinct(held: _Held, a: int, b: int) -> bool:
    """Did the user say some identity of ``a`` is not the same human as one of ``b``?"""
    if not held.distinct:
        return False
    theirs = set(held.idents.get(b, []))
    return any(held.distinct.get(i, set()) & theirs for i in held.idents.get(a, []))


def _people(session: Session, ids: set[int]) -> tuple[dict[int, Person], dict[int, int]]:
    """The live people ``ids`` are now, and each merged one -> who absorbed it."""
    live = live_ids(session, ids)
    into = {pid: up for pid, up in live.items() if up != pid}
    found: dict[int, Person] = {}
    for part in _chunks(sorted(set(live.values()))):
        found.update((p.id, p) for p in session.scalars(select(Person).where(Person.id.in_(part))))
    return found, into


def _table(model: Any) -> Table:
    """The Core table of a mapped class: bulk statements by column, not by primary key."""
    table: Table = model.__table__
    return table


def _chunks(ids: Sequence[int]) -> Iterable[list[int]]:
    for i in range(0, len(ids), _CHUNK):
        yield list(ids[i : i + _CHUNK])


def _load(session: Session, ids: list[int]) -> _Held:
    """What the people ``ids`` hold now (in id order, as one merge reads it)."""
    held = _Held()
    ids = sorted(ids)
    held.unkeyed = {name: {} for name in UNKEYED}
    held.personal = {name: {} for name in PERSONAL}
    all_idents: list[int] = []
    for part in _chunks(ids):
        q = select(Identity.person_id, Identity.id).where(Identity.person_id.in_(part))
        for pid, iid in session.execute(q.order_by(Identity.id)):
            held.idents.setdefault(pid, []).append(iid)
            all_idents.append(iid)
        for name, model in UNKEYED.items():
            q = select(model.person_id, model.id).where(
                model.person_id.in_(part), model.identity_id.is_(None)
            )
            for pid, rid in session.execute(q):
                held.unkeyed[name].setdefault(pid, []).append(rid)
        for name, model in PERSONAL.items():
            q = select(model.person_id, model.id).where(model.person_id.in_(part))
            for pid, rid in session.execute(q):
                held.personal[name].setdefault(pid, []).append(rid)
        q_items = select(AgendaItem).where(
            AgendaItem.person_id.in_(part), AgendaItem.status == "planned"
        )
        for item in session.scalars(q_items):
            held.planned.setdefault(item.person_id, []).append(item)
        for pin in session.scalars(select(Pin).where(Pin.person_id.in_(part))):
            held.pins[pin.person_id] = pin
        for pid, tag in session.execute(
            select(Tag.person_id, Tag.tag).where(Tag.person_id.in_(part))
        ):
            held.tags.setdefault(pid, []).append(tag)
    mine = set(all_idents)
    for a, b in session.execute(select(DistinctPair.identity_a, DistinctPair.identity_b)):
        if a in mine and b in mine:
            held.distinct.setdefault(a, set()).add(b)
            held.distinct.setdefault(b, set()).add(a)
    return held


def _write(
    session: Session, events: list[dict[str, Any]], moves: list[tuple[int, int, list[int]]]
) -> None:
    """The rows the merges moved, in bulk; then the events, in merge order.

    ``moves``: (final survivor, absorbed person, the identities it held before
    the batch). Each absorbed person's identities, the rows that name them and
    its rows tied to no identity end with the final survivor, as after the
    chain of single merges; what it holds for the user (notes, tasks, ...) too.
    """
    quiet = {"synchronize_session": False}
    session.execute(
        update(_table(Identity))
        .where(_table(Identity).c.id == bindparam("i"))
        .values(person_id=bindparam("r")),
        [{"r": r, "i": i} for r, _o, idents in moves for i in idents],
        execution_options=quiet,
    )
    for model in UNKEYED.values():
        t = model.__table__
        keyed = [{"r": r, "o": o, "i": i} for r, o, idents in moves for i in idents]
        if keyed:
            session.execute(
                update(t)
                .where(t.c.person_id == bindparam("o"), t.c.identity_id == bindparam("i"))
                .values(person_id=bindparam("r")),
                keyed,
            )
        session.execute(
            update(t)
            .where(t.c.person_id == bindparam("o"), t.c.identity_id.is_(None))
            .values(person_id=bindparam("r")),
            [{"r": r, "o": o} for r, o, _i in moves],
        )
    for model in PERSONAL.values():
        t = model.__table__
        session.execute(
            update(t).where(t.c.person_id == bindparam("o")).values(person_id=bindparam("r")),
            [{"r": r, "o": o} for r, o, _i in moves],
        )
    # Each survivor of its time keeps the tags it took (an absorbed person keeps its own).
    tags = [{"p": ev["survivor_id"], "t": tag} for ev in events for tag in ev["undo"]["tags"]]
    if tags:
        session.execute(
            insert(_table(Tag)).values(person_id=bindparam("p"), tag=bindparam("t")), tags
        )
    touched = sorted({p for r, o, _i in moves for p in (r, o)})
    for part in _chunks(touched):
        session.execute(
            delete(TieState).where(TieState.person_id.in_(part)), execution_options=quiet
        )
    mc = _table(MatchCandidate)
    session.execute(
        update(mc)
        .where(
            or_(
                and_(mc.c.person_a == bindparam("s"), mc.c.person_b == bindparam("g")),
                and_(mc.c.person_a == bindparam("g"), mc.c.person_b == bindparam("s")),
            )
        )
        .values(status="merged"),
        [{"s": ev["survivor_id"], "g": ev["absorbed_id"]} for ev in events],
    )
    session.execute(insert(_table(MergeEvent)), events)
