"""How much a draft is about *this* recipient rather than anyone in the network.

Evidence is the draft's words that also occur in the recipient's context (profile,
posts, messages, shared notes), each weighted by how rare the word is across the whole
network (IDF over every contact's context): "Kestrel" in Jane's post is strong
evidence, "python" shared by half the network is weak. Names, companies and handles
give *no* evidence: a mail merge inserts exactly those. Stock openers ("I came across
your profile") subtract. No model download: a document-frequency table is enough, and
the lead can keep it as one JSON row updated incrementally.

score = clip(1 - exp(-evidence / scale) - penalty * stock_phrases, 0, 1)
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
class Specificity:
    """The score and the words behind it."""

    score: float
    evidence: tuple[str, ...]  # draft terms specific to the recipient, strongest first
    stock_phrases: tuple[str, ...]
    hint: str


def terms(text: str) -> list[str]:
    """Stemmed content terms (stopwords and 1-2 letter words dropped; character bigrams
    of Chinese or Japanese kept)."""
    return [
        stem(t)
        for t in tokens(text)
        if (len(t) > 2 or (len(t) == 2 and is_unspaced(t))) and t not in STOPWORDS
    ]


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
    merge = _merge_terms(ctx)
    context_terms = {t for item in ctx.items for t in terms(item.text)} - merge
    shared = sorted(set(terms(draft)) & context_terms, key=lambda t: (-background.rarity(t), t))
    evidence = sum(background.rarity(t) for t in shared)
    found = stock_phrases(draft, c.generic_phrases)
    raw = 1.0 - math.exp(-evidence / EVIDENCE_SCALE) - c.generic_phrase_penalty * len(found)
    value = round(min(1.0, max(0.0, raw)), 3)
    hint = "" if value >= c.specificity_threshold else suggest(ctx, background, set(shared))
    return Specificity(value, tuple(shared), tuple(found), hint)


def suggest(ctx: RecipientContext, background: Background, used: set[str], limit: int = 3) -> str:
    """Name the most distinctive, most recent facts about the recipient to mention."""
    merge = _merge_terms(ctx)
    ranked: list[tuple[float, ContextItem]] = []
    for item in ctx.items:
        own = set(terms(item.text)) - merge - used
        if own:
            weight = sum(background.rarity(t) for t in own) / math.sqrt(len(own))
            ranked.append((weight, item))
    ranked.sort(key=lambda p: (-p[0], -(p[1].at.timestamp() if p[1].at else 0.0)))
    if not ranked:
        return "Nothing is known about this person yet: ask about their work, or add a note first."
    facts = [f'{_label(item)} "{_snippet(item.text)}"' for _, item in ranked[:limit]]
    return "Mention something only they would recognise, e.g. " + "; ".join(facts) + "."


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


def _snippet(text: str, width: int = 70) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1].rsplit(" ", 1)[0] + "…"
