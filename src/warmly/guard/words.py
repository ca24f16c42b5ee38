"""Small word lists shared by masking and specificity (no model, no download)."""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Iterable
from functools import cache
from itertools import compress

# Function words: never proper nouns when capitalised after a comma ("Hi Jane, We ..."),
# and never evidence that a draft is about someone.
_STOP = """
a about above after again against all also am an and any are as at be because been
before being below between both but by can could did do does doing done down during each
few for from further get got had has have having he her here hers herself him himself
his how i if in into is it its itself just let me more most my myself no nor not now of
off on once only or other our ours ourselves out over own please quick same she should
so some such than that the their theirs them themselves then there these they this those
through to too under until up very via was we were what when where which while who whom
why will with would you your yours yourself yourselves hi hello hey dear thanks thank
cheers best regards sincerely hope well really great good just still yes yeah ok okay
sure maybe would like love keen happy glad let know time week today tomorrow one two any
every think thought want wanted need see saw look looking make made new way thing things
lot im ive id ill youre youve youd dont cant wont isnt didnt doesnt wasnt arent
since
"""
# "since" also joins every profile fact warmly builds ("… since 2024"): never evidence.
STOPWORDS: frozenset[str] = frozenset(_STOP.split())

# Letters and digits of any script: a Cyrillic or Greek draft has words too.
_TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)?")
# Scripts written without spaces between words: Thai, Lao, Myanmar, Khmer, kana, Han.
_UNSPACED_RUN = re.compile(
    "[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+"
)


def _fold(text: str) -> str:
    """Lower case without accents ("Zürich" and "Zurich" are one word)."""
    if text.isascii():  # most drafts: no decomposition at all
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("’", "'"))
    # One regex pass, not a Python test per character: any curly quote or dash takes a
    # text off the ASCII path, and the guard's index folds every sent message.
    return _combining().sub("", decomposed)


@cache
def _combining() -> re.Pattern[str]:
    """Every character with a combining class (accents, kana voicing marks...).

    Built on first use (a tenth of a second) from this Python's Unicode tables. The
    Basic Multilingual Plane gets one class (a bitmap to ``re``); the few marks above
    it sit behind a cheap range test, as a long range list is tested linearly.
    """
    points = range(sys.maxunicode + 1)
    marks = list(compress(points, map(unicodedata.combining, map(chr, points))))
    bmp = _char_class(c for c in marks if c <= 0xFFFF)
    astral = _char_class(c for c in marks if c > 0xFFFF)
    return re.compile(f"[{bmp}]+|(?=[\U00010000-\U0010ffff])[{astral}]+")


def _char_class(points: Iterable[int]) -> str:
    spans: list[list[int]] = []
    for c in points:
        if spans and spans[-1][1] == c - 1:
            spans[-1][1] = c
        else:
            spans.append([c, c])
    return "".join(f"\\U{a:08x}" if a == b else f"\\U{a:08x}-\\U{b:08x}" for a, b in spans)


def _bigrams(m: re.Match[str]) -> str:
    # Character bigrams stand in for words where spaces do not mark them (the usual
    # unit for Chinese and Japanese retrieval); a lone character stays itself.
    run = m[0]
    return " " + " ".join(run[i : i + 2] for i in range(max(1, len(run) - 1))) + " "


def tokens(text: str) -> list[str]:
    """Lower-case word tokens in any script, accents folded, apostrophes dropped
    ("you're" -> "youre"); Chinese, Japanese, Thai... as character bigrams."""
    spaced = _UNSPACED_RUN.sub(_bigrams, _fold(text))
    return [t.replace("'", "") for t in _TOKEN.findall(spaced)]


def is_unspaced(text: str) -> bool:
    """True when ``text`` has characters of a script written without spaces."""
    return _UNSPACED_RUN.search(text) is not None


def word_count(text: str) -> int:
    """Words as a reader counts them: in scripts without spaces, two characters make one
    word (Chinese words average under two characters), so a Chinese or Japanese draft is
    not "too short to judge" merely for having no spaces."""
    return len(_UNSPACED_RUN.sub(lambda m: " w" * ((len(m[0]) + 1) // 2) + " ", text).split())


def stem(word: str) -> str:
    """A deliberately crude stemmer: "shipped", "shipping", "ships" -> "shipp"/"ship".

    Good enough to match a draft's "launching" with a post's "launched"; a real stemmer
    would be a dependency for a few points of recall on a soft score.
    """
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    if len(word) >= 5 and word[-1] == word[-2]:  # "shipp" -> "ship"
        word = word[:-1]
    return word
