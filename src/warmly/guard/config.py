"""Guard policy: every threshold and platform number, with where it comes from.

The defaults below mirror ``[guard]`` in the workspace TOML; ``GuardConfig.from_mapping``
reads that table so a user can override any key. Platform numbers cite
the project's sourced list of platform limits and never appear in code.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import timedelta
from typing import Any

from warmly.config.values import AT_LEAST_ONE, POSITIVE, SHARE, Range, check_table, check_value

# Phrases that mark bulk / marketing mail. Google's sender guidelines
# (support.google.com/a/answer/14229414) require one-click unsubscribe for bulk
# senders, so "unsubscribe" in a personal note says "this is a campaign".
DEFAULT_SPAM_PHRASES: tuple[str, ...] = (
    "unsubscribe",
    "opt out",
    "click here",
    "act now",
    "limited time",
    "100% free",
    "risk-free",
    "risk free",
    "guaranteed",
    "no obligation",
    "special promotion",
    "earn money",
    "make money",
    "cash bonus",
    "you have been selected",
    "congratulations, you",
    "dear friend",
    "to whom it may concern",
)

# Openers that fit anyone; each one found lowers the specificity score.
DEFAULT_GENERIC_PHRASES: tuple[str, ...] = (
    r"(came|come) across your (profile|background)",
    r"(saw|viewed|checked out|impressed (by|with)) your (profile|background|experience)",
    r"great fit for",
    r"exciting (new )?(opportunit|role|position)",
    r"fast[- ]growing",
    r"let'?s connect",
    r"(i'?d|i would) (love|like) to (connect|add you)",
    r"expand (my|our) (professional )?network",
    r"(hope|trust) (this|my message) finds you well",
    r"quick (call|chat) to discuss",
    r"are you open to (new )?(opportunit|roles)",
    r"like-minded professionals?",
    r"(your|an) impressive (profile|background)",
    r"mutually beneficial",
    r"i help (companies|businesses|founders|teams)",
)


@dataclass(frozen=True)
class PlatformRules:
    """Platform limits the guard enforces. Sources: docs/platform-limits.md."""

    # LinkedIn Help a550555: 200 characters on free accounts, 300 on Premium.
    linkedin_note_chars_free: int = 200
    linkedin_note_chars_premium: int = 300
    # LinkedIn Help a550555: 5 personalised invitation notes per month on free accounts.
    linkedin_free_notes_per_month: int = 5
    # X automation rules (help.x.com/en/rules-and-policies/x-automation): no identical or
    # substantially similar replies/mentions "to many users". X gives no number; 2 other
    # recipients in the window is our conservative reading (the seed case: thank-you tweets).
    x_similar_max_recipients: int = 2
    # Bulk-mail signals (Google sender guidelines): a personal email has few recipients.
    email_max_recipients: int = 10
    # A subject that is mostly capitals (>= this share of letters, >= 4 letters) reads as spam.
    caps_subject_share: float = 0.7
    spam_phrases: tuple[str, ...] = DEFAULT_SPAM_PHRASES


@dataclass(frozen=True)
class GuardConfig:
    """Every knob of the outbound guard; see the module docstring for sources."""

    # How far back "everything the user sent" reaches (issue: default 30 days).
    window_days: float = 30.0
    # MinHash size and LSH banding (bands * rows <= num_perm). P(candidate) =
    # 1 - (1 - s^rows)^bands (Broder 1997): 0.95 at s = 0.55, 0.99 at 0.6, 0.05 at 0.2, so copies
    # are found and the few unrelated candidates are dropped by the full-signature check.
    num_perm: int = 128
    bands: int = 32
    rows: int = 4
    seed: int = 1
    # Estimated Jaccard of masked char-5-gram sets: >= template reads as a near-copy,
    # >= duplicate as the same text. docs/platform-limits.md suggests ~0.7 / ~0.9; on
    # bench/eval (short notes, light paraphrase, greeting, small talk and sign-off stripped)
    # 0.55 gives the best F1 (0.954; 0.60: 0.952; 0.70 loses a sixth of the copies).
    template_threshold: float = 0.55
    duplicate_threshold: float = 0.9
    # "Several others": distinct other recipients a near-copy must reach to be a template.
    template_min_recipients: int = 2
    # Below this many masked words a text is too short to call a template ("Thanks!").
    min_template_words: int = 6
    # Candidates verified per query (newest first): bounds latency when one template went
    # to thousands; 300 recent copies are plenty to decide and to name. bench/guard_speed.py.
    max_candidates: int = 300
    # Specificity in [0, 1]: below the threshold a draft "would fit anyone".
    specificity_threshold: float = 0.35
    generic_phrase_penalty: float = 0.2
    # Drafts shorter than this (words) are not judged generic unless they use a stock phrase.
    min_generic_words: int = 8
    generic_phrases: tuple[str, ...] = DEFAULT_GENERIC_PHRASES
    rules: PlatformRules = field(default_factory=PlatformRules)

    @property
    def window(self) -> timedelta:
        """The look-back window as a ``timedelta``."""
        return timedelta(days=self.window_days)

    def __post_init__(self) -> None:
        if self.bands * self.rows > self.num_perm:
            raise ValueError(f"bands*rows ({self.bands}*{self.rows}) exceeds num_perm")
        if not 0.0 < self.template_threshold <= self.duplicate_threshold <= 1.0:
            raise ValueError("need 0 < template_threshold <= duplicate_threshold <= 1")

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> GuardConfig:
        """Build from a TOML ``[guard]`` table (with an optional ``[guard.rules]``).

        ``linkedin_premium`` is checked here but read by the guard service.
        """
        known = {f.name for f in fields(cls)} - {"rules"}
        unknown = set(data) - known - {"rules", "linkedin_premium"}
        if unknown:
            names = ", ".join(sorted(known | {"rules", "linkedin_premium"}))
            raise ValueError(f"[guard] has no key {sorted(unknown)[0]!r}; known: {names}")
        check_value("guard.linkedin_premium", bool, data.get("linkedin_premium", False))
        kwargs = {k: v for k, v in data.items() if k in known}
        kwargs = check_table(cls, "guard", kwargs, _RANGES, frozenset({"rules"}))
        rules_data = data.get("rules", {})
        if not isinstance(rules_data, Mapping):
            raise ValueError(f"[guard.rules]: expected a table, got {rules_data!r}")
        rule_names = {f.name for f in fields(PlatformRules)}
        bad = set(rules_data) - rule_names
        if bad:
            names = ", ".join(sorted(rule_names))
            raise ValueError(f"[guard.rules] has no key {sorted(bad)[0]!r}; known: {names}")
        rules = replace(
            PlatformRules(), **check_table(PlatformRules, "guard.rules", rules_data, _RANGES)
        )
        for phrase in kwargs.get("generic_phrases", ()):
            try:
                re.compile(phrase)
            except re.error as exc:  # found at the first check otherwise, mid-approval
                raise ValueError(
                    f"guard.generic_phrases: {phrase!r} is not a regex: {exc}"
                ) from exc
        return cls(rules=rules, **kwargs)


# Bounds beyond "finite and not negative"; each names what breaks.
_RANGES = {
    "window_days": POSITIVE,
    "num_perm": AT_LEAST_ONE,
    "bands": AT_LEAST_ONE,
    "rows": AT_LEAST_ONE,
    "seed": Range(ge=0, le=2**32 - 1),  # numpy's RandomState seed (datasketch)
    "template_threshold": SHARE,
    "duplicate_threshold": SHARE,
    "template_min_recipients": AT_LEAST_ONE,
    "max_candidates": AT_LEAST_ONE,
    "specificity_threshold": SHARE,
    "generic_phrase_penalty": SHARE,
    "linkedin_note_chars_free": AT_LEAST_ONE,
    "linkedin_note_chars_premium": AT_LEAST_ONE,
    "caps_subject_share": SHARE,
}
