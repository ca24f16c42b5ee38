"""Build one connector per platform from the workspace settings.

LinkedIn and X are always assisted (their terms forbid automation). Email,
Mastodon and Bluesky send automatically when ``[connectors.smtp]``,
``[connectors.mastodon]`` or ``[connectors.bluesky]`` is configured *and* the
secret it names is in the environment; otherwise they fall back to assisted
mode, and the connector's ``reason`` says what is missing and its ``fix`` what to
do about it (``warmly send`` prints both). A malformed section
is a :class:`~warmly.errors.ConfigError`: a typo must not silently turn
sending off.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from warmly.config import Settings
from warmly.connectors.assisted import ALWAYS_ASSISTED, AssistedConnector
from warmly.connectors.base import Connector
from warmly.connectors.config import SECTIONS, BlueskyConfig, MastodonConfig, SmtpConfig, section
from warmly.errors import ConfigError

PLATFORMS: tuple[str, ...] = ("email", "mastodon", "bluesky", "linkedin", "x")


def build_connectors(
    settings: Settings, env: Mapping[str, str] | None = None
) -> dict[str, Connector]:
    """``{platform: connector}`` for every platform warmly can act on.

    ``env`` (default ``os.environ``) is where secrets are looked up by the
    names the config gives.
    """
    env = os.environ if env is None else env
    sections: dict[str, Any] = dict(getattr(settings, "connectors", {}) or {})
    unknown = sorted(set(sections) - set(SECTIONS))
    if unknown:
        known = ", ".join(SECTIONS)
        raise ConfigError(f"connectors.{unknown[0]}: unknown connector (known: {known})")
    out: dict[str, Connector] = {p: AssistedConnector(p) for p in sorted(ALWAYS_ASSISTED)}
    out["email"] = _smtp(sections.get("smtp"), env)
    out["mastodon"] = _mastodon(sections.get("mastodon"), env)
    out["bluesky"] = _bluesky(sections.get("bluesky"), env)
    return out


def _secret(env: Mapping[str, str], name: str) -> str | None:
    value = env.get(name, "")
    return value or None


# What to add to warmly.toml for each section (docs/configuration.md lists every key).
_KEYS = {
    "smtp": "host and from_address, plus username and password_env if the server needs a login",
    "mastodon": "base_url and token_env",
    "bluesky": "identifier and password_env (an app password)",
}


def _unconfigured(platform: str, name: str) -> AssistedConnector:
    return AssistedConnector(
        platform,
        f"no [connectors.{name}] in warmly.toml",
        f"add it ({_KEYS[name]}; see docs/configuration.md) to send {platform} automatically",
    )


def _no_secret(platform: str, var: str, what: str) -> AssistedConnector:
    return AssistedConnector(
        platform,
        f"environment variable {var} is not set",
        f"set {var} to {what} where warmly runs to send {platform} automatically",
    )


def _no_httpx(platform: str) -> AssistedConnector:
    return AssistedConnector(
        platform, "httpx is not installed", f"pip install httpx to send {platform} automatically"
    )


def _smtp(data: Any, env: Mapping[str, str]) -> Connector:
    if data is None:
        return _unconfigured("email", "smtp")
    cfg = section(SmtpConfig, "smtp", data)
    password: str | None = None
    if cfg.username:
        if not cfg.password_env:
            raise ConfigError("connectors.smtp.password_env: needed when username is set")
        password = _secret(env, cfg.password_env)
        if password is None:
            return _no_secret("email", cfg.password_env, "the SMTP password")
    from warmly.connectors.smtp import SmtpConnector

    try:
        return SmtpConnector(
            cfg.host,
            cfg.port,
            cfg.security,
            cfg.username or None,
            password,
            cfg.from_address,
            cfg.timeout,
        )
    except ValueError as exc:
        raise ConfigError(f"connectors.smtp: {exc}") from exc


def _mastodon(data: Any, env: Mapping[str, str]) -> Connector:
    if data is None:
        return _unconfigured("mastodon", "mastodon")
    cfg = section(MastodonConfig, "mastodon", data)
    token = _secret(env, cfg.token_env)
    if token is None:
        return _no_secret("mastodon", cfg.token_env, "an access token (scopes read write)")
    try:
        from warmly.connectors.mastodon import MastodonConnector
    except ImportError:  # httpx is an optional dependency
        return _no_httpx("mastodon")
    return MastodonConnector(
        cfg.base_url,
        token,
        instance_domain=cfg.instance_domain or None,
        reply_visibility=cfg.reply_visibility,
        timeout=cfg.timeout,
    )


def _bluesky(data: Any, env: Mapping[str, str]) -> Connector:
    if data is None:
        return _unconfigured("bluesky", "bluesky")
    cfg = section(BlueskyConfig, "bluesky", data)
    password = _secret(env, cfg.password_env)
    if password is None:
        return _no_secret("bluesky", cfg.password_env, "an app password")
    try:
        from warmly.connectors.bluesky import BlueskyConnector
    except ImportError:  # httpx is an optional dependency
        return _no_httpx("bluesky")
    return BlueskyConnector(cfg.identifier, password, service=cfg.service, timeout=cfg.timeout)
