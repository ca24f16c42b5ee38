"""Rival accounts share probability: the summed form gives what the pairwise one gave."""

from __future__ import annotations

import random

import pytest

from warmly.identity.match_config import MatchConfig
from warmly.identity.match_features import Features
from warmly.identity.match_select import (
    MatchCandidate,
    Scored,
    _clash,
    _exclusive,
    _partners,
    share_rivals,
)


def _reference(
    scored: list[Scored], by_pid: dict[int, Features], cfg: MatchConfig
) -> list[MatchCandidate]:
    """Every candidate checked against every other (the form before session 9)."""
    plats = _exclusive(cfg)
    odds = {(s.a, s.b): 2.0 ** min(s.bits, 60.0) for s in scored}
    partners = _partners(odds)  # the same candidates; what differs is how rivals are summed
    accounts = {
        pid: {p: by_pid[pid].by_platform[p] for p in plats if p in by_pid[pid].by_platform}
        for pid in partners
    }
    out = []
    for s in scored:
        o = odds[(s.a, s.b)]
        rival, note = 0.0, ""
        for me, other in ((s.a, s.b), (s.b, s.a)):
            theirs = accounts.get(other) or {}
            if not theirs:
                continue
            for c, oc in partners.get(me, ()):
                if c != other and _clash(theirs, accounts[c], plats):
                    rival += oc
                    note = note or f"another account could be this person too ({c})"
        conf = o / (1.0 + o + rival)
        reasons = [*s.reasons, note] if note and rival > 0.1 * o else s.reasons
        out.append(MatchCandidate(s.a, s.b, round(conf, 4), reasons, s.rule))
    return out


def _person(pid: int, rng: random.Random) -> Features:
    """Most hold one exclusive account; some none, some two networks or two profiles."""
    by_platform: dict[str, frozenset[str]] = {}
    shape = rng.random()
    if shape < 0.6:
        p = rng.choice(["linkedin", "x"])
        by_platform[p] = frozenset([f"{p}{pid}"])
    elif shape < 0.8:
        by_platform["linkedin"] = frozenset([f"li{pid}"])
        by_platform["x"] = frozenset([f"x{pid}"])
    elif shape < 0.9:
        by_platform["linkedin"] = frozenset([f"li{pid}", f"li{pid}b"])
    by_platform["email"] = frozenset([f"{pid}@mail.example"])
    return Features(pid, (), (), by_platform, {}, frozenset(), frozenset())


@pytest.mark.parametrize("seed", range(5))
def test_summed_rivals_equal_the_pairwise_check(seed: int) -> None:
    rng = random.Random(seed)
    cfg = MatchConfig()
    people = {pid: _person(pid, rng) for pid in range(60)}
    pairs = {tuple(sorted(rng.sample(range(60), 2))) for _ in range(400)}
    scored = [
        Scored(a, b, rng.uniform(-8.0, 8.0), [f"{a}-{b}"], "exact-name") for a, b in sorted(pairs)
    ]
    got = share_rivals(scored, people, cfg)
    want = _reference(scored, people, cfg)
    assert [(c.a, c.b, c.reasons) for c in got] == [(c.a, c.b, c.reasons) for c in want]
    assert [c.confidence for c in got] == pytest.approx([c.confidence for c in want], abs=1e-4)
    assert any(len(c.reasons) == 2 for c in got)  # rivals were found
