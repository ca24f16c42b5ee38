"""How many *other humans* share a name key: the ``u`` of Fellegi–Sunter, from the data.

For a person ``a`` with key ``K`` and a person ``b`` on another platform with
the same key, the candidates for "``a``'s human on ``b``'s platform" are
``a``'s own human and every stranger carrying ``K``; each is present on a
platform with about the same probability, so the odds that ``b`` is ``a``'s
human are ``1 / strangers(K)``. :meth:`Frequencies.strangers` estimates that
number from three pieces of evidence:

* a prior: independence of given name and surname, ``λ = H · p(first) ·
  p(last)`` humans per key (``H`` named humans). Names cluster (by culture,
  by fashion), so the number of humans per key is over-dispersed: geometric
  with mean ``λ``. Given that one of them is ``a``'s human, the number of
  *others* is the size-biased law ``P(j) ∝ (j + 1) r^j`` (mean ``2λ`` for
  small ``λ``, not ``λ``: a name one human has is likelier a common one).
  The prior is then checked against the ledger octave by octave of ``λ``
  (:func:`_lift`): two LinkedIn profiles with one name are two humans, so
  how often a key is shown by two profiles measures its namesakes;
* the observed count ``c`` of persons carrying ``K``: the pair's own human's
  persons plus the strangers', each human contributing a count drawn from
  ``q``, the distribution measured on keys that are almost surely one
  human's. The estimate is ``E[j | c]``: a human seen on four networks is
  not taken for four namesakes, while eight persons named Wei Zhang are.
  Whether two of those persons hold accounts on one exclusive platform
  counts too: one human's persons never do, namesakes often do;
* exclusivity: three LinkedIn profiles named John Smith are at least three
  humans (one human has one profile).

Each person counts a value once, whatever number of records repeat it.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

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
    own: list[list[float]] = field(default_factory=list)
    """``own[n][c]``: probability that ``n`` humans show ``c`` persons with a key."""
    lift: dict[int, float] = field(default_factory=dict)
    """Per octave of the prior (``round(log2(prior))``): how many times more
    LinkedIn namesakes the ledger shows than the prior predicts (``>= 1``)."""
    kappa: float = 0.0
    """Chance that two persons of different humans hold an account on one
    exclusive platform (two LinkedIn profiles): how often namesakes collide."""
    raw_plat: Counter[tuple[str, str]] = field(default_factory=Counter)
    """Persons holding each raw handle, per platform."""
    _memo: dict[tuple[int, float, bool], float] = field(default_factory=dict)
    _initials: dict[str, int] = field(default_factory=dict)

    @property
    def humans(self) -> float:
        """Estimated number of distinct named humans."""
        return max(self.named / self.rho, 1.0)

    def _p(self, counter: Counter[str], value: str, own: int = 0) -> float:
        return max(counter.get(value, 0) - own, 1) / max(self.named, 1)

    def independent(self, key: str) -> float:
        """Other humans with ``key`` if given name and surname were independent.

        The persons carrying the key itself are left out of both counts: they
        are mostly the human in question, and a rare surname seen only on
        his own three profiles says nothing about how many others share it.
        """
        first, _, last = key.partition(" ")
        own = self.key.get(key, 0)
        return self.humans * self._p(self.first, first, own) * self._p(self.last, last, own)

    def prior(self, key: str) -> float:
        """Expected other humans with ``key`` before counting its persons."""
        return self._lifted(self.independent(key))

    def _lifted(self, lam: float) -> float:
        return lam * self.lift.get(_octave(lam), 1.0)

    def strangers(self, key: str) -> float:
        """Expected number of other humans carrying the full name key ``key``."""
        indep = self.prior(key)
        clash = self.plat_max.get(key, 1)
        seen = self.posterior(self.key.get(key, 2), indep, apart=clash < 2)
        return max(seen, clash - 1.0, self.min_strangers)

    def strangers_initial(self, key: str) -> float:
        """The same for an initial key (``j doe``): every J-something Doe competes."""
        ini, _, last = key.partition(" ")
        own = self.init_key.get(key, 0)
        indep = self.humans * self._p(self.initial, ini, own) * self._p(self.last, last, own)
        seen = self.posterior(self.init_key.get(key, 2), self._lifted(indep))
        return max(seen, self.min_strangers)

    def posterior(self, count: int, prior: float, apart: bool = False) -> float:
        """``E[strangers | count persons carry the key]``, size-biased geometric prior.

        ``apart``: no two of the persons hold accounts on one exclusive
        platform. One human's persons never do; ``j`` strangers avoid it with
        probability at most ``(1 - kappa) ** pairs``, ``pairs`` the fewest
        cross-human pairs of persons ``j`` strangers can make (all but ``j``
        persons one human's). Beyond the tabulated counts, every ``rho``
        persons are one more human.
        """
        if not self.own or count >= len(self.own[1]):
            return max(count / self.rho - 1.0, prior)
        memo = (count, round(prior, 4), apart)
        if (hit := self._memo.get(memo)) is not None:
            return hit
        r = prior / (1.0 + prior)
        num = den = 0.0
        weight = 1.0  # r ** j
        pairs = count * (count - 1) // 2
        for j in range(count):
            like = (j + 1) * weight * self.own[j + 1][count]
            if apart:
                like *= (1.0 - self.kappa) ** (pairs - (count - j) * (count - j - 1) // 2)
            num += j * like
            den += like
            weight *= r
        out = num / den if den > 0 else max(count / self.rho - 1.0, prior)
        self._memo[memo] = out
        return out

    def strangers_first(self, first: str) -> float:
        """The same for a given name alone ("Jane 🚀"): nearly every Jane.

        The pair's own human is not taken out: a given name seen once in the
        display names is no proof of a rare one (its other bearers may show
        only a handle), so a given name alone is never above even odds.
        """
        return max(self.humans * self._p(self.first, first), self.min_strangers)

    def last_initial_share(self, letter: str) -> float:
        """Share of surnames (by bearer) starting with ``letter``."""
        if not self._initials:
            for name, c in self.last.items():
                self._initials[name[0]] = self._initials.get(name[0], 0) + c
        total = sum(self._initials.values())
        return max(self._initials.get(letter, 0), 1) / max(total, 1)

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
    raw_plat: Counter[tuple[str, str]] = Counter()
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
        raw_plat.update((h, p) for h, ps in f.raw_platforms.items() for p in ps)
    plat_max: dict[str, int] = {}
    for (k, _p), c in plat.items():
        if c > plat_max.get(k, 0):
            plat_max[k] = c
    named_floor = max(named, min_population)
    rho, q = _rho(key, first, last, named_floor, rho_default)
    fq = Frequencies(
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
        raw_plat=raw_plat,
        rho=rho,
        min_strangers=min_strangers,
        own=_convolutions(q, 48),
    )
    fq.lift = _lift(fq, features)
    fq.kappa = _kappa(features)
    return fq


def _octave(lam: float) -> int:
    return max(-12, min(4, round(math.log2(max(lam, 1e-6)))))


def _lift(fq: Frequencies, features: Sequence[Features]) -> dict[int, float]:
    # The prior checked against the ledger, octave by octave. A key shown by a
    # LinkedIn profile is shown by a second profile (a second human: one human
    # has one profile) with probability 1 - exp(-others * share), ``share``
    # the LinkedIn profiles per human; the size-biased prior expects
    # ``others = 2 * prior``. The ratio of seen to expected second profiles,
    # shrunk towards 1 by two pseudo-keys, scales the octave's prior: up where
    # names cluster more than independence says, down where they are rarer.
    linkedin: Counter[str] = Counter()
    holders = 0
    for f in features:
        if f.full and "linkedin" in f.by_platform:
            holders += 1
            linkedin.update(f.full)
    share = min(holders / fq.humans, 1.0)
    seen: Counter[int] = Counter()
    expected: dict[int, float] = {}
    for k, c in linkedin.items():
        lam = fq.prior(k)
        o = _octave(lam)
        seen[o] += c >= 2
        expected[o] = expected.get(o, 0.0) + 1.0 - math.exp(-2.0 * lam * share)
    return {o: (seen[o] + 2.0) / (e + 2.0) for o, e in expected.items()}


def _kappa(features: Sequence[Features]) -> float:
    """Chance that two named persons share an exclusive platform, by their platform sets."""
    sets: Counter[frozenset[str]] = Counter()
    for f in features:
        if f.full:
            sets[frozenset(p for p in EXCLUSIVE if p in f.by_platform)] += 1
    total = sum(sets.values())
    if not total:
        return 0.0
    hit = sum(na * nb for a, na in sets.items() for b, nb in sets.items() if a & b)
    return hit / (total * total)


def _rho(
    key: Counter[str],
    first: Counter[str],
    last: Counter[str],
    named: int,
    default: float,
) -> tuple[float, list[float]]:
    # Persons per human, measured on keys that independence says almost surely
    # belong to one human (a rare given name with a surname seen about once).
    # The key's own persons are left out of the name counts: otherwise a human
    # seen on three networks makes his own name look three times commoner, is
    # selected less often, and ``q`` (and ``rho``) come out too low, so that a
    # name seen three times reads as namesakes. Too few such keys (a small
    # ledger): fall back to the configured value.
    counts: list[int] = []
    for k, c in key.items():
        f, _, s = k.partition(" ")
        others = max(first.get(f, 0) - c, 1) * max(last.get(s, 0) - c, 1)
        if others / (named * default) < 0.02:
            counts.append(c)
    if len(counts) < 200:
        # A small ledger: persons per human from the configured mean.
        return default, _geometric(default)
    hist = Counter(min(c, 8) for c in counts)
    q = [0.0] + [hist.get(k, 0) / len(counts) for k in range(1, 9)]
    return max(1.0, min(sum(counts) / len(counts), 4.0)), q


def _geometric(mean: float) -> list[float]:
    """Persons per human, 1..8, geometric with the given mean (when not measurable)."""
    p = 1.0 / max(mean, 1.0)
    q = [0.0] + [p * (1.0 - p) ** (k - 1) for k in range(1, 9)]
    total = sum(q)
    return [x / total for x in q]


def _convolutions(q: list[float], size: int) -> list[list[float]]:
    """``out[n][c]``: probability that ``n`` humans, each with persons ~ ``q``, total ``c``."""
    out = [[1.0] + [0.0] * (size - 1)]
    for _ in range(size - 1):
        prev = out[-1]
        nxt = [0.0] * size
        for c, pc in enumerate(prev):
            if pc:
                for k in range(1, len(q)):
                    if c + k < size:
                        nxt[c + k] += pc * q[k]
        out.append(nxt)
    return out
