"""Follow-through settings: due-date conventions and vague-phrase defaults (``defaults.toml``)."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from warmly.config.values import NON_NEGATIVE, POSITIVE, Range, check_value
from warmly.errors import ConfigError


def _defaults() -> dict[str, Any]:
    text = resources.files("warmly.followthrough").joinpath("defaults.toml").read_text("utf-8")
    data = tomllib.loads(text)
    return {**{k: v for k, v in data.items() if k != "followthrough"}, **data["followthrough"]}


@dataclass(frozen=True, slots=True)
class FollowThroughConfig:
    """Due-date conventions; see ``warmly/followthrough/defaults.toml`` for why each value."""

    due_hour: int = 17
    week_end_weekday: int = 4
    early_week_weekday: int = 1
    vague_days: Mapping[str, float] = field(default_factory=dict)
    unanswered_after_hours: float = 48.0

    def __post_init__(self) -> None:
        if not 0 <= self.due_hour <= 23:
            raise ConfigError(f"followthrough.due_hour must be 0..23, got {self.due_hour}")
        for key in ("asap", "shortly", "soon", "coming_days", "later", "none"):
            if key not in self.vague_days:
                raise ConfigError(f"followthrough.vague_days.{key} is missing")
        if self.unanswered_after_hours <= 0:
            raise ConfigError("followthrough.unanswered.after_hours must be positive")

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any] | None = None) -> FollowThroughConfig:
        """Defaults overlaid with a ``[followthrough]`` table (unknown keys are an error)."""
        base = _defaults()
        data = dict(data or {})
        unknown = sorted(set(data) - set(base))
        if unknown:
            known = ", ".join(sorted(base))
            raise ConfigError(f"[followthrough]: unknown key {unknown[0]!r}; known: {known}")
        week = Range(ge=0, le=6)  # Monday = 0 ... Sunday = 6
        hours = {"due_hour": Range(ge=0, le=23), "week_end_weekday": week}
        # int() and float() would read "17", 17.9 or true as a number: check first.
        ints = {
            k: check_value(f"followthrough.{k}", int, data.get(k, base[k]), hours.get(k, week))
            for k in ("due_hour", "week_end_weekday", "early_week_weekday")
        }
        vague = _table("vague_days", base, data)
        unanswered = _table("unanswered", base, data, POSITIVE)
        return cls(
            **ints,
            vague_days=vague,
            unanswered_after_hours=unanswered["after_hours"],
        )


def _table(
    name: str, base: dict[str, Any], data: dict[str, Any], rng: Range = NON_NEGATIVE
) -> dict[str, float]:
    """``[followthrough.<name>]`` over its defaults: known keys only, each a number."""
    over = data.get(name, {})
    if not isinstance(over, Mapping):
        raise ConfigError(f"[followthrough.{name}]: expected a table, got {over!r}")
    unknown = sorted(set(over) - set(base[name]))
    if unknown:
        known = ", ".join(sorted(base[name]))
        raise ConfigError(f"[followthrough.{name}]: unknown key {unknown[0]!r}; known: {known}")
    merged = {**base[name], **over}
    return {k: check_value(f"followthrough.{name}.{k}", float, v, rng) for k, v in merged.items()}


def default_config() -> FollowThroughConfig:
    """The shipped defaults."""
    return FollowThroughConfig.from_mapping()
