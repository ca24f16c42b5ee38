"""A cheap, exact-match key for names, used by the ingest pipeline.

The fuzzy matcher (:mod:`warmly.identity.match`) does the careful work; this
key only has to make "Zoë Brandt", "zoe brandt" and "Zoe  Brandt" equal.
"""

from __future__ import annotations

import re

from anyascii import anyascii

_NON_WORD = re.compile(r"[^a-z0-9 ]+")
_SPACES = re.compile(r"\s+")


def name_key(name: str | None) -> str:
    """Lower-case ASCII letters and digits separated by single spaces."""
    if not name:
        return ""
    folded = anyascii(name).lower()
    return _SPACES.sub(" ", _NON_WORD.sub(" ", folded)).strip()
