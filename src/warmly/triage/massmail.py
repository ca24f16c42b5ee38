"""How many distinct senders sent (near) the same text: the mass-mail oracle.

The production oracle is the guard's MinHash index (``warmly.guard``); triage
only needs the protocol below. :class:`InMemoryMassMailOracle` is the simple
stand-in for tests and small batches: exact match of masked text, else token-set
Jaccard ≥ 0.8 with prefix filtering so a batch is not compared pair by pair.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Hashable, Iterable
from typing import Protocol

from warmly.triage.text import PLACEHOLDER, fold, greeting_pattern

_GREETING_NAME = re.compile(
    rf"^(\s*{greeting_pattern()}),?\s+[^\s,!:.]+(?:\s+[A-Z][\w'-]*)?",
    re.IGNORECASE,
)
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_NUMBER = re.compile(r"\d[\d,.]*")
_HTML = re.compile(r"<[^>]{1,200}>")
_WORD = re.compile(r"<[a-z]+>|[a-z0-9]+")


class MassMailOracle(Protocol):
    """Anything that can say how many distinct senders sent near-the-same text."""

    def senders_with_similar(self, text: str) -> int:
        """Distinct senders (this text's own sender included if indexed) of near-same text."""
        ...


def mask(text: str) -> str:
    """Normalised text with merge fields, greeted names, links, emails and numbers masked."""
    text = _HTML.sub(" ", text)
    text = PLACEHOLDER.sub(" <name> ", text)
    text = _GREETING_NAME.sub(r"\1 <name>", text.strip())
    text = _URL.sub(" <url> ", text)
    text = _EMAIL.sub(" <email> ", text)
    text = _NUMBER.sub(" <num> ", text)
    return " ".join(_WORD.findall(fold(text)))


class InMemoryMassMailOracle:
    """Exact masked-text hashes plus token-set Jaccard ≥ ``threshold`` (prefix-filtered)."""

    def __init__(self, threshold: float = 0.8) -> None:
        self.threshold = threshold
        self._exact: dict[str, set[Hashable]] = defaultdict(set)
        # Distinct token sets, each with every sender who sent it: a campaign of a
        # thousand copies is one set to compare against, not a thousand.
        self._sets: list[frozenset[str]] = []
        self._senders: list[set[Hashable]] = []
        self._set_id: dict[frozenset[str], int] = {}
        self._index: dict[str, list[int]] = defaultdict(list)
        self._freq: dict[str, int] = defaultdict(int)
        self._indexed = -1  # number of sets when _index was last built

    @classmethod
    def from_messages(
        cls, messages: Iterable[tuple[Hashable, str]], threshold: float = 0.8
    ) -> InMemoryMassMailOracle:
        """An oracle over ``(sender, text)`` pairs, e.g. every inbound message of a batch."""
        oracle = cls(threshold)
        for sender, text in messages:
            oracle.add(sender, text)
        return oracle

    def _prefix(self, toks: frozenset[str]) -> list[str]:
        # Two sets with Jaccard ≥ t share a token among the first |x| − ⌈t·|x|⌉ + 1
        # of each in any fixed global order (Chaudhuri et al. 2006, prefix filtering).
        # Rarest tokens first keeps the candidate lists short.
        n = len(toks) - math.ceil(self.threshold * len(toks)) + 1
        return sorted(toks, key=lambda t: (self._freq.get(t, 0), t))[: max(1, n)]

    def _reindex(self) -> None:
        """Rebuild the prefix index under the current token frequencies (after adds)."""
        self._index = defaultdict(list)
        for i, toks in enumerate(self._sets):
            for tok in self._prefix(toks):
                self._index[tok].append(i)
        self._indexed = len(self._sets)

    def add(self, sender: Hashable, text: str) -> None:
        """Index one message of ``sender``."""
        masked = mask(text)
        self._exact[masked].add(sender)
        toks = frozenset(masked.split())
        if not toks:
            return
        sid = self._set_id.get(toks)
        if sid is None:
            sid = self._set_id[toks] = len(self._sets)
            self._sets.append(toks)
            self._senders.append(set())
            for tok in toks:
                self._freq[tok] += 1
        self._senders[sid].add(sender)

    def senders_with_similar(self, text: str) -> int:
        """Distinct senders whose indexed text equals or nearly equals ``text``."""
        if self._indexed != len(self._sets):
            self._reindex()
        masked = mask(text)
        senders = set(self._exact.get(masked, ()))
        toks = frozenset(masked.split())
        if toks:
            seen: set[int] = set()
            for tok in self._prefix(toks):
                for i in self._index.get(tok, ()):
                    if i in seen:
                        continue
                    seen.add(i)
                    other = self._sets[i]
                    if self._senders[i] <= senders:
                        continue
                    inter = len(toks & other)
                    if inter / (len(toks) + len(other) - inter) >= self.threshold:
                        senders |= self._senders[i]
        return len(senders)
