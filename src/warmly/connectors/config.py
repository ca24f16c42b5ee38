"""The ``[connectors.*]`` sections of ``warmly.toml``, validated.

Secrets never live in the file: each section names the *environment variable*
that holds the password or token (``password_env``, ``token_env``), and
warmly reads it only when it builds the connector.

```toml
[connectors.smtp]
host = "smtp.example.com"
port = 587                      # default: 587 starttls, 465 ssl, 25 none
security = "starttls"           # "starttls" | "ssl" | "none"
username = "me@example.com"     # leave out for a relay without AUTH
password_env = "WARMLY_SMTP_PASSWORD"
from_address = "Jane Doe <me@example.com>"
timeout = 30

[connectors.mastodon]
base_url = "https://mastodon.social"
token_env = "WARMLY_MASTODON_TOKEN"   # an access token with scopes "read write"
# instance_domain = "example.com"     # if accounts are @user@example.com, served elsewhere
reply_visibility = "public"           # "public" | "unlisted" | "private" | "direct"

[connectors.bluesky]
identifier = "me.bsky.social"
password_env = "WARMLY_BLUESKY_APP_PASSWORD"  # an app password, never the account's
service = "https://bsky.social"               # your PDS
```
"""

from __future__ import annotations

from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from warmly.errors import ConfigError

SECTIONS: tuple[str, ...] = ("smtp", "mastodon", "bluesky")
# Secrets someone may try to write in the file, and the key to use instead.
_SECRET_KEYS = {
    "password": "password_env",
    "app_password": "password_env",
    "token": "token_env",
    "access_token": "token_env",
}


class _Section(BaseModel):
    # strict: TOML is typed, so port = "587" is a mistake to report, not to coerce.
    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False)

    timeout: float = Field(30.0, gt=0, le=600)


class SmtpConfig(_Section):
    host: str = Field(min_length=1)
    port: int | None = Field(None, ge=1, le=65535)
    security: Literal["starttls", "ssl", "none"] = "starttls"
    username: str = ""
    password_env: str = ""
    from_address: str = Field(min_length=3)

    @model_validator(mode="after")
    def _password(self) -> SmtpConfig:
        if self.username and not self.password_env:
            raise ValueError("needed when username is set")
        return self


class MastodonConfig(_Section):
    base_url: str = Field(pattern=r"^https?://[^/\s]+/?$")
    token_env: str = Field(min_length=1)
    instance_domain: str = ""
    reply_visibility: Literal["public", "unlisted", "private", "direct"] = "public"


class BlueskyConfig(_Section):
    identifier: str = Field(min_length=1)
    password_env: str = Field(min_length=1)
    service: str = Field("https://bsky.social", pattern=r"^https?://[^/\s]+/?$")


M = TypeVar("M", bound=_Section)


def section(model: type[M], name: str, data: Any) -> M:
    """Validate ``[connectors.<name>]``; a secret written in the file is refused by name."""
    where = f"connectors.{name}"
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: expected a table")
    for key, instead in _SECRET_KEYS.items():
        if key in data:
            raise ConfigError(
                f"{where}.{key}: never write secrets in warmly.toml; put it in an "
                f"environment variable and set {instead} to its name"
            )
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        # A model-level check has no field in loc: it names the one it is about.
        loc = first["loc"] or (("password_env",) if model is SmtpConfig else ())
        field = "".join(f".{p}" for p in loc)
        msg = first["msg"].removeprefix("Value error, ").replace("Input should be", "should be")
        if first["type"] == "extra_forbidden":
            msg = f"unknown key; known: {', '.join(model.model_fields)}"
        raise ConfigError(f"{where}{field}: {msg}") from exc


def check_connectors(sections: Any) -> None:
    """Validate every ``[connectors.*]`` section (not the secrets: a variable that
    is unset means assisted mode, which ``warmly send`` explains)."""
    models: dict[str, type[_Section]] = {
        "smtp": SmtpConfig,
        "mastodon": MastodonConfig,
        "bluesky": BlueskyConfig,
    }
    if not isinstance(sections, dict):
        raise ConfigError("[connectors]: expected a table")
    for name, data in sections.items():
        if name not in models:
            known = ", ".join(SECTIONS)
            raise ConfigError(f"connectors.{name}: unknown connector (known: {known})")
        section(models[name], name, data)
