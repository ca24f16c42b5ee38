"""Review decisions: what one decision settles, and what it must refuse."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from warmly.errors import MergeError
from warmly.identity.resolve import decide, resolve_identities, review_queue
from warmly.ledger.identity_ops import merge_by_ref
from warmly.ledger.pipeline import import_path

THREE = "".join(
    f"BEGIN:VCARD\nVERSION:3.0\nFN:Marit Solberg\nEMAIL:{addr}\nEND:VCARD\n"
    for addr in ("marit@a.example", "marit@b.example", "marit@c.example")
)


@pytest.fixture
def ws(workspace, tmp_path: Path):
    p = tmp_path / "three.vcf"
    p.write_text(THREE)
    import_path(workspace, p)
    assert resolve_identities(workspace).pending == 3
    return workspace


def _items(ws) -> dict[tuple[int, int], int]:
    with ws.sessions() as s:
        return {(it["a"]["id"], it["b"]["id"]): it["id"] for it in review_queue(s)}


def test_a_merge_does_not_bring_back_a_rejected_pair(ws):
    items = _items(ws)
    (a, b), (_, c) = sorted(items)[0], sorted(items)[1]
    decide(ws, items[(a, b)], same=False)  # a and b: two humans
    decide(ws, items[(a, c)], same=True)  # c is a
    # (b, c) is now (b, a): already answered "no", so it is not asked again
    assert _items(ws) == {}
    assert resolve_identities(ws).pending == 0


def test_accepting_a_pair_that_an_earlier_no_forbids_says_how_to_override(ws):
    items = _items(ws)
    (a, b), (_, c) = sorted(items)[0], sorted(items)[1]
    decide(ws, items[(a, b)], same=False)
    merge_by_ref(ws, str(a), str(c))  # by hand, outside the queue
    with pytest.raises(MergeError, match=rf"`warmly merge {a} {b}`"):
        decide(ws, items[(b, c)], same=True)


def test_an_item_number_keeps_naming_the_same_pair_when_the_matcher_runs_again(ws, tmp_path):
    # `warmly review` shows #N; an import (or `review --rerun --accept N`) runs the
    # matcher again before the user answers: #N must not become another pair
    # (SQLite hands a deleted row's id to the next row inserted).
    before = {n: pair for pair, n in _items(ws).items()}
    fourth = tmp_path / "fourth.vcf"
    fourth.write_text(THREE.split("END:VCARD\n")[0].replace("@a.", "@d.") + "END:VCARD\n")
    import_path(ws, fourth)
    resolve_identities(ws)
    after = {n: pair for pair, n in _items(ws).items()}
    assert len(after) == 6  # every pair of the four
    assert all(after[n] == pair for n, pair in before.items())
    assert len(set(after)) == 6


def test_the_queue_asks_a_few_pairs_per_person_at_a_time() -> None:
    from itertools import combinations

    from warmly.identity.match import MatchCandidate
    from warmly.identity.resolve import few_per_person

    # Eight people with one name at one company: 28 pairs, all alike.
    clique = [MatchCandidate(a, b, 0.87, ["same name"], "r") for a, b in combinations(range(8), 2)]
    kept = few_per_person([MatchCandidate(20, 21, 0.9, ["sure"], "r"), *clique], limit=3)
    assert kept[0].a == 20  # the most confident first, whoever else waits
    per_person = Counter(p for c in kept for p in (c.a, c.b))
    assert max(per_person.values()) <= 3
    assert {p for c in kept for p in (c.a, c.b)} >= set(range(8))  # nobody left out


def test_the_queue_counts_per_person_after_the_merges_of_the_same_run() -> None:
    from itertools import combinations

    from warmly.identity.match import MatchCandidate
    from warmly.identity.resolve import few_per_person, live_pairs

    # 0, 1 and 2 were just merged into 0: asked about as one person, at most 3 times.
    live = {p: 0 if p < 3 else p for p in range(8)}
    clique = [
        MatchCandidate(a, b, 0.87, ["same name"], "r")
        for a, b in combinations(range(8), 2)
        if live[a] != live[b]
    ]
    kept = few_per_person(live_pairs(clique, live), limit=3)
    per_person = Counter(live[p] for c in kept for p in (c.a, c.b))
    assert per_person[0] == 3 and max(per_person.values()) <= 3
    assert few_per_person(clique, limit=3) != kept  # by the old ids, 0 got up to nine


def test_two_candidates_that_became_one_pair_are_asked_once() -> None:
    from warmly.identity.match import MatchCandidate
    from warmly.identity.resolve import few_per_person, live_pairs

    # 2 was merged into 1: (1, 3) and (2, 3) are one question, and 3's other pairs
    # keep their places.
    live = {1: 1, 2: 1, 3: 3, 4: 4, 5: 5}
    cands = [
        MatchCandidate(a, b, 0.8, ["same name"], "r") for a, b in [(1, 3), (2, 3), (3, 4), (3, 5)]
    ]
    pairs = live_pairs(cands, live)
    assert [(c.a, c.b) for c in pairs] == [(1, 3), (3, 4), (3, 5)]
    assert [(c.a, c.b) for c in few_per_person(pairs, limit=3)] == [(1, 3), (3, 4), (3, 5)]


def test_many_namesakes_do_not_flood_the_queue(workspace, tmp_path: Path) -> None:
    cards = "".join(
        f"BEGIN:VCARD\nVERSION:3.0\nFN:Marit Solberg\nEMAIL:marit@{i}.example\nEND:VCARD\n"
        for i in range(8)
    )
    (tmp_path / "m.vcf").write_text(cards)
    import_path(workspace, tmp_path / "m.vcf")
    report = resolve_identities(workspace)
    assert report.pending + report.held_back == 28  # 8 * 7 / 2 likely pairs
    assert report.pending <= 8 * 3 // 2
