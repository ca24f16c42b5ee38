"""Incremental tie state: O(1) updates of exponentially decayed counters.

A counter valid at time ``t0`` is worth ``s(t) = s(t0)·e^(−λ(t−t0))`` later;
one interaction of weight ``w`` at ``t`` adds ``w`` at ``t``. Adding an
interaction older than ``t0`` adds ``w·e^(−λ(t0−t))`` instead, so the result
does not depend on the order in which interactions arrive (re-importing an
older export gives the same state as importing it first).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from warmly.importers.records import PLATFORMS

_PLATFORM_BIT = {p: 1 << i for i, p in enumerate(PLATFORMS)}


def decay_rate(half_life_days: float) -> float:
    """λ per second for a half-life in days."""
    return math.log(2) / (half_life_days * 86400.0)


def platform_bit(platform: str) -> int:
    return _PLATFORM_BIT.get(platform, 0)


def platforms_of(mask: int) -> list[str]:
    return [p for p, bit in _PLATFORM_BIT.items() if mask & bit]


def _min(a: datetime | None, b: datetime | None) -> datetime | None:
    return b if a is None else a if b is None else min(a, b)


def _max(a: datetime | None, b: datetime | None) -> datetime | None:
    return b if a is None else a if b is None else max(a, b)


@dataclass(slots=True)
class Tie:
    """The tie state of one person (mirrors :class:`warmly.store.models.TieState`)."""

    first_at: datetime | None = None
    last_at: datetime | None = None
    first_in_at: datetime | None = None
    last_in_at: datetime | None = None
    first_out_at: datetime | None = None
    last_out_at: datetime | None = None
    n_in: int = 0
    n_out: int = 0
    words_in: int = 0
    words_out: int = 0
    decay_in: float = 0.0
    decay_out: float = 0.0
    decay_at: datetime | None = None
    platforms: int = 0

    def add(
        self, at: datetime, direction: str, weight: float, words: int, platform: str, lam: float
    ) -> None:
        """Fold one interaction into the state in O(1)."""
        # Called once per imported interaction: comparisons are inlined rather
        # than going through _min/_max (same results, a third of the time).
        decay_at = self.decay_at
        if decay_at is None:
            self.decay_at = at
            add_now = weight
        elif at >= decay_at:
            f = math.exp(-lam * (at - decay_at).total_seconds())
            self.decay_in *= f
            self.decay_out *= f
            self.decay_at = at
            add_now = weight
        else:
            add_now = weight * math.exp(-lam * (decay_at - at).total_seconds())
        if self.first_at is None or at < self.first_at:
            self.first_at = at
        if self.last_at is None or at > self.last_at:
            self.last_at = at
        if direction == "in":
            self.decay_in += add_now
            self.n_in += 1
            self.words_in += words
            if self.first_in_at is None or at < self.first_in_at:
                self.first_in_at = at
            if self.last_in_at is None or at > self.last_in_at:
                self.last_in_at = at
        elif direction == "out":
            self.decay_out += add_now
            self.n_out += 1
            self.words_out += words
            if self.first_out_at is None or at < self.first_out_at:
                self.first_out_at = at
            if self.last_out_at is None or at > self.last_out_at:
                self.last_out_at = at
        else:  # "mut": both at once (a connection): contact, but nobody's message
            self.decay_in += add_now / 2
            self.decay_out += add_now / 2
        self.platforms |= _PLATFORM_BIT.get(platform, 0)

    def combine(self, other: Tie, lam: float) -> None:
        """Add another state (of the same person, e.g. after a merge or a new batch)."""
        if other.decay_at is None:
            return
        ref = other.decay_at if self.decay_at is None else max(self.decay_at, other.decay_at)
        if self.decay_at is not None and self.decay_at < ref:
            f = math.exp(-lam * (ref - self.decay_at).total_seconds())
            self.decay_in *= f
            self.decay_out *= f
        g = math.exp(-lam * (ref - other.decay_at).total_seconds())
        self.decay_in += other.decay_in * g
        self.decay_out += other.decay_out * g
        self.decay_at = ref
        self.first_at = _min(self.first_at, other.first_at)
        self.last_at = _max(self.last_at, other.last_at)
        self.first_in_at = _min(self.first_in_at, other.first_in_at)
        self.last_in_at = _max(self.last_in_at, other.last_in_at)
        self.first_out_at = _min(self.first_out_at, other.first_out_at)
        self.last_out_at = _max(self.last_out_at, other.last_out_at)
        self.n_in += other.n_in
        self.n_out += other.n_out
        self.words_in += other.words_in
        self.words_out += other.words_out
        self.platforms |= other.platforms

    def value_at(self, now: datetime, lam: float) -> tuple[float, float]:
        """The decayed (in, out) counters as of ``now``."""
        if self.decay_at is None:
            return 0.0, 0.0
        f = math.exp(-lam * max(0.0, (now - self.decay_at).total_seconds()))
        return self.decay_in * f, self.decay_out * f

    FIELDS = (
        "first_at",
        "last_at",
        "first_in_at",
        "last_in_at",
        "first_out_at",
        "last_out_at",
        "n_in",
        "n_out",
        "words_in",
        "words_out",
        "decay_in",
        "decay_out",
        "decay_at",
        "platforms",
    )

    def as_row(self) -> dict[str, object]:
        return {f: getattr(self, f) for f in self.FIELDS}

    def as_tuple(self) -> tuple[object, ...]:
        """The values of :attr:`FIELDS`, in that order."""
        return tuple(getattr(self, f) for f in self.FIELDS)

    @classmethod
    def from_row(cls, row: object) -> Tie:
        return cls(**{f: getattr(row, f) for f in cls.FIELDS})


def word_count(text: str | None) -> int:
    return len(text.split()) if text else 0
