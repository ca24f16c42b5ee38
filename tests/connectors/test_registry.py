"""build_connectors: configured platforms send, the rest fall back to assisted with a reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from warmly.config.settings import load_settings
from warmly.connectors.assisted import AssistedConnector
from warmly.connectors.registry import build_connectors
from warmly.connectors.smtp import SmtpConnector
from warmly.errors import ConfigError

FULL = """
[connectors.smtp]
host = "smtp.example.com"
port = 465
security = "ssl"
username = "jane@example.com"
password_env = "T_SMTP_PW"
from_address = "Jane Doe <jane@example.com>"

[connectors.mastodon]
base_url = "https://mastodon.example"
token_env = "T_MASTODON_TOKEN"

[connectors.bluesky]
identifier = "jane.bsky.social"
password_env = "T_BSKY_PW"
"""
ENV = {"T_SMTP_PW": "pw1", "T_MASTODON_TOKEN": "tok", "T_BSKY_PW": "app-pw"}


def settings(tmp_path: Path, text: str) -> object:
    path = tmp_path / "warmly.toml"
    path.write_text(text)
    return load_settings(path)


def test_no_config_means_assisted_everywhere_with_reasons(tmp_path: Path) -> None:
    found = build_connectors(settings(tmp_path, ""), env={})  # type: ignore[arg-type]
    assert sorted(found) == ["bluesky", "email", "linkedin", "mastodon", "x"]
    assert all(isinstance(c, AssistedConnector) for c in found.values())
    assert "connectors.smtp" in (found["email"].reason or "")  # type: ignore[union-attr]
    assert "terms" in (found["linkedin"].reason or "")  # type: ignore[union-attr]


def test_configured_platforms_send(tmp_path: Path) -> None:
    pytest.importorskip("httpx")
    found = build_connectors(settings(tmp_path, FULL), env=ENV)  # type: ignore[arg-type]
    assert {p: c.mode for p, c in found.items()} == {
        "email": "auto",
        "mastodon": "auto",
        "bluesky": "auto",
        "linkedin": "assisted",
        "x": "assisted",
    }
    smtp = found["email"]
    assert isinstance(smtp, SmtpConnector) and (smtp.port, smtp.security) == (465, "ssl")
    assert "pw1" not in repr(smtp) and "tok" not in repr(found["mastodon"])


def test_a_missing_secret_falls_back_and_names_the_variable(tmp_path: Path) -> None:
    found = build_connectors(settings(tmp_path, FULL), env={})  # type: ignore[arg-type]
    for platform, var in [
        ("email", "T_SMTP_PW"),
        ("mastodon", "T_MASTODON_TOKEN"),
        ("bluesky", "T_BSKY_PW"),
    ]:
        conn = found[platform]
        assert isinstance(conn, AssistedConnector) and var in (conn.reason or "")


SMTP = '[connectors.smtp]\nhost = "h"\nfrom_address = "a@b.c"\n'


@pytest.mark.parametrize(
    ("text", "where"),
    [
        (SMTP + 'password = "hunter2"', "smtp.password"),
        ('[connectors.mastodon]\nbase_url = "https://m.example"\ntoken = "x"', "mastodon.token"),
        (SMTP + 'security = "tls"', "smtp.security"),
        (SMTP + 'username = "u"', "password_env"),
        ('[connectors.mastodon]\nbase_url = "mastodon.example"\ntoken_env = "T"', "base_url"),
        ('[connectors.bluesky]\nidentifier = "j"\npassword_env = "T"\nextra = 1', "bluesky.extra"),
        ('[connectors.linkedin]\nemail = "x"', "connectors.linkedin"),
    ],
)
def test_bad_sections_are_config_errors(tmp_path: Path, text: str, where: str) -> None:
    with pytest.raises(ConfigError, match=where) as err:
        build_connectors(settings(tmp_path, text), env={})  # type: ignore[arg-type]
    assert "hunter2" not in str(err.value)


def test_every_fallback_says_what_would_make_it_automatic(tmp_path: Path) -> None:
    bare = build_connectors(settings(tmp_path, ""), env={})  # type: ignore[arg-type]
    unset = build_connectors(settings(tmp_path, FULL), env={})  # type: ignore[arg-type]
    for platform, section_name in [
        ("email", "smtp"),
        ("mastodon", "mastodon"),
        ("bluesky", "bluesky"),
    ]:
        why = bare[platform].why  # type: ignore[union-attr]
        assert f"no [connectors.{section_name}] in warmly.toml" in why
        assert "docs/configuration.md" in why
    assert "set T_SMTP_PW" in unset["email"].why  # type: ignore[union-attr]
    # Terms of service: nothing would make LinkedIn automatic, and the reason says so.
    assert "by hand" in bare["linkedin"].why  # type: ignore[union-attr]
