"""Per-person features for matching, computed once, and the data set's frequencies.

Scoring a pair must be cheap (hundreds of thousands of pairs), so everything
that depends on one person only — parsed names, handle splits, organisation and
email-domain keys — is computed here once per person.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from anyascii import anyascii

from warmly.identity.names import HandleName, PersonName, parse_name, split_handle

# Email providers whose domain says nothing about an employer.
FREE_MAIL = frozenset(
    [
        "gmail.com",
        "googlemail.com",
        "yahoo.com",
        "yahoo.co.uk",
        "yahoo.fr",
        "ymail.com",
        "hotmail.com",
        "hotmail.co.uk",
        "hotmail.fr",
        "outlook.com",
        "live.com",
        "msn.com",
        "icloud.com",
        "me.com",
        "mac.com",
        "aol.com",
        "proton.me",
        "protonmail.com",
        "pm.me",
        "gmx.de",
        "gmx.net",
        "gmx.com",
        "web.de",
        "mail.ru",
        "yandex.ru",
        "yandex.com",
        "zoho.com",
        "fastmail.com",
        "hey.com",
        "qq.com",
        "163.com",
        "126.com",
        "orange.fr",
        "free.fr",
        "btinternet.com",
        "comcast.net",
        "t-online.de",
        "libero.it",
        "wanadoo.fr",
        "laposte.net",
        "seznam.cz",
        "rediffmail.com",
    ]
)
# Second-level public suffixes common in company email addresses.
_TWO_LEVEL = frozenset(
    ["co.uk", "ac.uk", "org.uk", "com.au", "co.jp", "co.in", "com.br", "co.nz", "co.za", "com.mx"]
)
_LEGAL = frozenset(
    [
        "inc",
        "llc",
        "ltd",
        "gmbh",
        "sa",
        "ag",
        "bv",
        "nv",
        "plc",
        "corp",
        "corporation",
        "co",
        "company",
        "limited",
        "group",
        "holdings",
        "srl",
        "sas",
        "sarl",
        "spa",
        "oy",
        "ab",
        "as",
        "asa",
        "pty",
        "llp",
        "lp",
        "kg",
        "se",
        "the",
    ]
)
_GENERIC_ORG = frozenset(
    [
        "university",
        "college",
        "school",
        "hospital",
        "bank",
        "consulting",
        "solutions",
        "services",
        "global",
    ]
)
# Platforms whose handles are chosen by the person and so often echo the name.
HANDLE_PLATFORMS = frozenset({"x", "mastodon", "bluesky", "email", "linkedin"})


@dataclass(frozen=True, slots=True)
class PersonFacts:
    """What the ledger knows about one person, the matcher's only input.

    ``identities`` are ``(platform, normalised handle)`` pairs (see
    :mod:`warmly.identity.keys`); ``email_domains`` is derived from the email
    identities; ``locations`` is accepted for the caller's convenience and not
    scored yet.
    """

    person_id: int
    names: list[str] = field(default_factory=list)
    identities: list[tuple[str, str]] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    locations: list[str] = field(default_factory=list)

    @property
    def email_domains(self) -> list[str]:
        """Domains of the email identities, lower-case."""
        return sorted(
            {h.rpartition("@")[2] for p, h in self.identities if p == "email" and "@" in h}
        )


@dataclass(slots=True)
class Features:
    """The per-person features a pair score reads."""

    pid: int
    names: tuple[PersonName, ...]
    handles: tuple[tuple[str, str, HandleName], ...]  # (platform, handle, split)
    by_platform: dict[str, frozenset[str]]
    orgs: dict[str, str]  # org key -> label as the person wrote it (for reasons)
    org_labels: frozenset[str]  # first significant token and compact org key
    domains: frozenset[str]  # company email domain labels ("northwind")


@lru_cache(maxsize=131_072)
def org_key(raw: str) -> tuple[str, frozenset[str]] | None:
    """Organisation key and labels.

    ``"Northwind Analytics, Inc."`` -> (``"northwind analytics"``,
    {northwind, northwindanalytics}).
    """
    text = re.sub(r"[^a-z0-9\s]+", " ", anyascii(raw).lower())
    tokens = [t for t in text.split() if t not in _LEGAL]
    if not tokens:
        return None
    labels = {"".join(tokens)}
    if len(tokens[0]) >= 3 and tokens[0] not in _GENERIC_ORG:
        labels.add(tokens[0])
    return " ".join(tokens), frozenset(labels)


@lru_cache(maxsize=65_536)
def domain_label(domain: str) -> str | None:
    """Company label of an email domain (``mail.northwind.co.uk`` -> ``northwind``)."""
    d = domain.lower().strip(".")
    if d in FREE_MAIL:
        return None
    parts = d.split(".")
    if len(parts) < 2:
        return None
    idx = -3 if ".".join(parts[-2:]) in _TWO_LEVEL and len(parts) >= 3 else -2
    return re.sub(r"[^a-z0-9]", "", parts[idx]) or None


def extract(facts: PersonFacts) -> Features:
    """Compute the :class:`Features` of one person."""
    names: dict[tuple[str, str], PersonName] = {}
    for raw in facts.names:
        n = parse_name(raw)
        if n is not None and len(n.first) + len(n.last) >= 2:
            names.setdefault((n.first, n.last), n)
    handles: list[tuple[str, str, HandleName]] = []
    by_platform: dict[str, set[str]] = {}
    for platform, handle in facts.identities:
        by_platform.setdefault(platform, set()).add(handle)
        if platform in HANDLE_PLATFORMS and (split := split_handle(handle)) is not None:
            handles.append((platform, handle, split))
    orgs: dict[str, str] = {}
    labels: set[str] = set()
    for raw in facts.organisations:
        if (key := org_key(raw)) is not None:
            orgs.setdefault(key[0], raw.strip())
            labels |= key[1]
    domains = {lab for d in facts.email_domains if (lab := domain_label(d))}
    return Features(
        pid=facts.person_id,
        names=tuple(names.values()),
        handles=tuple(handles),
        by_platform={p: frozenset(h) for p, h in by_platform.items()},
        orgs=orgs,
        org_labels=frozenset(labels),
        domains=frozenset(domains),
    )


@dataclass(slots=True)
class Frequencies:
    """How often values occur among people: the term-frequency ``u`` of Fellegi–Sunter.

    Each person counts a value once. ``named`` is the number of people with a
    name, the denominator of the name frequencies.
    """

    people: int
    named: int
    first: Counter[str]
    last: Counter[str]
    initial: Counter[str]
    full: Counter[str]
    org: Counter[str]
    floor: int = 1

    def tf(self, counter: Counter[str], value: str, denominator: int) -> float:
        """Relative frequency of ``value``, at least one occurrence's worth."""
        return max(counter.get(value, 0), 1) / max(denominator, self.floor, 1)


def frequencies(features: Sequence[Features], floor: int = 1) -> Frequencies:
    """Count names and organisations over all people (one pass)."""
    first: Counter[str] = Counter()
    last: Counter[str] = Counter()
    initial: Counter[str] = Counter()
    full: Counter[str] = Counter()
    org: Counter[str] = Counter()
    named = 0
    for f in features:
        if f.names:
            named += 1
        first.update({n.first for n in f.names if len(n.first) > 1})
        last.update({p for n in f.names for p in n.last_parts})
        initial.update({n.first[0] for n in f.names})
        full.update({n.full for n in f.names if n.last})
        org.update(set(f.orgs) | f.domains | f.org_labels)
    return Frequencies(len(features), named, first, last, initial, full, org, floor)
