"""Mask recipient-specific tokens, normalise, and shingle a message.

A mail merge swaps names, companies, handles, links, numbers and dates into one
template. Replacing all of them with placeholders *before* comparing makes the
copies identical again, so "Hi Jane at Acme" and "Hi Bob at Initech" are one text.

Names, companies and other capitalised proper nouns share one placeholder
(``<name>``): a merge field classified as a company for one recipient and as an
unknown proper noun for another must still mask to the same text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from anyascii import anyascii

from warmly.guard.words import STOPWORDS

Scheme = Literal["char5", "word3", "word2"]

# A placeholder is "<" + lower-case word + ">"; nothing inside one is ever re-masked.
_PLACEHOLDER = re.compile(r"(<[a-z]+>)")
# Unfilled merge fields: LinkedIn sponsored "%FIRSTNAME%", "{{first_name}}", "[Name]".
_MERGE_FIELD = re.compile(
    r"%[A-Za-z_]+%|\{\{\s*[A-Za-z_.]+\s*\}\}|\[(?:first ?name|name|company)\]", re.IGNORECASE
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(
    r"(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|io|org|net|co|ai|dev)"
    r"(?:/\S*)?\b",
    re.IGNORECASE,
)
_HANDLE = re.compile(r"(?<![\w@])@[\w.]+(?:@[\w.-]+)?")
_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
# Bare "mon", "wed", "sat", "sun" are ordinary words too often to count as dates.
_DAYS = (
    r"monday|tue(?:s(?:day)?)?|wednesday|thu(?:rs(?:day)?)?|fri(?:day)?|saturday"
    r"|sunday"
)
# Leading lookaheads below name the only characters a match can start with, so the
# engine skips other positions fast (about 2x faster masking, identical matches).
_DATE = re.compile(
    rf"(?=[\dJjFfMmAaSsOoNnDdTtWw])(?:\b\d{{4}}-\d{{1,2}}-\d{{1,2}}\b|\b\d{{1,2}}[/.]\d{{1,2}}(?:[/.]\d{{2,4}})?\b"
    rf"|\b(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?(?:{_MONTHS})\b\.?(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?"
    rf"(?:,?\s+\d{{4}})?|\b(?:{_DAYS})\b)",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"[$€£]?\b\d[\d,.]*(?:k|m|%|st|nd|rd|th)?\b%?", re.IGNORECASE)
_NOT_A_NAME = "|".join(sorted(STOPWORDS | {"much", "lot", "everyone", "all", "team", "again"}))
_GREETING = re.compile(
    r"(?=[hdtcHDTC])\b(hi|hello|hey|dear|thanks|thank you|congrats|congratulations|cheers)"
    rf"(\s+(?:dr|mr|mrs|ms|prof)\.?)?((?:\s+(?!(?:{_NOT_A_NAME})\b)[^\W\d_][\w'-]*){{1,2}})"
    r"(?=\s*[,!:\n]|\s*$)",
    re.IGNORECASE,
)
# Capitalised word not at a sentence start: a proper noun a merge could have filled in.
# The leading lookahead lets the engine skip to capitals fast (3x faster, same matches).
_PROPER = re.compile(
    r"(?=[A-Z])(?:(?<=[^\s.!?\n>]\s)[A-Z][\w'’-]*|(?<=[^\s.!?\n>][ \t]{2})[A-Z][\w'’-]*)"
)
_NOT_PROPER = frozenset({"I", "I'm", "I'd", "I've", "I'll", "OK", "Ok"})
_RUNS = re.compile(r"(<[a-z]+>)(?:[\s,&'’-]*\1)+")
_WORD = re.compile(r"<[a-z]+>|[a-z0-9]+")
# The user's habitual greeting and sign-off wrap every message alike; they carry no
# template signal and would inflate similarity between unrelated short notes.
_OPENING = re.compile(
    r"^(?:(?:hi|hello|hey|dear|good (?:morning|afternoon|evening)|greetings)"
    r"(?: there)?(?: <name>)?|<name>)(?=\s|$)\s*"
)
# Stock small talk right after the greeting ("Hope you're well.", "Quick one.") is
# wrapper too: a mail merge adds or drops it, and a personal note gains nothing from it.
_PLEASANTRY = re.compile(
    r"^(?:i )?(?:hope (?:you are|youre|all is|this finds you|your \w+ (?:is going|went)) well"
    r"|(?:a )?(?:quick|short) (?:one|note|question))(?=\s|$)\s*"
)
_SIGN_OFF = re.compile(
    r"\s*\b(?:best|cheers|thanks|thank you|regards|best regards|kind regards|"
    r"warm regards|all the best|sincerely|warmly|talk soon|best wishes)"
    r"(?: <name>)?$|\s*<name>$"
)


@dataclass(frozen=True)
class RecipientTokens:
    """What is known to be specific to one recipient: masked before comparing."""

    names: tuple[str, ...] = ()
    companies: tuple[str, ...] = ()
    handles: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    other: tuple[str, ...] = ()

    def terms(self) -> list[str]:
        """Every known token and the single words of multi-word names, longest first."""
        out: set[str] = set()
        for value in (*self.names, *self.companies, *self.handles, *self.emails, *self.other):
            folded = anyascii(value).strip().lstrip("@")
            if len(folded) >= 2:
                out.add(folded)
            if value in self.names:  # "Jane Doe" is also "Jane" and "Doe"
                out.update(w for w in re.split(r"\s+", folded) if len(w) >= 2)
        return sorted(out, key=lambda s: (-len(s), s))


NO_TOKENS = RecipientTokens()


def _outside_placeholders(text: str, pattern: re.Pattern[str], repl: str) -> str:
    """Apply ``pattern.sub`` only to the spans between placeholders (keeps masking idempotent)."""
    parts = _PLACEHOLDER.split(text)
    for i in range(0, len(parts), 2):
        parts[i] = pattern.sub(repl, parts[i])
    return "".join(parts)


@lru_cache(maxsize=4096)
def _known_pattern(tokens: RecipientTokens) -> re.Pattern[str] | None:
    """Compiled once per recipient (a sync masks many messages to one person)."""
    terms = tokens.terms()
    if not terms:
        return None
    alternatives = "|".join(re.escape(t) for t in terms)
    return re.compile(rf"(?<![\w@])@?(?:{alternatives})(?!\w)", re.IGNORECASE)


def mask(text: str, tokens: RecipientTokens = NO_TOKENS) -> str:
    """Replace recipient-specific tokens with placeholders; case and punctuation stay.

    Order matters: structured tokens (merge fields, e-mails, URLs, handles) go first so
    their parts are not re-read as names or numbers. Idempotent: ``mask(mask(t)) == mask(t)``
    — one pass can expose a token to another ("1@A": the number goes, then "@A" reads as
    a handle), so passes repeat until nothing changes (two in practice).
    """
    out = _mask_once(text, tokens)
    if _known_pattern(tokens) is not None:
        lowered = out.lower()
        if any(t.lower() in lowered for t in _terms(tokens)):
            return _fixpoint(out, tokens)
    # No recipient term is left, so the recipient's pattern cannot match again: the
    # fixpoint depends on ``out`` alone and is shared by every copy of a mail merge.
    return _fixpoint_cached(out)


def _fixpoint(out: str, tokens: RecipientTokens) -> str:
    for _ in range(3):
        again = _mask_once(out, tokens)
        if again == out:
            break
        out = again
    return out


@lru_cache(maxsize=65_536)
def _fixpoint_cached(out: str) -> str:
    return _fixpoint(out, NO_TOKENS)


@lru_cache(maxsize=4096)
def _terms(tokens: RecipientTokens) -> tuple[str, ...]:
    return tuple(tokens.terms())


def _mask_once(text: str, tokens: RecipientTokens) -> str:
    out = anyascii(text)
    out = _outside_placeholders(out, _MERGE_FIELD, "<name>")
    # Cheap pre-checks skip patterns that cannot match (masking dominates indexing time).
    if "@" in out:
        out = _outside_placeholders(out, _EMAIL, "<email>")
    if "." in out:
        out = _outside_placeholders(out, _URL, "<url>")
    known = _known_pattern(tokens)
    if known is not None:
        out = _outside_placeholders(out, known, "<name>")
    if "@" in out:
        out = _outside_placeholders(out, _HANDLE, "<handle>")
    out = _outside_placeholders(out, _DATE, "<date>")
    out = _outside_placeholders(out, _NUMBER, "<num>")
    # On the whole text: "end of text" must not mean "end of a span before a placeholder".
    out = _GREETING.sub(r"\1 <name>", out)
    parts = _PLACEHOLDER.split(out)
    for i in range(0, len(parts), 2):
        parts[i] = _PROPER.sub(_proper, parts[i])
    out = "".join(parts)
    # "<name> <name>" (first + last name, "Acme Corp") collapses so word counts cannot differ.
    previous = None
    while previous != out:
        previous, out = out, _RUNS.sub(r"\1", out)
    return out


def _proper(m: re.Match[str]) -> str:
    word = m[0]
    if word in _NOT_PROPER or word.lower().replace("'", "").replace("’", "") in STOPWORDS:
        return word
    return "<name>"


def normalise(masked: str) -> str:
    """Lower-case words and placeholders separated by single spaces; punctuation dropped."""
    return " ".join(_WORD.findall(masked.lower().replace("'", "").replace("’", "")))


def strip_wrapper(normal: str) -> str:
    """Drop a leading greeting and pleasantry and a trailing sign-off, unless nothing else
    is left."""
    body = _PLEASANTRY.sub("", _OPENING.sub("", normal, count=1), count=1)
    body = _SIGN_OFF.sub("", body, count=1).strip()
    return body or normal


def canonical(text: str, tokens: RecipientTokens = NO_TOKENS) -> str:
    """The compared form: masked, normalised, without greeting and sign-off.

    "Hi Jane, <body> Best, Sam" and "Hello Bob, <body> Cheers" are the same text.
    """
    return strip_wrapper(normalise(mask(text, tokens)))


def shingles(normal: str, scheme: Scheme = "char5") -> list[str]:
    """Distinct shingles of a normalised text.

    ``char5`` (default): character 5-grams over the text with each placeholder folded to
    one character. Short messages (20-60 words) are most of what warmly checks, and one
    changed word removes 3 word 3-shingles but only ~5 of ~150 character grams, so light
    paraphrase still reads as a copy (docs/platform-limits.md, and the bench/eval F1). Texts of
    fewer than 5 characters yield the whole text as their only shingle.
    """
    if scheme == "char5":
        folded = fold_placeholders(normal)
        if len(folded) <= 5:
            return [folded] if folded else []
        return list(dict.fromkeys(folded[i : i + 5] for i in range(len(folded) - 4)))
    n = 3 if scheme == "word3" else 2
    words = normal.split()
    if len(words) < n + 2:  # too few words for n-grams to mean anything: use single words
        return list(dict.fromkeys(words))
    return list(dict.fromkeys(" ".join(words[i : i + n]) for i in range(len(words) - n + 1)))


def fold_placeholders(normal: str) -> str:
    """Each placeholder as one character pair ("<name>" -> "\x01n") for char shingles."""
    if "<" not in normal:
        return normal
    return _PLACEHOLDER.sub(_fold, normal)


def _fold(m: re.Match[str]) -> str:
    return "\x01" + m[0][1]


def content_words(normal: str) -> int:
    """Words that are not placeholders: how much of the text the sender actually wrote."""
    return sum(1 for w in normal.split() if not w.startswith("<"))


def recipient_tokens(values: Iterable[str]) -> RecipientTokens:
    """Shortcut for tests and callers that only know a bag of names."""
    return RecipientTokens(names=tuple(values))
