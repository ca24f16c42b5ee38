"""Merge two people into one and undo it; remember "not the same person".

Every merge is a :class:`~warmly.store.models.MergeEvent` that lists the
identities it moved, so :func:`unmerge` can move exactly those back. What else
the merge changed (rows tied to no identity, fields and tags the survivor took
over) is kept in the event's ``undo``, so that an unmerge gives both people
back exactly as they were. An unmerge
also records a :class:`~warmly.store.models.DistinctPair`, so no later import
or matching run merges the two again; only the user merging them by hand
overrides that.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from warmly.errors import MergeError
from warmly.identity.names import name_quality
from warmly.store.models import (
    DistinctPair,
    Identity,
    Interaction,
    MatchCandidate,
    MergeEvent,
    Note,
    Person,
    Position,
    Sighting,
    Tag,
    TieState,
)
from warmly.store.models_agenda import AgendaItem, Pin, Snooze, Task
from warmly.store.models_outbox import Action


def identity_ids(session: Session, person_id: int) -> list[int]:
    return list(session.scalars(select(Identity.id).where(Identity.person_id == person_id)))


def are_distinct(session: Session, ids_a: Iterable[int], ids_b: Iterable[int]) -> bool:
    """True if the user said some identity of A is not the same human as one of B."""
    a, b = list(ids_a), list(ids_b)
    if not a or not b:
        return False
    q = select(DistinctPair.identity_a).where(
        or_(
            DistinctPair.identity_a.in_(a) & DistinctPair.identity_b.in_(b),
            DistinctPair.identity_a.in_(b) & DistinctPair.identity_b.in_(a),
        )
    )
    return session.scalars(q.limit(1)).first() is not None


# Rows that belong to a person without naming an identity (a logged call, a
# name-only card's job): they follow a merge and are moved back by an unmerge.
UNKEYED: dict[str, Any] = {
    "interactions": Interaction,
    "sightings": Sighting,
    "positions": Position,
}
_FILLABLE = ("organisation", "title", "birthday")
# What the user keeps about a person (notes, snoozes, follow-up tasks, outbox
# actions) is about the human: it follows a merge and comes back on unmerge.
PERSONAL: dict[str, Any] = {
    "notes": Note,
    "snoozes": Snooze,
    "tasks": Task,
    "actions": Action,
}


def with_absorbed(session: Session, person_id: int) -> set[int]:
    """``person_id`` and every person merged into it, directly or through others."""
    found, frontier = {person_id}, [person_id]
    while frontier:
        frontier = list(session.scalars(select(Person.id).where(Person.merged_into.in_(frontier))))
        found.update(frontier)
    return found


def live_person(session: Session, person_id: int) -> Person:
    """The person, following ``merged_into`` to the one that absorbed it."""
    person = session.get(Person, person_id)
    seen = set()
    while person is not None and person.merged_into is not None and person.id not in seen:
        seen.add(person.id)
        person = session.get(Person, person.merged_into)
    if person is None:
        raise MergeError(f"no person with id {person_id}")
    return person


def live_ids(s: Session, ids: set[int]) -> dict[int, int]:
    """Each person of ``ids`` -> the live person it is now (itself, or who absorbed it),
    in a query per thousand people rather than one per person."""
    parent: dict[int, int | None] = {}
    wanted = sorted(ids)
    while wanted:
        for i in range(0, len(wanted), 1000):
            q = select(Person.id, Person.merged_into).where(Person.id.in_(wanted[i : i + 1000]))
            parent.update((pid, up) for pid, up in s.execute(q))
        wanted = sorted({m for m in parent.values() if m is not None} - set(parent))

    def root(pid: int) -> int:
        seen = set()
        while (up := parent.get(pid)) is not None and pid not in seen:
            seen.add(pid)
            pid = up
        return pid

    return {pid: root(pid) for pid in ids}


def merge_people(
    session: Session,
    survivor_id: int,
    absorbed_id: int,
    *,
    decided_by: str,
    confidence: float | None = None,
    reasons: list[str] | None = None,
    now: datetime | None = None,
) -> MergeEvent:
    """Move everything of ``absorbed`` to ``survivor`` and record how to undo it.

    Tie state of both is dropped for the survivor to be rebuilt by the caller
    (:func:`warmly.ledger.ties.rebuild_ties`), since it is derived.
    """
    if survivor_id == absorbed_id:
        raise MergeError("cannot merge a person with itself")
    survivor = session.get(Person, survivor_id)
    absorbed = session.get(Person, absorbed_id)
    if survivor is None or absorbed is None:
        raise MergeError(f"no person with id {survivor_id if survivor is None else absorbed_id}")
    if survivor.merged_into is not None or absorbed.merged_into is not None:
        raise MergeError("one of the two was already merged into someone else")
    if absorbed.is_owner and not survivor.is_owner:
        raise MergeError("the owner can only absorb others, not be absorbed")
    moved = identity_ids(session, absorbed_id)
    kept = identity_ids(session, survivor_id)
    if decided_by == "user":
        # The user's own merge overrides their earlier "not the same person".
        _forget_distinct(session, kept, moved)
    elif decided_by != "owner" and are_distinct(session, kept, moved):
        raise MergeError("these two were marked as not the same person")
    undo: dict[str, Any] = {
        name: list(
            session.scalars(
                select(model.id).where(model.person_id == absorbed_id, model.identity_id.is_(None))
            )
        )
        for name, model in UNKEYED.items()
    }
    _move(session, absorbed_id, survivor_id, moved)
    for name, model in PERSONAL.items():
        undo[name] = _repoint(session, model, absorbed_id, survivor_id)
    undo["agenda_items"] = _repoint_planned(session, absorbed_id, survivor_id)
    pin = session.get(Pin, absorbed_id)
    if pin is not None and session.get(Pin, survivor_id) is None:
        pin.person_id = survivor_id  # the user's circle for the human
        undo["pin"] = True
    # The absorbed person keeps its own tags (an unmerge gives them back as they were).
    undo["tags"] = []
    for tag in list(session.scalars(select(Tag.tag).where(Tag.person_id == absorbed_id))):
        if session.get(Tag, (survivor_id, tag)) is None:
            session.add(Tag(person_id=survivor_id, tag=tag))
            undo["tags"].append(tag)
    absorbed.merged_into = survivor_id
    undo.update(take_fields(survivor, absorbed))
    session.execute(delete(TieState).where(TieState.person_id.in_([survivor_id, absorbed_id])))
    session.execute(
        update(MatchCandidate)
        .where(
            or_(
                (MatchCandidate.person_a == survivor_id) & (MatchCandidate.person_b == absorbed_id),
                (MatchCandidate.person_a == absorbed_id) & (MatchCandidate.person_b == survivor_id),
            )
        )
        .values(status="merged")
    )
    event = MergeEvent(
        action="merge",
        survivor_id=survivor_id,
        absorbed_id=absorbed_id,
        identity_ids=moved,
        confidence=confidence,
        reasons=reasons or [],
        undo=undo,
        decided_by=decided_by,
        created_at=now or datetime.now(UTC),
    )
    session.add(event)
    session.flush()
    return event


def take_fields(survivor: Person, absorbed: Person) -> dict[str, Any]:
    """Fill the survivor's empty fields from the absorbed, and give it the better name.

    Returns the undo record's ``filled`` (and ``renamed``) entries.
    """
    undo: dict[str, Any] = {"filled": []}
    for attr in _FILLABLE:
        if getattr(survivor, attr) is None and getattr(absorbed, attr) is not None:
            setattr(survivor, attr, getattr(absorbed, attr))
            undo["filled"].append(attr)
    if not survivor.display_name:
        survivor.display_name, survivor.name_key = absorbed.display_name, absorbed.name_key
        undo["filled"].append("display_name")
    elif not survivor.is_owner and name_quality(absorbed.display_name) > name_quality(
        survivor.display_name
    ):
        # "Lorenzo Lehmann" names the human better than an X headline
        # ("Lorenzo | Data @ Juniper") that happened to come first.
        undo["renamed"] = [survivor.display_name, survivor.name_key]
        survivor.display_name, survivor.name_key = absorbed.display_name, absorbed.name_key
    return undo


def _move(
    session: Session, src: int, dst: int, idents: list[int], unkeyed: dict[str, Any] | None = None
) -> None:
    """Point identities (and what hangs off them) of ``src`` at ``dst``.

    Rows of ``src`` tied to no identity follow too: all of them (a merge), or
    those listed in ``unkeyed`` by table name (an unmerge, from the merge's record).
    """
    if idents:
        session.execute(update(Identity).where(Identity.id.in_(idents)).values(person_id=dst))
        for model in UNKEYED.values():
            session.execute(
                update(model)
                .where(model.identity_id.in_(idents), model.person_id == src)
                .values(person_id=dst)
            )
    for name, model in UNKEYED.items():
        q = update(model).where(model.person_id == src, model.identity_id.is_(None))
        if unkeyed is not None:
            if not unkeyed.get(name):
                continue
            q = q.where(model.id.in_(unkeyed[name]))
        session.execute(q.values(person_id=dst))


def _repoint(
    session: Session, model: Any, src: int, dst: int, only: list[int] | None = None
) -> list[int]:
    """Point ``model`` rows of ``src`` (those of ``only``, if given) at ``dst``; their ids."""
    q = select(model.id).where(model.person_id == src)
    if only is not None:
        if not only:
            return []
        q = q.where(model.id.in_(only))
    ids = list(session.scalars(q))
    if ids:
        session.execute(update(model).where(model.id.in_(ids)).values(person_id=dst))
    return ids


def _repoint_planned(
    session: Session, src: int, dst: int, only: list[str] | None = None
) -> list[str]:
    """Today's still-planned agenda items for ``src``, now for ``dst`` (done ones are history)."""
    q = select(AgendaItem).where(AgendaItem.person_id == src, AgendaItem.status == "planned")
    if only is not None:
        if not only:
            return []
        q = q.where(AgendaItem.id.in_(only))
    items = list(session.scalars(q))
    for item in items:
        item.person_id = dst
        item.people = [dst if p == src else p for p in item.people or []]
    return [item.id for item in items]


def _forget_distinct(session: Session, ids_a: list[int], ids_b: list[int]) -> None:
    if ids_a and ids_b:
        session.execute(
            delete(DistinctPair).where(
                or_(
                    DistinctPair.identity_a.in_(ids_a) & DistinctPair.identity_b.in_(ids_b),
                    DistinctPair.identity_a.in_(ids_b) & DistinctPair.identity_b.in_(ids_a),
                )
            )
        )


def unmerge(session: Session, person_id: int, *, now: datetime | None = None) -> list[MergeEvent]:
    """Undo one merge: the latest into ``person_id``, or the one that absorbed it.

    Given the survivor, undoes its most recent merge; given an absorbed
    person, undoes the merge that absorbed it. Returns the undo event. The
    two are then marked as not the same person.
    """
    when = now or datetime.now(UTC)
    person = session.get(Person, person_id)
    if person is None:
        raise MergeError(f"no person with id {person_id}; see `warmly people`")
    q = select(MergeEvent).where(MergeEvent.action == "merge", MergeEvent.undone_by.is_(None))
    if person.merged_into is not None:
        q = q.where(MergeEvent.absorbed_id == person_id)
    else:
        q = q.where(MergeEvent.survivor_id == person_id)
    event = session.scalars(q.order_by(MergeEvent.id.desc()).limit(1)).first()
    if event is None:
        raise MergeError(f"person {person_id} has no merge to undo")
    absorbed = session.get(Person, event.absorbed_id)
    survivor = session.get(Person, event.survivor_id)
    assert absorbed is not None and survivor is not None
    if absorbed.merged_into != event.survivor_id:
        raise MergeError("the absorbed person was moved since; undo the later merge first")
    if survivor.merged_into is not None:
        # Its identities are with whoever absorbed the survivor since: undo that first.
        later = live_person(session, survivor.id)
        raise MergeError(
            f"{survivor.display_name} ({survivor.id}) was merged into {later.display_name} "
            f"({later.id}) since; undo that first with `warmly unmerge {survivor.id}`"
        )
    moved = [
        i
        for i in event.identity_ids
        if (ident := session.get(Identity, i)) is not None and ident.person_id == event.survivor_id
    ]
    if not moved:
        raise MergeError("none of the merged identities is still with the survivor")
    absorbed.merged_into = None
    record = event.undo or {}  # none for merges made before it was kept
    _move(session, event.survivor_id, event.absorbed_id, moved, unkeyed=record)
    for name, model in PERSONAL.items():
        _repoint(session, model, event.survivor_id, event.absorbed_id, record.get(name, []))
    _repoint_planned(session, event.survivor_id, event.absorbed_id, record.get("agenda_items", []))
    _give_back_taken(session, event, survivor, absorbed, record)
    session.execute(
        delete(TieState).where(TieState.person_id.in_([event.survivor_id, event.absorbed_id]))
    )
    undo = MergeEvent(
        action="unmerge",
        survivor_id=event.survivor_id,
        absorbed_id=event.absorbed_id,
        identity_ids=moved,
        reasons=[f"undoes merge #{event.id}"],
        decided_by="user",
        created_at=when,
    )
    session.add(undo)
    session.flush()
    event.undone_by = undo.id
    keep = identity_ids(session, event.survivor_id)
    if keep:
        mark_distinct(session, keep[0], moved[0], reason=f"unmerge of merge #{event.id}", now=when)
    return [undo]


def _give_back_taken(
    session: Session, event: MergeEvent, survivor: Person, absorbed: Person, record: dict[str, Any]
) -> None:
    """Take back the pin, tags and fields ``event``'s merge gave the survivor.

    What another merge into the survivor still in force would have given it
    too (its absorbed person holds the same tag, a pin, a value for the field)
    stays or is taken from that person, and that merge's record takes it
    over: the survivor is then as if ``event``'s merge had never been, and
    undoing the other merge later takes it back in turn.
    """
    q = select(MergeEvent).where(
        MergeEvent.action == "merge",
        MergeEvent.undone_by.is_(None),
        MergeEvent.survivor_id == survivor.id,
        MergeEvent.id != event.id,
    )
    others = [
        (ev, session.get_one(Person, ev.absorbed_id))
        for ev in session.scalars(q.order_by(MergeEvent.id))
    ]
    pin = session.get(Pin, survivor.id) if record.get("pin") else None
    if pin is not None and session.get(Pin, absorbed.id) is None:
        pin.person_id = absorbed.id
        session.flush()  # the survivor's key is free before another pin takes it
        for ev, other in others:
            if (theirs := session.get(Pin, other.id)) is not None:
                theirs.person_id = survivor.id
                _take_over(ev, "pin", True)
                break
    dropped = []
    for tag in record.get("tags", []):
        heir = next((ev for ev, o in others if session.get(Tag, (o.id, tag)) is not None), None)
        if heir is None:
            dropped.append(tag)
        else:
            _take_over(heir, "tags", tag)
    if dropped:
        session.execute(delete(Tag).where(Tag.person_id == survivor.id, Tag.tag.in_(dropped)))
    renamed = record.get("renamed")
    if renamed and survivor.display_name == absorbed.display_name:
        survivor.display_name, survivor.name_key = renamed  # unless renamed again since
    for attr in record.get("filled", []):
        if attr != "display_name" and attr not in _FILLABLE:
            continue
        if getattr(survivor, attr) != getattr(absorbed, attr):
            continue  # a later import has set it since: keep that
        found = next(((ev, o) for ev, o in others if _has(o, attr)), None)
        if found is not None:
            _take_over(found[0], "filled", attr)
        source = found[1] if found is not None else None
        if attr == "display_name":
            survivor.display_name = source.display_name if source is not None else ""
            survivor.name_key = source.name_key if source is not None else ""
        else:
            setattr(survivor, attr, getattr(source, attr) if source is not None else None)


def _has(person: Person, attr: str) -> bool:
    """``person`` has a value a merge would fill ``attr`` with."""
    return (
        bool(person.display_name) if attr == "display_name" else getattr(person, attr) is not None
    )


def _take_over(event: MergeEvent, key: str, value: object) -> None:
    """Record in ``event`` that its merge gave the survivor ``value`` (a tag, a field, the pin)."""
    record = dict(event.undo or {})
    if key == "pin":
        record["pin"] = True
    else:
        record[key] = [*record.get(key, []), value]
    event.undo = record  # a new value: a JSON column does not see changes made in place


def mark_distinct(
    session: Session, identity_a: int, identity_b: int, *, reason: str | None, now: datetime | None
) -> None:
    """Record that two identities are not the same human (idempotent)."""
    a, b = sorted((identity_a, identity_b))
    if session.get(DistinctPair, (a, b)) is None:
        session.add(
            DistinctPair(
                identity_a=a, identity_b=b, created_at=now or datetime.now(UTC), reason=reason
            )
        )
        session.flush()
