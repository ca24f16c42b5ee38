"""Follow-through settings: due-date conventions and vague-phrase defaults (``defaults.toml``)."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

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
            raise ConfigError(f"[followthrough]: unknown key(s) {', '.join(unknown)}")
        vague = {**base["vague_days"], **data.get("vague_days", {})}
        unanswered = {**base["unanswered"], **data.get("unanswered", {})}
        return cls(
            due_hour=int(data.get("due_hour", base["due_hour"])),
            week_end_weekday=int(data.get("week_end_weekday", base["week_end_weekday"])),
            early_week_weekday=int(data.get("early_week_weekday", base["early_week_weekday"])),
            vague_days={k: float(v) for k, v in vague.items()},
            unanswered_after_hours=float(unanswered["after_hours"]),
        )


def default_config() -> FollowThroughConfig:
    """The shipped defaults."""
    return FollowThroughConfig.from_mapping()
