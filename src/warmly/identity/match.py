"""Probabilistic matching of people: which pairs are probably one human.

A pure engine. Deterministic links (a record carrying two identities) are
merged by the ingest pipeline before this runs; here the remaining people are
blocked (:mod:`~warmly.identity.match_blocking`), each candidate pair is scored
with Fellegi–Sunter weights (:mod:`~warmly.identity.match_score`), and pairs at
or above ``MatchConfig.review`` are returned with a confidence, the reasons a
person can read, and a ``rule`` label for per-rule reporting.

>>> people = [PersonFacts(1, ["Bob Smith"], [("x", "bobsmith")], ["Northwind"]),
...           PersonFacts(2, ["Robert Smith, MBA"], [("linkedin", "robert-smith-1a2b3c")],
...                       ["Northwind Analytics, Inc."])]
>>> [c.rule for c in find_candidates(people)]
['nickname+handle']
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from warmly.identity.match_blocking import blocks, candidate_pairs
from warmly.identity.match_config import MatchConfig
from warmly.identity.match_features import Features, Frequencies, PersonFacts, extract, frequencies
from warmly.identity.match_score import (
    Evidence,
    compare_handles,
    compare_identities,
    compare_name_handle,
    compare_names,
    compare_orgs,
)

__all__ = [
    "MatchCandidate",
    "MatchConfig",
    "PersonFacts",
    "exclude",
    "find_candidates",
    "score_pair",
]


@dataclass(frozen=True, slots=True)
class MatchCandidate:
    """Two people (``a < b``) that are probably the same human."""

    a: int
    b: int
    confidence: float
    reasons: list[str]
    rule: str


def find_candidates(
    people: Sequence[PersonFacts], config: MatchConfig | None = None
) -> list[MatchCandidate]:
    """Candidate pairs at or above ``config.review``, most confident first.

    Cost is linear in people plus the pairs inside blocks (each block capped at
    ``config.max_block``); the result does not depend on the input order.
    """
    cfg = config or MatchConfig()
    feats = [extract(p) for p in people]
    index = blocks(feats)
    fq = frequencies(feats, cfg.min_population)
    counts = _handle_counts(index)
    pairs, _skipped = candidate_pairs(index, cfg.max_block)
    prior = math.log2(cfg.duplicates_per_person / max(len(feats), cfg.min_population))
    out: list[MatchCandidate] = []
    for i, j in pairs:
        fa, fb = feats[i], feats[j]
        if fa.pid == fb.pid:
            continue
        cand = _score(fa, fb, fq, counts, prior, cfg)
        if cand.confidence >= cfg.review:
            out.append(cand)
    out.sort(key=lambda c: (-c.confidence, c.a, c.b))
    return out


def score_pair(
    a: PersonFacts,
    b: PersonFacts,
    population: Sequence[PersonFacts],
    config: MatchConfig | None = None,
) -> MatchCandidate:
    """Score one pair against the frequencies of ``population`` (for review UIs and tests)."""
    cfg = config or MatchConfig()
    feats = [extract(p) for p in population]
    index = blocks(feats)
    counts = _handle_counts(index)
    prior = math.log2(cfg.duplicates_per_person / max(len(feats), cfg.min_population))
    return _score(
        extract(a), extract(b), frequencies(feats, cfg.min_population), counts, prior, cfg
    )


def exclude(
    candidates: Iterable[MatchCandidate], distinct_pairs: Iterable[tuple[int, int]]
) -> list[MatchCandidate]:
    """Drop the pairs the user said are different people (either order)."""
    banned = {(min(a, b), max(a, b)) for a, b in distinct_pairs}
    return [c for c in candidates if (c.a, c.b) not in banned]


def _name_evidence(
    a: Features, b: Features, fq: Frequencies, counts: dict[str, int], cfg: MatchConfig
) -> tuple[Evidence | None, Evidence | None]:
    """Best name-vs-name evidence, and best handle evidence (name~handle or same handle)."""
    best_name: Evidence | None = None
    for na in a.names:
        for nb in b.names:
            ev = compare_names(na, nb, fq, cfg)
            if ev is not None and (best_name is None or ev.bits > best_name.bits):
                best_name = ev
    best_handle = compare_handles(a, b, fq, counts, cfg)
    for x, y in ((a, b), (b, a)):
        for n in x.names:
            for platform, handle, split in y.handles:
                c = counts.get(split.compact, 1)
                ev = compare_name_handle(n, platform, handle, split, fq, c, cfg)
                if ev is not None and (best_handle is None or ev.bits > best_handle.bits):
                    best_handle = ev
    return best_name, best_handle


def _score(
    a: Features,
    b: Features,
    fq: Frequencies,
    counts: dict[str, int],
    prior: float,
    cfg: MatchConfig,
) -> MatchCandidate:
    name, handle = _name_evidence(a, b, fq, counts, cfg)
    parts: list[Evidence] = []
    rule: list[str] = []
    if name is not None and handle is not None and name.bits > 0 and handle.bits > 0:
        strong, weak = (name, handle) if name.bits >= handle.bits else (handle, name)
        parts += [strong, Evidence(weak.bits * cfg.corroboration, weak.level, weak.reason)]
        rule += [strong.level, "handle" if weak is handle else weak.level]
    else:
        for ev in (name, handle):
            if ev is not None:
                parts.append(ev)
        positive = [ev for ev in parts if ev.bits > 0]
        rule += [max(positive, key=lambda e: e.bits).level] if positive else ["none"]
    org = compare_orgs(a, b, fq, cfg)
    if org is not None:
        parts.append(org)
        if org.bits > 0:
            rule.append(org.level)
    parts += compare_identities(a, b, cfg)
    total = prior + sum(ev.bits for ev in parts)
    confidence = 1.0 / (1.0 + 2.0**-total) if total > -60 else 0.0
    reasons = [ev.reason for ev in sorted(parts, key=lambda e: -abs(e.bits))]
    corroborated = len(rule) > 1
    if (
        not corroborated
        and name is not None
        and name.level == "exact-name"
        and fq.full.get(_full(a, b), 0) >= cfg.common_name_count
        and confidence >= cfg.auto_merge
    ):
        confidence = min(confidence, (cfg.auto_merge + cfg.review) / 2)
        reasons.append("common name without corroboration: left for review")
    lo, hi = sorted((a.pid, b.pid))
    return MatchCandidate(lo, hi, round(confidence, 4), reasons, "+".join(rule))


def _handle_counts(index: dict[str, list[int]]) -> dict[str, int]:
    # How many people a compact handle could belong to: those holding it plus
    # those whose name produces it; its frequency is the ``u`` of a handle match.
    counts: dict[str, int] = {}
    for key, members in index.items():
        if key.startswith("hh:"):
            counts[key[3:]] = len(set(members) | set(index.get("hn:" + key[3:], ())))
        elif key.startswith("hn:") and "hh:" + key[3:] not in index:
            counts[key[3:]] = len(members)
    return counts


def _full(a: Features, b: Features) -> str:
    shared = {n.full for n in a.names} & {n.full for n in b.names}
    return min(shared) if shared else ""
