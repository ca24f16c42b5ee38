"""The candidate action: what the planner chooses among and the agenda shows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

ReasonKind = Literal[
    "inbound", "thanks", "task", "keep_in_touch", "invitation", "life_event", "introduce"
]

# Action kinds, as the pacing governor counts them per platform.
ActionKind = Literal["message", "reply", "email", "accept", "comment", "introduce"]


@dataclass(frozen=True, slots=True)
class Candidate:
    """One possible action for today.

    ``key`` is stable across runs (e.g. ``"inbound:4711"``) so ``done``/``skip``
    can refer to it; ``people`` are everyone the action touches (an introduction
    touches two), so "one action per person per day" covers them all.
    """

    key: str
    kind: ReasonKind
    action: ActionKind
    platform: str
    people: tuple[int, ...]
    value: float
    minutes: int
    why: str
    ref: str | None = None  # the ledger row behind it: interaction / task / invitation id
    not_before: datetime | None = None

    def __post_init__(self) -> None:
        if self.minutes < 1:
            raise ValueError(f"{self.key}: minutes must be ≥ 1, got {self.minutes}")
        if not self.people:
            raise ValueError(f"{self.key}: a candidate touches at least one person")

    @property
    def person_id(self) -> int:
        """The person the action is addressed to first."""
        return self.people[0]
