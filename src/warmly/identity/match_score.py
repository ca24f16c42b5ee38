"""Pair scoring: Fellegi–Sunter log-likelihood weights, in bits, with reasons.

Every comparison contributes ``log2(m / u)``: ``m`` is how often the evidence
shows up for two records of the same human, ``u`` how often for two strangers.
``u`` comes from the data set's own frequencies (a shared "smith" is worth less
than a shared "okonkwo"), so a name many people share cannot carry a merge
alone. The sum plus the prior is mapped to a probability with ``1/(1+2^-w)``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from rapidfuzz.distance import JaroWinkler

from warmly.identity.match_config import MatchConfig
from warmly.identity.match_features import Features, Frequencies
from warmly.identity.names import HandleName, PersonName, name_patterns, nickname_equivalent

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


def _bits(m: float, u: float, cap: float) -> float:
    return min(cap, math.log2(m / max(u, 1e-12)))


def _strangers(count: int, cfg: MatchConfig) -> float:
    """People carrying a value who are not the human in question.

    A value held by ``count`` people includes the human's own other records
    (about ``records_per_human``); counting those as strangers would make every
    handle or name look shared even when one human holds it.
    """
    return max(count - cfg.records_per_human, cfg.min_strangers)


def compare_names(
    a: PersonName, b: PersonName, fq: Frequencies, cfg: MatchConfig
) -> Evidence | None:
    """Compare two normalised names; ``None`` when they neither agree nor clash."""
    pair = f"'{a.display}' ~ '{b.display}'"
    tf_first = max(fq.tf(fq.first, a.first, fq.named), fq.tf(fq.first, b.first, fq.named))
    shared_last = a.last_parts & b.last_parts
    if a.last and b.last and shared_last:
        tf_last = min(fq.tf(fq.last, p, fq.named) for p in shared_last)
        if a.first == b.first and len(a.first) > 1 and a.last != b.last:
            return Evidence(
                _bits(cfg.m_partial_last, tf_first * tf_last, cfg.max_name_bits),
                "partial-last",
                f"same first name, part of the last name ({pair})",
            )
        if a.first == b.first and len(a.first) > 1:
            count = fq.full.get(a.full, 1)
            # Independence of first and last names underestimates how often two
            # strangers share a name inside one culture; the observed count of
            # the full name, less the copies of this human, bounds it from below.
            u = max(tf_first * tf_last, _strangers(count, cfg) / max(fq.named, fq.floor))
            common = f", shared by {count} people" if count >= cfg.common_name_count else ""
            return Evidence(
                _bits(cfg.m_exact_name, u, cfg.max_name_bits),
                "exact-name",
                f"same name after normalisation ({pair}{common})",
            )
        if nickname_equivalent(a.first, b.first):
            return Evidence(
                _bits(cfg.m_nickname, tf_first * tf_last, cfg.max_name_bits),
                "nickname",
                f"same name after normalisation ({pair}, nickname)",
            )
        if a.first[0] == b.first[0] and min(len(a.first), len(b.first)) == 1:
            tf_i = fq.tf(fq.initial, a.first[0], fq.named)
            return Evidence(
                _bits(cfg.m_initial, tf_i * tf_last, cfg.max_name_bits),
                "initial",
                f"same last name and first initial ({pair})",
            )
        if JaroWinkler.similarity(a.first, b.first) >= cfg.fuzzy_first_similarity:
            return Evidence(
                _bits(cfg.m_fuzzy, tf_first * tf_last, cfg.max_name_bits),
                "fuzzy-name",
                f"similar names ({pair}, spelling variant)",
            )
        return Evidence(
            cfg.w_first_name_conflict,
            "conflict",
            f"same last name, different first names ({pair}): against",
        )
    if a.last and b.last:
        sim = JaroWinkler.similarity(a.full, b.full)
        if a.first == b.first and sim >= cfg.fuzzy_full_similarity:
            tf_last = max(fq.tf(fq.last, a.last, fq.named), fq.tf(fq.last, b.last, fq.named))
            return Evidence(
                _bits(cfg.m_fuzzy, tf_first * tf_last, cfg.max_name_bits),
                "fuzzy-name",
                f"similar names ({pair}, spelling variant)",
            )
        if {a.first, a.last} == {b.first, b.last}:
            return Evidence(
                _bits(
                    cfg.m_nickname, tf_first * fq.tf(fq.last, a.last, fq.named), cfg.max_name_bits
                ),
                "exact-name",
                f"same name, order swapped ({pair})",
            )
        if a.first == b.first or nickname_equivalent(a.first, b.first):
            return Evidence(
                cfg.w_last_name_conflict, "conflict", f"different last names ({pair}): against"
            )
        return Evidence(cfg.w_name_conflict, "conflict", f"different names ({pair}): against")
    # One side (or both) gave a first name only ("Jane 🚀 | building things").
    if len(a.first) > 1 and (a.first == b.first or nickname_equivalent(a.first, b.first)):
        return Evidence(
            _bits(cfg.m_first_only, tf_first, cfg.max_name_bits),
            "first-name",
            f"same first name, last name missing ({pair})",
        )
    if a.first and b.first and a.first[0] != b.first[0] and len(a.first) > 1 and len(b.first) > 1:
        return Evidence(cfg.w_name_conflict, "conflict", f"different names ({pair}): against")
    return None


def compare_name_handle(
    n: PersonName,
    platform: str,
    handle: str,
    h: HandleName,
    fq: Frequencies,
    handle_count: int,
    cfg: MatchConfig,
) -> Evidence | None:
    """Does a handle spell this name (``jdoe`` for Jane Doe)?"""
    tf_first = fq.tf(fq.first, n.first, fq.named)
    u_handle = _strangers(handle_count, cfg) / max(fq.people, fq.floor)
    if (
        h.first
        and h.last
        and len(h.last) > 1
        and n.last
        and h.last in n.last_parts
        and (h.first == n.first or nickname_equivalent(h.first, n.first))
    ):
        level, m = "full", cfg.m_handle_full
    elif n.last and (level_ := name_patterns(n).get(h.compact)) is not None:
        level = level_
        m = {
            "full": cfg.m_handle_full,
            "reversed": cfg.m_handle_full,
            "initial+last": cfg.m_handle_initial,
        }.get(level, cfg.m_handle_first_initial)
    elif len(n.first) >= 3 and h.compact == n.first:
        level, m, u_handle = "first", cfg.m_handle_first, max(u_handle, tf_first)
    else:
        return None
    tf_last = min((fq.tf(fq.last, p, fq.named) for p in n.last_parts), default=1.0)
    u = max(u_handle, tf_first * tf_last) if level != "first" else u_handle
    return Evidence(
        _bits(m, u, cfg.max_name_bits),
        "handle~name",
        f"{platform} handle '{handle}' matches name '{n.display}' ({level})",
    )


def compare_handles(
    a: Features, b: Features, fq: Frequencies, counts: dict[str, int], cfg: MatchConfig
) -> Evidence | None:
    """The same chosen handle on two platforms (``janedoe`` on X and Mastodon)."""
    best: Evidence | None = None
    for pa, ha, sa in a.handles:
        if len(sa.compact) < cfg.min_same_handle_length:
            continue
        for pb, hb, sb in b.handles:
            if sa.compact == sb.compact and pa != pb:
                u = _strangers(counts.get(sa.compact, 1), cfg) / max(fq.people, fq.floor)
                ev = Evidence(
                    _bits(cfg.m_same_handle, u, cfg.max_name_bits),
                    "same-handle",
                    f"same handle on {pa} and {pb} ('{ha}' ~ '{hb}')",
                )
                if best is None or ev.bits > best.bits:
                    best = ev
    return best


def compare_orgs(a: Features, b: Features, fq: Frequencies, cfg: MatchConfig) -> Evidence | None:
    """Employer agreement: same organisation, or a company email domain that names it."""
    shared = set(a.orgs) & set(b.orgs)
    if shared:
        key = min(shared, key=lambda k: fq.org.get(k, 1))
        u = fq.tf(fq.org, key, fq.people)
        return Evidence(
            _bits(cfg.m_org, u, cfg.max_org_bits), "org", f"same company ({a.orgs[key]})"
        )
    if hit := a.org_labels & b.org_labels:
        label = min(hit, key=lambda k: (fq.org.get(k, 1), k))
        name = next((v for k, v in a.orgs.items() if label in k.replace(" ", "")), label)
        return Evidence(
            _bits(cfg.m_org, fq.tf(fq.org, label, fq.people), cfg.max_org_bits),
            "org",
            f"same company ({name})",
        )
    for owner, hit in ((a, a.org_labels & b.domains), (b, b.org_labels & a.domains)):
        if hit:
            label = min(hit)
            name = next((v for k, v in owner.orgs.items() if label in k.replace(" ", "")), label)
            return Evidence(
                _bits(cfg.m_org, fq.tf(fq.org, label, fq.people), cfg.max_org_bits),
                "domain",
                f"company email domain ({label}) ~ '{name}'",
            )
    if hit := a.domains & b.domains:
        label = min(hit)
        return Evidence(
            _bits(cfg.m_org, fq.tf(fq.org, label, fq.people), cfg.max_org_bits),
            "domain",
            f"same company email domain ({label})",
        )
    if (a.orgs or a.domains) and (b.orgs or b.domains):
        return Evidence(cfg.w_org_disagree, "org-conflict", "different companies: weakly against")
    return None


def compare_identities(a: Features, b: Features, cfg: MatchConfig) -> list[Evidence]:
    """Different identities on one platform: one human rarely has two profiles."""
    out: list[Evidence] = []
    for platform, handles in a.by_platform.items():
        other = b.by_platform.get(platform)
        if not other or handles & other:
            continue
        w = cfg.conflict_bits.get(platform, cfg.conflict_bits_default)
        shown = f"{min(handles)} vs {min(other)}"
        strength = "against" if w <= -3 else "weakly against"
        out.append(
            Evidence(
                w,
                "identity-conflict",
                f"different {_PLATFORM_LABEL.get(platform, platform)} ({shown}): {strength}",
            )
        )
    return out
