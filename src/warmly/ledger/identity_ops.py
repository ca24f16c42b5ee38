"""User-facing merge and unmerge by the names people type."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from warmly.errors import MergeError
from warmly.identity.merge import merge_people, unmerge, with_absorbed
from warmly.ledger.queries import find_person, handle_ref, person_id_of
from warmly.ledger.ties import rebuild_ties
from warmly.store.models import Identity, MergeEvent, Person
from warmly.store.session import lock_ledger
from warmly.workspace import Workspace


def merge_by_ref(ws: Workspace, a: str, b: str) -> str:
    """Merge person ``b`` into ``a``; returns a sentence saying what happened."""
    with ws.sessions.begin() as s:
        lock_ledger(s, ws.on_wait)  # moves interactions: not while an import writes them
        pa, pb = find_person(s, a), find_person(s, b)
        if pa.id == pb.id:
            raise MergeError(f"{a!r} and {b!r} are already the same person ({pa.id})")
        if pa.is_owner or pb.is_owner:
            raise MergeError("the owner is merged through warmly.toml, not by hand")
        ev = merge_people(
            s,
            pa.id,
            pb.id,
            decided_by="user",
            reasons=["merged by the user"],
            now=datetime.now(UTC),
        )
        rebuild_ties(s, [pa.id], ws.settings.ties)
        return (
            f"merged {pb.display_name} ({pb.id}) into {pa.display_name} ({pa.id}); merge #{ev.id}"
        )


def unmerge_by_ref(ws: Workspace, ref: str) -> str:
    """Undo a merge: the one that absorbed ``ref``, or brought in the handle it names,
    else the latest merge into the person ``ref`` names."""
    with ws.sessions.begin() as s:
        lock_ledger(s, ws.on_wait)
        pid = person_id_of(ref)
        if pid is not None and s.get(Person, pid) is not None:
            target = pid
        else:
            # A handle a merge brought in names that merge, not the survivor's latest.
            target = _absorbed_with(s, ref) or find_person(s, ref).id
        events = unmerge(s, target, now=datetime.now(UTC))
        ev = events[0]
        rebuild_ties(s, [ev.survivor_id, ev.absorbed_id], ws.settings.ties)
        names = dict(
            s.execute(
                select(Person.id, Person.display_name).where(
                    Person.id.in_([ev.survivor_id, ev.absorbed_id])
                )
            ).all()
        )
        return (
            f"split {names[ev.absorbed_id]} ({ev.absorbed_id}) from {names[ev.survivor_id]} "
            f"({ev.survivor_id}); they will not be merged again"
        )


def _absorbed_with(s: Session, ref: str) -> int | None:
    """The person whose merge brought the identity ``ref`` names (a handle) to its holder."""
    platform, handle = handle_ref(ref)
    q = select(Identity.id).where(func.lower(Identity.handle) == handle)
    if platform is not None:
        q = q.where(Identity.platform == platform)
    idents = set(s.scalars(q))
    if len(idents) != 1:
        return None  # none, or several: find_person says which
    (iid,) = idents
    # Only merges into its holder, or into people the holder absorbed since, can
    # have brought it: not every merge the imports ever made.
    holders = with_absorbed(s, s.get_one(Identity, iid).person_id)
    merges = select(MergeEvent).where(
        MergeEvent.action == "merge",
        MergeEvent.undone_by.is_(None),
        MergeEvent.survivor_id.in_(holders),
    )
    for ev in s.scalars(merges.order_by(MergeEvent.id.desc())):
        if iid in (ev.identity_ids or []):
            return ev.absorbed_id
    return None
