"""Exact and near-duplicate lookup over everything sent (or received) in a window.

Two lookups per query, both one indexed probe in SQL:

* exact: a 63-bit hash of the masked, normalised text (``guard_signatures.exact_key``);
* near: MinHash LSH. Each signature is cut into ``bands`` bands of ``rows`` values; two
  texts that agree on a whole band become candidates, and every candidate is verified
  with the estimated Jaccard of the full signatures (Broder 1997).

SQL shape for the lead (SQLite and PostgreSQL alike; ``BIGINT`` = SQLite INTEGER)::

    CREATE TABLE guard_signatures (
        message_id BIGINT PRIMARY KEY,      -- interactions.id / outbox id
        stream     VARCHAR(3) NOT NULL,     -- 'out' (sent) | 'in' (received)
        party      VARCHAR(300) NOT NULL,   -- recipient (out) or sender (in)
        platform   VARCHAR(20) NOT NULL, kind VARCHAR(20) NOT NULL,
        at         TIMESTAMP NOT NULL,      -- UTC
        exact_key  BIGINT NOT NULL,         -- signature.exact_key(canonical text)
        signature  BLOB NOT NULL            -- signature.to_bytes(): 1 + 4*num_perm bytes
    );
    CREATE INDEX ix_guard_sig_exact ON guard_signatures (exact_key, at);
    CREATE INDEX ix_guard_sig_at ON guard_signatures (stream, at);   -- window pruning
    CREATE TABLE guard_bands (              -- one row per (message, band)
        band_key   BIGINT NOT NULL,         -- Signer.band_keys(): band number mixed in
        message_id BIGINT NOT NULL REFERENCES guard_signatures ON DELETE CASCADE,
        PRIMARY KEY (band_key, message_id)  -- SQLite: WITHOUT ROWID
    );
    CREATE INDEX ix_guard_bands_message ON guard_bands (message_id);  -- deletes

    -- by_bands: one indexed probe per band key, then the window filter
    SELECT s.* FROM guard_signatures s
     WHERE s.message_id IN (SELECT message_id FROM guard_bands WHERE band_key IN (:k1, ...))
       AND s.stream = :stream AND s.at BETWEEN :since AND :until
     ORDER BY s.at DESC LIMIT :limit;

Rows older than the largest window in use can be deleted (``BandStore.remove``); the
index never needs a rebuild when the window changes, it only filters on ``at``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np

from warmly.guard.bandstore import BandStore, IndexEntry, MemoryBandStore
from warmly.guard.config import GuardConfig
from warmly.guard.mask import (
    NO_TOKENS,
    RecipientTokens,
    Scheme,
    canonical,
    content_words,
    fold_placeholders,
)
from warmly.guard.mask import shingles as make_shingles
from warmly.guard.signature import U32, Signer, crc32_char_grams, exact_key, jaccard
from warmly.guard.words import is_unspaced, word_count


@dataclass(frozen=True)
class Prepared:
    """A text reduced to what the index compares: canonical form, hash and signature."""

    normal: str
    words: int
    exact_key: int
    signature: U32


@dataclass(frozen=True)
class Match:
    """An earlier message that the queried text copies (exact) or nearly copies."""

    message_id: int
    party: str
    at: datetime
    similarity: float
    exact: bool
    same_party: bool
    platform: str = ""
    kind: str = ""


class NearDupIndex:
    """The guard's memory of what was sent, over any :class:`BandStore`."""

    def __init__(
        self,
        store: BandStore | None = None,
        config: GuardConfig | None = None,
        *,
        scheme: Scheme = "char5",
        stream: str = "out",
    ) -> None:
        self.config = config or GuardConfig()
        self.store: BandStore = store if store is not None else MemoryBandStore()
        self.scheme: Scheme = scheme
        self.stream = stream
        c = self.config
        self.signer = Signer(c.num_perm, c.seed, c.bands, c.rows)

    def prepare(self, text: str, tokens: RecipientTokens = NO_TOKENS) -> Prepared:
        """Mask, normalise, shingle and sign one text."""
        return self.prepare_many([(text, tokens)])[0]

    def prepare_many(self, items: Sequence[tuple[str, RecipientTokens]]) -> list[Prepared]:
        """Like :meth:`prepare` for a batch; the signatures are computed in one numpy pass."""
        normals = [canonical(text, tokens) for text, tokens in items]
        sigs = self._sign(normals)
        return [
            Prepared(n, _words(text, n), exact_key(n), sigs[i])
            for i, ((text, _), n) in enumerate(zip(items, normals, strict=True))
        ]

    def _sign(self, normals: Sequence[str]) -> U32:
        if self.scheme != "char5":
            return self.signer.signatures([make_shingles(n, self.scheme) for n in normals])
        # Char 5-grams hashed straight from the text bytes in numpy: the same CRC-32 of
        # the same shingles as ``make_shingles`` (canonical text is ASCII), no str objects.
        folded = [fold_placeholders(n) for n in normals]
        if not all(f.isascii() for f in folded):  # bytes would not be characters
            return self.signer.signatures([make_shingles(n, self.scheme) for n in normals])
        hashes, counts = crc32_char_grams([f.encode() for f in folded])
        return self.signer.signatures_from_hashes(hashes, counts)

    def add(
        self,
        message_id: int,
        recipient_id: str,
        sent_at: datetime,
        text: str,
        recipient_tokens: RecipientTokens = NO_TOKENS,
        *,
        platform: str = "",
        kind: str = "",
    ) -> IndexEntry:
        """Index one message (sent, or received when ``stream == "in"``); returns its row."""
        p = self.prepare(text, recipient_tokens)
        entry = IndexEntry(
            message_id, recipient_id, sent_at, p.exact_key, p.signature, self.stream, platform, kind
        )
        self.put([entry])
        return entry

    def put(self, entries: Sequence[IndexEntry]) -> None:
        """Store already-signed entries (a bulk load, or a rebuild from ``guard_signatures``)."""
        if not entries:
            return
        sigs = np.stack([e.signature for e in entries])
        self.store.put(entries, self.signer.band_keys(sigs))

    def rebuild(self, entries: Iterable[IndexEntry], batch: int = 50_000) -> int:
        """Reload stored signatures into this index's store in batches; returns the count."""
        total, chunk = 0, []
        for entry in entries:
            chunk.append(entry)
            if len(chunk) >= batch:
                self.put(chunk)
                total, chunk = total + len(chunk), []
        self.put(chunk)
        return total + len(chunk)

    def query(
        self,
        text: str,
        recipient_tokens: RecipientTokens = NO_TOKENS,
        now: datetime | None = None,
        window: timedelta | None = None,
        *,
        recipient_id: str | None = None,
        exclude: Iterable[int] = (),
        threshold: float | None = None,
    ) -> list[Match]:
        """Earlier messages in ``[now - window, now]`` that the text copies or nearly copies.

        Matches are sorted by similarity, then recency. ``same_party`` marks messages to
        ``recipient_id`` itself: writing twice to one person is never a template.
        """
        if now is None:
            raise ValueError("query needs `now` (engines take the clock as an argument)")
        return self.query_prepared(
            self.prepare(text, recipient_tokens),
            now,
            window,
            recipient_id=recipient_id,
            exclude=exclude,
            threshold=threshold,
        )

    def query_prepared(
        self,
        p: Prepared,
        now: datetime,
        window: timedelta | None = None,
        *,
        recipient_id: str | None = None,
        exclude: Iterable[int] = (),
        threshold: float | None = None,
    ) -> list[Match]:
        """:meth:`query` for an already prepared text."""
        c = self.config
        since = now - (window if window is not None else c.window)
        cut = c.template_threshold if threshold is None else threshold
        skip = set(exclude)
        found: dict[int, Match] = {}
        for e in self.store.by_exact(self.stream, p.exact_key, since, now, c.max_candidates):
            if e.message_id not in skip:
                found[e.message_id] = self._match(e, 1.0, True, recipient_id)
        keys = [k for k in self.signer.band_keys(p.signature)[0].tolist() if k >= 0]
        similar = getattr(self.store, "similar_by_bands", None)
        if keys and similar is not None:  # the store verifies candidates in bulk
            for e, sim in similar(
                self.stream, keys, since, now, c.max_candidates, p.signature, cut, skip | set(found)
            ):
                found[e.message_id] = self._match(e, sim, False, recipient_id)
        elif keys:
            cands = [
                e
                for e in self.store.by_bands(self.stream, keys, since, now, c.max_candidates)
                if e.message_id not in skip and e.message_id not in found
            ]
            if cands:
                sims = jaccard(p.signature, np.stack([e.signature for e in cands]))
                for e, sim in zip(cands, sims.tolist(), strict=True):
                    if sim >= cut:
                        found[e.message_id] = self._match(e, sim, False, recipient_id)
        return sorted(found.values(), key=lambda m: (-m.similarity, -m.at.timestamp()))

    @staticmethod
    def _match(e: IndexEntry, sim: float, exact: bool, recipient_id: str | None) -> Match:
        return Match(
            e.message_id,
            e.party,
            e.at,
            round(sim, 3),
            exact,
            recipient_id is not None and e.party == recipient_id,
            e.platform,
            e.kind,
        )


def _words(text: str, normal: str) -> int:
    """Words the sender wrote. Transliterated Chinese or Japanese has no word breaks, so
    there the count comes from the original text (names included: an estimate)."""
    words = content_words(normal)
    if is_unspaced(text):
        words = max(words, word_count(text))
    return words
