"""Blocking: which pairs of people are worth scoring at all.

Each person emits a handful of keys; only people sharing a key are compared,
so the work grows with the sizes of the blocks, not with n². Keys:

``n:`` normalised full name        ``v:`` formal given name (bob -> robert) + last
``p:`` metaphone(last) + initial    ``hh:`` compact handle; ``hn:`` handle pattern of a name
``o:`` organisation/domain + last   ``d:`` organisation/domain + handle pattern or first name

``hn:`` blocks are only paired with the ``hh:`` block of the same string (a
name against a handle), never within themselves: two named people already meet
on their names, and "jsmith" as a pattern of 150 names would pair them all.

A block larger than ``max_block`` is skipped: a key shared by hundreds of people
(``p:SM0J``, ``h:jsmith``) cannot tell them apart, and the finer keys
(``o:``, ``d:``) still pair the ones that share an employer. The skipped keys are
returned so a caller can report them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence

import jellyfish

from warmly.identity.match_features import Features
from warmly.identity.names import formal_names, name_patterns

_MIN_HANDLE = 4  # shorter compact handles ("jd", "ana") pair too many strangers


def person_keys(f: Features) -> set[str]:
    """Blocking keys of one person."""
    keys: set[str] = set()
    places = f.org_labels | f.domains
    for n in f.names:
        if n.last:
            keys.add("n:" + n.full)
            for formal in formal_names(n.first):
                keys.add(f"v:{formal} {n.last}")
            for part in n.last_parts:
                keys.add(f"p:{jellyfish.metaphone(part)}{n.first[0]}")
                keys.update(f"o:{place}|{part}" for place in places)
            for pattern in name_patterns(n):
                keys.add("hn:" + pattern)
                keys.update(f"d:{place}|{pattern}" for place in places)
        if len(n.first) > 1:
            keys.update(f"d:{place}|{n.first}" for place in places)
    for _platform, _handle, split in f.handles:
        if len(split.compact) >= _MIN_HANDLE:
            keys.add("hh:" + split.compact)
        keys.update(f"d:{place}|{split.compact}" for place in places)
        if split.first and split.last and len(split.last) > 1:
            # jane_doe / jane.doe: the handle spells a full name.
            keys.add(f"n:{split.first} {split.last}")
            for formal in formal_names(split.first):
                keys.add(f"v:{formal} {split.last}")
    return keys


def blocks(features: Sequence[Features]) -> dict[str, list[int]]:
    """Key -> indexes (into ``features``) of the people emitting it."""
    out: dict[str, list[int]] = defaultdict(list)
    for i, f in enumerate(features):
        for key in person_keys(f):
            out[key].append(i)
    return out


def candidate_pairs(
    index: dict[str, list[int]], max_block: int
) -> tuple[set[tuple[int, int]], list[str]]:
    """Distinct index pairs ``(i, j)``, ``i < j``, sharing a block; and skipped keys."""
    pairs: set[tuple[int, int]] = set()
    skipped: list[str] = []
    for key, members in index.items():
        if key.startswith("hn:"):
            continue
        partners = index.get("hn:" + key[3:], []) if key.startswith("hh:") else []
        if len(members) + len(partners) < 2:
            continue
        if len(members) > max_block or len(members) * len(partners) > max_block * max_block // 2:
            skipped.append(key)
            continue
        pairs.update(_pairs(members))
        pairs.update((min(i, j), max(i, j)) for i in members for j in partners if i != j)
    return pairs, skipped


def _pairs(members: list[int]) -> Iterator[tuple[int, int]]:
    ordered = sorted(set(members))
    for k, i in enumerate(ordered):
        for j in ordered[k + 1 :]:
            yield i, j
