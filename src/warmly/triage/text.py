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
# German, French, Spanish and Dutch clients say it their way), an Outlook header
# ("From: …" then "Sent: …", with or without a rule above it), or a forwarded
# message: all of it is someone else's words.
_QUOTE_HEADER = re.compile(
    r"^[ \t]*(?:(?:on|am|le|el|op)\b[^\n]{0,200}?(?:\n[^\n]{0,120}?)?"
    r"\b(?:wrote|schrieb|a écrit|escribió|schreef)[^\n:]{0,40}:[ \t]*$"
    r"|-{3,}\s*(?:original message|ursprüngliche nachricht|message d'origine"
    r"|forwarded message|weitergeleitete nachricht|message transféré)\s*-{3,}"
    r"|(?:begin forwarded message|anfang der weitergeleiteten nachricht):?[ \t]*$"
    r"|_{10,}[ \t]*\n(?:from|von|de):"
    r"|\*?(?:from|von|de)\*?:[^\n]*\n[ \t]*\*?(?:sent|date|gesendet|datum|envoyé)\*?:)",
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


# The "-- " signature delimiter (RFC 3676, section 4.3); many clients drop the space.
_SIG_DELIMITER = re.compile(r"^--[ \t]*$", re.MULTILINE)
# Without a delimiter, a sign-off line ("Best,", "Viele Grüße") starts the signature
# when only a few short lines follow it: a name, a title, a company, a phone number.
_SIG_MAX_LINES = 6
_SIG_MAX_WORDS = 10
_SIGNOFF_PUNCT = re.compile(r"[\s,.!:;~-]+$")


@lru_cache(maxsize=1)
def _signoffs() -> frozenset[str]:
    raw = load_toml("words.toml")["signoff"]
    assert isinstance(raw, list)
    return frozenset(fold(str(w)) for w in raw)


def without_signature(text: str, sender_name: str = "") -> str:
    """``text`` without the sender's sign-off and signature block.

    A signature says who the sender is ("Head of Sales, Finch"), not what they ask
    for, and a sign-off is not part of what they wrote to this user. Cut at a
    ``-- `` line; else at the last sign-off line ("Best,", "Cheers") followed by
    at most a few short lines without a question; else a last line that is just
    the sender's name. Text that would be left with fewer than three words stays.
    """
    cut = len(text)
    if (m := _SIG_DELIMITER.search(text)) is not None:
        cut = m.start()
    else:
        lines = text.rstrip().split("\n")
        names = {fold(sender_name), fold(first_name(sender_name))} - {""}
        if _SIGNOFF_PUNCT.sub("", fold(lines[-1])) in names:
            lines = lines[:-1]
        signoffs = _signoffs()
        for i in range(len(lines) - 1, 0, -1):
            if _SIGNOFF_PUNCT.sub("", fold(lines[i])) in signoffs:
                tail = [ln for ln in lines[i + 1 :] if ln.strip()]
                short = all(len(ln.split()) <= _SIG_MAX_WORDS and "?" not in ln for ln in tail)
                if len(tail) <= _SIG_MAX_LINES and short:
                    lines = lines[:i]
                break
        cut = len("\n".join(lines))
    kept = text[:cut].rstrip()
    return kept if len(kept.split()) >= 3 else text


def sentences(text: str) -> list[str]:
    """Sentences (and lines): a question keeps its '?' so it can be recognised."""
    parts = re.split(r"(?<=[.!?])\s+|\n+", text)
    return [p.strip() for p in parts if p.strip()]
