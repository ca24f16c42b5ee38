"""Reading people back: lists, search, one person's identities, timeline and ties."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from warmly.config.settings import TieSettings
from warmly.errors import NotFoundError
from warmly.identity.keys import identity_from_url
from warmly.identity.namekey import name_key
from warmly.importers.records import PLATFORMS
from warmly.ledger.tiestate import Tie, decay_rate, platforms_of
from warmly.store.models import (
    Identity,
    Interaction,
    MergeEvent,
    Organisation,
    Person,
    Position,
    Tag,
    TieState,
)


@dataclass
class IdentityView:
    platform: str
    handle: str
    name: str | None = None
    url: str | None = None


@dataclass
class PersonSummary:
    id: int
    name: str
    organisation: str | None
    title: str | None
    identities: list[IdentityView]
    interactions: int = 0
    last_at: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class PersonDetail(PersonSummary):
    birthday: str | None = None
    tags: list[str] = field(default_factory=list)
    positions: list[dict[str, Any]] = field(default_factory=list)
    tie: dict[str, Any] = field(default_factory=dict)
    timeline: list[dict[str, Any]] = field(default_factory=list)
    merged_from: list[int] = field(default_factory=list)
    merges: list[dict[str, Any]] = field(default_factory=list)


def _live() -> Any:
    return (Person.merged_into.is_(None)) & (Person.is_owner.is_(False))


def count_people(session: Session, search: str | None = None, *, everyone: bool = True) -> int:
    """How many people :func:`list_people` would list without a limit."""
    q = select(func.count()).select_from(Person).where(_people_filter(search, everyone))
    return int(session.scalar(q) or 0)


def count_id_only(session: Session) -> int:
    """Live contacts known only by an account id, with no interaction (see :func:`id_only`)."""
    q = select(func.count()).select_from(Person).where(_live(), id_only())
    return int(session.scalar(q) or 0)


def id_only() -> Any:
    """A person no source named, known by account ids alone, with no interaction yet.

    An X archive lists followers, follows, blocks and mutes by account id; those
    whose handle it never shows are such people (hundreds in a large archive):
    nothing to read about them or to do with them until they turn up again.
    """
    named_handle = select(Identity.id).where(
        Identity.person_id == Person.id, ~Identity.handle.startswith("#")
    )
    any_interaction = select(Interaction.id).where(Interaction.person_id == Person.id)
    return (Person.display_name == "") & ~named_handle.exists() & ~any_interaction.exists()


def _people_filter(search: str | None, everyone: bool = True) -> Any:
    """Live contacts, matching ``search`` (names, accent- and case-insensitive, and handles).

    ``everyone=False`` leaves out the people known only by an id (:func:`id_only`).
    """
    where = _live()
    if not search:
        return where if everyone else where & ~id_only()
    # "x:jdoe" searches that network's handles only, as `show x:jdoe` finds them.
    platform, raw = handle_ref(search)
    # autoescape: a "%" or "_" typed by the user is a character, not a wildcard
    handle_hit = select(Identity.person_id).where(
        func.lower(Identity.handle).contains(raw, autoescape=True)
    )
    if platform is not None:
        handle_hit = handle_hit.where(Identity.platform == platform)
    nk = name_key(search) if platform is None else ""
    by_name = [Person.name_key.contains(nk, autoescape=True)] if nk else []
    return where & or_(Person.id.in_(handle_hit), *by_name)


def list_people(
    session: Session, search: str | None = None, limit: int | None = None, *, everyone: bool = True
) -> list[PersonSummary]:
    """Every live contact (not the owner, not merged away), optionally filtered.

    ``search`` matches names (accent- and case-insensitive) and handles;
    ``everyone=False`` leaves out, when not searching, the people known only by
    an account id (:func:`id_only`).
    """
    q = select(Person).where(_people_filter(search, everyone)).order_by(Person.id)
    if limit:
        q = q.limit(limit)
    people = list(session.scalars(q))
    ids = [p.id for p in people]
    idents: dict[int, list[IdentityView]] = defaultdict(list)
    ties: dict[int, tuple[int, datetime | None]] = {}
    for i in range(0, len(ids), 5000):
        chunk = ids[i : i + 5000]
        iq = select(Identity).where(Identity.person_id.in_(chunk)).order_by(Identity.id)
        for ident in session.scalars(iq):
            idents[ident.person_id].append(identity_view(ident))
        tq = select(TieState.person_id, TieState.n_in + TieState.n_out, TieState.last_at)
        for pid, n, last in session.execute(tq.where(TieState.person_id.in_(chunk))):
            ties[pid] = (n, last)
    out = []
    for p in people:
        n, last = ties.get(p.id, (0, None))
        out.append(
            PersonSummary(
                id=p.id,
                name=p.display_name,
                organisation=p.organisation,
                title=p.title,
                identities=idents.get(p.id, []),
                interactions=n,
                last_at=last.isoformat() if last else None,
            )
        )
    return out


def identity_view(ident: Identity) -> IdentityView:
    """An identity as users see it: placeholders shown as no handle or ``id:N``."""
    handle = ident.handle
    if handle.startswith("~"):
        handle = ""  # a name-only placeholder has no handle to show
    elif handle.startswith("#"):
        handle = f"id:{handle[1:]}"
    return IdentityView(ident.platform, handle, ident.display_name, ident.url)


def find_person(session: Session, ref: str) -> Person:
    """A live person by id, handle (``@jdoe``, or ``x:jdoe`` for one network), or a
    name that matches exactly one person; anything ambiguous is an error listing them."""
    ref = ref.strip()
    if not ref:
        raise NotFoundError("name a person: an id, a handle or a name from `warmly people`")
    if (pid := person_id_of(ref)) is not None and (person := session.get(Person, pid)) is not None:
        return _alive(session, person)
    found = _by_handle(session, _profile_handle(ref) or ref)
    if found is not None:
        return found
    key = name_key(ref)
    matches = list(session.scalars(select(Person).where(_live(), Person.name_key == key)))
    # A number that is no id is not looked for inside names: "3800" must not
    # pick (or merge) whoever's numeric X name contains it.
    if not matches and key and person_id_of(ref) is None:
        q = select(Person).where(_live(), Person.name_key.contains(key, autoescape=True))
        matches = list(session.scalars(q))
    if len(matches) == 1:
        return matches[0]
    if not matches:
        if ref.isdigit():
            raise NotFoundError(f"no person with id {ref}; see `warmly people`")
        raise NotFoundError(f"nobody matches {ref!r}; try `warmly people --search`")
    names = ", ".join(f"{p.id} {p.display_name}" for p in matches[:8])
    raise NotFoundError(f"{len(matches)} people match {ref!r} ({names}); use an id")


def _profile_handle(ref: str) -> str | None:
    """``NETWORK:handle`` for a profile URL (``https://www.linkedin.com/in/zo%C3%AB-brandt``,
    ``x.com/jdoe``), as a user copies it from a browser; None for anything else."""
    if "/" not in ref or " " in ref.strip():
        return None
    ident = identity_from_url(ref)
    return f"{ident.platform}:{ident.handle}" if ident is not None and ident.handle else None


# people.id is a 32-bit INTEGER: PostgreSQL refuses a larger number in the
# query ("integer out of range"), SQLite one past 64 bits.
_MAX_ID = 2**31 - 1


def person_id_of(ref: str) -> int | None:
    """``ref`` as a person id if it can be one: ASCII digits within the id column's range.

    ``str.isdigit`` also accepts "²", which ``int`` refuses; a long number (a
    phone number typed as a name) is no id on either backend.
    """
    ref = ref.strip()
    if ref.isascii() and ref.isdigit() and int(ref) <= _MAX_ID:
        return int(ref)
    return None


def handle_ref(ref: str) -> tuple[str | None, str]:
    """``(network, handle)`` of what a user typed for a handle: ``x:@jdoe`` -> ``("x", "jdoe")``.

    The handle is lower-cased without its ``@``; the network is None unless
    ``ref`` starts with a known one.
    """
    platform, sep, rest = ref.strip().partition(":")
    if sep and platform.lower() in PLATFORMS and rest:
        return platform.lower(), rest.strip().lower().lstrip("@")
    return None, ref.strip().lower().lstrip("@")


def _alive(session: Session, person: Person) -> Person:
    """``person``, or the person it was merged into (through every later merge)."""
    while person.merged_into is not None:
        nxt = session.get(Person, person.merged_into)
        assert nxt is not None
        person = nxt
    return person


def _by_handle(session: Session, ref: str) -> Person | None:
    """The one person holding the handle ``ref``; None if nobody does."""
    platform, h = handle_ref(ref)
    q = select(Identity.platform, Identity.handle, Identity.person_id)
    if platform is not None:
        q = q.where(Identity.platform == platform)
        ref = ref.partition(":")[2]
    hits = session.execute(q.where(func.lower(Identity.handle) == h)).all()
    holders: dict[int, list[str]] = {}
    for plat, handle, pid in hits:
        person = _alive(session, session.get_one(Person, pid))
        holders.setdefault(person.id, []).append(f"{plat}:{handle}")
    if not holders:
        return None
    if len(holders) > 1:
        names = ", ".join(
            f"{pid} {session.get_one(Person, pid).display_name} ({', '.join(ids)})"
            for pid, ids in sorted(holders.items())
        )
        raise NotFoundError(
            f"{len(holders)} people hold {ref!r} ({names}); use an id or NETWORK:{h}"
        )
    return session.get_one(Person, next(iter(holders)))


def person_detail(
    session: Session, ref: str, ties: TieSettings, timeline: int = 50, now: datetime | None = None
) -> PersonDetail:
    """Everything warmly knows about one person, newest interactions first."""
    p = find_person(session, ref)
    now = now or datetime.now(UTC)
    held = session.scalars(select(Identity).where(Identity.person_id == p.id))
    idents = [identity_view(i) for i in held]
    tags = list(session.scalars(select(Tag.tag).where(Tag.person_id == p.id)))
    pos = session.execute(
        select(Organisation.name, Position.title, Position.started, Position.ended)
        .join(Organisation, Organisation.id == Position.organisation_id)
        .where(Position.person_id == p.id)
        .order_by(Position.started.desc().nulls_last())
    )
    positions: list[dict[str, Any]] = []
    seen_jobs: set[tuple[str, str | None]] = set()
    for o, t, s, e in pos:
        if (o, t) in seen_jobs:  # the same job seen by several sources
            continue
        seen_jobs.add((o, t))
        positions.append(
            {
                "organisation": o,
                "title": t,
                "started": s and s.isoformat(),
                "ended": e and e.isoformat(),
            }
        )
    rows = session.scalars(
        select(Interaction)
        .where(Interaction.person_id == p.id)
        .order_by(Interaction.occurred_at.desc())
        .limit(timeline)
    )
    events = [
        {
            "at": r.occurred_at.isoformat(),
            "platform": r.platform,
            "kind": r.kind,
            "direction": r.direction,
            "subject": r.subject,
            "text": (r.text or "")[:280],
            "thread": r.thread,
            "tags": r.tags.split(",") if r.tags else [],
        }
        for r in rows
    ]
    state = session.get(TieState, p.id)
    tie: dict[str, Any] = {}
    if state is not None:
        tt = Tie.from_row(state)
        d_in, d_out = tt.value_at(now, decay_rate(ties.half_life_days))
        tie = {
            "interactions_in": tt.n_in,
            "interactions_out": tt.n_out,
            "words_in": tt.words_in,
            "words_out": tt.words_out,
            "first_at": tt.first_at and tt.first_at.isoformat(),
            "last_at": tt.last_at and tt.last_at.isoformat(),
            "last_in_at": tt.last_in_at and tt.last_in_at.isoformat(),
            "last_out_at": tt.last_out_at and tt.last_out_at.isoformat(),
            "decayed_in": round(d_in, 4),
            "decayed_out": round(d_out, 4),
            "half_life_days": ties.half_life_days,
            "networks": platforms_of(tt.platforms),
        }
    merged = list(session.scalars(select(Person.id).where(Person.merged_into == p.id)))
    merges = _merges_into(session, p.id)
    return PersonDetail(
        id=p.id,
        name=p.display_name,
        organisation=p.organisation,
        title=p.title,
        identities=idents,
        interactions=(state.n_in + state.n_out) if state else 0,
        last_at=state.last_at.isoformat() if state and state.last_at else None,
        birthday=p.birthday.isoformat() if p.birthday else None,
        tags=tags,
        positions=positions,
        tie=tie,
        timeline=events,
        merged_from=merged,
        merges=merges,
    )


def _merges_into(session: Session, person_id: int) -> list[dict[str, Any]]:
    """The merges into ``person_id`` still in force: who, decided by whom, how sure, why."""
    rows = session.execute(
        select(MergeEvent, Person.display_name)
        .join(Person, Person.id == MergeEvent.absorbed_id)
        .where(
            MergeEvent.survivor_id == person_id,
            MergeEvent.action == "merge",
            MergeEvent.undone_by.is_(None),
        )
        .order_by(MergeEvent.id)
    )
    out: list[dict[str, Any]] = []
    for ev, name in rows:
        reasons = list(ev.reasons or [])
        rule = None
        # The matcher's merges store their rule first, as "[exact-name]".
        if reasons and reasons[0].startswith("[") and reasons[0].endswith("]"):
            rule = reasons.pop(0)[1:-1]
        out.append(
            {
                "merge": ev.id,
                "person": ev.absorbed_id,
                "name": name,
                "decided_by": ev.decided_by,
                "confidence": None if ev.confidence is None else round(ev.confidence, 3),
                "rule": rule,
                "reasons": reasons,
                "at": ev.created_at.isoformat(),
            }
        )
    return out
