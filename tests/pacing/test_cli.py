"""The safety commands, on a Typer app of their own (the lead registers them in warmly.cli)."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from warmly.cli import safety_cmd
from warmly.pacing import PLATFORMS

app = typer.Typer()
safety_cmd.register(app)
runner = CliRunner()


def test_limits_json_mentions_every_platform(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("WARMLY_DATABASE_URL", raising=False)
    res = runner.invoke(app, ["limits", "--json", "--home", str(tmp_path)])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.output)
    assert {r["platform"] for r in rows} == set(PLATFORMS)
    inv = next(r for r in rows if (r["platform"], r["action"]) == ("linkedin", "invite"))
    assert inv["windows"][0] == {
        "used": 0,
        "limit": 50,
        "per": "7d",
        "source": inv["windows"][0]["source"],
    }
    assert "linkedapi" in inv["windows"][0]["source"]  # every number with its source
    assert next(r for r in rows if (r["platform"], r["action"]) == ("email", "invite"))["never"]
    assert runner.invoke(app, ["limits", "--home", str(tmp_path)]).exit_code == 0


def test_send_dry_run_and_simulate(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("WARMLY_DATABASE_URL", raising=False)
    res = runner.invoke(app, ["send", "--dry-run", "--json", "--home", str(tmp_path)])
    assert res.exit_code == 0 and json.loads(res.output) == {"dry_run": True, "would": []}
    res = runner.invoke(app, ["simulate", "--days", "3", "--profile", "normal", "--json"])
    assert res.exit_code == 0, res.output
    assert sum(json.loads(res.output)["violations"].values()) == 0
    for cmd in ("limits", "approve", "send", "simulate"):  # every command has help text
        assert runner.invoke(app, [cmd, "--help"]).exit_code == 0
