"""Engine configs from ``warmly.toml``: the TOML tables become the engines' dataclasses.

The dataclasses carry the documented defaults; a key they do not know, or a
value of the wrong type, is a :class:`~warmly.errors.ConfigError` naming it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar, get_args

from warmly.config import Settings
from warmly.config.values import AT_LEAST_ONE, POSITIVE, SHARE, Range, check_table
from warmly.engine.candidate import ActionKind
from warmly.engine.circles import CirclesConfig
from warmly.engine.planner import PlannerConfig
from warmly.engine.reasons import ReasonsConfig
from warmly.engine.schedule import ScheduleConfig
from warmly.engine.strength import StrengthConfig
from warmly.errors import ConfigError
from warmly.pacing.policy import PLATFORMS

T = TypeVar("T")

# Bounds beyond "finite and not negative" (the default): each names what breaks.
_RANGES: dict[str, dict[str, Range]] = {
    "strength": {
        # Half-lives and half-points divide: 0 is a division by zero.
        "recency_half_life_days": POSITIVE,
        "frequency_half_point": POSITIVE,
        "long_run_half_point": POSITIVE,
        "long_run_floor_days": POSITIVE,
        "duration_half_point_days": POSITIVE,
        "multiplex_full": AT_LEAST_ONE,
        "words_full": AT_LEAST_ONE,  # ln(1 + words_full) divides
        "one_way_factor": SHARE,
    },
    "circles": {
        "sizes": AT_LEAST_ONE,
        "cadence_days": POSITIVE,
        "risk_cadence_factor": POSITIVE,
        "risk_gap_factor": POSITIVE,
        "min_strength": SHARE,
    },
    "reasons": {
        "strength_floor": SHARE,
        "inbound_peak_days": POSITIVE,  # urgency grows over it: it divides
        "inbound_stale_days": POSITIVE,
        "introduce_min_strength": SHARE,
        # The planner refuses an action of less than one minute.
        **{
            f"minutes_{k}": AT_LEAST_ONE
            for k in ("message", "email", "reply", "accept", "task", "introduce")
        },
    },
    "planner": {
        "time_limit_s": POSITIVE,
        "seed": Range(ge=0, le=2**31 - 1),  # CP-SAT's random_seed is a 32-bit int
        "max_solver_candidates": AT_LEAST_ONE,
    },
}
_TERMS = (
    "recency",
    "frequency",
    "long_run",
    "reciprocity",
    "duration",
    "multiplexity",
    "intensity",
)
# [planner] also holds the schedule's keys and the caps table.
_PLANNER_EXTRA = ("caps", "gap_minutes", "same_platform_gap_minutes")


def _build(cls: type[T], section: str, values: dict[str, Any], **fixed: Any) -> T:
    # Keys set from another section (``fixed``) are not this section's to set.
    kwargs = check_table(cls, section, values, _RANGES.get(section), frozenset(fixed))
    kwargs.update(fixed)
    try:
        return cls(**kwargs)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"[{section}]: {exc}") from exc


def _planner(values: dict[str, Any]) -> PlannerConfig:
    unknown = sorted(set(values) - {*PlannerConfig.__dataclass_fields__, *_PLANNER_EXTRA})
    if unknown:
        known = sorted({*PlannerConfig.__dataclass_fields__, *_PLANNER_EXTRA})
        raise ConfigError(f"[planner] has no key {unknown[0]!r}; known: {', '.join(known)}")
    return _build(
        PlannerConfig, "planner", {k: v for k, v in values.items() if k not in _PLANNER_EXTRA}
    )


def _caps(raw: Any) -> dict[tuple[str, str], int]:
    if not isinstance(raw, dict):
        raise ConfigError(
            f'[planner.caps]: expected a table of "platform.action" = count, got {raw!r}'
        )
    actions = get_args(ActionKind)
    caps: dict[tuple[str, str], int] = {}
    for key, n in raw.items():
        platform, _, action = str(key).partition(".")
        if not action or isinstance(n, bool) or not isinstance(n, int) or n < 0:
            raise ConfigError(f'[planner.caps] {key!r} = {n!r}: expected "platform.action" = count')
        # A misspelt cap ("linkdin.message") would otherwise cap nothing, silently.
        if platform not in PLATFORMS or action not in actions:
            raise ConfigError(
                f"[planner.caps] {key!r}: unknown platform or action; platforms: "
                f"{', '.join(PLATFORMS)}; actions: {', '.join(actions)}"
            )
        caps[(platform, action)] = n
    return caps


@dataclass(frozen=True)
class EngineConfigs:
    strength: StrengthConfig
    circles: CirclesConfig
    reasons: ReasonsConfig
    planner: PlannerConfig
    schedule: ScheduleConfig
    caps: dict[tuple[str, str], int]


def engine_configs(settings: Settings) -> EngineConfigs:
    """Every agenda engine's config, validated."""
    planner = dict(settings.planner)
    sched: dict[str, Any] = {
        k: planner[k] for k in ("gap_minutes", "same_platform_gap_minutes") if k in planner
    }
    strength = _build(
        StrengthConfig, "strength", settings.strength, half_life_days=settings.ties.half_life_days
    )
    weights = [getattr(strength, f"w_{t}") for t in _TERMS]
    if sum(weights) <= 0:  # the score divides by their sum
        raise ConfigError(f"[strength]: the weights w_{', w_'.join(_TERMS)} sum to 0")
    circles = _build(CirclesConfig, "circles", settings.circles)
    reasons = _build(ReasonsConfig, "reasons", settings.reasons)
    # Both are indexed by layer: an empty list leaves nothing to index.
    if not circles.sizes:
        raise ConfigError("[circles]: sizes needs at least one layer, e.g. [5, 15, 50]")
    if not reasons.keep_value:
        raise ConfigError("[reasons]: keep_value needs at least one value, e.g. [8, 6, 4]")
    return EngineConfigs(
        strength=strength,
        circles=circles,
        reasons=reasons,
        planner=_planner(planner),
        schedule=_build(ScheduleConfig, "planner", sched),
        caps=_caps(planner.get("caps", {})),
    )
