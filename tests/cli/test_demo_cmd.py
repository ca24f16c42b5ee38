"""``warmly demo`` says what it does with a workspace that holds other data, and does it."""

from __future__ import annotations

import shlex
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

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


def _fake_result(home: Path, chosen: str) -> Any:
    from warmly.demo.run import DemoResult

    rep = SimpleNamespace(
        path=str(home / "demo-exports" / "contacts.vcf"),
        format="vcard",
        read=3,
        added=3,
        skipped=0,
        errors=0,
    )
    warmest = [{"id": 1906, "name": "Suresh Jung", "strength": 0.88, "networks": ["email"],
                "last": "2026-12-04"}]  # fmt: skip
    overview = SimpleNamespace(
        people=3, networks={"email": 3}, multi_network=0, interactions=9, warmest=warmest,
        sharers=[],
    )  # fmt: skip
    return DemoResult(
        home=home,
        chosen=chosen,
        database=f"sqlite:///{home}/warmly.db",
        reports=[rep],
        matching=SimpleNamespace(auto_merged=0, pending=0),
        overview=overview,
        world={},
        now=datetime.now(UTC),
    )


@pytest.mark.parametrize(
    ("args", "env_home", "chosen"),
    [((), None, "separate"), (("--home", "REL"), None, "given")],
    ids=["separate", "given-by-flag"],
)
def test_the_way_on_is_printed_whole_and_works_as_printed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], env_home, chosen
):
    """The export line is never wrapped (it is meant to be pasted), names the
    absolute folder even for a relative --home, and the suggestions name a real id."""
    import warmly.demo.run

    monkeypatch.chdir(tmp_path)
    home = tmp_path / "a long folder name that a narrow terminal would have to wrap" / "demo"
    rel = home.relative_to(tmp_path)
    monkeypatch.setattr(warmly.demo.run, "run_demo", lambda h, seed, on_file=None: _fake_result(
        h if h is not None else home, chosen))  # fmt: skip
    argv = ["demo", *[str(rel) if a == "REL" else a for a in args]]
    r = runner.invoke(app, argv, env={"WARMLY_HOME": None}, terminal_width=60)
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert f"  export WARMLY_HOME={shlex.quote(str(home))}" in lines
    assert any(line.startswith("Then try: ") and "warmly show 1906" in line for line in lines)


def test_no_export_line_when_warmly_home_already_points_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    import warmly.demo.run

    monkeypatch.setattr(warmly.demo.run, "run_demo", lambda h, seed, on_file=None: _fake_result(
        tmp_path, "given"))  # fmt: skip
    r = runner.invoke(app, ["demo"], env={"WARMLY_HOME": str(tmp_path)})
    assert r.exit_code == 0, r.output
    assert "export WARMLY_HOME" not in r.output
    assert "Try: " in r.output
