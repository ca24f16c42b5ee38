"""Probabilistic matching of people: which pairs are probably one human.

A pure engine. Deterministic links (a record carrying two identities) are
merged by the ingest pipeline before this runs; here the remaining people are
blocked (:mod:`~warmly.identity.match_blocking`), each candidate pair is scored
(:mod:`~warmly.identity.match_score`), rival candidates for one account share
their probability, and merges that would chain two LinkedIn profiles into one
human are held back (:mod:`~warmly.identity.match_select`). Pairs at or above
``MatchConfig.review`` are returned with a confidence, the reasons a person can
read, and a ``rule`` label for per-rule reporting.

>>> people = [PersonFacts(1, ["Bob Kowalczyk"], [("x", "bobkowalczyk")], ["Northwind"]),
...           PersonFacts(2, ["Robert Kowalczyk, MBA"], [("linkedin", "robert-kowalczyk-1a2b3c")],
...                       ["Northwind Analytics, Inc."])]
>>> [c.rule for c in find_candidates(people)]
['nickname+org']
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from warmly.gc_pause import gc_paused
from warmly.identity.match_blocking import blocks, candidate_pairs
from warmly.identity.match_config import MatchConfig
from warmly.identity.match_features import Features, PersonFacts, extract
from warmly.identity.match_freq import Frequencies, frequencies
from warmly.identity.match_handles import add_handle_keys, vocabulary
from warmly.identity.match_score import (
    Evidence,
    compare_handles,
    compare_identities,
    compare_names,
    compare_orgs,
)
from warmly.identity.match_select import (
    MatchCandidate,
    Scored,
    guard_chains,
    hold_for_precision,
    share_rivals,
)

__all__ = [
    "MatchCandidate",
    "MatchConfig",
    "PersonFacts",
    "exclude",
    "find_candidates",
    "score_pair",
]

_NAME_LEVELS = frozenset(
    [
        "exact-name",
        "nickname",
        "handle~name",
        "initial",
        "fuzzy-name",
        "first-name",
        "first+initial",
    ]
)


def prepare(
    people: Sequence[PersonFacts],
    cfg: MatchConfig,
    population: Sequence[PersonFacts] | None = None,
) -> tuple[list[Features], Frequencies]:
    """Features of every person (names, then handle keys against the data's
    vocabulary) and the frequencies of ``population`` (default: ``people``)."""
    feats = [extract(p) for p in people]
    firsts, lasts = vocabulary(feats)
    for f in feats:
        add_handle_keys(f, firsts, lasts)
    counted = feats
    if population is not None:
        counted = [extract(p) for p in population]
        for f in counted:
            add_handle_keys(f, firsts, lasts)
    fq = frequencies(counted, cfg.min_population, cfg.min_strangers, cfg.records_per_human)
    return feats, fq


def find_candidates(
    people: Sequence[PersonFacts],
    config: MatchConfig | None = None,
    population: Sequence[PersonFacts] | None = None,
) -> list[MatchCandidate]:
    """Candidate pairs at or above ``config.review``, most confident first.

    ``population``: the persons whose names are counted for the namesake
    estimates, if not ``people``. After the matcher's own merges, pass the
    people as they were before them: counted after, a human it merged shows
    one person where it showed three, so "one human, several persons" looks
    rarer than it is and the next run judges the pairs it left very
    differently (a pair at 0.92 fell to 0.50, another rose to 0.995).

    Cost is linear in people plus the pairs inside blocks (each block capped at
    ``config.max_block``); the result does not depend on the input order.
    """
    cfg = config or MatchConfig()
    # The matcher allocates millions of small acyclic objects; the cyclic
    # collector would rescan the caller's (large) heap over and over for nothing.
    with gc_paused():
        return _find(people, cfg, population)


def _find(
    people: Sequence[PersonFacts], cfg: MatchConfig, population: Sequence[PersonFacts] | None
) -> list[MatchCandidate]:
    feats, fq = prepare(people, cfg, population)
    pairs, _skipped = candidate_pairs(blocks(feats), cfg.max_block)
    prior = math.log2(cfg.duplicates_per_person / fq.humans)
    floor = math.log2(0.02)  # rivals below 2 % odds change nothing
    scored: list[Scored] = []
    for i, j in pairs:
        fa, fb = feats[i], feats[j]
        if fa.pid == fb.pid:
            continue
        s = _score(fa, fb, fq, prior, cfg)
        if s.bits >= floor:
            scored.append(s)
    by_pid = {f.pid: f for f in feats}
    out = guard_chains(share_rivals(scored, by_pid, cfg), by_pid, cfg)
    out = hold_for_precision(out, cfg)
    out = [c for c in out if c.confidence >= cfg.review]
    out.sort(key=lambda c: (-c.confidence, c.a, c.b))
    return out


def score_pair(
    a: PersonFacts,
    b: PersonFacts,
    population: Sequence[PersonFacts],
    config: MatchConfig | None = None,
) -> MatchCandidate:
    """Score one pair against the frequencies of ``population`` (for review UIs and tests).

    Rival candidates are not considered: this is the pair's own evidence.
    """
    cfg = config or MatchConfig()
    ids = {p.person_id for p in population}
    extra = [p for p in (a, b) if p.person_id not in ids]
    feats, fq = prepare([*population, *extra], cfg)
    by_pid = {f.pid: f for f in feats}
    s = _score(
        by_pid[a.person_id],
        by_pid[b.person_id],
        fq,
        math.log2(cfg.duplicates_per_person / fq.humans),
        cfg,
    )
    conf = 1.0 / (1.0 + 2.0**-s.bits) if s.bits > -60 else 0.0
    return MatchCandidate(s.a, s.b, round(conf, 4), s.reasons, s.rule)


def exclude(
    candidates: Iterable[MatchCandidate], distinct_pairs: Iterable[tuple[int, int]]
) -> list[MatchCandidate]:
    """Drop the pairs the user said are different people (either order)."""
    banned = {(min(a, b), max(a, b)) for a, b in distinct_pairs}
    return [c for c in candidates if (c.a, c.b) not in banned]


def _score(a: Features, b: Features, fq: Frequencies, prior: float, cfg: MatchConfig) -> Scored:
    name = compare_names(a, b, fq, cfg)
    named = name is not None and name.level in _NAME_LEVELS
    parts: list[Evidence] = []
    rule: list[str] = []
    if name is not None:
        parts.append(name)
        if named:
            rule.append(name.level)
    handle = compare_handles(a, b, fq, cfg, named)
    # Unnamed, a shared handle carries its own posterior odds (see compare_handles).
    base = 0.0 if named or handle is not None else prior
    for ev in (handle, compare_orgs(a, b, fq, cfg)):
        if ev is not None:
            parts.append(ev)
            if ev.bits > 0:
                rule.append(ev.level)
    parts += compare_identities(a, b, cfg)
    total = base + sum(ev.bits for ev in parts)
    reasons = [ev.reason for ev in sorted(parts, key=lambda e: (-abs(e.bits), e.reason))]
    lo, hi = sorted((a.pid, b.pid))
    return Scored(lo, hi, total, reasons, "+".join(rule) or "none")
