"""Thresholds and weights of the matcher, every number with its meaning.

Name evidence is a posterior odds ``m / strangers`` (see
:mod:`warmly.identity.match_freq`); other weights are in bits (log2 likelihood
ratios). ``m_*`` values are the share of true same-human pairs that show a
given agreement, ``u_*`` the share of strangers; they were set from the
benchmark world (``bench/identity_resolution.py``) and rounded so that its
confidences are calibrated (``--calibration`` prints predicted against actual
per rule), and are the knobs to tune against a labelled sample of real data.
"""

from __future__ import annotations

from dataclasses import dataclass, field


def _default_conflicts() -> dict[str, float]:
    # One human has one LinkedIn profile (LinkedIn's user agreement forbids a
    # second), so two slugs is nearly proof of two people. People do keep
    # several emails and the odd second X or Mastodon account.
    return {
        "linkedin": -12.0,
        "bluesky": -4.0,
        "x": -4.0,
        "mastodon": -3.0,
        "phone": -1.0,
        "web": -1.0,
        "email": -0.5,
    }


@dataclass(frozen=True, slots=True)
class MatchConfig:
    """Configuration of :func:`warmly.identity.match.find_candidates`."""

    auto_merge: float = 0.92
    """Confidence at or above which a pair may be merged without asking."""
    max_false_merges: float = 0.01
    """Expected share of wrong auto-merges allowed (see ``match_select``): pairs
    above ``auto_merge`` are merged surest first while the mean of their
    chances of being wrong stays at or below this."""
    review: float = 0.70
    """Confidence at or above which a pair is returned for the user to review."""
    max_block: int = 60
    """Blocks with more people than this are skipped (see ``match_blocking``)."""
    duplicates_per_person: float = 1.0
    """Prior when names say nothing: expected number of *other* people that are the
    same human as a given person, spread over all humans."""
    min_population: int = 2_000
    """Frequencies are estimated as if there were at least this many people, so
    that in a small ledger two people named Jane are not half of all Janes."""
    records_per_human: float = 1.6
    """Persons per named human when the data is too small to measure it
    (``match_freq._rho`` measures it on names that are almost surely unique)."""
    min_strangers: float = 0.005
    """Floor of the expected strangers sharing a name: typos, namesakes the model
    cannot see. A name alone thus reaches at most odds 200 (0.995); how far
    below that a pair falls is for the data to say (namesakes measured on the
    ledger), and ledger-wide the share of expected wrong merges is capped by
    ``max_false_merges``."""

    m_exact_name: float = 1.0
    """Odds numerator for the same canonical name spelled the same way."""
    m_nickname: float = 0.9
    """... spelled through a nickname (Bob ~ Robert)."""
    m_handle_name: float = 0.8
    """... where one side's name comes from a handle (``jane_doe42``): splits can err."""
    m_initial: float = 2.0
    """... one side gives only an initial (J. Doe, ``jdoe``). Above 1: the
    strangers estimate counts every J-something Doe, most of whom never show
    up as "J. Doe"; at 0.5 the benchmark's initial pairs at confidence 0.55
    were right 92 % of the time (calibration, ``bench/identity_resolution.py
    --calibration``)."""
    m_fuzzy: float = 0.3
    """... the names differ by a spelling variant (JaroWinkler above the bars)."""
    m_first_only: float = 1.0
    """... one side has a given name only, and it agrees (at 0.5, pairs at
    confidence 0.45 were right 85 % of the time)."""
    fuzzy_first_similarity: float = 0.90
    """JaroWinkler similarity of given names for a spelling variant (same surname)."""
    fuzzy_full_similarity: float = 0.94
    """JaroWinkler similarity of surnames for a variant (same given name)."""
    max_name_bits: float = 12.0
    """Cap on the name odds: a unique name is strong, not infinite, evidence."""

    m_same_handle: float = 0.4
    """Share of same-human pairs holding the same handle on two networks."""
    u_same_handle: float = 0.3
    """Chance a stranger with the same name picked the same digit-free handle."""
    u_same_handle_digits: float = 0.03
    """... the same handle with digits (``johnsmith42``)."""
    handle_strangers: float = 0.02
    """Without a name: expected strangers holding a distinctive handle (``maplewave579``:
    eight characters with digits that are not a year) that no one else in the
    ledger holds: impersonation, coincidence. A same handle alone thus reaches
    odds 20 (0.95)."""
    handle_strangers_plain: float = 0.2
    """... a word-like handle (``pixelfox``, ``coffeelover``, ``jdoe1985``): strangers
    pick those too, so alone it reaches odds 2 (review at most)."""

    m_org: float = 0.55
    """Share of same-human pairs with an employer in common (job changes lower it)."""
    max_org_bits: float = 10.0
    """Cap on the employer weight (a one-person company is not proof)."""
    w_org_disagree: float = -1.0
    """Both name employers and none agree: people change jobs, so weak evidence."""
    w_first_name_conflict: float = -8.0
    """Same surname, unrelated given names (spouses, siblings, colleagues)."""
    w_last_name_conflict: float = -5.0
    """Same given name, different surnames (could be a marriage, mostly is not)."""
    w_name_conflict: float = -10.0
    """Names share nothing."""
    conflict_bits: dict[str, float] = field(default_factory=_default_conflicts)
    """Weight when both people hold identities on a platform and none is shared."""
    conflict_bits_default: float = -1.0
    """The same for a platform missing from ``conflict_bits``."""
    exclusive_bits: float = -3.0
    """Platforms at or below this conflict weight are exclusive: a person can be one
    human's account there only once, so rival candidates share the probability
    and an auto-merge that would join two such accounts is held for review."""
