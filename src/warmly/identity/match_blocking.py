"""Blocking: which pairs of people are worth scoring at all.

Each person emits a handful of keys; only people sharing a key are compared,
so the work grows with the sizes of the blocks, not with n². Keys:

``k:`` canonical name key (from a name or a handle)   ``h:`` a distinctive handle
``i:`` initial key of someone known only as "J. Doe" / ``jdoe``, paired with
``j:`` the people whose full name has that initial and surname
``p:`` given name and surname initial of someone known only as "Jane D." /
``jane_d42``, paired with ``q:`` the people whose full name has them
``g:`` given name of someone known by it alone ("Jane 🚀", ``dmitri@acme.de``), paired with
``G:`` the people whose full name has it (rare given names only: the pairs of
a block are capped like any other)
``o:`` employer/domain + surname piece     ``d:`` employer/domain + given name

A block larger than ``max_block`` is skipped: a name shared by a hundred people
cannot tell them apart on its own (its odds stay far below review), and the
finer keys (``o:``, ``d:``, ``h:``) still pair the ones that share an employer
or a handle. The skipped keys are returned so a caller can report them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence

from warmly.identity.match_features import Features


def person_keys(f: Features) -> set[str]:
    """Blocking keys of one person."""
    keys = {"k:" + k for k in f.keys}
    keys.update("h:" + h for h in f.raw_handles)
    resolved = {f"{k[0]} {k.partition(' ')[2]}" for k in f.keys}
    for key in f.initial:
        keys.add(("j:" if key in resolved else "i:") + key)
    if f.keys:
        for k in f.keys:
            first, _, last = k.partition(" ")
            keys.add(f"q:{first} {last[0]}")
            keys.add("G:" + first)
    elif f.partial:
        keys.update("p:" + k for k in f.partial)
    else:
        keys.update("g:" + first for first in f.firsts | f.hgiven)
    places = f.org_labels | f.domains
    if places:
        lasts = {k.partition(" ")[2] for k in f.keys}
        firsts = (
            f.firsts
            | f.hgiven
            | {k.partition(" ")[0] for k in f.keys}
            | {k.partition(" ")[0] for k in f.partial}
        )
        for place in places:
            keys.update(f"o:{place}|{last}" for last in lasts)
            keys.update(f"d:{place}|{first}" for first in firsts)
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
        if key[:2] in _PARTNERS:
            continue
        partner = _MEMBERS.get(key[:2])
        partners = index.get(partner + key[2:], []) if partner else []
        if len(members) + len(partners) < 2:
            continue
        if len(members) > max_block or len(members) * len(partners) > max_block * max_block:
            skipped.append(key)
            continue
        pairs.update(_pairs(members))
        pairs.update((min(i, j), max(i, j)) for i in members for j in partners if i != j)
    return pairs, skipped


_MEMBERS = {"i:": "j:", "p:": "q:", "g:": "G:"}
_PARTNERS = frozenset(_MEMBERS.values())


def _pairs(members: list[int]) -> Iterator[tuple[int, int]]:
    ordered = sorted(set(members))
    for k, i in enumerate(ordered):
        for j in ordered[k + 1 :]:
            yield i, j
