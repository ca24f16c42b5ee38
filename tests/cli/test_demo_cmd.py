"""``warmly demo`` says what it does with a workspace that holds other data, and does it."""

from __future__ import annotations

from pathlib import Path

from tests.cli.helpers import one_line_error, run, runner
from warmly.cli import app


def test_help_says_a_busy_workspace_is_refused():
    r = runner.invoke(app, ["demo", "--help"])
    assert r.exit_code == 0
    text = " ".join(r.output.split())
    assert "otherwise stops with an error, changing nothing" in text
    assert "given neither, it uses a separate demo workspace" in text


def test_a_workspace_holding_other_data_is_refused_and_left_alone(tmp_path: Path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "warmly.toml").write_text('[profile]\nname = "Real User"\n')
    r = run(home, "demo")
    assert r.returncode == 1
    assert "already holds other data" in one_line_error(r)
    assert sorted(p.name for p in home.iterdir()) == ["warmly.toml"]
    assert (home / "warmly.toml").read_text() == '[profile]\nname = "Real User"\n'
