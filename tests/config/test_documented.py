"""Every setting that warmly.toml accepts is documented in docs/configuration.md."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from warmly.config import load_settings
from warmly.config.settings import Settings, defaults_text
from warmly.errors import ConfigError

DOC = (Path(__file__).resolve().parents[2] / "docs" / "configuration.md").read_text()


def test_every_section_and_key_of_the_defaults_is_documented():
    defaults = tomllib.loads(defaults_text())
    for section, table in defaults.items():
        assert f"[{section}]" in DOC, f"[{section}] is not in docs/configuration.md"
        for key in table:
            assert f"`{key}" in DOC or f"{key} " in DOC, f"[{section}] {key} is undocumented"


def test_every_settings_section_is_documented():
    for name in Settings.model_fields:
        assert f"[{name}]" in DOC, f"[{name}] is not in docs/configuration.md"


@pytest.mark.parametrize(
    ("toml", "where"),
    [
        ('[profile]\ntimezone = "Mars/Olympus"\n', "profile.timezone"),
        ('[profile]\nworking_hours = "18:00-09:00"\n', "profile.working_hours"),
        ("[profile]\nminutes_per_day = 0\n", "profile.minutes_per_day"),
        ("[nonsense]\nx = 1\n", "nonsense"),
        ("[profile\n", "not valid TOML"),
        ('[profile]\nhandles = {linkdin = "me"}\n', "profile.handles"),
    ],
)
def test_bad_settings_name_the_file_and_key(tmp_path, toml, where):
    path = tmp_path / "warmly.toml"
    path.write_text(toml)
    with pytest.raises(ConfigError, match=where.replace(".", r"\.")) as err:
        load_settings(path)
    assert str(path) in str(err.value)


def test_a_misspelt_network_among_your_handles_is_refused_with_the_known_ones(tmp_path):
    path = tmp_path / "warmly.toml"
    path.write_text('[profile]\nhandles = {linkdin = "jane-doe", X = "@jane"}\n')
    with pytest.raises(ConfigError) as err:
        load_settings(path)
    assert str(err.value).endswith(
        "profile.handles: unknown network 'linkdin'; "
        "known: bluesky, email, linkedin, mastodon, phone, twitter, web, x"
    )


def test_a_handle_that_reads_as_nothing_is_refused(tmp_path):
    path = tmp_path / "warmly.toml"
    path.write_text('[profile]\nhandles = {linkedin = "https://example.org/nobody"}\n')
    with pytest.raises(ConfigError, match="is not a linkedin handle"):
        load_settings(path)


def test_a_national_phone_number_reads_with_the_default_region(tmp_path):
    from warmly.ledger.owner import profile_identities

    path = tmp_path / "warmly.toml"
    path.write_text('[profile]\ndefault_region = "FR"\nhandles = {phone = "06 12 34 56 78"}\n')
    refs = profile_identities(load_settings(path).profile)
    assert [(r.platform, r.handle) for r in refs] == [("phone", "+33612345678")]
    path.write_text('[profile]\nhandles = {phone = "06 12 34 56 78"}\n')
    with pytest.raises(ConfigError, match=r"with \+country, or set default_region"):
        load_settings(path)


def test_a_lowercase_default_region_is_read_as_the_country_code(tmp_path):
    """The check accepts "fr": the value then has to work as "FR" does, or every
    national phone number would be unreadable, silently."""
    from warmly.ledger.owner import profile_identities

    path = tmp_path / "warmly.toml"
    path.write_text('[profile]\ndefault_region = "fr"\nhandles = {phone = "06 12 34 56 78"}\n')
    profile = load_settings(path).profile
    assert profile.default_region == "FR"
    assert [(r.platform, r.handle) for r in profile_identities(profile)] == [
        ("phone", "+33612345678")
    ]


def _toml_blocks(text: str) -> list[str]:
    return [b.split("```", 1)[0] for b in text.split("```toml\n")[1:]]


@pytest.mark.parametrize("block", _toml_blocks(DOC), ids=lambda b: b.splitlines()[0])
def test_every_example_in_the_configuration_docs_loads(tmp_path, block):
    path = tmp_path / "warmly.toml"
    path.write_text(block)
    load_settings(path)
