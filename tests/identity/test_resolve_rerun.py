"""Running the matcher again on the same ledger changes nothing.

Every import, `warmly review --rerun` and the demo run the matcher over the
whole ledger. Its namesake estimates were counted on the people as its own
earlier merges left them, so each run judged the pairs the last one left
differently: more merges (a demo's four "Sasha Neumann" at 0.86, then 0.995)
and review items that changed confidence or vanished.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from sqlalchemy import select

from warmly.identity.resolve import before_auto_merges, load_facts, resolve_identities
from warmly.ledger.pipeline import import_path
from warmly.store.models import MatchCandidate


@pytest.fixture(autouse=True)
def fake_importer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        "warmly.importers.REGISTRY", {"fake": "tests.ledger.fake_importer:FakeImporter"}
    )


FIRST_STEMS = ["Al", "Bri", "Cor", "Dev", "Eli", "Fen", "Gar", "Hal", "Iv", "Jor", "Kel", "Lun"]
FIRST_ENDS = ["ia", "on", "ek", "ma", "ul", "wen", "dra"]
LAST_STEMS = ["Mar", "Tol", "Ves", "Quin", "Ral", "Sor", "Ulm", "Wex", "Yar", "Zen", "Brom", "Crel"]
LAST_ENDS = ["dell", "stone", "wick", "mere", "holt", "by", "ford", "grave", "ley", "ton"]


def _world(path: Path, humans: int = 600, seed: int = 5) -> Path:
    """Invented humans, each on one to three networks under one name; some share it."""
    rng = random.Random(seed)
    firsts = [a + b for a in FIRST_STEMS for b in FIRST_ENDS]
    lasts = [a + b for a in LAST_STEMS for b in LAST_ENDS]
    records = []
    for h in range(humans):
        name = f"{rng.choice(firsts)} {rng.choice(lasts)}"
        for net in rng.sample(["linkedin", "x", "mastodon", "email"], rng.choice([1, 2, 2, 3])):
            handle = {
                "linkedin": f"p{h}-in",
                "x": f"u{h}x",
                "mastodon": f"u{h}@toot.example",
                "email": f"u{h}@mail.example",
            }[net]
            records.append(
                {
                    "type": "contact",
                    "key": f"{net}:{h}",
                    "ids": [[net, handle, None, name]],
                    "name": name,
                }
            )
    rng.shuffle(records)
    path.write_text(json.dumps(records))
    return path


def _queue(ws) -> dict[tuple[int, int], tuple[int, float]]:
    with ws.sessions() as s:
        rows = s.scalars(select(MatchCandidate).where(MatchCandidate.status == "pending"))
        return {(r.person_a, r.person_b): (r.id, round(r.confidence, 6)) for r in rows}


def test_a_second_run_merges_nobody_and_keeps_every_review_item(workspace, tmp_path):
    import_path(workspace, _world(tmp_path / "world.fake"))
    first = resolve_identities(workspace)
    assert first.auto_merged > 0 and first.pending > 0  # both kinds of judgement made
    queue = _queue(workspace)
    for _ in range(2):
        again = resolve_identities(workspace)
        assert again.auto_merged == 0
        now = _queue(workspace)
        assert {k: n for k, (n, _) in now.items()} == {k: n for k, (n, _) in queue.items()}
        # A merged person brings its rivals together, which moves a pair's odds a
        # little; the namesake estimates do not move at all.
        assert max(abs(now[k][1] - c) for k, (_, c) in queue.items()) < 0.01


def test_the_people_before_the_matchers_merges_are_the_people_it_first_saw(workspace, tmp_path):
    import_path(workspace, _world(tmp_path / "world.fake", humans=300))
    with workspace.sessions() as s:
        assert before_auto_merges(s) is None  # nothing merged yet
        seen = {p.person_id: (sorted(p.names), sorted(p.identities)) for p in load_facts(s)}
    assert resolve_identities(workspace).auto_merged > 0
    with workspace.sessions() as s:
        rebuilt = before_auto_merges(s)
    assert rebuilt is not None
    assert {p.person_id: (sorted(p.names), sorted(p.identities)) for p in rebuilt} == seen
