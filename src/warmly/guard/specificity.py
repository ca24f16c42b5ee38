"""How much a draft is about *this* recipient rather than anyone in the network.

Evidence is the draft's words that also occur in the recipient's context (profile,
posts, messages, shared notes), each weighted by how rare the word is across the whole
network (IDF over every contact's context): "Kestrel" in Jane's post is strong
evidence, "python" shared by half the network is weak. Names, companies and handles
give *no* evidence: a mail merge inserts exactly those. Stock openers ("I came across
your profile") subtract. No model download: a document-frequency table is enough, and
the lead can keep it as one JSON row updated incrementally.

score = clip(1 - exp(-evidence / scale) - penalty * stock_phrases, 0, 1)

The hint below a low score follows the same arithmetic: it names only facts whose
words would lift *this* draft over the threshold, and those words, so advice and
score never disagree (naming a role everyone in the network has, or the company a
merge fills in, is not sold as the fix).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from warmly.guard.config import GuardConfig
from warmly.guard.mask import RecipientTokens
from warmly.guard.words import STOPWORDS, is_unspaced, stem, tokens

EVIDENCE_SCALE = 1.5  # one rare shared term -> ~0.49, two -> ~0.74, three -> ~0.86
MAX_HINT_WORDS = 3  # a hint asks for at most this many words from one fact
_COMMON = 0.5  # rarity below this: many contacts share the word


@dataclass(frozen=True)
class ContextItem:
    """One thing known about the recipient: a post, a message, a note, a profile field."""

    kind: str  # "profile" | "post" | "message_in" | "message_out" | "note" | "title" ...
    text: str
    at: datetime | None = None


@dataclass(frozen=True)
class RecipientContext:
    """What the ledger knows about one recipient (the lead fills this from SQL)."""

    person_id: str
    tokens: RecipientTokens = field(default_factory=RecipientTokens)
    items: tuple[ContextItem, ...] = ()


@dataclass
class Background:
    """Document frequencies of stemmed terms over the network (one doc per contact)."""

    n_docs: int = 0
    df: Counter[str] = field(default_factory=Counter)

    def add(self, text: str) -> None:
        """Count one contact's context (call once per contact, or when it changes)."""
        self.n_docs += 1
        self.df.update(set(terms(text)))

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> Background:
        bg = cls()
        for text in texts:
            bg.add(text)
        return bg

    def rarity(self, term: str) -> float:
        """IDF scaled to [0, 1]: 1 for a term no other contact shares, ~0 for a common one."""
        if self.n_docs <= 1:
            return 1.0
        idf = math.log((1 + self.n_docs) / (1 + self.df.get(term, 0)))
        return min(1.0, idf / math.log(1 + self.n_docs))

    def to_dict(self) -> dict[str, Any]:
        return {"n_docs": self.n_docs, "df": dict(self.df)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Background:
        return cls(int(data["n_docs"]), Counter({str(k): int(v) for k, v in data["df"].items()}))


@dataclass(frozen=True)
class Suggestion:
    """A fact about the recipient to mention, and the words of it the score would count."""

    item: ContextItem
    words: tuple[str, ...]  # as the fact writes them (lower case)
    gain: float  # evidence they add to the draft


@dataclass(frozen=True)
class Specificity:
    """The score and the words behind it."""

    score: float
    evidence: tuple[str, ...]  # draft terms specific to the recipient, strongest first
    stock_phrases: tuple[str, ...]
    hint: str
    # Below the threshold: facts whose words alone would lift the draft over it (or,
    # when no single fact can, the fewest that can together), most useful first.
    suggestions: tuple[Suggestion, ...] = ()


def _content(token: str) -> bool:
    return (len(token) > 2 or (len(token) == 2 and is_unspaced(token))) and token not in STOPWORDS


def terms(text: str) -> list[str]:
    """Stemmed content terms (stopwords and 1-2 letter words dropped; character bigrams
    of Chinese or Japanese kept)."""
    return [stem(t) for t in tokens(text) if _content(t)]


def stock_phrases(text: str, patterns: Sequence[str]) -> list[str]:
    """The generic phrases found in ``text``, as written there."""
    low = text.lower().replace("’", "'")
    return [m[0] for p in patterns if (m := re.search(p + r"\w*", low))]


def _merge_terms(ctx: RecipientContext) -> set[str]:
    t = ctx.tokens
    return {s for v in (*t.names, *t.companies, *t.handles, *t.emails) for s in terms(v)}


def score(
    draft: str, ctx: RecipientContext, background: Background, config: GuardConfig | None = None
) -> Specificity:
    """Specificity of ``draft`` for the recipient in ``ctx``, with a hint when it is low."""
    c = config or GuardConfig()
    shared, evidence = _shared(draft, ctx, background)
    found = stock_phrases(draft, c.generic_phrases)
    raw = 1.0 - math.exp(-evidence / EVIDENCE_SCALE) - c.generic_phrase_penalty * len(found)
    value = round(min(1.0, max(0.0, raw)), 3)
    if value >= c.specificity_threshold:
        return Specificity(value, tuple(shared), tuple(found), "")
    tips, hint = suggest(draft, ctx, background, shared, evidence, found, c)
    return Specificity(value, tuple(shared), tuple(found), hint, tips)


def _shared(draft: str, ctx: RecipientContext, background: Background) -> tuple[list[str], float]:
    """The draft's terms found in the recipient's context, strongest first, and their sum."""
    context_terms = {t for item in ctx.items for t in terms(item.text)} - _merge_terms(ctx)
    shared = sorted(set(terms(draft)) & context_terms, key=lambda t: (-background.rarity(t), t))
    return shared, sum(background.rarity(t) for t in shared)


def suggest(
    draft: str,
    ctx: RecipientContext,
    background: Background,
    used: Sequence[str],
    evidence: float,
    found: Sequence[str],
    config: GuardConfig,
    limit: int = 3,
) -> tuple[tuple[Suggestion, ...], str]:
    """What to mention so that the score passes, by the score's own arithmetic, in words."""
    target = config.specificity_threshold + config.generic_phrase_penalty * len(found)
    notes: list[str] = []
    if found and target >= 1.0:  # no detail outweighs this many stock phrases
        notes.append("Drop the stock phrases: with them no detail can lift it over the threshold.")
        target = config.specificity_threshold
        rest = draft.lower().replace("’", "'")
        for phrase in found:  # what is left once they are gone is what counts
            rest = rest.replace(phrase, " ")
        used, evidence = _shared(rest, ctx, background)
    need = -EVIDENCE_SCALE * math.log(1.0 - target) - evidence  # evidence still missing
    if need <= 0:  # enough without the stock phrases: the facts are only a bonus
        need = 1e-9
    notes += _why_not_enough(draft, ctx, background, used)
    tips = _facts(ctx, background, set(used), need, limit)
    if not ctx.items:
        notes.append(
            "Nothing is known about this person yet: ask about their work, or add a note first."
        )
    elif not tips:
        notes.append(
            "What is known about them is shared by too many of your contacts to count: "
            "ask about their work, or add a note first."
        )
    else:
        alone = tips[0].gain >= need - 1e-9
        facts = "; ".join(
            f'{_label(t.item)} "{_snippet(t.item.text, around=t.words[0])}" '
            f"(counts: {', '.join(t.words)})"
            for t in tips[:limit]
        )
        lead = "e.g." if alone else "together (none is enough alone):"
        notes.append(f"Mention something only they would recognise, {lead} {facts}.")
    return tips[:limit], " ".join(notes)


def _facts(
    ctx: RecipientContext, background: Background, used: set[str], need: float, limit: int
) -> tuple[Suggestion, ...]:
    """Each fact with the fewest of its rarest words that lift the draft by ``need``;
    those that can, fewest words and newest first; else up to ``limit`` that can together."""
    merge = _merge_terms(ctx)
    seen: set[tuple[str, ...]] = set()
    tips: list[Suggestion] = []
    for item in ctx.items:
        surface = _surface(item.text)
        # A year or a count is what a merge fills in: never advised, though it may score.
        own = [t for t in set(surface) - merge - used if not t.isdigit()]
        own.sort(key=lambda t: (-background.rarity(t), t))
        words: list[str] = []
        gain = 0.0
        for t in own[:MAX_HINT_WORDS]:
            if gain >= need:
                break
            words.append(t)
            gain += background.rarity(t)
        key = tuple(words)
        if words and gain > 0 and key not in seen:  # role and position often say the same
            seen.add(key)
            tips.append(Suggestion(item, tuple(surface[t] for t in words), gain))
    alone = [t for t in tips if t.gain >= need - 1e-9]
    if alone:
        alone.sort(key=lambda t: (len(t.words), -(t.item.at.timestamp() if t.item.at else 0.0)))
        return tuple(alone)
    together: list[Suggestion] = []
    for tip in sorted(tips, key=lambda t: -t.gain)[:limit]:
        together.append(tip)
        said = {stem(w) for t in together for w in t.words}  # two facts may share a word
        if sum(background.rarity(t) for t in said) >= need - 1e-9:
            return tuple(together)
    return ()


def _why_not_enough(
    draft: str, ctx: RecipientContext, background: Background, used: Sequence[str]
) -> list[str]:
    """Why what the draft already says about them did not count (or counted little)."""
    out: list[str] = []
    said = set(terms(draft))
    companies = [c for c in ctx.tokens.companies if set(terms(c)) & said]
    if companies:
        named = ", ".join(f'"{c}"' for c in companies)
        out.append(f"Naming their company ({named}) does not count: a mail merge fills it in.")
    if used and all(background.rarity(t) < _COMMON for t in used):
        words = _surface(draft)
        shown = ", ".join(f'"{words.get(t, t)}"' for t in used)
        verb, them = ("counts", "it") if len(used) == 1 else ("count", "them")
        out.append(f"{shown} {verb} for little: many of your contacts share {them}.")
    return out


def _surface(text: str) -> dict[str, str]:
    """Each content term of ``text`` and the first word that gives it, as written."""
    out: dict[str, str] = {}
    for t in tokens(text):
        if _content(t):
            out.setdefault(stem(t), t)
    return out


def _label(item: ContextItem) -> str:
    labels = {
        "post": "their post",
        "message_in": "what they wrote you",
        "message_out": "your last message",
        "note": "your note",
        "profile": "their profile",
        "title": "their role",
    }
    when = f" ({item.at:%d %b})" if item.at else ""
    return labels.get(item.kind, item.kind) + when


def _snippet(text: str, width: int = 70, around: str = "") -> str:
    """``text`` cut to ``width``, starting shortly before ``around`` when it would be cut
    off: the hint's words must be visible in the fact it quotes."""
    flat = " ".join(text.split())
    at = flat.lower().find(around) if around else -1
    if at + len(around) > width - 1:  # starts before the word, on a word boundary
        flat = "…" + flat[max(0, at - width // 3) :].split(" ", 1)[-1]
    return flat if len(flat) <= width else flat[: width - 1].rsplit(" ", 1)[0] + "…"
