"""The identity benchmark's world: humans, their platform records, deterministic links.

Names come from :mod:`identity_names` (``census``: frequencies calibrated to
published statistics) or, for the ``concentrated`` world, from the curated
lists of :mod:`identity_world_lists` alone. Everything else — display-name,
handle and email noise, job changes, cross-references — is the same in both.

Deterministic links besides a record's own identities (``--vcards``,
``--signatures`` in :mod:`identity_resolution`) are drawn only when their rate
is above zero, so a rate of 0 reproduces the world without them exactly.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field

from identity_names import RankedNames, census_pools
from identity_world_lists import (
    CREDS,
    CULTURE_WEIGHTS,
    CULTURES,
    FREE,
    HOSTS,
    JUNK,
    KINDS,
    LEGAL,
    NICK,
    WORDS,
)

from warmly.identity.keys import email_key
from warmly.identity.match import PersonFacts


@dataclass(slots=True)
class Record:
    identities: list[tuple[str, str]]
    name: str | None
    org: str | None
    derived: bool  # carries a name, or a handle made from the name


@dataclass(slots=True)
class Human:
    first: str
    last: str
    middle: str
    companies: list[tuple[str, str]] = field(default_factory=list)  # (display, domain)


_WEIGHTS: dict[tuple[int, float], list[float]] = {}


def _zipf(rng: random.Random, items: list[str], s: float = 0.9) -> str:
    key = (len(items), s)
    if key not in _WEIGHTS:
        acc, cum = 0.0, []
        for i in range(len(items)):
            acc += 1.0 / (i + 1) ** s
            cum.append(acc)
        _WEIGHTS[key] = cum
    return rng.choices(items, cum_weights=_WEIGHTS[key])[0]


def _tail(spec: str) -> list[str]:
    """Surnames of the long tail: every stem with every ending (``Lindqvist``)."""
    stems, _, ends = spec.partition("|")
    return sorted({s + e for s in stems.split() for e in ends.split()})


_POOLS = {c: (f.split(), s.split(), _tail(t)) for c, (f, s, t) in CULTURES.items()}


def _ascii(s: str) -> str:
    from anyascii import anyascii

    return "".join(ch for ch in anyascii(s).lower() if ch.isalnum())


class World:
    """Generates humans and their platform records, keeping handles unique."""

    def __init__(
        self,
        rng: random.Random,
        names: str = "census",
        vcards: float = 0.0,
        signatures: float = 0.0,
        sig_rng: random.Random | None = None,
    ) -> None:
        self.rng = rng
        self.names = names
        self.vcards = vcards
        self.signatures = signatures
        # Signature links draw from their own stream, so they change nothing else.
        self.sig_rng = sig_rng or rng
        self.census: dict[str, tuple[RankedNames, RankedNames]] = (
            census_pools({c: (f.split(), s.split()) for c, (f, s, _t) in CULTURES.items()})
            if names == "census"
            else {}
        )
        self.used: set[tuple[str, str]] = set()
        self.companies = self._companies(1500)
        self.company_weights = [1.0 / (i + 1) for i in range(len(self.companies))]

    def _companies(self, n: int) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        seen: set[str] = set()
        while len(out) < n:
            a, b = self.rng.sample(WORDS, 2)
            stem = (a + b).capitalize()
            if stem in seen:
                continue
            seen.add(stem)
            kind = self.rng.choice(KINDS)
            tld = self.rng.choice([".com", ".com", ".io", ".co.uk", ".de"])
            domain = (stem.lower() + (kind.lower() if self.rng.random() < 0.3 else "")) + tld
            out.append((f"{stem} {kind}", domain))
        return out

    def human(self) -> Human:
        rng = self.rng
        culture = rng.choices(list(CULTURES), CULTURE_WEIGHTS)[0]
        firsts, lasts, tail = _POOLS[culture]
        if self.census:
            # 15 % of given names come from another culture (migration, mixed families).
            given, surname = self.census[culture]
            if rng.random() >= 0.85:
                given = self.census[rng.choice(list(self.census))][0]
            first, last = given.draw(rng), surname.draw(rng)
            if last in ("De", "Di", "von"):
                last = f"{last} {surname.draw(rng)}"
            elif rng.random() < 0.02 and culture in ("hispanic", "german_nordic"):
                last = f"{last}-{surname.draw(rng)}"  # double-barrelled surname
        else:  # the concentrated world: curated lists, Zipf, a small tail
            pool = firsts if rng.random() < 0.85 else _POOLS[rng.choice(list(_POOLS))][0]
            first = _zipf(rng, pool, 0.45)
            last = _zipf(rng, lasts, 0.6) if rng.random() < 0.55 or not tail else rng.choice(tail)
            if last in ("De", "Di", "von"):
                last = f"{last} {rng.choice(lasts)}"
            elif rng.random() < 0.02 and culture in ("hispanic", "german_nordic"):
                last = f"{last}-{_zipf(rng, lasts, 0.8)}"  # double-barrelled surname
        middle = rng.choice(firsts)[0] + "." if rng.random() < 0.15 else ""
        h = Human(first, last, middle)
        if rng.random() < 0.8:
            h.companies.append(self.companies[self.company_index()])
            if rng.random() < 0.35:  # a job change: older records name the old employer
                h.companies.append(rng.choice(self.companies))
        return h

    def company_index(self) -> int:
        """Zipf over companies: the user's own employer and big firms recur."""
        return self.rng.choices(range(len(self.companies)), self.company_weights)[0]

    def unique(self, platform: str, handle: str) -> str:
        base, n = handle, 0
        while (platform, handle) in self.used:
            n += 1
            handle = self._suffix(platform, base, n)
        self.used.add((platform, handle))
        return handle

    def _suffix(self, platform: str, base: str, n: int) -> str:
        digits = str(self.rng.randint(2, 999))
        if platform in ("email", "mastodon", "bluesky"):
            local, _, domain = base.partition("@") if platform != "bluesky" else base.partition(".")
            sep = "@" if platform != "bluesky" else "."
            return f"{local}{digits}{sep}{domain}"
        return f"{base}{digits}" if platform != "linkedin" else f"{base}-{n}{digits}"

    def display(self, h: Human, nick_ok: bool = True) -> str:
        """A name as a profile shows it, with realistic noise."""
        rng, first, last = self.rng, h.first, h.last
        nicks = NICK.get(_ascii(first))
        if nicks and nick_ok and rng.random() < 0.25:
            first = rng.choice(nicks)
        r = rng.random()
        if r < 0.12:
            name = f"{first} {h.middle} {last}" if h.middle else f"{first} {last}"
        elif r < 0.18:
            name = f"{first[0]}. {last}"
        elif r < 0.24:
            name = f"{last}, {first}"
        else:
            name = f"{first} {last}"
        r = rng.random()
        extra = ""
        if r < 0.10:
            extra = rng.choice(CREDS)
        elif r < 0.22:
            extra = rng.choice(JUNK)
        # ASCII folding is of the name (Zoë -> Zoe); folding the emoji too
        # spelled them out as words (":earth_africa:", "IN" for a flag).
        if rng.random() < 0.10:
            name = _ascii_words(name)
        name += extra
        return name.lower() if rng.random() < 0.05 else name

    def handle(self, h: Human) -> tuple[str, bool]:
        """A chosen handle and whether it is made from the name."""
        rng = self.rng
        f, last = _ascii(h.first), _ascii(h.last)
        nicks = NICK.get(f)
        if nicks and rng.random() < 0.2:
            f = _ascii(rng.choice(nicks))
        opts = [
            f + last,
            f"{f}_{last}",
            f[0] + last,
            f"{f}_{last[0]}{rng.randint(1, 99)}",
            f"{f}{last}{rng.randint(1, 99)}",
            f"{f[0]}{last}_dev",
            f"{last}{f}",
            f"{f}.{last}",
        ]
        if rng.random() < 0.2:
            return rng.choice(WORDS) + rng.choice(WORDS) + str(rng.randint(1, 999)), False
        return rng.choice(opts)[:15], True


def _ascii_words(s: str) -> str:
    from anyascii import anyascii

    return str(anyascii(s))


def records_for(world: World, h: Human, budget: int) -> list[Record]:
    """Records of one human on ``budget`` platforms."""
    rng = world.rng
    platforms = ["linkedin", "email", "x", "mastodon", "bluesky"]
    chosen = []
    for p in rng.choices(platforms, [80, 60, 45, 15, 15], k=budget * 3):
        if p not in chosen:
            chosen.append(p)
        if len(chosen) == budget:
            break
    out: list[Record] = []
    f, last = _ascii(h.first), _ascii(h.last)
    company = h.companies[0] if h.companies else None
    old = h.companies[-1] if h.companies else None
    email = None
    if "email" in chosen or rng.random() < 0.25:
        if company and rng.random() < 0.6:
            local = rng.choice([f"{f}.{last}", f[0] + last, f + last[0], f, f"{f}_{last}"])
            email = world.unique("email", f"{local}@{rng.choice([company, old])[1]}")
        else:
            local = rng.choice(
                [
                    f"{f}.{last}",
                    f + last,
                    f"{f}.{last}{rng.randint(1, 99)}",
                    f"{f[0]}{last}+news",
                    f"{f}{rng.randint(70, 99)}",
                ]
            )
            email = world.unique("email", f"{local}@{rng.choice(FREE)}")
    xhandle = slug = None
    for p in chosen:
        if p == "linkedin":
            slug = rng.choice(
                [f"{f}-{last}-{rng.getrandbits(24):06x}", f"{f}{last}", f"{f}-{last}"]
            )
            slug = world.unique("linkedin", slug)
            ids = [("linkedin", slug)]
            if email and rng.random() < 0.3:  # the connection shared an email address
                ids.append(("email", email))
            org = company[0] + rng.choice(LEGAL) if company and rng.random() < 0.9 else None
            out.append(Record(ids, world.display(h), org, True))
        elif p == "email" and email:
            name = world.display(h) if rng.random() < 0.65 else None
            org = rng.choice([company, old])[0] if company and rng.random() < 0.2 else None
            out.append(Record([("email", email)], name, org, True))
        elif p == "x":
            handle, derived = world.handle(h)
            xhandle = world.unique("x", handle.replace(".", "_"))
            r = rng.random()
            first = rng.choice(NICK.get(f, [h.first])) if rng.random() < 0.2 else h.first
            name = (
                world.display(h)
                if r < 0.5
                else f"{first}{rng.choice(JUNK)}"
                if r < 0.72
                else f"{first} {h.last[0]}."
                if r < 0.8
                else None
            )
            out.append(Record([("x", xhandle)], name, None, derived or name is not None))
        elif p == "mastodon":
            handle, derived = (xhandle, True) if xhandle and rng.random() < 0.5 else world.handle(h)
            acct = world.unique("mastodon", f"{handle.replace('.', '_')}@{rng.choice(HOSTS)}")
            name = world.display(h) if rng.random() < 0.5 else None
            out.append(Record([("mastodon", acct)], name, None, derived or name is not None))
        elif p == "bluesky":
            r = rng.random()
            if r < 0.3:
                key, derived = f"did:plc:{rng.getrandbits(60):015x}", False
            else:
                handle, derived = (xhandle, True) if xhandle and r < 0.7 else world.handle(h)
                key = world.unique(
                    "bluesky", f"{handle.replace('_', '').replace('.', '')}.bsky.social"
                )
            name = world.display(h) if rng.random() < 0.5 else None
            out.append(Record([("bluesky", key)], name, None, derived or name is not None))
    if world.signatures and slug:
        mail = next((r for r in out if r.identities == [("email", email)]), None)
        if mail is not None and world.sig_rng.random() < world.signatures:
            out.append(signature_link(mail, slug))
    if world.vcards and rng.random() < world.vcards:
        card = address_card(world, h, email, slug, xhandle)
        if card is not None:
            out.append(card)
    return out


def signature_link(mail: Record, slug: str) -> Record:
    """The link an email signature makes: the sender's address and LinkedIn profile.

    What ``warmly.importers.email_signature`` yields for an inbound message
    whose own signature carries the sender's LinkedIn URL: one record naming
    both, with the sender's display name. The rate (``--signatures``, default
    15 % of the email records of humans who also have a LinkedIn record) is a
    conservative assumption, not a statistic: many professionals sign with a
    LinkedIn link, but quoted replies, forwards, bottom-posting, mobile mail
    without a signature and ambiguous signatures all lose links.
    """
    return Record([*mail.identities, ("linkedin", slug)], mail.name, None, mail.derived)


def address_card(
    world: World, h: Human, email: str | None, slug: str | None, xhandle: str | None
) -> Record | None:
    """A phone or Google address-book card (vCard) for this human, or ``None``.

    Carries what ``warmly.importers.vcard`` extracts: ``FN``, ``ORG``, ``TEL``,
    ``EMAIL`` and profile ``URL`` s. Rates are conservative guesses, not
    statistics: most cards hold a phone number; an email when the user has
    written to them; a LinkedIn or X URL rarely (cards synced from a social
    account or typed by hand).
    """
    rng = world.rng
    ids: list[tuple[str, str]] = []
    if rng.random() < 0.85:
        ids.append(
            ("phone", world.unique("phone", f"+1{rng.randint(2_000_000_000, 9_899_999_999)}"))
        )
    if email and rng.random() < 0.7:
        ids.append(("email", email))
    if slug and rng.random() < 0.05:
        ids.append(("linkedin", slug))
    if xhandle and rng.random() < 0.03:
        ids.append(("x", xhandle))
    if not ids:
        return None
    org = h.companies[0][0] if h.companies and rng.random() < 0.4 else None
    return Record(ids, world.display(h), org, True)


class UnionFind:
    """Union-find over ints with path halving."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        p = self.parent
        while p[x] != x:
            p[x] = p[p[x]]
            x = p[x]
        return x

    def union(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        self.parent[rb] = ra
        return True


def generate(
    n: int, seed: int, names: str = "census", vcards: float = 0.0, signatures: float = 0.0
) -> tuple[list[tuple[str, str]], list[int], list[Record], list[str]]:
    """Identities (platform, handle), their humans, the records, and each human's full name.

    ``names`` is ``census`` (calibrated frequencies) or ``concentrated``;
    ``vcards`` the share of humans with an address-book card; ``signatures``
    the share of email records (of humans also on LinkedIn) whose signature
    links the address to the LinkedIn profile (:func:`signature_link`).
    """
    rng = random.Random(seed)
    world = World(rng, names, vcards, signatures, random.Random(f"signatures:{seed}"))
    records: list[Record] = []
    full_names: list[str] = []
    ident_index: dict[tuple[str, str], int] = {}
    ident_human: list[int] = []
    human_id = 0
    while len(ident_index) < n:
        h = world.human()
        full_names.append(f"{_ascii(h.first)} {_ascii(h.last)}")
        budget = rng.choices([1, 2, 3, 4], [30, 32, 24, 14])[0]
        for rec in records_for(world, h, budget):
            for ident in rec.identities:
                if ident not in ident_index:
                    ident_index[ident] = len(ident_human)
                    ident_human.append(human_id)
            records.append(rec)
        human_id += 1
    return list(ident_index), ident_human, records, full_names


def shared_name_share(full_names: list[str], ident_human: list[int]) -> float:
    """Share of humans (with identities) whose full name another human also has."""
    present = set(ident_human)
    counts = Counter(full_names[h] for h in present)
    return sum(1 for h in present if counts[full_names[h]] > 1) / max(len(present), 1)


def group(
    idents: list[tuple[str, str]], records: list[Record]
) -> tuple[list[PersonFacts], list[int], list[bool]]:
    """Deterministic links as the pipeline makes them: one record's identities, equal emails.

    Returns the people, each identity's person index, and per person whether it
    carries any name evidence (name or name-made handle).
    """
    index = {ident: i for i, ident in enumerate(idents)}
    uf = UnionFind(len(idents))
    for rec in records:
        ids = [index[i] for i in rec.identities]
        for other in ids[1:]:
            uf.union(ids[0], other)
    by_email: dict[str, int] = {}
    for i, (platform, handle) in enumerate(idents):
        if platform == "email" and (key := email_key(handle)):
            if key in by_email:
                uf.union(by_email[key], i)
            by_email.setdefault(key, i)
    roots: dict[int, int] = {}
    ident_person = [roots.setdefault(uf.find(i), len(roots)) for i in range(len(idents))]
    people = [PersonFacts(pid, [], [], []) for pid in range(len(roots))]
    named = [False] * len(roots)
    for i, ident in enumerate(idents):
        people[ident_person[i]].identities.append(ident)
    for rec in records:
        pid = ident_person[index[rec.identities[0]]]
        if rec.name:
            people[pid].names.append(rec.name)
        if rec.org:
            people[pid].organisations.append(rec.org)
        named[pid] = named[pid] or rec.derived
    return people, ident_person, named
