"""The bundled name bank of the demo world (``names.txt``): invented, never real people.

Also the small text helpers every writer needs to turn a name into the handles a
platform would show: LinkedIn slugs, X screen names, email local parts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from urllib.parse import quote

from anyascii import anyascii


@dataclass(frozen=True, slots=True)
class CompanyInfo:
    """An invented organisation with its email domain and sector."""

    name: str
    domain: str
    sector: str


@dataclass(frozen=True, slots=True)
class NameBank:
    """Everything read from ``names.txt``, as tuples (deterministic order)."""

    first: tuple[str, ...]
    last: tuple[str, ...]
    nicknames: dict[str, str]
    companies: tuple[CompanyInfo, ...]
    cities: tuple[tuple[str, str], ...]
    instances: tuple[str, ...]


@cache
def load_names() -> NameBank:
    """Parse the bundled ``names.txt`` once."""
    text = resources.files("warmly.demo").joinpath("names.txt").read_text(encoding="utf-8")
    sections: dict[str, list[str]] = {}
    current = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            sections[current] = []
            continue
        sections[current].append(line)
    nick = dict(line.split("=", 1) for line in sections["nicknames"])
    companies = tuple(CompanyInfo(*line.split("|")) for line in sections["companies"])
    cities = tuple((c, cc) for c, cc in (line.split("|") for line in sections["cities"]))
    return NameBank(
        first=tuple(sections["first"]),
        last=tuple(sections["last"]),
        nicknames=nick,
        companies=companies,
        cities=cities,
        instances=tuple(sections["instances"]),
    )


def ascii_token(text: str) -> str:
    """Lower-case ASCII letters and digits only: ``"Ó Súilleabháin"`` -> ``"osuilleabhain"``."""
    return re.sub(r"[^a-z0-9]", "", anyascii(text).lower())


def slug_part(text: str, keep_unicode: bool = False) -> str:
    """A hyphenated slug fragment; optionally keeps accents, percent-encoded as LinkedIn does."""
    words = re.split(r"[\s'’]+", text.strip())
    if keep_unicode:
        joined = "-".join(w.lower() for w in words if w)
        return quote(joined, safe="-")
    return "-".join(t for t in (ascii_token(w) for w in words) if t)


def is_ascii(text: str) -> bool:
    """True if ``text`` has no character outside ASCII."""
    return text.isascii()
