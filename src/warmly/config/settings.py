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
    model_validator,
)

from warmly.errors import ConfigError

_HOURS_RX = re.compile(r"^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$")


class _Strict(BaseModel):
    # TOML is typed: a quoted "20" or a true where a number belongs is a mistake
    # to report, not to coerce; and no setting means anything at NaN or infinity.
    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False)


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

    @field_validator("default_region")
    @classmethod
    def _region(cls, v: str) -> str:
        import phonenumbers

        # An unknown region would make every national phone number unreadable, silently.
        if v and v.upper() not in phonenumbers.SUPPORTED_REGIONS:
            raise ValueError(f"{v!r} is not an ISO 3166 country code such as FR or US")
        return v.upper()  # phonenumbers reads "FR", not "fr"

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

    @model_validator(mode="after")
    def _order(self) -> IdentitySettings:
        # Matches between review and auto_merge wait for the user: the other way
        # round, nothing would ever wait.
        if self.review > self.auto_merge:
            raise ValueError(f"review ({self.review}) is above auto_merge ({self.auto_merge})")
        return self


class TieSettings(_Strict):
    half_life_days: float = Field(90.0, gt=0)
    weights: dict[str, float] = Field(default_factory=dict)

    @field_validator("weights")
    @classmethod
    def _kinds(cls, v: dict[str, float]) -> dict[str, float]:
        from warmly.importers.records import KINDS

        for kind, w in v.items():
            if kind not in KINDS:  # a misspelt kind would weigh nothing, silently
                raise ValueError(f"unknown interaction kind {kind!r}; known: {', '.join(KINDS)}")
            if w < 0:
                raise ValueError(f"{kind} = {w}: a weight cannot be negative")
        return v

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

    Every section is checked here, engines' included, so that a mistake stops a
    command before it does anything. Raises :class:`ConfigError` as one line
    naming the file and key.
    """
    data = tomllib.loads(defaults_text())
    where = str(path or "defaults")
    if path is not None and path.exists():
        data = _merge(data, _read(path))
    try:
        settings = Settings.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(f"{where}: {_explain(exc.errors()[0])}") from exc
    try:
        check_sections(settings)
    except (ConfigError, ValueError, TypeError) as exc:
        raise ConfigError(f"{where}: {exc}") from exc
    return settings


def _read(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    try:
        # utf-8-sig: editors on Windows start files with a byte-order mark.
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ConfigError(f"{path}: line {line}: not UTF-8 text; save it as UTF-8") from exc
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc


def _explain(err: Any) -> str:
    """One pydantic error as ``section.key: what is wrong``, in our words."""
    loc = [str(p) for p in err["loc"]]
    if err["type"] == "extra_forbidden":
        model: Any = Settings
        for part in loc[:-1]:  # walk down to the model that refused the key
            model = model.model_fields[part].annotation
        known = ", ".join(model.model_fields)
        if len(loc) == 1:
            return f"[{loc[0]}]: unknown section; known: {known}"
        return f"{'.'.join(loc)}: unknown key; known: {known}"
    msg = err["msg"].removeprefix("Value error, ").replace("Input should be", "should be")
    value = err.get("input")
    scalar = not isinstance(value, dict | list)
    got = f", got {value!r}" if scalar and repr(value) not in msg else ""
    return f"{'.'.join(loc)}: {msg}{got}"


def check_sections(settings: Settings) -> None:
    """Build every engine's config from ``settings``: raises on the first bad key.

    The engines read their sections only when they run, which may be halfway
    through a command (tasks after an import); checking all of them up front
    refuses a mistake before anything is written.
    """
    # Imported here: the engines import this module for Settings.
    from warmly.agenda.configs import engine_configs
    from warmly.connectors.config import check_connectors
    from warmly.followthrough.config import FollowThroughConfig
    from warmly.guard.config import GuardConfig
    from warmly.pacing.policy import policies_for
    from warmly.triage.types import TriageConfig

    engine_configs(settings)
    TriageConfig.from_mapping(settings.triage)
    FollowThroughConfig.from_mapping(settings.followthrough)
    try:
        GuardConfig.from_mapping(settings.guard)
    except ValueError as exc:  # GuardConfig's own checks do not name the section
        named = str(exc).startswith(("[guard", "guard."))
        raise ConfigError(f"{exc}" if named else f"[guard]: {exc}") from exc
    policies_for(settings)
    check_connectors(settings.connectors)
