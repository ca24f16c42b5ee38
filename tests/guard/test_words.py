"""Tokens for the guard: accents folded exactly as the Unicode tables say."""

from __future__ import annotations

import sys
import unicodedata

from warmly.guard.words import _fold, tokens


def _reference_fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("’", "'"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def test_accents_fold_to_the_bare_letter() -> None:
    assert tokens("Zürich, Ёлка, café’s") == tokens("Zurich, Елка, cafe's")


def test_every_combining_mark_is_dropped_and_nothing_else() -> None:
    # Each code point after a letter, so a mark has something to sit on; surrogates
    # cannot stand alone in a str.
    text = "".join(
        f"a{chr(c)}" for c in range(0x300, sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF
    )
    assert _fold(text) == _reference_fold(text)
