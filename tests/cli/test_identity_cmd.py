"""``warmly review``: deciding items, in words or as JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.helpers import NAMESAKES, invoke
from warmly.identity.resolve import resolve_identities
from warmly.ledger.pipeline import import_path


@pytest.fixture
def ws(workspace, tmp_path: Path):
    p = tmp_path / "people.vcf"
    p.write_text(NAMESAKES)
    import_path(workspace, p)
    assert resolve_identities(workspace).pending == 1
    return workspace


def _pending(ws) -> dict:
    [item] = json.loads(invoke(ws, "review", "--json").stdout)
    return item


@pytest.mark.parametrize("decision", ["--accept", "--reject"])
def test_review_decision_json_is_only_json(ws, decision):
    item = _pending(ws)
    r = invoke(ws, "review", decision, str(item["id"]), "--json")
    assert r.exit_code == 0, r.output
    [d] = json.loads(r.stdout)["decided"]
    a, b = sorted((item["a"]["id"], item["b"]["id"]))
    if decision == "--accept":
        assert d == {"item": item["id"], "same": True, "result": f"merged {b} into {a}"}
        people = json.loads(invoke(ws, "people", "--json").stdout)
        assert [p["id"] for p in people] == [a]
    else:
        assert d == {"item": item["id"], "same": False, "result": f"{a} and {b} kept apart"}
    assert json.loads(invoke(ws, "review", "--json").stdout) == []


def test_review_decision_in_words(ws):
    item = _pending(ws)
    r = invoke(ws, "review", "--accept", str(item["id"]))
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith("merged ")
