"""Per-person features for matching, computed once per person.

Everything that depends on one person only — parsed names, canonical name keys
(from display names *and* from handles), distinctive handles, organisation and
email-domain labels — is computed here, so that scoring a pair is a handful of
set intersections. Frequencies over the whole data set live in
:mod:`warmly.identity.match_freq`.

A *name key* is ``"<formal given name> <surname part>"`` after accent folding,
credential stripping and nickname canonicalisation: "Bob Smith, MBA",
"Robert Smith" and the handle ``robert_smith42`` all give ``"robert smith"``.
A person carries each key once, however many records spell it, so a human's
name and the LinkedIn slug made from it are never counted as two pieces of
evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from anyascii import anyascii

from warmly.identity.names import (
    HandleName,
    PersonName,
    formal_names,
    parse_name,
    split_handle,
)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Email providers whose domain says nothing about an employer.
FREE_MAIL = _words(
    "gmail.com googlemail.com yahoo.com yahoo.co.uk yahoo.fr ymail.com hotmail.com "
    "hotmail.co.uk hotmail.fr outlook.com live.com msn.com icloud.com me.com mac.com aol.com "
    "proton.me protonmail.com pm.me gmx.de gmx.net gmx.com web.de mail.ru yandex.ru "
    "yandex.com zoho.com fastmail.com hey.com qq.com 163.com 126.com orange.fr free.fr "
    "btinternet.com comcast.net t-online.de libero.it wanadoo.fr laposte.net seznam.cz "
    "rediffmail.com posteo.de posteo.net mailbox.org tutanota.com tutanota.de tuta.io tuta.com "
    "gmx.at gmx.ch gmx.fr gmx.us yahoo.de yahoo.es yahoo.it yahoo.co.jp hotmail.de hotmail.es "
    "hotmail.it outlook.de live.co.uk live.fr protonmail.ch duck.com naver.com daum.net "
    "hanmail.net sina.com sohu.com foxmail.com"
)
_TWO_LEVEL = _words("co.uk ac.uk org.uk com.au co.jp co.in com.br co.nz co.za com.mx")
_LEGAL = _words(
    "inc llc ltd gmbh sa ag bv nv plc corp corporation co company limited group holdings srl "
    "sas sarl spa oy ab as asa pty llp lp kg se the"
)
_GENERIC_ORG = _words(
    "university college school hospital bank consulting solutions services global"
)
# Surname particles: "van beethoven" must not produce the key "ludwig van".
_PARTICLES = _words("van von der den de da di del della la le al el bin ben ibn du dos")
# Platforms whose handles are chosen by the person and so often echo the name.
HANDLE_PLATFORMS = frozenset({"x", "mastodon", "bluesky", "email", "linkedin"})
_RAW_RX = re.compile(r"[^a-z0-9]+")
_DOTTED_RX = re.compile(r"\b([a-z])\.(?=[a-z]\.?(?![a-z]))")


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
    full: frozenset[str] = frozenset()  # name keys from display names
    hfull: frozenset[str] = frozenset()  # name keys only a handle spells
    initial: frozenset[str] = frozenset()  # "j doe": keys of initial-only names / handles
    firsts: frozenset[str] = frozenset()  # formal given names from display names
    partial: frozenset[str] = frozenset()  # "jane d": given name + surname initial only
    hgiven: frozenset[str] = frozenset()  # given names a handle spells alone (dmitri@acme.de)
    raw_handles: frozenset[str] = frozenset()  # distinctive handles, separators removed
    raw_platforms: dict[str, frozenset[str]] = field(default_factory=dict)  # where each is held
    shown: dict[str, str] = field(default_factory=dict)  # key -> how the person wrote it
    readings: dict[str, frozenset[str]] = field(default_factory=dict)
    """Handle key -> every key the same handle spells (``junpan``: jun pan, pan jun)."""

    @property
    def keys(self) -> frozenset[str]:
        """Every full name key, from names or handles."""
        return self.full | self.hfull


# "Beatriz | Data @ Skyward", "Chinedu | Platform at Ironbark": a headline after
# the name names the employer. Capitalised, so "@acme" (a handle) and "at scale"
# are not read as companies.
_EMPLOYER_RX = re.compile(
    r"[|·•,–-][^|]*?(?:@|\bat\b)\s*([A-Z][\w&.'-]*(?:\s+[A-Z][\w&.'-]*){0,2})"
)


def headline_employer(raw: str) -> str | None:
    """The employer a display name's headline names (``Data @ Skyward``), if any."""
    m = _EMPLOYER_RX.search(raw)
    return m.group(1) if m else None


@lru_cache(maxsize=131_072)
def org_key(raw: str) -> tuple[str, frozenset[str]] | None:
    """Organisation key and labels.

    ``"Northwind Analytics, Inc."`` -> (``"northwind analytics"``,
    {northwind, northwindanalytics}).
    """
    # "S.A.", "N.V.", "S.p.A.": dotted initials are one legal-form word.
    text = _DOTTED_RX.sub(r"\1", anyascii(raw).lower())
    text = re.sub(r"[^a-z0-9\s]+", " ", text)
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


def surname_parts(name: PersonName) -> frozenset[str]:
    """Surname pieces usable in a key (particles dropped, two letters at least).

    A surname that is one such word is kept: Le, Du and Da are Vietnamese and
    Chinese surnames, not particles, when nothing follows them.
    """
    parts = [p for p in name.last_parts if len(p) > 1]
    kept = frozenset(p for p in parts if p not in _PARTICLES)
    return kept if kept or len(parts) != 1 else frozenset(parts)


@lru_cache(maxsize=262_144)
def name_keys(first: str, last_parts: frozenset[str]) -> frozenset[str]:
    """Canonical keys of a given name and surname pieces."""
    return frozenset(f"{f} {p}" for f in formal_names(first) for p in last_parts)


def raw_handle(platform: str, handle: str) -> str | None:
    """A handle as the person typed it, separators and host removed (``jane_doe42``)."""
    h = handle.lower().lstrip("@")
    if h.startswith("did:") or platform not in HANDLE_PLATFORMS - {"linkedin"}:
        return None
    h = h.split("@", 1)[0].split("+", 1)[0] if platform in ("email", "mastodon") else h
    if platform == "bluesky":
        h = h.split(".", 1)[0]
    out = _RAW_RX.sub("", h)
    return out if len(out) >= 5 else None


def extract(facts: PersonFacts) -> Features:
    """Compute the name-independent :class:`Features` and the keys of display names.

    Handle-derived keys need the data set's vocabulary of names and are added
    by :func:`warmly.identity.match_handles.add_handle_keys`.
    """
    names: dict[tuple[str, str], PersonName] = {}
    for raw in facts.names:
        n = parse_name(raw)
        if n is not None and len(n.first) + len(n.last) >= 2:
            names.setdefault((n.first, n.last), n)
    full: set[str] = set()
    initial: set[str] = set()
    firsts: set[str] = set()
    partial: set[str] = set()
    shown: dict[str, str] = {}
    for n in names.values():
        parts = surname_parts(n)
        if len(n.first) > 1:
            firsts.update(formal_names(n.first))
            for k in name_keys(n.first, parts):
                full.add(k)
                shown.setdefault(k, n.display)
        initial.update(f"{n.first[0]} {p}" for p in parts)
        if len(n.first) > 1 and len(n.last) == 1:  # "Jane D."
            partial.update(f"{g} {n.last}" for g in formal_names(n.first))
    handles: list[tuple[str, str, HandleName]] = []
    by_platform: dict[str, set[str]] = {}
    raws: dict[str, set[str]] = {}
    for platform, handle in facts.identities:
        by_platform.setdefault(platform, set()).add(handle)
        if platform in HANDLE_PLATFORMS and (split := split_handle(handle)) is not None:
            handles.append((platform, handle, split))
        if (r := raw_handle(platform, handle)) is not None:
            raws.setdefault(r, set()).add(platform)
    orgs: dict[str, str] = {}
    labels: set[str] = set()
    said = [e for raw in facts.names if (e := headline_employer(raw))]
    for raw in [*facts.organisations, *said]:
        if (key := org_key(raw)) is not None:
            orgs.setdefault(key[0], raw.strip())
            labels |= key[1]
    return Features(
        pid=facts.person_id,
        names=tuple(names.values()),
        handles=tuple(handles),
        by_platform={p: frozenset(h) for p, h in by_platform.items()},
        orgs=orgs,
        org_labels=frozenset(labels),
        domains=frozenset(lab for d in facts.email_domains if (lab := domain_label(d))),
        full=frozenset(full),
        initial=frozenset(initial),
        firsts=frozenset(firsts),
        partial=frozenset(partial),
        raw_handles=frozenset(raws),
        raw_platforms={r: frozenset(ps) for r, ps in raws.items()},
        shown=shown,
    )
