"""Triage on the imported demo agrees with the labels the world planted in its spray.

The demo is built once (``run_demo``: generate, import, resolve identities; ~15 s)
and triaged; each triaged message is traced back to its spray thread by its text
(the world is rebuilt from the same seed and ``now``, so it holds the very texts
that were written to the export).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from pathlib import Path

import pytest

from warmly.demo.generate import build_world
from warmly.demo.run import run_demo
from warmly.triage.inbox import run_triage
from warmly.triage.massmail import mask
from warmly.workspace import Workspace

SEED = 7
SPRAY_LABELS = ("fit", "not_a_fit", "didnt_read_profile", "mass_mail")


def _key(text: str) -> str:
    """Text as the importer may have reshaped it: markup dropped, whitespace collapsed."""
    return " ".join(re.sub(r"<[^>]{1,200}>", " ", text).split())


@pytest.fixture(scope="module")
def triaged(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, str, str]]:
    """(planted label, triage label, text) for every triaged spray message."""
    home: Path = tmp_path_factory.mktemp("demo-triage") / "ws"
    result = run_demo(home, SEED)
    world = build_world(SEED, result.now)
    planted: dict[str, set[str]] = {}
    for th in world.threads:
        if th.label:
            for m in th.messages:
                if not m.outgoing:
                    planted.setdefault(_key(m.text), set()).add(th.label)
    ws = Workspace.open(home)
    try:
        run = run_triage(ws, now=result.now)
    finally:
        ws.close()
    out = []
    for item in run.items:
        text = item["message"]["text"]
        labels = planted.get(_key(text), set())
        if len(labels) == 1:  # a bump ("Just bumping this up") belongs to no one label
            out.append((next(iter(labels)), item["label"], text))
    return out


def _confusion(rows: list[tuple[str, str, str]]) -> str:
    conf = Counter((p, g) for p, g, _ in rows)
    got = sorted({g for _, g, _ in rows})
    lines = ["planted \\ triaged: " + ", ".join(got)]
    lines += [f"{p}: " + ", ".join(str(conf[p, g]) for g in got) for p in SPRAY_LABELS]
    return "\n".join(lines)


def test_triage_agrees_with_the_planted_spray(triaged: list[tuple[str, str, str]]) -> None:
    assert len(triaged) >= 60, "the triage window should hold most of the recent spray"
    ok = sum(p == g for p, g, _ in triaged)
    assert ok / len(triaged) >= 0.95, _confusion(triaged)


def test_each_planted_label_is_mostly_recognised(triaged: list[tuple[str, str, str]]) -> None:
    for label in ("fit", "not_a_fit", "didnt_read_profile"):
        rows = [g for p, g, _ in triaged if p == label]
        assert rows, label
        assert sum(g == label for g in rows) / len(rows) >= 0.9, _confusion(triaged)


def test_triage_uses_at_least_four_labels(triaged: list[tuple[str, str, str]]) -> None:
    assert {g for _, g, _ in triaged} >= {"fit", "not_a_fit", "didnt_read_profile", "mass_mail"}


def test_mass_mail_is_the_campaigns_only(triaged: list[tuple[str, str, str]]) -> None:
    """Candidates write their own words: only sponsored InMail is called mass mail."""
    wrong = [(p, t) for p, g, t in triaged if g == "mass_mail" and p != "mass_mail"]
    assert wrong == []


def test_candidates_texts_are_not_near_duplicates(triaged: list[tuple[str, str, str]]) -> None:
    sets = [frozenset(mask(t).split()) for p, _, t in triaged if p != "mass_mail"]
    worst = max(len(a & b) / len(a | b) for a, b in itertools.combinations(sets, 2))
    assert worst < 0.8
