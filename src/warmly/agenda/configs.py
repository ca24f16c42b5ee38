"""Engine configs from ``warmly.toml``: the TOML tables become the engines' dataclasses.

The dataclasses carry the documented defaults; a key they do not know, or a
value of the wrong type, is a :class:`~warmly.errors.ConfigError` naming it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, TypeVar

from warmly.config import Settings
from warmly.engine.circles import CirclesConfig
from warmly.engine.planner import PlannerConfig
from warmly.engine.reasons import ReasonsConfig
from warmly.engine.schedule import ScheduleConfig
from warmly.engine.strength import StrengthConfig
from warmly.errors import ConfigError

T = TypeVar("T")


def _build(cls: type[T], section: str, values: dict[str, Any], **fixed: Any) -> T:
    # Keys set from another section (``fixed``) are not this section's to set.
    known = {f.name: f for f in dataclasses.fields(cls) if f.name not in fixed}  # type: ignore[arg-type]
    kwargs: dict[str, Any] = {}
    for key, value in values.items():
        if key not in known:
            raise ConfigError(f"[{section}] has no key {key!r}; known: {', '.join(sorted(known))}")
        kwargs[key] = tuple(value) if isinstance(value, list) else value
    kwargs.update(fixed)
    try:
        return cls(**kwargs)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"[{section}]: {exc}") from exc


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
    caps_raw = planner.pop("caps", {}) or {}
    sched: dict[str, Any] = {
        k: planner.pop(k) for k in ("gap_minutes", "same_platform_gap_minutes") if k in planner
    }
    caps: dict[tuple[str, str], int] = {}
    for key, n in caps_raw.items():
        platform, _, action = str(key).partition(".")
        if not action or not isinstance(n, int) or n < 0:
            raise ConfigError(f'[planner.caps] {key!r} = {n!r}: expected "platform.action" = count')
        caps[(platform, action)] = n
    return EngineConfigs(
        strength=_build(
            StrengthConfig,
            "strength",
            settings.strength,
            half_life_days=settings.ties.half_life_days,
        ),
        circles=_build(CirclesConfig, "circles", settings.circles),
        reasons=_build(ReasonsConfig, "reasons", settings.reasons),
        planner=_build(PlannerConfig, "planner", planner),
        schedule=_build(ScheduleConfig, "planner", sched),
        caps=caps,
    )
