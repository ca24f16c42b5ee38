"""The simulated side of a simulation: demand, drafts, and platforms that answer back.

Everything random comes from one seeded :class:`random.Random`, so a run is repeatable.
"""

from __future__ import annotations

import heapq
import random
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal

from warmly.connectors.base import Assisted, Outgoing, RateLimit, Sent, TransientError

Mode = Literal["auto", "assisted"]
Pair = tuple[str, str]

# What a user wants per day, far beyond what is safe ("eager") or a modest habit.
PROFILES: dict[str, dict[Pair, float]] = {
    "eager": {
        ("linkedin", "invite"): 500 / 7,
        ("x", "thank"): 200.0,
        ("email", "email"): 100.0,
        ("linkedin", "message"): 80.0,
        ("mastodon", "reply"): 20.0,
        ("bluesky", "like"): 20.0,
    },
    "normal": {
        ("linkedin", "invite"): 8.0,
        ("x", "thank"): 10.0,
        ("email", "email"): 15.0,
        ("linkedin", "message"): 10.0,
        ("mastodon", "reply"): 5.0,
        ("bluesky", "like"): 10.0,
    },
}

_WORDS = [
    "launch",
    "roadmap",
    "hiring",
    "panel",
    "podcast",
    "benchmark",
    "migration",
    "thread",
    "talk",
    "workshop",
    "paper",
    "release",
    "demo",
    "garden",
    "marathon",
    "sourdough",
    "conference",
    "article",
    "chart",
    "design",
    "review",
    "mentoring",
    "startup",
    "climate",
    "robotics",
    "compiler",
    "database",
    "kubernetes",
    "retention",
    "onboarding",
    "pricing",
    "vision",
    "survey",
    "interview",
    "newsletter",
    "keynote",
    "patent",
    "prototype",
    "fundraising",
    "volunteering",
    "festival",
    "exhibition",
    "translation",
    "accessibility",
    "security",
    "latency",
]
_OPEN = ("Hi {n},", "Hello {n},", "Dear {n},", "{n},", "Hey {n} -")


def draft(rng: random.Random, name: str) -> str:
    """A short message written for one person: its details are theirs alone."""
    a, b, c, d = rng.sample(_WORDS, 4)
    extra = " ".join(rng.sample(_WORDS, 6))
    return (
        f"{rng.choice(_OPEN).format(n=name)} thanks for the {a} on {b}; the part about "
        f"{c} and {d} stuck with me. Notes: {extra}."
    )


_TOKEN = re.compile(r"[a-z0-9]+")


def shingles(text: str, name: str) -> frozenset[tuple[str, ...]]:
    """Word 3-shingles with the recipient's name masked (mail merge cannot hide a template)."""
    words = [w for w in _TOKEN.findall(text.lower()) if w not in name.lower().split()]
    return frozenset(zip(words, words[1:], words[2:], strict=False))


def jaccard(a: frozenset[tuple[str, ...]], b: frozenset[tuple[str, ...]]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


@dataclass
class Event:
    at: datetime
    platform: str
    kind: str
    action_id: int

    def __lt__(self, other: Event) -> bool:
        return (self.at, self.action_id) < (other.at, other.action_id)


@dataclass
class SimPlatform:
    """One simulated platform: delivers, sometimes answers 429, later accepts or bounces."""

    platform: str
    mode: Mode
    rng: random.Random
    accept_rate: float = 0.3  # reported ~30% (Expandi 2025)
    bounce_rate: float = 0.02
    complaint_rate: float = 0.0003
    throttle_rate: float = 0.002
    clock: datetime | None = None
    events: list[Event] = field(default_factory=list)
    delivered: list[str] = field(default_factory=list)

    def send(self, message: Outgoing) -> Sent | Assisted:
        assert self.clock is not None
        if self.mode == "assisted":
            return Assisted(
                link=f"https://{self.platform}.example/{message.key}", text=message.text
            )
        if self.rng.random() < self.throttle_rate:
            reset = self.clock + timedelta(minutes=15)
            raise TransientError("HTTP 429", rate_limit=RateLimit(remaining=0, reset_at=reset))
        self.delivered.append(message.key)
        return Sent(remote_id=message.key)

    def after(self, kind: str, action_id: int, now: datetime) -> None:
        """What the other side does later with a sent action (a future signal)."""
        r = self.rng.random()
        if kind == "invite" and r < self.accept_rate:
            at = now + timedelta(hours=self.rng.uniform(2, 10 * 24))
            heapq.heappush(self.events, Event(at, self.platform, "invite_accepted", action_id))
        elif self.platform == "email" and r < self.bounce_rate:
            at = now + timedelta(minutes=self.rng.uniform(1, 30))
            heapq.heappush(self.events, Event(at, self.platform, "bounce", action_id))
        elif self.platform == "email" and r < self.bounce_rate + self.complaint_rate:
            at = now + timedelta(hours=self.rng.uniform(1, 48))
            heapq.heappush(self.events, Event(at, self.platform, "complaint", action_id))

    def due(self, now: datetime) -> list[Event]:
        out = []
        while self.events and self.events[0].at <= now:
            out.append(heapq.heappop(self.events))
        return out

    def next_event(self) -> datetime | None:
        return self.events[0].at if self.events else None
