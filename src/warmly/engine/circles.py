"""Dunbar-like circles of fixed size, their keep-in-touch cadence and "at risk".

Layers are cumulative like Dunbar's (the inner 5 are part of the 15, …): with
sizes 5/15/50/150/500 the second layer holds ranks 6–15. Sizes stay fixed while
members move (Saramäki et al. 2014, PNAS). The user's pins win over strength.

Any interaction, either direction, any network, resets the cadence: the clock
starts at the tie state's ``last_at``. A person is *at risk* when silent longer
than ``risk_cadence_factor`` × the layer cadence, or ``risk_gap_factor`` × their
own usual gap (Navarro et al. 2017: past ~8× its usual interval a tie most likely
decays).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from warmly.errors import ConfigError


@dataclass(frozen=True, slots=True)
class CirclesConfig:
    """Layer sizes (cumulative), names, cadences and at-risk factors (``[circles]``)."""

    sizes: tuple[int, ...] = (5, 15, 50, 150, 500)
    names: tuple[str, ...] = ("support", "sympathy", "affinity", "active", "acquaintance")
    cadence_days: tuple[float, ...] = (7, 30, 90, 180, 365)
    risk_cadence_factor: float = 2.0
    risk_gap_factor: float = 8.0
    min_gap_days: float = 1.0  # floor on the own gap, so a burst of messages is not a rhythm
    # Circles are for people you know: below this strength (one message from a
    # stranger is about 0.11, one exchange about 0.4) nobody enters a circle,
    # however small the network.
    min_strength: float = 0.2

    def __post_init__(self) -> None:
        n = len(self.sizes)
        if not (len(self.names) == len(self.cadence_days) == n):
            raise ConfigError("circles: sizes, names and cadence_days need the same length")
        if any(b <= a for a, b in zip(self.sizes, self.sizes[1:], strict=False)):
            raise ConfigError("circles: sizes are cumulative and must grow (e.g. 5, 15, 50)")
        if self.sizes and self.sizes[0] <= 0:
            raise ConfigError("circles: sizes must be positive")


@dataclass(frozen=True, slots=True)
class CircleInput:
    """One person as the circles engine needs them (fill from tie_state + pins)."""

    person_id: int
    strength: float
    last_at: datetime | None
    typical_gap_days: float | None = None  # see gaps.typical_gap_days
    pinned_layer: int | None = None  # 0-based layer the user pinned them to


@dataclass(frozen=True, slots=True)
class Placement:
    """Where a person sits and how their keep-in-touch clock stands."""

    person_id: int
    layer: int | None  # None: outside every circle (no cadence)
    name: str
    pinned: bool
    cadence_days: float | None = None
    due_at: datetime | None = None
    silent_days: float | None = None
    overdue: bool = False
    at_risk: bool = False
    reasons: tuple[str, ...] = field(default_factory=tuple)
    why: str = ""  # why this circle (or none): a pin, a rank, a strength too low


def assign_layers(people: Sequence[CircleInput], cfg: CirclesConfig) -> dict[int, int | None]:
    """person_id → 0-based layer (or None), pins first, then by strength.

    Pinned people take their layer even when it overflows; the remaining slots of
    each layer go to the strongest unpinned people (ties broken by person id).
    """
    n = len(cfg.sizes)
    out: dict[int, int | None] = {}
    used = [0] * n
    for p in people:
        if p.pinned_layer is not None:
            layer = min(max(p.pinned_layer, 0), n - 1)
            out[p.person_id] = layer
            used[layer] += 1
    free = _ranked(people, cfg)
    i = 0
    prev = 0
    for layer, size in enumerate(cfg.sizes):
        room = max(0, size - prev - used[layer])
        prev = size
        for p in free[i : i + room]:
            out[p.person_id] = layer
        i += room
    for p in people:
        out.setdefault(p.person_id, None)
    return out


def _ranked(people: Sequence[CircleInput], cfg: CirclesConfig) -> list[CircleInput]:
    """The unpinned people strong enough for a circle, strongest first (ties by id)."""
    return sorted(
        (p for p in people if p.pinned_layer is None and p.strength >= cfg.min_strength),
        key=lambda p: (-p.strength, p.person_id),
    )


def placement_why(
    p: CircleInput, layer: int | None, rank: int | None, cfg: CirclesConfig, pins: int = 0
) -> str:
    """Why ``p`` sits in ``layer`` (or in none); ``rank``: 1-based among :func:`_ranked`
    (unpinned people); ``pins``: people pinned to ``layer`` or a closer circle.

    Strengths are given to three places beside the threshold they miss: 0.197
    printed as 0.20 would seem to meet a 0.20 bar.
    """
    if p.pinned_layer is not None:
        return "pinned by you"
    if layer is not None:
        # Pins take places first: the 2nd strongest of the rest may sit in the
        # second circle, and "your 2nd strongest tie" must say why.
        pinned = f", after the {pins} you pinned" if pins else ""
        return (
            f"strength {p.strength:.2f}, your {_ordinal(rank or 0)} strongest tie{pinned}: "
            f"{cfg.names[layer]} holds your {cfg.sizes[layer]} strongest"
        )
    if p.strength < cfg.min_strength:
        least = cfg.min_strength
        return f"strength {p.strength:.3f} is under {least:.2f}, the least a circle takes"
    return (
        f"strength {p.strength:.2f}, your {_ordinal(rank or 0)} strongest tie: "
        f"the circles' {cfg.sizes[-1]} places go to stronger ties and your pins"
    )


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def status(p: CircleInput, layer: int | None, now: datetime, cfg: CirclesConfig) -> Placement:
    """The keep-in-touch status of one person in ``layer`` as of ``now``."""
    pinned = p.pinned_layer is not None
    if layer is None:
        return Placement(p.person_id, None, "outside", pinned)
    cadence = float(cfg.cadence_days[layer])
    name = cfg.names[layer]
    if p.last_at is None:
        # Never in contact: due now, but there is no warmth to lose yet.
        return Placement(
            p.person_id, layer, name, pinned, cadence, now, None, True, False, ("never in contact",)
        )
    silent = max(0.0, (now - p.last_at).total_seconds() / 86400.0)
    reasons: list[str] = []
    overdue = silent > cadence
    if overdue:
        reasons.append(f"silent {silent:.0f} days, past the {cadence:g}-day cadence of {name}")
    at_risk = False
    if silent > cfg.risk_cadence_factor * cadence:
        at_risk = True
        reasons.append(f"more than {cfg.risk_cadence_factor:g}× the {cadence:g}-day cadence")
    if p.typical_gap_days is not None:
        gap = max(cfg.min_gap_days, p.typical_gap_days)
        if silent > cfg.risk_gap_factor * gap:
            at_risk = True
            reasons.append(f"more than {cfg.risk_gap_factor:g}× their usual gap of {gap:.0f} days")
    due = p.last_at + timedelta(days=cadence)
    return Placement(
        p.person_id, layer, name, pinned, cadence, due, silent, overdue, at_risk, tuple(reasons)
    )


def circles(
    people: Sequence[CircleInput], now: datetime, cfg: CirclesConfig = CirclesConfig()
) -> list[Placement]:
    """Place everyone and compute their keep-in-touch status, in input order, each
    with why they sit where they do."""
    layers = assign_layers(people, cfg)
    ranks = {p.person_id: i for i, p in enumerate(_ranked(people, cfg), 1)}
    pinned = [layers[p.person_id] for p in people if p.pinned_layer is not None]
    out = []
    for p in people:
        layer = layers[p.person_id]
        pins = sum(1 for q in pinned if q is not None and layer is not None and q <= layer)
        why = placement_why(p, layer, ranks.get(p.person_id), cfg, pins)
        out.append(replace(status(p, layer, now, cfg), why=why))
    return out
