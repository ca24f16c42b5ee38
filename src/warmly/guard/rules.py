"""Platform rules as data: each check reads its numbers from ``PlatformRules``.

Sources (docs/platform-limits.md): LinkedIn Help a550555 (invitation notes), X automation
rules (no identical or substantially similar replies/mentions to many users), Google
email sender guidelines (bulk-mail signals).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from warmly.guard.config import GuardConfig
from warmly.guard.model import Draft, Reason
from warmly.guard.neardup import Match

X_KINDS = ("reply", "mention")
# Unfilled slots: a starting draft's "[your answer]", a merge field's "{{first_name}}" or
# "%FIRSTNAME%". A bracket needs a letter ("[1]" is a footnote) and no "(" after it (a
# Markdown link). Bounded lengths keep a huge draft linear.
_PLACEHOLDER = re.compile(r"\[[^\[\]\n]{1,120}\](?!\()|\{\{[^{}\n]{1,60}\}\}|%[A-Z][A-Z_]{1,30}%")
_LETTER = re.compile(r"[^\W\d_]")


def check_rules(
    draft: Draft,
    matches: Sequence[Match],
    config: GuardConfig,
    *,
    linkedin_premium: bool = False,
    linkedin_notes_this_month: int | None = None,
) -> list[Reason]:
    """Every platform rule the draft breaks (empty when none)."""
    out = _placeholders(draft)
    platform = draft.platform.lower()
    if platform == "linkedin" and draft.kind == "invitation_note":
        out += _linkedin_note(draft, config, linkedin_premium, linkedin_notes_this_month)
    if platform == "x" and draft.kind in X_KINDS:
        out += _x_similar(draft, matches, config)
    if platform == "email" or draft.kind == "email":
        out += _email_bulk(draft, config)
    return out


def _placeholders(draft: Draft) -> list[Reason]:
    found = [m[0] for m in _PLACEHOLDER.finditer(draft.text) if _LETTER.search(m[0])]
    found = list(dict.fromkeys(found))
    if not found:
        return []
    shown = ", ".join(f'"{p}"' for p in found)
    return [
        Reason(
            "draft.placeholder",
            "rule",
            "fail",
            f"The draft still has a placeholder to fill in ({shown}): sent as it is, it "
            "tells them nobody wrote it for them. Replace it with what you mean.",
            {"placeholders": found},
        )
    ]


def _linkedin_note(
    draft: Draft, config: GuardConfig, premium: bool, used: int | None
) -> list[Reason]:
    r = config.rules
    limit = r.linkedin_note_chars_premium if premium else r.linkedin_note_chars_free
    out: list[Reason] = []
    if len(draft.text) > limit:
        plan = "Premium" if premium else "free"
        out.append(
            Reason(
                "linkedin.note_length",
                "rule",
                "fail",
                f"LinkedIn invitation notes on a {plan} account stop at {limit} "
                f"characters; this one has {len(draft.text)}. Cut "
                f"{len(draft.text) - limit} characters or send a message after "
                "they accept.",
                {"length": len(draft.text), "limit": limit, "premium": premium},
            )
        )
    if not premium and used is not None and used >= r.linkedin_free_notes_per_month:
        out.append(
            Reason(
                "linkedin.notes_per_month",
                "rule",
                "fail",
                f"Free LinkedIn accounts get {r.linkedin_free_notes_per_month} "
                f"personalised notes a month and {used} were used: send the "
                "invitation without a note, or wait for next month.",
                {"used": used, "limit": r.linkedin_free_notes_per_month},
            )
        )
    return out


def _x_similar(draft: Draft, matches: Sequence[Match], config: GuardConfig) -> list[Reason]:
    # X judges content on X, so copies sent on other platforms do not count here.
    similar = [
        m
        for m in matches
        if not m.same_party and m.platform.lower() in ("x", "") and m.kind in (*X_KINDS, "")
    ]
    parties = sorted({m.party for m in similar})
    limit = config.rules.x_similar_max_recipients
    if len(parties) < limit:
        return []
    return [
        Reason(
            "x.similar_to_many",
            "rule",
            "fail",
            f"X's automation rules forbid identical or substantially similar "
            f"replies and mentions to many users; this {draft.kind} matches ones "
            f"already sent to {len(parties)} people in the window. Write it "
            "for this person, or skip it.",
            {"recipients": parties, "message_ids": [m.message_id for m in similar]},
        )
    ]


def _email_bulk(draft: Draft, config: GuardConfig) -> list[Reason]:
    r = config.rules
    out: list[Reason] = []
    n = len(set(draft.recipients) | {draft.to})
    if n > r.email_max_recipients:
        out.append(
            Reason(
                "email.many_recipients",
                "rule",
                "fail",
                f"{n} recipients on one email reads as bulk mail (warmly's limit is "
                f"{r.email_max_recipients}); write to each person, or use a list "
                "tool with one-click unsubscribe.",
                {"recipients": n, "limit": r.email_max_recipients},
            )
        )
    subject = draft.subject or ""
    letters = [ch for ch in subject if ch.isalpha()]
    caps = sum(ch.isupper() for ch in letters) / len(letters) if letters else 0.0
    if len(letters) >= 4 and caps >= r.caps_subject_share:
        out.append(
            Reason(
                "email.caps_subject",
                "rule",
                "fail",
                f'The subject "{subject}" is mostly capitals, a classic spam-filter '
                "signal; write it in sentence case.",
                {"subject": subject},
            )
        )
    body = f"{subject}\n{draft.text}".lower()
    hits = [p for p in r.spam_phrases if re.search(rf"(?<!\w){re.escape(p)}(?!\w)", body)]
    if hits:
        out.append(
            Reason(
                "email.spam_phrase",
                "rule",
                "fail",
                "Bulk-mail wording (" + ", ".join(f'"{h}"' for h in hits) + ") makes "
                "a personal email look like a campaign to spam filters and to the "
                "reader; say it in your own words.",
                {"phrases": hits},
            )
        )
    return out
