"""The vocabulary of the lexical model: phrases, expansions, term weights, modifiers.

Shipped as data in ``lexicon.toml``; a workspace may add its own synonyms.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from warmly.triage.text import Phrases, fold, load_toml, stem, tokens, word_list


def _stems(words: Sequence[str]) -> tuple[str, ...]:
    return tuple(stem(t) for w in words for t in fold(w).split())


@dataclass(frozen=True)
class Lexicon:
    """Phrases, one-level expansions, per-term weights and where/how modifiers."""

    phrases: Phrases
    expand: Mapping[str, tuple[str, ...]]
    weights: Mapping[str, float]
    modifiers: frozenset[str]
    stop: frozenset[str] = field(default_factory=frozenset)
    places: frozenset[str] = field(default_factory=frozenset)  # modifiers that name a place
    regions: Mapping[str, frozenset[str]] = field(default_factory=dict)  # region → places in it

    @classmethod
    def default(cls, extra_synonyms: Mapping[str, Sequence[str]] | None = None) -> Lexicon:
        """The shipped lexicon, plus ``extra_synonyms`` (term → implied terms) if given."""
        data = load_toml("lexicon.toml")
        phrases = data["phrases"]
        expand = data["expand"]
        weights = data["weights"]
        mods = data["modifiers"]
        regions = data.get("regions", {})
        assert isinstance(phrases, dict) and isinstance(expand, dict)
        assert isinstance(weights, dict) and isinstance(mods, dict)
        assert isinstance(regions, dict)
        modifiers = frozenset(_stems(mods["words"]))
        not_places = set(_stems(mods.get("how", []))) | set(_stems(mods.get("ambiguous", [])))
        exp: dict[str, tuple[str, ...]] = {stem(k): _stems(v) for k, v in expand.items()}
        for k, v in (extra_synonyms or {}).items():
            key = stem(fold(k))
            exp[key] = tuple(dict.fromkeys((*exp.get(key, ()), *_stems(v))))
        return cls(
            phrases=Phrases({str(k): str(v) for k, v in phrases.items()}),
            expand=exp,
            weights={stem(k): float(v) for k, v in weights.items()},
            modifiers=modifiers,
            stop=word_list("words.toml", "stop"),
            places=frozenset(modifiers - not_places - word_list("words.toml", "stop")),
            regions={stem(k): frozenset(_stems(v)) for k, v in regions.items()},
        )

    def within(self, place: str, where: frozenset[str]) -> bool:
        """True when ``place`` overlaps one of ``where``: the same, inside it, or around it."""
        if place in where:
            return True
        around = self.regions.get(place, frozenset())
        return any(place in self.regions.get(w, ()) or w in around for w in where)

    def weight(self, term: str) -> float:
        """How much a matched ``term`` says about fit (stop words and modifiers: 0)."""
        if term in self.stop or term in self.modifiers:
            return 0.0
        return self.weights.get(term, 1.0)

    def terms(self, text: str) -> dict[str, str]:
        """Every term of ``text`` (expansions included) → the token that produced it."""
        out: dict[str, str] = {}
        for tok in tokens(text, self.phrases):
            out.setdefault(tok, tok)
            for implied in self.expand.get(tok, ()):
                out.setdefault(implied, tok)
        return out
