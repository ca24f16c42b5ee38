"""How many *other humans* share a name key: the ``u`` of Fellegi–Sunter, from the data.

For a person ``a`` with key ``K`` and a person ``b`` on another platform with
the same key, the candidates for "``a``'s human on ``b``'s platform" are
``a``'s own human and every stranger carrying ``K``; each is present on a
platform with about the same probability, so the odds that ``b`` is ``a``'s
human are ``1 / strangers(K)``. :meth:`Frequencies.strangers` estimates that
number three ways and takes the largest:

* independence of given name and surname: ``H · p(first) · p(last)``, where
  ``H`` is the number of named humans; right for rare names, too low inside a
  culture (Wei Zhang);
* the observed count of persons carrying ``K`` beyond the pair's own human
  (about ``rho`` persons, the persons per human measured on keys that are
  almost surely one human's), divided by ``rho``: a human's own records are
  not strangers, and visible rivals on the same platform are counted again,
  exactly, by :func:`warmly.identity.match_select.share_rivals`;
* exclusivity: three LinkedIn profiles named John Smith are at least three
  humans (one human has one profile).

Each person counts a value once, whatever number of records repeat it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from warmly.identity.match_features import Features, surname_parts

EXCLUSIVE = ("linkedin", "x", "bluesky", "mastodon")
"""Platforms on which one human keeps one account (LinkedIn's terms forbid two)."""


@dataclass(slots=True)
class Frequencies:
    """Counts over persons, and the derived persons-per-human ``rho``."""

    people: int
    named: int
    first: Counter[str]
    last: Counter[str]
    initial: Counter[str]
    key: Counter[str]
    init_key: Counter[str]
    plat_max: dict[str, int]
    org: Counter[str]
    raw: Counter[str]
    rho: float
    min_strangers: float

    @property
    def humans(self) -> float:
        """Estimated number of distinct named humans."""
        return max(self.named / self.rho, 1.0)

    def _p(self, counter: Counter[str], value: str) -> float:
        return max(counter.get(value, 0), 1) / max(self.named, 1)

    def strangers(self, key: str) -> float:
        """Expected number of other humans carrying the full name key ``key``."""
        first, _, last = key.partition(" ")
        indep = self.humans * self._p(self.first, first) * self._p(self.last, last)
        seen = max(self.key.get(key, 2) - self.rho - 1.0, 0.0) / self.rho
        return max(indep, seen, self.plat_max.get(key, 1) - 1.0, self.min_strangers)

    def strangers_initial(self, key: str) -> float:
        """The same for an initial key (``j doe``): every J-something Doe competes."""
        ini, _, last = key.partition(" ")
        indep = self.humans * self._p(self.initial, ini) * self._p(self.last, last)
        seen = max(self.init_key.get(key, 2) - self.rho - 1.0, 0.0) / self.rho
        return max(indep, seen, self.min_strangers)

    def strangers_first(self, first: str) -> float:
        """The same for a given name alone ("Jane 🚀"): nearly every Jane."""
        return max(self.humans * self._p(self.first, first) - 1.0, self.min_strangers)

    def org_share(self, label: str) -> float:
        """Share of persons naming an employer who name this one."""
        return max(self.org.get(label, 0), 1) / max(self.people, 1)


def frequencies(
    features: Sequence[Features], min_population: int, min_strangers: float, rho_default: float
) -> Frequencies:
    """Count names, keys, employers and handles over all people (one pass)."""
    first: Counter[str] = Counter()
    last: Counter[str] = Counter()
    initial: Counter[str] = Counter()
    key: Counter[str] = Counter()
    init_key: Counter[str] = Counter()
    plat: Counter[tuple[str, str]] = Counter()
    org: Counter[str] = Counter()
    raw: Counter[str] = Counter()
    named = 0
    for f in features:
        if f.full:
            named += 1
            first.update(f.firsts)
            last.update({p for n in f.names for p in surname_parts(n)})
            initial.update({k[0] for k in f.initial})
        keys = f.keys
        key.update(keys)
        init_key.update(f.initial)
        for p in EXCLUSIVE:
            if p in f.by_platform:
                plat.update((k, p) for k in keys)
        org.update(set(f.orgs) | f.domains | f.org_labels)
        raw.update(f.raw_handles)
    plat_max: dict[str, int] = {}
    for (k, _p), c in plat.items():
        if c > plat_max.get(k, 0):
            plat_max[k] = c
    named_floor = max(named, min_population)
    rho = _rho(key, first, last, named_floor, rho_default)
    return Frequencies(
        people=max(len(features), min_population),
        named=named_floor,
        first=first,
        last=last,
        initial=initial,
        key=key,
        init_key=init_key,
        plat_max=plat_max,
        org=org,
        raw=raw,
        rho=rho,
        min_strangers=min_strangers,
    )


def _rho(
    key: Counter[str],
    first: Counter[str],
    last: Counter[str],
    named: int,
    default: float,
) -> float:
    # Persons per human, measured on keys that independence says almost surely
    # belong to one human (a rare given name with a surname seen about once).
    # Too few such keys (a small ledger): fall back to the configured value.
    counts: list[int] = []
    for k, c in key.items():
        f, _, s = k.partition(" ")
        if first.get(f, 0) * last.get(s, 0) / (named * default) < 0.02:
            counts.append(c)
    if len(counts) < 200:
        return default
    return max(1.0, min(sum(counts) / len(counts), 4.0))
