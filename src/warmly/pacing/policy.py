"""Pacing policies as data: ``policies.toml`` merged with ``[pacing]`` from warmly.toml.

Code never holds a platform number; it reads them from here, each with its source.
"""

from __future__ import annotations

import re
import tomllib
from datetime import date, time, timedelta
from importlib import resources
from typing import Any, Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from warmly.connectors.assisted import ALWAYS_ASSISTED
from warmly.errors import ConfigError

PLATFORMS: tuple[str, ...] = ("linkedin", "x", "mastodon", "bluesky", "email")
KINDS: tuple[str, ...] = (
    "invite",
    "accept",
    "message",
    "reply",
    "mention",
    "thank",
    "follow",
    "like",
    "post",
    "email",
)
_PLATFORM_KEYS = {"mode", "working_hours", "account_created"}
_DUR_RX = re.compile(r"^(\d+(?:\.\d+)?)\s*([smhd])$")
_UNIT_S = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_HOURS_RX = re.compile(r"^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$")


class _Strict(BaseModel):
    # strict: TOML is typed, so spacing_s = "120" is a mistake, not a number; the
    # few fields a TOML value cannot match exactly (arrays, quoted dates) opt out.
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, allow_inf_nan=False)


def parse_duration(text: str) -> timedelta:
    """``"15m"``, ``"3h"``, ``"7d"`` → a timedelta."""
    m = _DUR_RX.match(text.strip())
    if not m:
        raise ValueError(f"expected a duration like 15m, 3h or 7d, got {text!r}")
    return timedelta(seconds=float(m.group(1)) * _UNIT_S[m.group(2)])


def parse_hours(text: str) -> tuple[time, time] | None:
    """``"09:00-18:00"`` → (start, end); ``""`` → None (any time)."""
    if not text:
        return None
    m = _HOURS_RX.match(text.replace(" ", ""))
    if not m:
        raise ValueError(f"expected HH:MM-HH:MM, got {text!r}")
    h1, m1, h2, m2 = map(int, m.groups())
    if not (h1 < 24 and h2 <= 24 and m1 < 60 and m2 < 60) or (h2, m2) <= (h1, m1):
        raise ValueError(f"not a working-hours range: {text!r}")
    return time(h1, m1), (time(23, 59, 59) if h2 == 24 else time(h2, m2))


class Window(_Strict):
    """At most ``count`` actions of ``kinds`` in any sliding ``per``."""

    count: int = Field(ge=0)
    per: str
    kinds: tuple[str, ...] = Field((), strict=False)
    source: str

    @field_validator("kinds")
    @classmethod
    def _kinds(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [k for k in v if k not in KINDS]  # a misspelt kind would count nothing
        if unknown:
            raise ValueError(f"unknown kind {unknown[0]!r}; known: {', '.join(KINDS)}")
        return v

    @field_validator("per")
    @classmethod
    def _per(cls, v: str) -> str:
        if parse_duration(v) <= timedelta(0):  # "5 in any 0 s" would limit nothing
            raise ValueError(f"a window must last longer than 0, got {v!r}")
        return v

    @property
    def length(self) -> timedelta:
        return parse_duration(self.per)


class RampUp(_Strict):
    days: float = Field(gt=0)
    start_factor: float = Field(gt=0, le=1)
    source: str


class PendingRule(_Strict):
    """Stop inviting when open (unanswered) invitations reach ``stop_at``."""

    stop_at: int = Field(ge=0)
    cap: int = Field(ge=0)
    expire_days: float = Field(gt=0)
    source: str


class AcceptanceRule(_Strict):
    """Scale limits by ``factor`` when invitations aged ``age_days``..``lookback_days``
    were accepted at a rate under ``min_rate`` (with at least ``min_sample`` of them)."""

    min_rate: float = Field(ge=0, le=1)
    min_sample: int = Field(ge=1)
    age_days: float = Field(ge=0)
    lookback_days: float = Field(gt=0)
    factor: float = Field(gt=0, le=1)
    source: str


class ReputationRule(_Strict):
    """Scale limits by ``factor`` when bounces or complaints over ``lookback_days`` are high."""

    lookback_days: float = Field(gt=0)
    min_sample: int = Field(ge=1)
    bounce_max: float = Field(ge=0, le=1)
    complaint_max: float = Field(ge=0, le=1)
    factor: float = Field(gt=0, le=1)
    source: str


class ActionPolicy(_Strict):
    """Everything that paces one action kind on one platform."""

    allowed: bool = True
    source: str = "unverified"
    windows: tuple[Window, ...] = Field((), strict=False)
    spacing_s: float = Field(0.0, ge=0)
    jitter_s: float = Field(0.0, ge=0)
    working_hours: str | None = None  # None: the platform's
    ramp_up: RampUp | None = None
    pending: PendingRule | None = None
    acceptance: AcceptanceRule | None = None
    reputation: ReputationRule | None = None

    def counted_kinds(self, kind: str) -> tuple[str, ...]:
        """Every kind whose rows this policy reads (its own first): the lock set."""
        out = {kind}
        for w in self.windows:
            out.update(w.kinds or (kind,))
        return tuple(sorted(out))


class PlatformPolicy(_Strict):
    mode: Literal["auto", "assisted"] = "auto"
    working_hours: str = ""
    account_created: date | None = Field(None, strict=False)  # "2015-03-01" or a TOML date
    actions: dict[str, ActionPolicy] = Field(default_factory=dict)


class RetryPolicy(_Strict):
    base_s: float = Field(60.0, gt=0)
    max_s: float = Field(21600.0, gt=0)
    max_attempts: int = Field(8, ge=1)


class Policies(_Strict):
    """All platforms' policies plus the user's timezone (for working hours)."""

    platforms: dict[str, PlatformPolicy]
    aliases: dict[str, str] = Field(default_factory=dict)
    retry: RetryPolicy = Field(default_factory=lambda: RetryPolicy.model_validate({}))
    timezone: str = "UTC"

    def kind(self, action: str) -> str:
        return self.aliases.get(action, action)

    def action(self, platform: str, action: str) -> ActionPolicy | None:
        p = self.platforms.get(platform)
        return None if p is None else p.actions.get(self.kind(action))

    def hours(self, platform: str, action: str) -> tuple[time, time] | None:
        pol = self.action(platform, action)
        text = pol.working_hours if pol and pol.working_hours is not None else None
        if text is None:
            p = self.platforms.get(platform)
            text = p.working_hours if p else ""
        return parse_hours(text)

    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def pairs(self) -> list[tuple[str, str]]:
        """Every (platform, kind) with a policy, in a stable order."""
        return [(p, k) for p, pp in self.platforms.items() for k in pp.actions]


def defaults_text() -> str:
    return resources.files("warmly.pacing").joinpath("policies.toml").read_text("utf-8")


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for k, v in over.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def _shape(raw: dict[str, Any], timezone: str) -> dict[str, Any]:
    """TOML layout ([<platform>] keys + [<platform>.<action>] tables) → model layout."""
    platforms: dict[str, Any] = {}
    for name, body in raw.items():
        if name in ("retry", "aliases"):
            continue
        if not isinstance(body, dict):
            raise ConfigError(f"pacing.{name}: expected a table, got {body!r}")
        plat = {k: v for k, v in body.items() if k in _PLATFORM_KEYS}
        plat["actions"] = {k: v for k, v in body.items() if k not in _PLATFORM_KEYS}
        platforms[name] = plat
    return {
        "platforms": platforms,
        "aliases": raw.get("aliases", {}),
        "retry": raw.get("retry", {}),
        "timezone": timezone,
    }


def load_policies(overrides: dict[str, Any] | None = None, timezone: str = "UTC") -> Policies:
    """The shipped policies with ``overrides`` (the ``[pacing]`` table) merged on top.

    Raises :class:`ConfigError` naming the key on a bad value.
    """
    defaults = tomllib.loads(defaults_text())
    _known_names(defaults, overrides or {})
    raw = _merge(defaults, overrides or {})
    try:
        pol = Policies.model_validate(_shape(raw, timezone))
        for p, pp in pol.platforms.items():
            parse_hours(pp.working_hours)
            for k, ap in pp.actions.items():
                if ap.working_hours:
                    parse_hours(ap.working_hours)
                if ap.allowed and not ap.windows and ap.spacing_s == 0:
                    raise ValueError(f"{p}.{k}: an allowed action needs a window or spacing")
            if p in ALWAYS_ASSISTED and pp.mode != "assisted":
                raise ValueError(f"{p}.mode: {p} is always assisted (its terms forbid automation)")
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(x) for x in first["loc"] if x not in ("platforms", "actions"))
        msg = first["msg"].removeprefix("Value error, ").replace("Input should be", "should be")
        if first["type"] == "extra_forbidden":
            msg = "unknown key"  # pydantic's "Extra inputs are not permitted"
        raise ConfigError(f"pacing.{where}: {msg}") from exc
    except ValueError as exc:
        raise ConfigError(f"pacing: {exc}") from exc
    return pol


def _known_names(defaults: dict[str, Any], overrides: dict[str, Any]) -> None:
    """Refuse a platform or action the shipped policies do not know: a typo such as
    ``[pacing.linkdin.invite]`` would otherwise add a platform nothing uses and leave
    the real limit at its default, silently."""
    for name, body in overrides.items():
        if name in ("retry", "aliases"):
            continue
        if name not in defaults:
            known = ", ".join(k for k in defaults if k not in ("retry", "aliases"))
            raise ConfigError(f"pacing.{name}: unknown platform; known: {known}")
        if not isinstance(body, dict):
            continue
        actions = [k for k in defaults[name] if k not in _PLATFORM_KEYS]
        for key in body:
            if key not in _PLATFORM_KEYS and key not in actions:
                known = ", ".join([*sorted(_PLATFORM_KEYS), *actions])
                raise ConfigError(f"pacing.{name}.{key}: unknown key; known: {known}")


def policies_for(settings: Any) -> Policies:
    """Policies for a :class:`warmly.config.Settings` (its ``pacing`` and timezone)."""
    return load_policies(getattr(settings, "pacing", {}) or {}, settings.profile.timezone)
