"""Pair scoring: posterior log-odds (bits) that two people are one human, with reasons.

The name comparison yields the *posterior* odds that ``b`` is ``a``'s human
given only the name: ``m / strangers(key)`` (see :mod:`warmly.identity.match_freq`);
it already contains the prior, so no separate λ is added when names agree.
Without any name agreement the prior is ``duplicates_per_person / humans``.
Every further comparison adds its Fellegi–Sunter weight ``log2(m / u)``, with
``u`` conditional on the evidence already counted (a stranger *named John
Smith* choosing the same handle ``johnsmith42``).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from rapidfuzz.distance import JaroWinkler

from warmly.identity.match_config import MatchConfig
from warmly.identity.match_features import Features
from warmly.identity.match_freq import Frequencies
from warmly.identity.names import formal_names, nickname_equivalent

_PLATFORM_LABEL = {
    "linkedin": "LinkedIn profiles",
    "x": "X accounts",
    "email": "emails",
    "phone": "phone numbers",
    "mastodon": "Mastodon accounts",
    "bluesky": "Bluesky accounts",
    "web": "websites",
}


@dataclass(slots=True)
class Evidence:
    """One comparison's weight, its rule fragment and its human sentence."""

    bits: float
    level: str
    reason: str


def _log2(x: float) -> float:
    return math.log2(max(x, 1e-12))


def compare_names(a: Features, b: Features, fq: Frequencies, cfg: MatchConfig) -> Evidence | None:
    """Best name evidence: a shared key, an initial, a given name alone, or a conflict."""
    shared = a.keys & b.keys
    if shared:
        key = min(shared, key=lambda k: (_strangers(a, b, k, fq), k))
        others = _strangers(a, b, key, fq)
        from_names = key in a.full and key in b.full
        if from_names:
            same_first = any(x.first == y.first for x in a.names for y in b.names)
            level, m = (
                ("exact-name", cfg.m_exact_name) if same_first else ("nickname", cfg.m_nickname)
            )
        else:
            level, m = "handle~name", cfg.m_handle_name
        shown = f"'{a.shown.get(key, key)}' ~ '{b.shown.get(key, key)}'"
        crowd = f", ~{others:.0f} other people share it" if others >= 1.5 else ""
        return Evidence(
            min(_log2(m / others), cfg.max_name_bits), level, f"same name ({shown}{crowd})"
        )
    conflict = _name_conflict(a, b, fq, cfg)
    if conflict is not None:
        return conflict
    if (clash := _given_names_differ(a, b, fq, cfg)) is not None:
        return clash
    for key in sorted(a.initial & b.initial):
        ini, _, last = key.partition(" ")
        if _has_full(a, ini, last) and _has_full(b, ini, last):
            continue  # Jane Doe vs John Doe: settled as a conflict, not an initial
        return Evidence(
            min(_log2(cfg.m_initial / fq.strangers_initial(key)), cfg.max_name_bits),
            "initial",
            f"same surname and first initial ({key})",
        )
    if (not a.keys or not b.keys) and (common := _given(a) & _given(b)):
        first = min(common)
        others = fq.strangers_first(first)
        # A given name read from a handle (dmitri@acme.de) may be a word or a
        # pet name: weaker than one written as a name.
        m_first = cfg.m_first_only * (
            1.0 if _shows_given(a, first) and _shows_given(b, first) else cfg.m_handle_name
        )
        ia, ib = _surname_initials(a, first), _surname_initials(b, first)
        if ia and ib and not ia & ib:
            pair = f"{first} {'/'.join(sorted(ia))}. ~ {first} {'/'.join(sorted(ib))}."
            return Evidence(cfg.w_last_name_conflict, "conflict", f"different surnames ({pair})")
        shown = f"'{_as_written(a, first)}' ~ '{_as_written(b, first)}'"
        if ia & ib:  # "Jane D." ~ Jane Doe: only the D-surnamed Janes compete
            letter = min(ia & ib)
            # An initial read from a handle (@jane_d41) is shown as that handle.
            shown = " ~ ".join(
                f"'{f.shown.get(f'{first} {letter}') or _as_written(f, first)}'" for f in (a, b)
            )
            return Evidence(
                _log2(m_first / max(others * fq.last_initial_share(letter), 1e-9)),
                "first+initial",
                f"same given name and surname initial ({first} {letter}.: {shown})",
            )
        return Evidence(
            _log2(m_first / others),
            "first-name",
            f"same given name, surname missing ({shown})",
        )
    return None


def _as_written(f: Features, first: str) -> str:
    """How ``f`` gives the (formal) given name ``first``: a display name, or a handle."""
    for n in f.names:
        if len(n.first) > 1 and first in formal_names(n.first):
            return n.display
    for k, shown in f.shown.items():
        if k == first or k.startswith(first + " "):
            return shown
    return first


def _given_names_differ(
    a: Features, b: Features, fq: Frequencies, cfg: MatchConfig
) -> Evidence | None:
    """Both write a given name and no two of them agree ("Kadie 🚀" ~ "Ked Barnes").

    Nicknames are folded already; spelling variants (Katherine ~ Kathrine) are
    no conflict, and neither is a one-word name that may be a surname
    ("Haddad" ~ "Omar Haddad"): a lone word counts only if the ledger's full
    names use it as a given name and never as a surname.
    """
    xs, ys = _written_given(a, fq), _written_given(b, fq)
    if not xs or not ys:
        return None
    for x in xs:
        for y in ys:
            if set(formal_names(x)) & set(formal_names(y)):
                return None
            if JaroWinkler.similarity(x, y) >= cfg.fuzzy_first_similarity:
                return None
    why = f"different given names ({min(xs)} ~ {min(ys)}): against"
    return Evidence(cfg.w_first_name_conflict, "conflict", why)


def _written_given(f: Features, fq: Frequencies) -> set[str]:
    """Given names as ``f`` writes them; a lone word only if it is surely one."""
    out: set[str] = set()
    for n in f.names:
        if len(n.first) < 2:
            continue
        # fq.first counts formal given names (Bob is counted as Robert).
        given = any(fq.first.get(g, 0) for g in formal_names(n.first))
        if n.last or (given and not fq.last.get(n.first, 0)):
            out.add(n.first)
    return out


def _strangers(a: Features, b: Features, key: str, fq: Frequencies) -> float:
    """Strangers for a shared key; a handle that reads two ways (``junpan``: Jun
    Pan or Pan Jun) competes with the humans of every reading."""
    out = fq.strangers(key)
    for f in (a, b):
        if key not in f.full and (alts := f.readings.get(key)):
            out = max(out, sum(fq.strangers(k) for k in alts))
    return out


def _given(f: Features) -> frozenset[str]:
    """Given names a person shows or a handle spells (alone, with a surname or its initial)."""
    return f.firsts | f.hgiven | {k.partition(" ")[0] for k in f.keys | f.partial}


def _shows_given(f: Features, first: str) -> bool:
    return first in f.firsts or any(k.startswith(first + " ") for k in f.full)


def _surname_initials(f: Features, first: str) -> set[str]:
    """Initials of the surnames ``f`` gives with the given name ``first`` ("Jane D." -> d)."""
    out = {k.partition(" ")[2][0] for k in f.keys | f.partial if k.startswith(first + " ")}
    for n in f.names:
        if len(n.last) == 1 and first in formal_names(n.first):
            out.add(n.last)
    return out


def _has_full(f: Features, ini: str, last: str) -> bool:
    return any(k.endswith(" " + last) and k[0] == ini for k in f.keys)


def _name_conflict(a: Features, b: Features, fq: Frequencies, cfg: MatchConfig) -> Evidence | None:
    """Both give full names that share no key: a spelling variant, or two people."""
    best: Evidence | None = None
    for x in a.names:
        for y in b.names:
            if len(x.first) < 2 or len(y.first) < 2 or len(x.last) < 2 or len(y.last) < 2:
                continue  # an initial ("Jane D.") is settled with the given name
            pair = f"'{x.display}' ~ '{y.display}'"
            if x.last_parts & y.last_parts:
                if JaroWinkler.similarity(x.first, y.first) >= cfg.fuzzy_first_similarity:
                    key = f"{x.first[0]} {min(x.last_parts & y.last_parts)}"
                    ev = Evidence(
                        _log2(cfg.m_fuzzy / fq.strangers_initial(key)),
                        "fuzzy-name",
                        f"similar names ({pair}, spelling variant)",
                    )
                else:
                    why = f"same surname, different given names ({pair}): against"
                    ev = Evidence(cfg.w_first_name_conflict, "conflict", why)
            elif x.first == y.first or nickname_equivalent(x.first, y.first):
                sim = JaroWinkler.similarity(x.last, y.last)
                crowd = max(
                    fq.strangers(f"{formal_names(x.first)[0]} {s}") for s in (x.last, y.last)
                )
                ev = (
                    Evidence(
                        _log2(cfg.m_fuzzy / crowd),
                        "fuzzy-name",
                        f"similar names ({pair}, spelling variant)",
                    )
                    if sim >= cfg.fuzzy_full_similarity
                    else Evidence(
                        cfg.w_last_name_conflict,
                        "conflict",
                        f"different surnames ({pair}): against",
                    )
                )
            else:
                ev = Evidence(cfg.w_name_conflict, "conflict", f"different names ({pair}): against")
            if best is None or ev.bits > best.bits:
                best = ev
    return best


def compare_handles(
    a: Features, b: Features, fq: Frequencies, cfg: MatchConfig, named: bool
) -> Evidence | None:
    """The same chosen handle on two networks (``janedoe42`` on X and Mastodon).

    After a name agreement ``u`` is the chance that a stranger *with that name*
    chose exactly this handle (lower when it carries digits): a likelihood
    ratio. Without one, the handle is the only tie and the evidence is its
    posterior odds (the caller adds no prior); two email addresses that only
    share their local part (``info@``, ``donotreply@``) are no evidence then.
    """
    shared = a.raw_handles & b.raw_handles
    if not shared:
        return None
    h = min(shared, key=lambda s: (fq.raw.get(s, 0), s))
    pa, pb = a.raw_platforms.get(h, frozenset()), b.raw_platforms.get(h, frozenset())
    where = _where(pa, pb)
    holders = max(fq.raw.get(h, 2) - 2, 0)
    if named:
        u = (cfg.u_same_handle_digits if any(c.isdigit() for c in h) else cfg.u_same_handle) * (
            1 + holders
        )
        return Evidence(
            min(_log2(cfg.m_same_handle / u), cfg.max_name_bits),
            "same-handle",
            f"same handle {where} ('{h}')",
        )
    if not (pa | pb) - {"email"}:
        return None
    # Other holders on a network where a or b already has an account are other
    # humans; on a third network they are most likely this human's third
    # account (the same handle on X, Mastodon and Bluesky), and count as such.
    clash = max(sum(fq.raw_plat.get((h, p), 0) for p in pa | pb) - len(pa) - len(pb), 0)
    floor = cfg.handle_strangers if _distinctive(h) else cfg.handle_strangers_plain
    return Evidence(
        min(_log2(cfg.m_same_handle / max(clash, floor)), cfg.max_name_bits),
        "same-handle",
        f"same handle {where} ('{h}')",
    )


def _where(pa: frozenset[str], pb: frozenset[str]) -> str:
    nets = sorted(pa | pb)
    if len(nets) == 1:
        return f"on two {_PLATFORM_LABEL.get(nets[0], nets[0])}"
    names = [_SHORT_LABEL.get(p, p) for p in nets]
    return "on " + ", ".join(names[:-1]) + " and " + names[-1]


_SHORT_LABEL = {
    "x": "X",
    "email": "email",
    "mastodon": "Mastodon",
    "bluesky": "Bluesky",
    "linkedin": "LinkedIn",
}


_YEAR_RX = re.compile(r"(19|20)\d\d$")


def _distinctive(handle: str) -> bool:
    """Eight characters or more with digits that are not just a year (``maplewave579``):
    no word or name two strangers would both pick (``coffeelover``, ``jdoe1985``)."""
    return len(handle) >= 8 and any(c.isdigit() for c in _YEAR_RX.sub("", handle))


def compare_orgs(a: Features, b: Features, fq: Frequencies, cfg: MatchConfig) -> Evidence | None:
    """Employer agreement: same organisation, or a company email domain that names it."""
    found: tuple[str, str, str] | None = None  # label, level, shown
    if shared := set(a.orgs) & set(b.orgs):
        key = min(shared, key=lambda k: (fq.org.get(k, 1), k))
        found = (key, "org", f"same company ({a.orgs[key]})")
    elif hit := a.org_labels & b.org_labels:
        label = min(hit, key=lambda k: (fq.org.get(k, 1), k))
        found = (label, "org", f"same company ({_shown(a, label)})")
    elif hit := (a.org_labels & b.domains) | (b.org_labels & a.domains):
        label = min(hit)
        owner = a if label in a.org_labels else b
        found = (label, "domain", f"company email domain ({label}) ~ '{_shown(owner, label)}'")
    elif hit := a.domains & b.domains:
        label = min(hit)
        found = (label, "domain", f"same company email domain ({label})")
    if found is not None:
        u = fq.org_share(found[0])
        return Evidence(min(_log2(cfg.m_org / u), cfg.max_org_bits), found[1], found[2])
    if (a.orgs or a.domains) and (b.orgs or b.domains):
        return Evidence(cfg.w_org_disagree, "org-conflict", "different companies: weakly against")
    return None


def _shown(f: Features, label: str) -> str:
    return next((v for k, v in f.orgs.items() if label in k.replace(" ", "")), label)


def compare_identities(a: Features, b: Features, cfg: MatchConfig) -> list[Evidence]:
    """Different identities on one platform: one human rarely has two profiles."""
    out: list[Evidence] = []
    for platform, handles in a.by_platform.items():
        other = b.by_platform.get(platform)
        if not other or handles & other:
            continue
        w = cfg.conflict_bits.get(platform, cfg.conflict_bits_default)
        strength = "against" if w <= -3 else "weakly against"
        out.append(
            Evidence(
                w,
                "identity-conflict",
                f"different {_PLATFORM_LABEL.get(platform, platform)} "
                f"({min(handles)} vs {min(other)}): {strength}",
            )
        )
    return out
