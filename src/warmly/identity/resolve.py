"""Link people across networks: run the matcher on the ledger, merge or queue.

Pairs at or above ``identity.auto_merge`` merge automatically (recorded, and
undoable with ``warmly unmerge``); pairs between ``identity.review`` and that
wait in the review queue. Pairs the user rejected, or split with an unmerge,
never come back.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from warmly.errors import MergeError
from warmly.identity.match import MatchCandidate, MatchConfig, PersonFacts, exclude, find_candidates
from warmly.identity.merge import live_ids, live_person, merge_people, with_absorbed
from warmly.identity.merge_batch import Proposal, merge_many
from warmly.ledger.matching_due import mark_done
from warmly.ledger.queries import identity_view
from warmly.ledger.ties import rebuild_ties
from warmly.store.models import (
    DistinctPair,
    Identity,
    MergeEvent,
    Organisation,
    Person,
    Position,
)
from warmly.store.models import (
    MatchCandidate as CandidateRow,
)
from warmly.store.session import lock_ledger
from warmly.workspace import Workspace


@dataclass
class ResolveReport:
    people: int
    candidates: int
    auto_merged: int
    pending: int
    seconds: float
    held_back: int = 0  # likely pairs not queued yet: their people have enough to answer

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


# An identity as the matcher reads it: id, person, platform, handle, name shown.
_Ident = tuple[int, int, str, str, str | None]


@dataclass(frozen=True)
class LedgerFacts:
    """What the matcher reads of the ledger, once per run."""

    names: dict[int, str | None]  # every live contact's own display name
    identities: list[_Ident]  # every identity, in id order
    orgs: dict[int, set[str]]  # employers named per person


def read_ledger(session: Session) -> LedgerFacts:
    """The live contacts, every identity and the employers, in set-based queries."""
    # Rows, not the Result: dict() would take its keys() for a mapping's.
    live = select(Person.id, Person.display_name).where(
        Person.merged_into.is_(None), Person.is_owner.is_(False)
    )
    names: dict[int, str | None] = {pid: name for pid, name in session.execute(live)}
    identities: list[_Ident] = list(
        session.execute(
            select(
                Identity.id, Identity.person_id, Identity.platform, Identity.handle,
                Identity.display_name,
            ).order_by(Identity.id)
        )
    )  # fmt: skip
    orgs: dict[int, set[str]] = defaultdict(set)
    for pid, org in session.execute(
        select(Position.person_id, Organisation.name).join(
            Organisation, Organisation.id == Position.organisation_id
        )
    ):
        orgs[pid].add(org)
    for pid, current in session.execute(select(Person.id, Person.organisation)):
        if current:
            orgs[pid].add(current)
    return LedgerFacts(names, identities, orgs)


def _facts(pid: int, name: str | None, idents: list[_Ident], orgs: set[str]) -> PersonFacts:
    """One person for the matcher: their own name, then every name their identities show."""
    written = [name] if name else []
    handles = []
    for _, _, platform, handle, shown in idents:
        if not handle.startswith(("~", "#")):  # placeholders are no handle
            handles.append((platform, handle))
        if shown and shown not in written:
            written.append(shown)
    return PersonFacts(pid, written, handles, sorted(orgs))


def _by_person(idents: list[_Ident], owner: dict[int, int]) -> dict[int, list[_Ident]]:
    out: dict[int, list[_Ident]] = defaultdict(list)
    for ident in idents:
        if (pid := owner.get(ident[0])) is not None:
            out[pid].append(ident)
    return out


def load_facts(session: Session, read: LedgerFacts | None = None) -> list[PersonFacts]:
    """One :class:`PersonFacts` per live contact."""
    r = read or read_ledger(session)
    held = _by_person(r.identities, {i[0]: i[1] for i in r.identities if i[1] in r.names})
    return [
        _facts(pid, name, held.get(pid, []), r.orgs.get(pid, set()))
        for pid, name in r.names.items()
    ]


def before_auto_merges(
    session: Session, read: LedgerFacts | None = None
) -> list[PersonFacts] | None:
    """The live contacts as they were before the matcher's own merges in force.

    The matcher counts names on these, so that its earlier merges do not move
    its next estimates (see :func:`~warmly.identity.match.find_candidates`);
    merges by the imports and by the user stay. ``None`` if the matcher has
    merged nobody. Employers stay with the surviving person.
    """
    events = session.execute(
        select(MergeEvent.survivor_id, MergeEvent.absorbed_id, MergeEvent.identity_ids)
        .where(
            MergeEvent.action == "merge",
            MergeEvent.decided_by == "auto",
            MergeEvent.undone_by.is_(None),
        )
        .order_by(MergeEvent.id.desc())
    ).all()
    if not events:
        return None
    r = read or read_ledger(session)
    unit = {i[0]: i[1] for i in r.identities if i[1] in r.names}  # identity -> person then
    for survivor, absorbed, moved in events:  # newest first: undo them in reverse
        for iid in moved or ():
            if unit.get(iid) == survivor:
                unit[iid] = absorbed
    names = dict(r.names)
    gone = sorted({u for u in unit.values() if u not in names})  # absorbed: not live
    for i in range(0, len(gone), 5000):
        q = select(Person.id, Person.display_name).where(Person.id.in_(gone[i : i + 5000]))
        names.update((pid, n) for pid, n in session.execute(q))
    held = _by_person(r.identities, unit)
    return [
        _facts(u, names.get(u), held.get(u, []), r.orgs.get(u, set()) if u in r.names else set())
        for u in sorted({*r.names, *held})
    ]


def _banned_pairs(session: Session, read: LedgerFacts) -> set[tuple[int, int]]:
    """Person pairs the user separated (distinct identities) or rejected in review."""
    owner_of = {iid: pid for iid, pid, *_ in read.identities}
    banned = set()
    for a, b in session.execute(select(DistinctPair.identity_a, DistinctPair.identity_b)):
        pa, pb = owner_of.get(a), owner_of.get(b)
        if pa and pb and pa != pb:
            banned.add((min(pa, pb), max(pa, pb)))
    for a, b in session.execute(
        select(CandidateRow.person_a, CandidateRow.person_b).where(
            CandidateRow.status == "rejected"
        )
    ):
        banned.add((min(a, b), max(a, b)))
    return banned


def resolve_identities(ws: Workspace, now: datetime | None = None) -> ResolveReport:
    """Match every live person against the others; merge the sure, queue the likely."""
    started = time.perf_counter()
    when = now or datetime.now(UTC)
    cfg = MatchConfig(
        auto_merge=ws.settings.identity.auto_merge, review=ws.settings.identity.review
    )
    with ws.sessions.begin() as s:
        lock_ledger(s, ws.on_wait)  # merges people: not while an import adds them
        read = read_ledger(s)
        facts = load_facts(s, read)
        before = before_auto_merges(s, read)
        cands = exclude(find_candidates(facts, cfg, population=before), _banned_pairs(s, read))
        merged, survivors = _auto_merge(
            s, [c for c in cands if c.confidence >= cfg.auto_merge], when
        )
        # Asked about the people the merges left: a pair they made one is not
        # asked, and a survivor of three merged persons is one person, not three.
        live = live_ids(s, {p for c in cands for p in (c.a, c.b)})
        likely = live_pairs([c for c in cands if c.confidence < cfg.auto_merge], live)
        shown = few_per_person(likely)
        pending = _queue(s, shown, when)
        rebuild_ties(s, survivors, ws.settings.ties)
        mark_done(s, when)
    return ResolveReport(
        people=len(facts),
        candidates=len(cands),
        auto_merged=merged,
        pending=pending,
        seconds=round(time.perf_counter() - started, 3),
        held_back=len(likely) - len(shown),
    )


# Review pairs queued at once per person. Sixty namesakes at one company make
# 1,770 pairs that no one answers one by one: the strongest few per person are
# asked, and once those are answered the next run of the matcher (an import,
# `warmly review --rerun`) asks the next ones.
REVIEW_PER_PERSON = 3


def live_pairs(cands: list[MatchCandidate], live: dict[int, int]) -> list[MatchCandidate]:
    """The candidates as pairs of the people merges left (``live``: person -> who it is
    now), most confident first: a pair they made one is gone, and two candidates that
    became the same pair are one."""
    out: list[MatchCandidate] = []
    seen: set[tuple[int, int]] = set()
    for c in cands:
        a, b = sorted((live[c.a], live[c.b]))
        if a != b and (a, b) not in seen:
            seen.add((a, b))
            out.append(replace(c, a=a, b=b))
    return out


def few_per_person(
    cands: list[MatchCandidate], limit: int = REVIEW_PER_PERSON
) -> list[MatchCandidate]:
    """The candidates (most confident first) whose two people both have fewer than
    ``limit`` stronger candidates kept so far."""
    kept: list[MatchCandidate] = []
    count: Counter[int] = Counter()
    for c in cands:
        if count[c.a] < limit and count[c.b] < limit:
            kept.append(c)
            count[c.a] += 1
            count[c.b] += 1
    return kept


def _auto_merge(s: Session, cands: list[MatchCandidate], when: datetime) -> tuple[int, set[int]]:
    """Merge the sure pairs, most confident first, in bulk (see merge_batch)."""
    proposals = [Proposal(c.a, c.b, c.confidence, [f"[{c.rule}]", *c.reasons]) for c in cands]
    return merge_many(s, proposals, decided_by="auto", now=when)


def _queue(s: Session, cands: list[MatchCandidate], when: datetime) -> int:
    """Make the pending review queue the current likely pairs.

    A pair already queued keeps its row, so ``#N`` names the same two people
    across runs; one no longer proposed is set aside as ``dropped``, never
    deleted, since SQLite would hand its id to the next row and a user's
    ``--accept N`` would merge a pair they were never shown.
    """
    rows = {(r.person_a, r.person_b): r for r in s.scalars(select(CandidateRow))}
    proposed: set[tuple[int, int]] = set()
    added = []
    for c in cands:  # pairs of live people, each once (see live_pairs)
        key = (c.a, c.b)
        proposed.add(key)
        row = rows.get(key)
        if row is None:
            added.append(
                CandidateRow(
                    person_a=key[0],
                    person_b=key[1],
                    confidence=c.confidence,
                    rule=c.rule,
                    reasons=c.reasons,
                    status="pending",
                    created_at=when,
                )
            )
        elif row.status in ("pending", "dropped"):
            row.confidence, row.rule, row.reasons = c.confidence, c.rule, c.reasons
            row.status = "pending"
        else:
            proposed.discard(key)  # merged or rejected already: not asked again
    for key, row in rows.items():
        if row.status == "pending" and key not in proposed:
            row.status = "dropped"
    s.add_all(added)
    return len(proposed)


def pending_candidates(session: Session, limit: int | None = None) -> list[CandidateRow]:
    q = select(CandidateRow).where(CandidateRow.status == "pending")
    q = q.order_by(CandidateRow.confidence.desc(), CandidateRow.id)
    return list(session.scalars(q.limit(limit) if limit else q))


def _live_pair(session: Session, row: CandidateRow) -> tuple[int, int]:
    a, b = live_person(session, row.person_a).id, live_person(session, row.person_b).id
    return min(a, b), max(a, b)


def review_queue(session: Session, limit: int | None = None) -> list[dict[str, Any]]:
    """The pending pairs as the CLI and scripts show them: who, how sure, and why.

    Decisions made since the queue was built may have joined people: a pair
    now within one person is left out, and a pair of people listed several
    times is shown once, as its most confident item (deciding it decides all).
    """

    def who(p: Person) -> dict[str, Any]:
        idents = list(session.scalars(select(Identity).where(Identity.person_id == p.id)))
        return {
            "id": p.id,
            "name": p.display_name,
            "organisation": p.organisation,
            "networks": ", ".join(sorted({i.platform for i in idents})),
            # as `people --json` lists them: the handles the user decides on
            "identities": [
                {"platform": v.platform, "handle": v.handle}
                for v in sorted(map(identity_view, idents), key=lambda v: (v.platform, v.handle))
            ],
        }

    items: list[dict[str, Any]] = []
    seen: set[tuple[int, int]] = set()
    for c in pending_candidates(session):
        pair = _live_pair(session, c)
        if pair[0] == pair[1] or pair in seen:
            continue
        seen.add(pair)
        # Keep the stored order of the two sides, now as the people they are part of.
        a, b = live_person(session, c.person_a), live_person(session, c.person_b)
        items.append(
            {
                "id": c.id,
                "confidence": round(c.confidence, 3),
                "rule": c.rule,
                "reasons": c.reasons,
                "a": who(a),
                "b": who(b),
            }
        )
        if limit and len(items) >= limit:
            break
    return items


def decide(ws: Workspace, candidate_id: int, same: bool, now: datetime | None = None) -> str:
    """Accept (merge) or reject (mark distinct) one review candidate.

    Other pending items that the decision settles (the same two people, or two
    now joined into one) are settled with it.
    """
    from warmly.identity.merge import are_distinct, identity_ids, mark_distinct

    when = now or datetime.now(UTC)
    with ws.sessions.begin() as s:
        lock_ledger(s, ws.on_wait)
        row = s.get(CandidateRow, candidate_id)
        if row is None or row.status != "pending":
            raise MergeError(f"no pending review item {candidate_id}; see `warmly review`")
        a, b = _live_pair(s, row)
        ia, ib = identity_ids(s, a), identity_ids(s, b)
        # Said as `warmly merge` says it: names with ids, so the user sees who.
        pa, pb = s.get_one(Person, a), s.get_one(Person, b)
        who_a, who_b = f"{pa.display_name} ({a})", f"{pb.display_name} ({b})"
        if same:
            if a != b:
                if are_distinct(s, ia, ib):
                    # An earlier decision, reached through another pair: only the user
                    # merging these two by hand may override it.
                    raise MergeError(
                        f"{a} and {b} were marked as not the same person; "
                        f"if they are, `warmly merge {a} {b}`"
                    )
                ev = merge_people(
                    s,
                    a,
                    b,
                    decided_by="user",
                    confidence=row.confidence,
                    reasons=[f"[{row.rule}]", *row.reasons],
                    now=when,
                )
                rebuild_ties(s, [a], ws.settings.ties)
                result = f"merged {who_b} into {who_a}; merge #{ev.id}"
            else:
                result = f"{who_a} is already one person"
            row.status = "merged"
        else:
            row.status = "rejected"
            if ia and ib:
                mark_distinct(s, ia[0], ib[0], reason="rejected in review", now=when)
            result = f"{who_a} and {who_b} kept apart: not the same person"
        _settle(s, a, b, row.status)
        return result


def _settle(session: Session, a: int, b: int, status: str) -> None:
    """Settle the pending items that a decision on people ``a`` and ``b`` answered too."""
    from warmly.identity.merge import are_distinct, identity_ids

    ids = with_absorbed(session, a) | with_absorbed(session, b)
    rows = session.scalars(
        select(CandidateRow).where(
            CandidateRow.status == "pending",
            CandidateRow.person_a.in_(ids) | CandidateRow.person_b.in_(ids),
        )
    )
    for other in rows:
        pair = _live_pair(session, other)
        if pair[0] == pair[1]:
            other.status = "merged"  # the two are one person now
        elif pair == (min(a, b), max(a, b)):
            other.status = status
        elif are_distinct(session, identity_ids(session, pair[0]), identity_ids(session, pair[1])):
            other.status = "rejected"  # a merge joined one side to someone kept apart
