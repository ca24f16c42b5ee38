"""Everyone's strength, from one row of tie state per person."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from warmly.engine.strength import Strength, StrengthConfig, strength
from warmly.ledger.tiestate import Tie
from warmly.store.models import Person, TieState


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


def load_known(session: Session, now: datetime, cfg: StrengthConfig) -> dict[int, Known]:
    """Every live contact that has a tie state (planning reads one row per person)."""
    q = (
        select(Person.id, Person.display_name, Person.organisation, Person.title,
               Person.birthday, TieState)  # fmt: skip
        .join(TieState, TieState.person_id == Person.id)
        .where(Person.merged_into.is_(None), Person.is_owner.is_(False))
    )
    out: dict[int, Known] = {}
    for pid, name, org, title, bday, state in session.execute(q):
        tie = Tie.from_row(state)
        out[pid] = Known(pid, name, org, title, bday, tie, strength(tie, now, cfg))
    return out
