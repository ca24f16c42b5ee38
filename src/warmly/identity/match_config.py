"""Thresholds and weights of the matcher, every number with its meaning.

Weights are in bits (log2 likelihood ratios). ``m_*`` values are the share of
true same-human pairs that show a given agreement; they were set from the
benchmark world (``bench/identity_resolution.py``) and rounded, and are the
knobs to tune against a labelled sample of real data.
"""

from __future__ import annotations

from dataclasses import dataclass, field


def _default_conflicts() -> dict[str, float]:
    # One human has one LinkedIn profile (LinkedIn's user agreement forbids a
    # second), so two slugs is nearly proof of two people. People do keep
    # several emails and the odd second X or Mastodon account.
    return {
        "linkedin": -12.0,
        "bluesky": -3.0,
        "x": -2.5,
        "mastodon": -1.5,
        "phone": -1.0,
        "web": -1.0,
        "email": -0.5,
    }


@dataclass(frozen=True, slots=True)
class MatchConfig:
    """Configuration of :func:`warmly.identity.match.find_candidates`."""

    auto_merge: float = 0.92
    """Confidence at or above which a pair may be merged without asking."""
    review: float = 0.70
    """Confidence at or above which a pair is returned for the user to review."""
    max_block: int = 200
    """Blocks with more people than this are skipped (see ``match_blocking``)."""
    duplicates_per_person: float = 1.0
    """Prior: expected number of *other* people in the data set that are the same
    human as a given person. The prior odds of a pair are this over the number of
    people (Fellegi–Sunter's λ); 1.0 ≈ each human seen as two people."""
    min_population: int = 5_000
    """Frequencies are estimated as if there were at least this many people, so
    that in a small ledger two people named Jane are not half of all Janes."""
    records_per_human: float = 2.0
    """People one human typically appears as before matching; subtracted from a
    value's count to estimate the strangers sharing it (``match_score._strangers``)."""
    min_strangers: float = 0.25
    """Floor of that estimate: even a value seen once could be shared by a stranger."""
    common_name_count: int = 5
    """A full name shared by at least this many people is "common": such a pair
    is never auto-merged on names alone, it needs a company, domain, or handle."""

    m_exact_name: float = 0.60
    """Share of same-human pairs whose normalised first and last names are equal."""
    m_nickname: float = 0.06
    """... whose given names are nicknames of one another (bob ~ robert)."""
    m_partial_last: float = 0.03
    """... whose compound last names share a part (García-López ~ García)."""
    m_initial: float = 0.04
    """... where one side gives only an initial (J. Doe)."""
    m_fuzzy: float = 0.02
    """... whose names differ by a spelling variant (JaroWinkler above the bars)."""
    m_first_only: float = 0.10
    """... where one side has a first name only and it agrees."""
    fuzzy_first_similarity: float = 0.90
    """JaroWinkler similarity of given names for a spelling variant (same last name)."""
    fuzzy_full_similarity: float = 0.94
    """JaroWinkler similarity of full names for a variant of the last name."""
    max_name_bits: float = 22.0
    """Cap on any one name weight: a unique name is strong, not infinite, evidence."""

    m_handle_full: float = 0.25
    """Share of same-human pairs where a handle spells the full name (janedoe)."""
    m_handle_initial: float = 0.10
    """... an initial and the last name (jdoe)."""
    m_handle_first_initial: float = 0.04
    """... the first name and last initial (janed)."""
    m_handle_first: float = 0.08
    """... the first name only (jane@acme.com)."""
    m_same_handle: float = 0.35
    """... the same handle on two platforms (janedoe on X and Mastodon)."""
    min_same_handle_length: int = 5
    """Shorter handles are too generic to count as "the same handle"."""
    corroboration: float = 0.35
    """Handle and name evidence are correlated (handles are made from names), so
    the weaker of the two adds only this fraction of its weight."""

    m_org: float = 0.55
    """Share of same-human pairs with an employer in common (job changes lower it)."""
    max_org_bits: float = 12.0
    """Cap on the employer weight (a one-person company is not proof)."""
    w_org_disagree: float = -1.0
    """Both name employers and none agree: people change jobs, so weak evidence."""
    w_first_name_conflict: float = -8.0
    """Same last name, unrelated first names (spouses, siblings, colleagues)."""
    w_last_name_conflict: float = -4.0
    """Same first name, different last names (could be a marriage, mostly is not)."""
    w_name_conflict: float = -10.0
    """Names share nothing."""
    conflict_bits: dict[str, float] = field(default_factory=_default_conflicts)
    """Weight when both people hold identities on a platform and none is shared."""
    conflict_bits_default: float = -1.0
    """The same for a platform missing from ``conflict_bits``."""
