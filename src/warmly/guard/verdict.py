"""``check``: one draft, one verdict, every reason.

Precedence duplicate > templated > rule > generic > ok. The first two are facts about
what was *already sent* (the strongest spam and suspension signal, and they name the
messages, so the user can verify them); a platform rule is a hard external limit but
often a mechanical fix (trim 40 characters); "generic" is a soft score, so it only
decides when nothing firmer does. ``reasons`` always lists every finding, so fixing
the top one never hides the next.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from warmly.guard.config import GuardConfig
from warmly.guard.model import Draft, Reason, Verdict, VerdictName
from warmly.guard.neardup import Match, NearDupIndex
from warmly.guard.rules import check_rules
from warmly.guard.specificity import Background, RecipientContext, score
from warmly.guard.words import word_count

PRECEDENCE: tuple[VerdictName, ...] = ("duplicate", "templated", "rule", "generic")


@dataclass(frozen=True)
class GuardContext:
    """What the lead reads from the ledger for one check (see the package docstring)."""

    recipient: RecipientContext
    background: Background = field(default_factory=Background)
    linkedin_premium: bool = False
    linkedin_notes_this_month: int | None = None
    # Turns a party id into words ("Bob Smith"); the id itself when not given.
    describe: Callable[[str], str] | None = None
    # The user's own blocks and mutes of the recipient ("blocked on X").
    holds: tuple[str, ...] = ()


def check(
    draft: Draft,
    ctx: GuardContext,
    index: NearDupIndex,
    now: datetime,
    config: GuardConfig | None = None,
) -> Verdict:
    """Judge a draft against history, platform rules and the recipient's context."""
    c = config or index.config
    name = ctx.describe or (lambda party: party)
    p = index.prepare(draft.text, ctx.recipient.tokens)
    exclude = [draft.message_id] if draft.message_id is not None else []
    matches = index.query_prepared(p, now, c.window, recipient_id=draft.to, exclude=exclude)
    reasons = _copies(matches, p.words, c, name)
    if ctx.holds:
        reasons.append(
            Reason(
                "do_not_contact",
                "rule",
                "fail",
                f"{name(draft.to)} is someone you {' and '.join(ctx.holds)}: you said you do "
                f"not want to hear from them. `warmly unblock {draft.to}` lifts it.",
                {"holds": list(ctx.holds)},
            )
        )
    reasons += check_rules(
        draft,
        matches,
        c,
        linkedin_premium=ctx.linkedin_premium,
        linkedin_notes_this_month=ctx.linkedin_notes_this_month,
    )
    spec = score(draft.text, ctx.recipient, ctx.background, c)
    judged = word_count(draft.text) >= c.min_generic_words or bool(spec.stock_phrases)
    if judged and spec.score < c.specificity_threshold:
        found = (
            (" It uses stock phrases: " + ", ".join(f'"{s}"' for s in spec.stock_phrases) + ".")
            if spec.stock_phrases
            else ""
        )
        reasons.append(
            Reason(
                "generic",
                "generic",
                "fail",
                f"This would fit anyone: specificity {spec.score:.2f} is below "
                f"{c.specificity_threshold:.2f} (little in it is about {name(draft.to)}).{found} "
                + spec.hint,
                {
                    "score": spec.score,
                    "evidence": list(spec.evidence),
                    "stock_phrases": list(spec.stock_phrases),
                    "hint": spec.hint,
                },
            )
        )
    verdict: VerdictName = "ok"
    for candidate in PRECEDENCE:
        if any(r.verdict == candidate and r.severity == "fail" for r in reasons):
            verdict = candidate
            break
    return Verdict(
        verdict, tuple(reasons), spec.score, c.specificity_threshold, tuple(matches), judged
    )


def _copies(
    matches: Sequence[Match], words: int, c: GuardConfig, name: Callable[[str], str]
) -> list[Reason]:
    others = [m for m in matches if not m.same_party]
    same = [m for m in matches if m.same_party]
    out: list[Reason] = []
    if same:
        out.append(
            Reason(
                "similar.same_person",
                "ok",
                "info",
                f"You wrote something similar to {name(same[0].party)} before "
                f"({_list(same, name)}); repeating yourself to one person is not a "
                "template.",
                {"message_ids": [m.message_id for m in same]},
            )
        )
    if not others:
        return out
    if words < c.min_template_words:
        out.append(
            Reason(
                "similar.too_short",
                "ok",
                "info",
                f"Short ({words} words once names are masked), so copies of it "
                f"({len(others)} in the window) are not called a template.",
                {"message_ids": [m.message_id for m in others]},
            )
        )
        return out
    dups = [m for m in others if m.exact or m.similarity >= c.duplicate_threshold]
    if dups:
        out.append(
            Reason(
                "duplicate",
                "duplicate",
                "fail",
                f"The same text, once names, companies, links and numbers are "
                f"masked, already went to {_people(dups)}: {_list(dups, name)}.",
                _details(dups),
            )
        )
    parties = {m.party for m in others}
    if len(parties) >= c.template_min_recipients:
        out.append(
            Reason(
                "templated",
                "templated",
                "fail",
                f"A near-copy (similarity ≥ {c.template_threshold:.2f}) of messages "
                f"sent to {_people(others)} in the last {c.window_days:g} days: "
                f"{_list(others, name)}.",
                _details(others),
            )
        )
    elif not dups:
        out.append(
            Reason(
                "similar.once",
                "ok",
                "info",
                f"Similar to one earlier message to someone else "
                f"({_list(others, name)}); a template takes "
                f"{c.template_min_recipients} or more people.",
                _details(others),
            )
        )
    return out


def _people(ms: Sequence[Match]) -> str:
    n = len({m.party for m in ms})
    return "1 other person" if n == 1 else f"{n} other people"


def _list(ms: Sequence[Match], name: Callable[[str], str], limit: int = 3) -> str:
    shown = ", ".join(
        f"message {m.message_id} to {name(m.party)} on {m.at:%d %b} ({m.similarity:.0%} alike)"
        for m in ms[:limit]
    )
    return shown + (f" and {len(ms) - limit} more" if len(ms) > limit else "")


def _details(ms: Sequence[Match]) -> dict[str, object]:
    return {
        "message_ids": [m.message_id for m in ms],
        "recipients": sorted({m.party for m in ms}),
        "similarity": {m.message_id: m.similarity for m in ms},
    }
