"""Text normalisation shared by the triage engines: folding, phrases, tokens, stems."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources

from anyascii import anyascii

_TOKEN = re.compile(r"[a-z0-9][a-z0-9+#]*")
_WS = re.compile(r"\s+")
# Unfilled mail-merge fields: LinkedIn sponsored InMail leaves "%FIRSTNAME%" in the text.
PLACEHOLDER = re.compile(
    r"%[A-Z_]{3,}%|\{\{\s*[A-Za-z_.]+\s*\}\}|\[(?:first[ _]?name|name|company|your name)\]"
    r"|<(?:first_?name|name)>|\$\{?first_?name\}?",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def greeting_pattern() -> str:
    """A regex alternation of greetings ("hi", "hallo", "good morning", ...) from ``words.toml``."""
    raw = load_toml("words.toml")["greeting"]
    assert isinstance(raw, list)
    words = sorted((fold(str(w)) for w in raw), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words) + ")"


def fold(text: str) -> str:
    """Lower-case ASCII folding ("São Paulo" → "sao paulo"), whitespace collapsed."""
    return _WS.sub(" ", anyascii(text).lower()).strip()


def _stem_once(word: str) -> str:
    if word in _ing_nouns():
        return word
    if len(word) > 5 and word.endswith("ing"):
        base = word[:-3]
        # "engineering" → "engineer", "recruiting" → "recruit", "hiring" → "hir" → "hire"
        return base + "e" if base.endswith(("hir", "us", "writ")) else base
    if len(word) > 3 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 2 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A deliberately light stemmer: plural and -ing only (keeps "engineer" ≠ "engine").

    Idempotent: the rules are applied until nothing changes, so a stem is never
    stemmed again into something else ("openings" → "opening", and "opening"
    stays "opening"). Each rule shortens the word, so this ends. Nouns in -ing
    whose base means something else ("marketing" ≠ "market", "banking" ≠ "bank",
    "opening" ≠ "open") are listed in ``words.toml`` (``ing_nouns``) and kept whole.
    """
    while (shorter := _stem_once(word)) != word:
        word = shorter
    return word


@lru_cache(maxsize=1)
def _ing_nouns() -> frozenset[str]:
    raw = load_toml("words.toml")["ing_nouns"]
    assert isinstance(raw, list)
    return frozenset(str(w) for w in raw)


@lru_cache(maxsize=8)
def load_toml(name: str) -> Mapping[str, object]:
    """A TOML data file shipped beside this module (cached; the result is read-only)."""
    return tomllib.loads(resources.files("warmly.triage").joinpath(name).read_text("utf-8"))


@lru_cache(maxsize=32)
def word_list(name: str, key: str) -> frozenset[str]:
    """One list of words from a shipped TOML file, stemmed."""
    raw = load_toml(name)[key]
    assert isinstance(raw, list)
    return frozenset(stem(str(w)) for w in raw)


class Phrases:
    """Folds multi-word spellings to single tokens with one compiled regex."""

    def __init__(self, mapping: Mapping[str, str]) -> None:
        self.mapping = {fold(k): v for k, v in mapping.items()}
        keys = sorted(self.mapping, key=len, reverse=True)
        self._rx = (
            re.compile(r"\b(?:" + "|".join(re.escape(k) for k in keys) + r")\b") if keys else None
        )

    def apply(self, folded: str) -> str:
        """Replace every known phrase in already-folded text."""
        if self._rx is None:
            return folded
        return self._rx.sub(lambda m: self.mapping[m.group(0)], folded)


def tokens(text: str, phrases: Phrases | None = None) -> list[str]:
    """Stemmed tokens of ``text`` after folding and phrase replacement."""
    folded = fold(text)
    if phrases is not None:
        folded = phrases.apply(folded)
    return [stem(t) for t in _TOKEN.findall(folded)]


def first_name(display_name: str) -> str:
    """The given name to greet someone by: "Dr. Jane Q. Doe, PhD 🚀" → "Jane"."""
    cleaned = re.sub(r"\(.*?\)|,.*$|[^\w\s'.-]", " ", display_name).strip()
    parts = [p for p in cleaned.split() if p.lower().rstrip(".") not in _TITLES]
    return parts[0].strip(".") if parts else display_name.strip()


_TITLES = frozenset({"dr", "mr", "mrs", "ms", "mx", "prof", "sir", "dame"})


# Where a reply's quoted history starts: "On <date>, <name> wrote:" (Gmail, Apple Mail;
# German, French, Spanish and Dutch clients say it their way), an Outlook header.
_QUOTE_HEADER = re.compile(
    r"^[ \t]*(?:(?:on|am|le|el|op)\b[^\n]{0,200}?(?:\n[^\n]{0,120}?)?"
    r"\b(?:wrote|schrieb|a écrit|escribió|schreef)[^\n:]{0,40}:[ \t]*$"
    r"|-{3,}\s*(?:original message|ursprüngliche nachricht|message d'origine)\s*-{3,}"
    r"|_{10,}[ \t]*\n(?:from|von|de):)",
    re.IGNORECASE | re.MULTILINE,
)
_QUOTED_LINE = re.compile(r"^[ \t]*>.*$", re.MULTILINE)


def blank_quoted(text: str) -> str:
    """``text`` with quoted history (``> ...`` lines, all below "On ... wrote:") blanked.

    Same length and line breaks as ``text``, so offsets into it stay valid: a
    reply that quotes the user's own message holds the user's words, not the
    sender's, and must not count as the sender asking or promising anything.
    """
    m = _QUOTE_HEADER.search(text)
    if m is not None:
        text = text[: m.start()] + re.sub(r"[^\n]", " ", text[m.start() :])
    return _QUOTED_LINE.sub(lambda q: " " * len(q.group(0)), text)


def unquoted(text: str) -> str:
    """The sender's own words of ``text``: :func:`blank_quoted`, trailing space trimmed."""
    return blank_quoted(text).rstrip()


def sentences(text: str) -> list[str]:
    """Sentences (and lines): a question keeps its '?' so it can be recognised."""
    parts = re.split(r"(?<=[.!?])\s+|\n+", text)
    return [p.strip() for p in parts if p.strip()]
