"""Typed settings read from ``warmly.toml``, merged over ``defaults.toml``."""

from __future__ import annotations

import re
import tomllib
from datetime import time
from importlib import resources
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from warmly.errors import ConfigError

_HOURS_RX = re.compile(r"^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Profile(_Strict):
    """Who the user is: own addresses, specialties, time budget."""

    name: str = ""
    emails: list[str] = Field(default_factory=list)
    default_region: str = ""  # before handles: their check reads it
    handles: dict[str, str] = Field(default_factory=dict)
    timezone: str = "UTC"
    working_hours: str = "09:00-17:30"
    minutes_per_day: int = Field(20, ge=1, le=24 * 60)
    specialties: list[str] = Field(default_factory=list)

    @field_validator("timezone")
    @classmethod
    def _tz(cls, v: str) -> str:
        try:
            ZoneInfo(v)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown IANA timezone {v!r}") from exc
        return v

    @field_validator("handles")
    @classmethod
    def _networks(cls, v: dict[str, str], info: ValidationInfo) -> dict[str, str]:
        # A misspelt network ("linkdin") or a handle that reads as nothing would
        # otherwise leave the user's own account to be imported as a contact.
        from warmly.identity.keys import PROFILE_HANDLES, profile_handle_key

        region = info.data.get("default_region") or None
        for network, handle in v.items():
            if network.lower() not in PROFILE_HANDLES:
                raise ValueError(
                    f"unknown network {network!r}; known: {', '.join(sorted(PROFILE_HANDLES))}"
                )
            if not profile_handle_key(network, handle, region):
                hint = " (write it with +country, or set default_region)" if not region else ""
                raise ValueError(f"{network} = {handle!r} is not a {network} handle{hint}")
        return v

    @field_validator("working_hours")
    @classmethod
    def _hours(cls, v: str) -> str:
        m = _HOURS_RX.match(v.replace(" ", ""))
        if not m:
            raise ValueError(f"expected HH:MM-HH:MM, got {v!r}")
        h1, m1, h2, m2 = map(int, m.groups())
        if not (0 <= h1 < 24 and 0 <= h2 <= 24 and m1 < 60 and m2 < 60):
            raise ValueError(f"not a time range: {v!r}")
        if (h2, m2) <= (h1, m1):
            raise ValueError(f"working hours end before they start: {v!r}")
        return v

    def hours(self) -> tuple[time, time]:
        m = _HOURS_RX.match(self.working_hours.replace(" ", ""))
        assert m is not None  # validated above
        h1, m1, h2, m2 = map(int, m.groups())
        return time(h1, m1), time(min(h2, 23), m2 if h2 < 24 else 59)

    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


class IdentitySettings(_Strict):
    auto_merge: float = Field(0.92, ge=0, le=1)
    review: float = Field(0.70, ge=0, le=1)


class TieSettings(_Strict):
    half_life_days: float = Field(90.0, gt=0)
    weights: dict[str, float] = Field(default_factory=dict)

    def weight(self, kind: str) -> float:
        return self.weights.get(kind, 0.5)


class Settings(_Strict):
    """The whole workspace configuration."""

    profile: Profile = Field(default_factory=Profile)
    identity: IdentitySettings = Field(default_factory=IdentitySettings)
    ties: TieSettings = Field(default_factory=TieSettings)
    # [connectors.smtp|mastodon|bluesky]; validated by warmly.connectors.config
    connectors: dict[str, Any] = Field(default_factory=dict)
    # [pacing.<platform>.<action>] overrides of warmly/pacing/policies.toml; validated
    # by warmly.pacing.policy.load_policies (kept loose here so pacing owns its schema).
    pacing: dict[str, Any] = Field(default_factory=dict)
    # Engine sections: plain tables here, validated by the engines' own config
    # dataclasses (see warmly.agenda.configs), which carry the documented defaults.
    strength: dict[str, Any] = Field(default_factory=dict)
    circles: dict[str, Any] = Field(default_factory=dict)
    reasons: dict[str, Any] = Field(default_factory=dict)
    planner: dict[str, Any] = Field(default_factory=dict)
    triage: dict[str, Any] = Field(default_factory=dict)
    followthrough: dict[str, Any] = Field(default_factory=dict)
    guard: dict[str, Any] = Field(default_factory=dict)


def defaults_text() -> str:
    """The commented defaults file shipped with warmly."""
    return resources.files("warmly.config").joinpath("defaults.toml").read_text("utf-8")


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for k, v in over.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = _merge(out[k], v)
        else:
            out[k] = v
    return out


def load_settings(path: Path | None) -> Settings:
    """Settings from ``path`` (a warmly.toml, may be absent) over the defaults.

    Raises :class:`ConfigError` naming the file and key on bad values.
    """
    data = tomllib.loads(defaults_text())
    if path is not None and path.exists():
        try:
            user = tomllib.loads(path.read_text("utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
        data = _merge(data, user)
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        msg = first["msg"].removeprefix("Value error, ")  # pydantic's wording, not ours
        raise ConfigError(f"{path or 'defaults'}: {where}: {msg}") from exc
