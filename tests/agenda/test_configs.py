"""The agenda engines' settings: every key is checked, none is silently ignored."""

from __future__ import annotations

from pathlib import Path

import pytest

from warmly.agenda.configs import engine_configs
from warmly.config import load_settings
from warmly.errors import ConfigError


def _configs(tmp_path: Path, toml: str):  # type: ignore[no-untyped-def]
    path = tmp_path / "warmly.toml"
    path.write_text(toml)
    return engine_configs(load_settings(path))


def test_the_ties_half_life_reaches_the_strength_engine(tmp_path: Path) -> None:
    assert _configs(tmp_path, "[ties]\nhalf_life_days = 30\n").strength.half_life_days == 30


def test_a_key_another_section_decides_is_refused_not_ignored(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"\[strength\] has no key 'half_life_days'") as err:
        _configs(tmp_path, "[strength]\nhalf_life_days = 30\n")
    known = [k.strip() for k in str(err.value).split("known:")[1].split(",")]
    assert "recency_half_life_days" in known and "half_life_days" not in known


def test_an_unknown_key_is_refused_with_the_known_ones(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"\[circles\] has no key 'sizez'; known: .*sizes"):
        _configs(tmp_path, "[circles]\nsizez = [5]\n")
