"""Name frequencies of the identity benchmark, calibrated to published statistics.

Namesakes decide how far a name alone can be trusted, so the benchmark's names
must be as concentrated as real names, no more and no less. Each culture draws
given names and surnames from a ranked list whose shares follow a shifted power
law ``p(r) ∝ (r + r0)^-s`` over ``ranks`` names, plus a share ``rare`` of people
whose name is outside any ranked list (in practice unique). ``r0`` is solved so
that the most frequent name has the published share ``p1``. Ranks beyond the
curated real names get generated names built from the culture's syllables, so
the tail is as long as the real one (a real tail is mostly names one never
meets twice).

Anchors (shares of the population; ``top1000`` is what the model then gives):

* US surnames (Census 2010, *Frequently Occurring Surnames*): Smith 0.828 %,
  Johnson 0.655 %, Williams 0.550 %; ~150,000 surnames with at least 100
  bearers cover ~90 % of people (Census 2000 report: 151,671 names, 89.8 %);
  the top 1,000 cover ~42 %. -> ``p1 0.0083, ranks 150_000, rare 0.10``.
* US given names (SSA baby-name files, births 1965–2000, the working-age
  cohorts): the top name of each sex 3–4 % of its sex (Michael, Jennifer),
  so ~1.7 % of everyone; the top 1,000 of each sex cover ~80–85 %.
* Chinese (Ministry of Public Security, 2020 national name report): Wang,
  Li, Zhang each ~7 % of the population, the top 100 surnames ~85 %. Given
  names in pinyin collide much more than in characters (伟 威 薇 巍 all
  romanise to *Wei*): Wei ~1 % of people is an estimate, not a statistic.
* Spain (INE, *Apellidos y nombres más frecuentes*): García 3.1 %; India
  (Forebears surname estimates): Singh / Kumar ~2.5–3 %; Germany: Müller
  ~0.9 %; Sweden (SCB): Andersson ~2.3 %; France (INSEE): Martin ~0.35 %;
  Italy: Rossi ~0.1 %. A bucket mixing two countries takes a share between.

Collision check: with these lists ``Σ p(full name)²`` is ~1–2·10⁻⁶ for the US
cultures, so among 45k people ~5–10 % share their full name with someone,
more among the Chinese (Wei Wang ~3 among ~4,500 Chinese humans).
"""

from __future__ import annotations

import bisect
import random
from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True, slots=True)
class Syllables:
    """A culture's name morphology: onset + vowel + coda syllables, then an ending."""

    onsets: tuple[str, ...]
    vowels: tuple[str, ...]
    codas: tuple[str, ...]
    endings: tuple[str, ...]
    max_syllables: int = 2

    @property
    def syllables(self) -> int:
        return len(self.onsets) * len(self.vowels) * len(self.codas)

    @property
    def short(self) -> int:
        """Names of one syllable and an ending (the first indexes)."""
        return self.syllables * len(self.endings)

    @property
    def space(self) -> int:
        return self.short * (1 + (self.syllables if self.max_syllables > 1 else 0))

    def _syllable(self, k: int) -> str:
        k, o = divmod(k, len(self.onsets))
        c, v = divmod(k, len(self.vowels))
        return self.onsets[o] + self.vowels[v] + self.codas[c]

    def build(self, index: int) -> str:
        """The ``index``-th name: one syllable + ending first, then two syllables."""
        index, e = divmod(index % self.space, len(self.endings))
        two, one = divmod(index, self.syllables)
        head = self._syllable(one) + (self._syllable(two - 1) if two else "")
        return (head + self.endings[e]).capitalize()


def _t(text: str) -> tuple[str, ...]:
    return tuple("" if w == "-" else w for w in text.split())


@dataclass(slots=True)
class RankedNames:
    """A ranked name list with a shifted power law and a unique-name tail."""

    head: list[str]
    p1: float
    s: float
    ranks: int
    rare: float
    morph: Syllables
    salt: int = 0
    _cum: list[float] = field(default_factory=list, repr=False)
    _made: dict[int, str] = field(default_factory=dict, repr=False)
    _seen: set[str] = field(default_factory=set, repr=False)

    def __post_init__(self) -> None:
        target = self.p1 / (1.0 - self.rare)  # share of rank 1 among ranked names
        r = np.arange(1, self.ranks + 1, dtype=np.float64)
        lo, hi = 0.0, 1e5
        for _ in range(50):  # bisection on r0: a larger r0 flattens the head
            r0 = (lo + hi) / 2
            w = (r + r0) ** -self.s
            if w[0] / w.sum() > target:
                lo = r0
            else:
                hi = r0
        self._cum = (np.cumsum(w) / w.sum()).tolist()
        self._seen = set(self.head)

    def share_of_top(self, k: int) -> float:
        """Population share of the ``k`` most frequent names."""
        return self._cum[min(k, self.ranks) - 1] * (1.0 - self.rare)

    def name_at(self, rank: int) -> str:
        if rank <= len(self.head):
            return self.head[rank - 1]
        if rank not in self._made:
            # Frequent generated names are short (one syllable + ending), as
            # frequent real surnames are; the permutation spreads neighbours.
            space = self.morph.short if rank < self.morph.short // 2 else self.morph.space
            k = (rank * 2_654_435_761 + self.salt) % space
            name = self.morph.build(k)
            while name in self._seen:  # distinct ranks, distinct names
                k = (k * 48_271 + 11) % space
                name = self.morph.build(k)
            self._seen.add(name)
            self._made[rank] = name
        return self._made[rank]

    def draw(self, rng: random.Random) -> str:
        if rng.random() < self.rare:
            return self.morph.build(rng.randrange(self.morph.space))
        return self.name_at(bisect.bisect_left(self._cum, rng.random() * self._cum[-1]) + 1)


# Syllable inventories that give each culture's generated names its shape.
_MORPH = {
    "anglo": (
        Syllables(
            _t("b br c ch d f g h k l m n p r s st t th w wh"),
            _t("a e i o u ay ea"),
            _t("- ck d l ll m n nd r rd rt s t"),
            _t(
                "ley ton ford field wood well worth by ham ridge brook man son more wick "
                "stead wright dale croft shaw hurst land ster - - -"
            ),
        ),
        Syllables(
            _t("b br c d g j k l m n r s t tr v z"),
            _t("a e i o ai ay ee"),
            _t("- l n r s d"),
            _t("a en ie lyn ley er on ette an - -"),
        ),
    ),
    "hispanic": (
        Syllables(
            _t("b c ch d g l m n p r s t v z"),
            _t("a e i o u"),
            _t("- l n r s"),
            _t("ez es ado edo ero ella anza ares ino ona uela era illa ejo al"),
        ),
        Syllables(
            _t("b c d f g l m n r s t v"),
            _t("a e i o u"),
            _t("- l n r"),
            _t("o a io ia el ela ito ita an ino"),
        ),
    ),
    "indian": (
        Syllables(
            _t("b bh ch d dh g h j k kh l m n p r s sh t v y"),
            _t("a aa e i o u"),
            _t("- n r m l sh"),
            _t("an ar ani iah appa uri esh war kar wal ia - -"),
        ),
        Syllables(
            _t("a b bh d g h j k m n p r s sh v y"),
            _t("a aa e i u"),
            _t("- n r sh t"),
            _t("a an esh ika ita ini eep it - -"),
        ),
    ),
    "chinese": (
        Syllables(
            _t("b ch d f g h j l m n p q r s sh t w x y z zh"),
            _t("a ai an ang ao e ei en eng i ian in ing iu o ong ou u uan un"),
            _t("-"),
            _t("- g"),
            max_syllables=1,
        ),
        Syllables(
            _t("b ch d f g h j k l m n p q r s sh t w x y z zh"),
            _t("a ai an ang ao e ei en eng i ian iang in ing iu ong ou u uan ui un"),
            _t("-"),
            _t("-"),
        ),
    ),
    "german_nordic": (
        Syllables(
            _t("b br d f g h k kr l m n r s sch st t w"),
            _t("a e i o u au ei ö ü"),
            _t("- ck l n r s t lt nd rt"),
            _t("mann berg stein feld hauser meier dorf gren qvist ström bach sen son er - -"),
        ),
        Syllables(
            _t("b d f g h j k l m n r s t v w"),
            _t("a e i o u"),
            _t("- l n r s"),
            _t("a e ine rik helm ke mar na - -"),
        ),
    ),
    "french_italian": (
        Syllables(
            _t("b c ch d f g l m n p r s t v"),
            _t("a e i o u au ou"),
            _t("- l n r s"),
            _t("ard et eau ier ot elli ini etti one ucci ato ault in - -"),
        ),
        Syllables(
            _t("b c d f g l m n r s t v"),
            _t("a e i o u"),
            _t("- l n r"),
            _t("o a e ine elle io ia ette - -"),
        ),
    ),
    "african": (
        Syllables(
            _t("b d f g k kw l m n nd ng nk ny o s t w y"),
            _t("a e i o u"),
            _t("- n"),
            _t("wale yemi nkwo ndu sah teng lovu kwe nge ngo si mba a i - -"),
        ),
        Syllables(
            _t("ad b ch d f k kw l m n ng nk s t th w y z"),
            _t("a e i o u"),
            _t("- n"),
            _t("a e i o ola emi ele ani - -"),
        ),
    ),
    "slavic_arabic": (
        Syllables(
            _t("b d g k kr l m n p r s t v z h kh"),
            _t("a e i o u"),
            _t("- l n r s v"),
            _t("ov ova ski ska enko ić ak ek in uk i - -"),
        ),
        Syllables(
            _t("b d g k l m n r s t v z h kh y"),
            _t("a e i o u"),
            _t("- l n r m"),
            _t("a ir ad an ina im el - -"),
        ),
    ),
}

# (surname p1, surname ranks, surname rare share, given p1, given ranks, given rare).
# Surnames: the anchors in the module docstring; the tail exponent is 1.1 for
# all (fits the US list between ranks 1,000 and 100,000). Given names: the
# top name's share of everyone (half its share of its own sex), exponent 1.0.
_PARAMS: dict[str, tuple[float, int, float, float, int, float]] = {
    "anglo": (0.0083, 150_000, 0.10, 0.017, 20_000, 0.04),
    "hispanic": (0.031, 60_000, 0.05, 0.02, 10_000, 0.03),
    "indian": (0.028, 60_000, 0.05, 0.01, 20_000, 0.05),
    "chinese": (0.071, 400, 0.01, 0.01, 8_000, 0.02),
    "german_nordic": (0.012, 80_000, 0.08, 0.015, 10_000, 0.03),
    "french_italian": (0.0035, 120_000, 0.12, 0.015, 10_000, 0.03),
    "african": (0.012, 80_000, 0.10, 0.012, 20_000, 0.05),
    "slavic_arabic": (0.012, 80_000, 0.08, 0.035, 10_000, 0.03),
}


def census_pools(
    curated: dict[str, tuple[list[str], list[str]]],
) -> dict[str, tuple[RankedNames, RankedNames]]:
    """Per culture, (given names, surnames) samplers; ``curated`` gives the real heads."""
    out: dict[str, tuple[RankedNames, RankedNames]] = {}
    for i, (culture, (firsts, lasts)) in enumerate(curated.items()):
        sp1, sranks, srare, gp1, granks, grare = _PARAMS[culture]
        smorph, gmorph = _MORPH[culture]
        given = RankedNames(firsts, gp1, 1.2, granks, grare, gmorph, salt=2 * i)
        surname = RankedNames(lasts, sp1, 1.0, sranks, srare, smorph, salt=2 * i + 1)
        out[culture] = (given, surname)
    return out
