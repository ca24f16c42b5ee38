"""Background people for matcher tests, so that name frequencies look like a real ledger's."""

from __future__ import annotations

from warmly.identity.match import PersonFacts

BACKGROUND = [
    PersonFacts(1000 + i, [f"{f} {last}"], [("linkedin", f"{f}-{last}-{i}")], [])
    for i, (f, last) in enumerate(
        (f, last)
        for f in ("anna", "omar", "lena", "yusuf", "mia", "kofi")
        for last in ("berg", "okafor", "novak", "haddad", "silva", "tanaka")
    )
]
