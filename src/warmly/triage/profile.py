"""The user's specialty profile and the fast lexical model that scores a message against it.

Why not BM25 or TF-IDF proper: the "corpus" is a handful of short specialty
lines, so document frequencies carry no signal. Each specialty is instead a set
of weighted terms (weights and synonyms are data, ``lexicon.toml``), and a
message scores the weighted share of a specialty's terms it mentions, plus a
small bonus for matching where/how words (locations, remote). Unknown words of
five letters or more are matched to the profile vocabulary within one or two
edits, transpositions counting one (typos: "Pyhton", "backedn"): what char n-grams
would buy.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from rapidfuzz import process
from rapidfuzz.distance import OSA

from warmly.triage.lexicon import Lexicon
from warmly.triage.text import fold, stem

# "I do not recruit for sales, marketing or non-tech roles." in a LinkedIn summary.
_NOT_DOING = re.compile(
    r"\b(?:i|we)\s+(?:do not|don't|dont|never|no longer|can't|cannot)\s+"
    r"(?:recruit|hire|work|place|cover|handle|do|take on|support|offer|sell)"
    r"(?:\s+(?:on|for|with|in))?\s+([^.\n;:]+)",
    re.IGNORECASE,
)
# "at Goldcrest Bank", "@ Blue Heron Payments": the sender's employer, by name.
_AT_NAME = re.compile(
    r"(?:\b[Aa]t|@)[ \t]+([A-Z0-9][\w&'’.-]*(?:[ \t]+(?:&[ \t]+)?[A-Z0-9][\w&'’.-]*)*)"
)
_NAME_WORD = re.compile(r"[a-z0-9]+")
_SPLIT_HEADLINE = re.compile(r"\s*[|·•;/,]\s*|\s+-\s+")
_SPLIT_LIST = re.compile(r",|\bor\b|\band\b|\bnor\b")


@dataclass(frozen=True)
class Specialty:
    """One thing the user does, as weighted terms."""

    name: str
    source: str  # "specialty" | "skill" | "headline"
    terms: Mapping[str, float]
    factor: float = 1.0  # skills count a little less than stated specialties

    @property
    def total(self) -> float:
        return sum(self.terms.values())


@dataclass(frozen=True)
class SpecialtyMatch:
    """How well a message matches one specialty, and on which words."""

    specialty: Specialty
    score: float
    matched: tuple[str, ...]  # the message's own words, in message order
    key_words: tuple[str, ...] = ()  # the telling ones (weight >= 0.5): for drafts


@dataclass
class SpecialtyProfile:
    """What the user does (specialties), where (modifiers) and what not (exclusions)."""

    specialties: tuple[Specialty, ...]
    where: frozenset[str]
    exclusions: Mapping[str, str]  # stemmed term → the phrase the user wrote
    headline: str
    summary: str
    lexicon: Lexicon
    modifier_bonus: float = 0.1
    _typos: dict[str, str | None] = field(default_factory=dict, repr=False)

    @cached_property
    def vocabulary(self) -> frozenset[str]:
        """Every term the profile knows: specialties, exclusions and the lexicon's keys."""
        return self._vocab | frozenset(self.exclusions)

    @cached_property
    def _vocab(self) -> frozenset[str]:
        # Typos are corrected only towards what the user does, never towards an
        # exclusion: "scale-up" must not become "sales".
        return frozenset({t for s in self.specialties for t in s.terms} | set(self.lexicon.expand))

    def describe(self) -> str:
        """One line saying what the user does (for replies and reasons)."""
        names = [s.name for s in self.specialties if s.source == "specialty"]
        names = names or [s.name for s in self.specialties][:4]
        if not names:
            return self.headline
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]

    def _fix(self, tok: str, vocab: frozenset[str]) -> str | None:
        if tok in self._typos:
            return self._typos[tok]
        hit = None
        if len(tok) >= 6 and not tok.isdigit():
            cutoff = 1 if len(tok) < 8 else 2
            best = process.extractOne(tok, vocab, scorer=OSA.distance, score_cutoff=cutoff)
            hit = str(best[0]) if best else None
        self._typos[tok] = hit
        return hit

    def _known(self, word: str) -> bool:
        lex = self.lexicon
        return any(
            word in known for known in (self.vocabulary, lex.weights, lex.modifiers, lex.stop)
        )

    def without_employers(self, text: str) -> str:
        """``text`` without the names of employers ("at Goldcrest Bank").

        A fit is what the sender asks for or does, not the name of the company
        they work at: "iOS developer at Goldcrest Bank" says nothing about banking.
        A capitalised name after "at" is an employer's when one of its words is
        not a term the profile or lexicon knows ("at Python" and "at Berlin" stay).
        """

        def drop(m: re.Match[str]) -> str:
            words = [stem(w) for w in _NAME_WORD.findall(fold(m.group(1)))]
            return m.group(0) if all(self._known(w) for w in words) else " "

        return _AT_NAME.sub(drop, text)

    def outside_places(self, terms: Mapping[str, str]) -> list[str]:
        """The places among ``terms`` outside the user's own ("Toronto" for Berlin/remote EU).

        Empty when the profile names no place: then it cannot answer "where".
        """
        lex = self.lexicon
        if not any(w in lex.places for w in self.where):
            return []
        out = [terms[t] for t in terms if t in lex.places and not lex.within(t, self.where)]
        return list(dict.fromkeys(out))

    def terms(self, text: str) -> dict[str, str]:
        """Terms of ``text`` (employers' names left out) with typos of profile words corrected."""
        raw = self.lexicon.terms(self.without_employers(text))
        vocab = self._vocab
        out = dict(raw)
        for term, surface in raw.items():
            if term == surface and term not in self.vocabulary and term not in self.lexicon.stop:
                fixed = self._fix(term, vocab)
                if fixed:
                    out.setdefault(fixed, surface)
                    for implied in self.lexicon.expand.get(fixed, ()):
                        out.setdefault(implied, surface)
        return out

    def match(self, terms: Mapping[str, str]) -> list[SpecialtyMatch]:
        """Every specialty's score for a message's ``terms``, best first (ties: stated first)."""
        where = [terms[t] for t in terms if t in self.where]
        bonus = self.modifier_bonus * min(2, len(set(where)))
        out = []
        for s in self.specialties:
            hit = [t for t in s.terms if t in terms]
            core = sum(s.terms[t] for t in hit) / s.total
            score = min(1.0, core + bonus) * s.factor if core > 0 else 0.0
            words = tuple(dict.fromkeys([terms[t] for t in hit] + (where if core > 0 else [])))
            key = tuple(dict.fromkeys(terms[t] for t in hit if s.terms[t] >= 0.5))
            out.append(SpecialtyMatch(s, round(score, 3), words, key))
        rank = {"specialty": 0, "headline": 1, "skill": 2}
        return sorted(
            out, key=lambda m: (-m.score, rank.get(m.specialty.source, 3), m.specialty.name)
        )

    def excluded(self, terms: Mapping[str, str]) -> list[str]:
        """The user's "I don't do ..." phrases that ``terms`` hit."""
        return sorted({self.exclusions[t] for t in terms if t in self.exclusions})


def _specialty(name: str, source: str, lex: Lexicon, factor: float = 1.0) -> Specialty | None:
    terms = {t: lex.weight(t) for t in lex.terms(name)}
    terms = {t: w for t, w in terms.items() if w > 0}
    return Specialty(name.strip(), source, terms, factor) if terms else None


def build_profile(
    specialties: Sequence[str],
    skills: Sequence[str] = (),
    headline: str = "",
    summary: str = "",
    not_doing: Sequence[str] = (),
    lexicon: Lexicon | None = None,
    skill_factor: float = 0.8,
    modifier_bonus: float = 0.1,
) -> SpecialtyProfile:
    """Build the profile from ``[profile].specialties``, LinkedIn Skills, headline and summary.

    ``not_doing`` adds explicit exclusions to those read from the summary
    ("I do not recruit for sales, marketing ..."). Specialties made only of
    where/how words ("Berlin and remote EU") become the profile's ``where``.
    """
    lex = lexicon or Lexicon.default()
    entries: list[Specialty] = []
    where: set[str] = set()
    seen: set[frozenset[str]] = set()

    def add(name: str, source: str, factor: float = 1.0) -> None:
        terms = lex.terms(name)
        where.update(t for t in terms if t in lex.modifiers)
        spec = _specialty(name, source, lex, factor)
        if spec is not None and frozenset(spec.terms) not in seen:
            seen.add(frozenset(spec.terms))
            entries.append(spec)

    for s in specialties:
        add(s, "specialty")
    for part in _SPLIT_HEADLINE.split(headline):
        if part.strip():
            add(part, "headline")
    for skill in skills:
        add(re.sub(r"\(.*?\)", " ", skill), "skill", skill_factor)
    exclusions: dict[str, str] = {}
    phrases = [p for m in _NOT_DOING.finditer(summary) for p in _SPLIT_LIST.split(m.group(1))]
    for phrase in [*phrases, *not_doing]:
        clean = fold(re.sub(r"\b(roles?|jobs?|positions?|people)\b", "", phrase)).strip()
        for t in lex.terms(clean):
            if lex.weight(t) > 0:
                exclusions.setdefault(t, clean)
    return SpecialtyProfile(
        specialties=tuple(entries),
        where=frozenset(where),
        exclusions=exclusions,
        headline=headline.strip(),
        summary=summary.strip(),
        lexicon=lex,
        modifier_bonus=modifier_bonus,
    )


def matched_words(matches: Iterable[SpecialtyMatch]) -> list[str]:
    """The distinct message words behind a list of matches, in order."""
    return list(dict.fromkeys(w for m in matches for w in m.matched))
