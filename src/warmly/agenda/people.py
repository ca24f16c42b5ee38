"""Strength for the people a plan needs, ranked in the database, explained in Python.

Planning must not load a million tie states into Python: the database ranks
everyone with :func:`~warmly.agenda.strength_sql.strength_expr` and finds who
is waiting for an answer; only those (a few thousand at most) are loaded here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import false, or_, select, update
from sqlalchemy.orm import Session

from warmly.engine.strength import Strength, StrengthConfig, strength
from warmly.ledger.strength_sql import strength_expr
from warmly.ledger.tiestate import Tie
from warmly.store.models import Person, Tag, TieState

_CHUNK = 2000
WAITING_WALK = 20  # rows of the score index read per waiting person wanted, at most
SCORE_TOLERANCE = 1e-4  # a stored score this close to the fresh one is left as it is


@dataclass(slots=True)
class Known:
    """A live contact with their tie state and strength as of now."""

    id: int
    name: str
    organisation: str | None
    title: str | None
    birthday: date | None
    tie: Tie
    strength: Strength

    @property
    def first_name(self) -> str:
        parts = self.name.replace(",", " ").split()
        return parts[0] if parts else "there"


def _live() -> object:
    return (Person.merged_into.is_(None)) & (Person.is_owner.is_(False))


def load_known(
    session: Session, now: datetime, cfg: StrengthConfig, ids: Iterable[int] | None = None
) -> dict[int, Known]:
    """Live contacts with a tie state: everyone (``ids=None``) or just these."""
    base = (
        select(
            Person.id,
            Person.display_name,
            Person.organisation,
            Person.title,
            Person.birthday,
            *(getattr(TieState, f) for f in Tie.FIELDS),  # columns, not ORM objects: 10x cheaper
        )
        .join(TieState, TieState.person_id == Person.id)
        .where(_live())  # type: ignore[arg-type]
    )
    chunks: list[object] = [None] if ids is None else []
    if ids is not None:
        wanted = sorted(set(ids))
        chunks = [wanted[i : i + _CHUNK] for i in range(0, len(wanted), _CHUNK)]
    out: dict[int, Known] = {}
    for chunk in chunks:
        q = base if chunk is None else base.where(Person.id.in_(chunk))  # type: ignore[arg-type]
        for pid, name, org, title, bday, *state in session.execute(q):
            tie = Tie(**dict(zip(Tie.FIELDS, state, strict=True)))
            out[pid] = Known(pid, name, org, title, bday, tie, strength(tie, now, cfg))
    return out


def top_by_strength(
    session: Session,
    now: datetime,
    cfg: StrengthConfig,
    limit: int,
    *,
    store: bool = False,
    unless_tagged: Sequence[str] = (),
) -> list[int]:
    """The ``limit`` strongest live contacts, strongest first (ties by id).

    ``unless_tagged``: people holding one of these tags (a block, a mute) are
    rescored and stored like the rest but not ranked: the next one takes the place.

    Reads the stored scores through their index (4 × ``limit`` candidates),
    rescores those exactly as of ``now`` in SQL and (with ``store``, when the
    caller writes anyway) stores the fresh scores, so people whose score went
    stale since their last interaction drop out and the index keeps converging.
    Cost: a bounded index scan, never all people.
    """
    t = TieState
    # "score IS NOT NULL ORDER BY score DESC" is what a plain index on score
    # serves backwards on both SQLite and PostgreSQL; a NULLS LAST clause or a
    # tie-break column or the join to people would make either sort every tie.
    top = list(
        session.scalars(
            select(t.person_id)
            .where(t.score.is_not(None))
            .order_by(t.score.desc())
            .limit(4 * limit)
        )
    )
    if len(top) < 4 * limit:  # ties never scored yet (only in a small ledger)
        top += session.scalars(
            select(t.person_id).where(t.score.is_(None)).limit(4 * limit - len(top))
        )
    # The live ones among them, rescored exactly as of now, in the same round trip.
    expr = strength_expr(now, cfg, session.get_bind().dialect)
    tagged = (
        select(Tag.person_id)
        .where(Tag.person_id == t.person_id, Tag.tag.in_(unless_tagged))
        .exists()
        if unless_tagged
        else false()
    )
    rescore = select(t.person_id, expr, t.score, tagged).join(Person, Person.id == t.person_id)
    rows: list[Any] = []
    for i in range(0, len(top), _CHUNK):
        rows += session.execute(
            rescore.where(t.person_id.in_(top[i : i + _CHUNK]), _live())  # type: ignore[arg-type]
        ).all()
    if not rows:
        return []
    # Only scores that moved are written back: an index needs no more precision,
    # and an unchanged day (or a second plan) then writes nothing at all.
    stale = [
        {"person_id": pid, "score": sc, "scored_at": now}
        for pid, sc, old, _ in rows
        if old is None or abs(sc - old) > SCORE_TOLERANCE
    ]
    if store and stale:
        session.execute(update(t), stale)
    ranked = sorted(
        ((pid, sc) for pid, sc, _, held in rows if not held), key=lambda r: (-r[1], r[0])
    )
    return [pid for pid, _ in ranked[:limit]]


def waiting(
    session: Session, now: datetime, days: float, cfg: StrengthConfig, limit: int = 3000
) -> list[int]:
    """People who wrote (or shared, mentioned, invited) within ``days`` and got nothing back.

    At most ``limit``, the strongest first: every reason built on them is worth
    more for a stronger tie, and a day's budget holds a few dozen actions, so the
    strongest few thousand always contain the best choices.
    """
    since = now - timedelta(days=days)
    t = TieState
    # The strongest ties are mostly the active ones: walking the score index
    # from the top finds ``limit`` waiting people within a few thousand rows
    # (about 1,800 for 1,000 at a million people, however dense the history),
    # where the range of everyone who wrote lately grows with activity.
    walk = session.execute(
        select(t.person_id, t.last_in_at, t.last_out_at)
        .where(t.score.is_not(None))
        .order_by(t.score.desc())
        .limit(WAITING_WALK * limit)
        .execution_options(yield_per=1000)  # read only as far as the walk goes
    )
    found: list[int] = []
    for pid, last_in, last_out in walk:
        if (
            last_in is not None
            and since <= last_in <= now
            and (last_out is None or last_out < last_in)
        ):
            found.append(pid)
            if len(found) == limit:
                walk.close()
                return found
    # Few of the strongest are waiting: ask the (covering) index of recent inbound.
    q = (
        select(t.person_id)
        .where(
            t.last_in_at >= since,
            t.last_in_at <= now,
            or_(t.last_out_at.is_(None), t.last_out_at < t.last_in_at),
        )
        .order_by(t.score.desc().nulls_last(), t.person_id)
        .limit(limit)
    )
    return list(session.scalars(q))
