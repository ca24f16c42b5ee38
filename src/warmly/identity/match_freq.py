"""How many *other humans* share a name key: the ``u`` of Fellegi–Sunter, from the data.

For a person ``a`` with key ``K`` and a person ``b`` on another platform with
the same key, the candidates for "``a``'s human on ``b``'s platform" are
``a``'s own human and every stranger carrying ``K``; each is present on a
platform with about the same probability, so the odds that ``b`` is ``a``'s
human are ``1 / strangers(K)``. :meth:`Frequencies.strangers` estimates that
number three ways and takes the largest:

* independence of given name and surname: ``H · p(first) · p(last)``, where
  ``H`` is the number of named humans; right for rare names, too low inside a
  culture (Wei Zhang). So an *excess* is added, fitted on the data itself:
  the rate at which keys that independence calls unique are shown by two
  LinkedIn profiles (two humans), per surname-frequency band;
* the observed count ``c`` of persons carrying ``K``, read through a small
  Bayesian model: the number ``j`` of strangers has a geometric prior with
  the independence estimate as its mean (geometric, not Poisson: names cluster
  by culture, so independence can be far too low), and the ``c`` persons are
  the pair's own human's plus the strangers', each human contributing a count
  drawn from ``q``, the distribution measured on keys that are almost surely
  one human's. The estimate is ``E[j | c]``: a human seen on four networks is
  not taken for four namesakes, while eight persons named Wei Zhang are;
* exclusivity: three LinkedIn profiles named John Smith are at least three
  humans (one human has one profile).

Each person counts a value once, whatever number of records repeat it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from warmly.identity.match_features import Features, surname_parts

# Surname frequency bands (share of named persons) for the excess of namesakes:
# frequent surnames (Wang, Li, García) go with a culture's concentrated given
# names, so independence underestimates their namesakes most.
_BANDS = (1e-2, 1e-3, 1e-4, 0.0)
_BANDS_N = len(_BANDS)

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
    excess: list[float] = field(default_factory=lambda: [0.0] * _BANDS_N)
    """Namesakes per key beyond what independence of given name and surname
    predicts, per surname band (names cluster by culture: Wei goes with Wang),
    measured on LinkedIn, where two profiles with one name are two humans."""
    _memo: dict[tuple[int, float], float] = field(default_factory=dict)
    _initials: dict[str, int] = field(default_factory=dict)

    @property
    def humans(self) -> float:
        """Estimated number of distinct named humans."""
        return max(self.named / self.rho, 1.0)

    def _p(self, counter: Counter[str], value: str) -> float:
        return max(counter.get(value, 0), 1) / max(self.named, 1)

    def independent(self, key: str) -> float:
        """Other humans with ``key`` if given name and surname were independent."""
        first, _, last = key.partition(" ")
        return self.humans * self._p(self.first, first) * self._p(self.last, last)

    def band(self, last: str) -> int:
        """Frequency band of a surname (see ``_BANDS``)."""
        p = self._p(self.last, last)
        return next(i for i, lo in enumerate(_BANDS) if p >= lo)

    def strangers(self, key: str) -> float:
        """Expected number of other humans carrying the full name key ``key``."""
        indep = self.independent(key) + self.excess[self.band(key.partition(" ")[2])]
        seen = self.posterior(self.key.get(key, 2), indep)
        return max(seen, self.plat_max.get(key, 1) - 1.0, self.min_strangers)

    def strangers_initial(self, key: str) -> float:
        """The same for an initial key (``j doe``): every J-something Doe competes."""
        ini, _, last = key.partition(" ")
        indep = self.humans * self._p(self.initial, ini) * self._p(self.last, last)
        indep += self.excess[self.band(last)]
        seen = self.posterior(self.init_key.get(key, 2), indep)
        return max(seen, self.min_strangers)

    def posterior(self, count: int, prior: float) -> float:
        """``E[strangers | count persons carry the key]``, geometric prior of mean ``prior``.

        Beyond the tabulated counts, every ``rho`` persons are one more human.
        """
        if not self.own or count >= len(self.own[1]):
            return max(count / self.rho - 1.0, prior)
        memo = (count, round(prior, 4))
        if (hit := self._memo.get(memo)) is not None:
            return hit
        r = prior / (1.0 + prior)
        num = den = 0.0
        weight = 1.0  # r ** j
        for j in range(count):
            like = weight * self.own[j + 1][count]
            num += j * like
            den += like
            weight *= r
        out = num / den if den > 0 else max(count / self.rho - 1.0, prior)
        self._memo[memo] = out
        return out

    def strangers_first(self, first: str) -> float:
        """The same for a given name alone ("Jane 🚀"): nearly every Jane."""
        return max(self.humans * self._p(self.first, first) - 1.0, self.min_strangers)

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
        rho=rho,
        min_strangers=min_strangers,
        own=_convolutions(q, 48),
    )
    fq.excess = _excess(fq, features)
    return fq


def _excess(fq: Frequencies, features: Sequence[Features]) -> list[float]:
    # Keys shown by a LinkedIn person's display name: independence predicts a
    # second human with the key, also on LinkedIn, with probability
    # indep * share (share: LinkedIn persons per human). The surplus of keys
    # actually shown by two LinkedIn profiles, per key, is the excess.
    linkedin: Counter[str] = Counter()
    holders = 0
    for f in features:
        if f.full and "linkedin" in f.by_platform:
            holders += 1
            linkedin.update(f.full)
    share = min(holders / fq.humans, 1.0)
    n = [0] * len(_BANDS)
    expected = [0.0] * len(_BANDS)
    observed = [0] * len(_BANDS)
    for k, c in linkedin.items():
        lam = fq.independent(k)
        if lam < 0.5:
            b = fq.band(k.partition(" ")[2])
            n[b] += 1
            expected[b] += lam * share
            observed[b] += c >= 2

    # A band with few keys says little; every band has at least the excess
    # measured over all keys (a rare surname is no proof of a rare name).
    def rate(o: float, e: float, k: int) -> float:
        return max(o - e, 0.0) / (k * share) if k >= 200 and share > 0 else 0.0

    overall = rate(sum(observed), sum(expected), sum(n))
    return [max(rate(o, e, k), overall) for o, e, k in zip(observed, expected, n, strict=True)]


def _rho(
    key: Counter[str],
    first: Counter[str],
    last: Counter[str],
    named: int,
    default: float,
) -> tuple[float, list[float]]:
    # Persons per human, measured on keys that independence says almost surely
    # belong to one human (a rare given name with a surname seen about once).
    # Too few such keys (a small ledger): fall back to the configured value.
    counts: list[int] = []
    for k, c in key.items():
        f, _, s = k.partition(" ")
        if first.get(f, 0) * last.get(s, 0) / (named * default) < 0.02:
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
