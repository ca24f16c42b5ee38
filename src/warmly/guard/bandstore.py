"""Where the near-duplicate index lives: the ``BandStore`` protocol and two in-memory stores.

The lead's SQL store mirrors :class:`MemoryBandStore` (see the table shape in
``neardup.py``'s docstring). :class:`ArrayBandStore` is columnar numpy, for a
million-message index rebuilt from stored signatures in seconds.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

import numpy as np

from warmly.guard.signature import I64, U32


@dataclass(frozen=True)
class IndexEntry:
    """One indexed message: a row of ``guard_signatures``.

    ``party`` is the recipient of an outbound message or the sender of an inbound one;
    ``stream`` separates them ("out", "in") so the same machinery serves both.
    """

    message_id: int
    party: str
    at: datetime
    exact_key: int
    signature: U32
    stream: str = "out"
    platform: str = ""
    kind: str = ""


class BandStore(Protocol):
    """Storage for the index. Every lookup is bounded by stream, time window and ``limit``."""

    def put(self, entries: Sequence[IndexEntry], band_keys: I64) -> None:
        """Store entries with their band keys (shape ``(len(entries), bands)``; -1 = none)."""

    def by_exact(
        self, stream: str, key: int, since: datetime, until: datetime, limit: int
    ) -> list[IndexEntry]:
        """Entries whose canonical text hashes to ``key``, newest first."""

    def by_bands(
        self, stream: str, keys: Sequence[int], since: datetime, until: datetime, limit: int
    ) -> list[IndexEntry]:
        """Entries sharing at least one band key with ``keys``, newest first."""

    def remove(self, message_ids: Iterable[int]) -> None:
        """Forget messages (deleted, or aged out of every window in use)."""

    def __len__(self) -> int: ...


def _in_window(e: IndexEntry, stream: str, since: datetime, until: datetime) -> bool:
    return e.stream == stream and since <= e.at <= until


class MemoryBandStore:
    """Dictionaries shaped like the SQL tables: the reference implementation."""

    def __init__(self) -> None:
        self._entries: dict[int, IndexEntry] = {}
        self._bands: dict[int, set[int]] = {}  # guard_bands: band_key -> message ids
        self._exact: dict[int, set[int]] = {}

    def __len__(self) -> int:
        return len(self._entries)

    def put(self, entries: Sequence[IndexEntry], band_keys: I64) -> None:
        for entry, keys in zip(entries, band_keys, strict=True):
            self.remove([entry.message_id])
            self._entries[entry.message_id] = entry
            self._exact.setdefault(entry.exact_key, set()).add(entry.message_id)
            for key in keys.tolist():
                if key >= 0:
                    self._bands.setdefault(key, set()).add(entry.message_id)

    def _pick(
        self, ids: Iterable[int], stream: str, since: datetime, until: datetime, limit: int
    ) -> list[IndexEntry]:
        found = [e for i in ids if _in_window(e := self._entries[i], stream, since, until)]
        found.sort(key=lambda e: (e.at, e.message_id), reverse=True)
        return found[:limit]

    def by_exact(
        self, stream: str, key: int, since: datetime, until: datetime, limit: int
    ) -> list[IndexEntry]:
        return self._pick(self._exact.get(key, ()), stream, since, until, limit)

    def by_bands(
        self, stream: str, keys: Sequence[int], since: datetime, until: datetime, limit: int
    ) -> list[IndexEntry]:
        ids: set[int] = set()
        for key in keys:
            ids |= self._bands.get(key, set())
        return self._pick(ids, stream, since, until, limit)

    def remove(self, message_ids: Iterable[int]) -> None:
        for mid in message_ids:
            old = self._entries.pop(mid, None)
            if old is None:
                continue
            self._exact.get(old.exact_key, set()).discard(mid)
            for ids in self._bands.values():  # O(buckets): fine for the reference store
                ids.discard(mid)


class _Lookup:
    """A multimap int64 key -> row as a sorted array plus an unsorted tail (like a B-tree)."""

    def __init__(self) -> None:
        self.keys = np.empty(0, dtype=np.int64)
        self.rows = np.empty(0, dtype=np.int64)
        self._tail_k: list[I64] = []
        self._tail_r: list[I64] = []
        self._tail_n = 0

    def add(self, keys: I64, rows: I64) -> None:
        ok = keys >= 0
        self._tail_k.append(keys[ok])
        self._tail_r.append(rows[ok])
        self._tail_n += int(ok.sum())
        if self._tail_n > max(65_536, len(self.keys) // 8):  # amortised merge
            self.compact()

    def compact(self) -> None:
        if not self._tail_n:
            return
        keys = np.concatenate([self.keys, *self._tail_k])
        rows = np.concatenate([self.rows, *self._tail_r])
        order = np.argsort(keys, kind="stable")
        self.keys, self.rows = keys[order], rows[order]
        self._tail_k, self._tail_r, self._tail_n = [], [], 0

    def find(self, query: Sequence[int]) -> I64:
        q = np.asarray(query, dtype=np.int64)
        lo = np.searchsorted(self.keys, q, side="left")
        hi = np.searchsorted(self.keys, q, side="right")
        parts = [self.rows[a:b] for a, b in zip(lo.tolist(), hi.tolist(), strict=True) if b > a]
        for tk, tr in zip(self._tail_k, self._tail_r, strict=True):
            parts.append(tr[np.isin(tk, q)])
        return np.unique(np.concatenate(parts)) if parts else np.empty(0, dtype=np.int64)


class ArrayBandStore:
    """Columnar numpy store: ~0.9 KB per message at 128 permutations x 32 bands."""

    def __init__(self, num_perm: int = 128) -> None:
        self._num_perm = num_perm
        self._cap = 0
        self._n = 0
        self._ids = np.empty(0, dtype=np.int64)
        self._at = np.empty(0, dtype=np.int64)  # epoch seconds
        self._alive = np.empty(0, dtype=bool)
        self._sigs = np.empty((0, num_perm), dtype=np.uint32)
        # party, stream, platform, kind, exact key per row
        self._meta: list[tuple[str, str, str, str, int]] = []
        self._row_of: dict[int, int] = {}
        self._bands = _Lookup()
        self._exact = _Lookup()

    def __len__(self) -> int:
        return len(self._row_of)

    def _grow(self, need: int) -> None:
        if need <= self._cap:
            return
        cap = max(need, self._cap * 2, 1024)
        self._ids = np.resize(self._ids, cap)
        self._at = np.resize(self._at, cap)
        self._alive = np.resize(self._alive, cap)
        sigs = np.empty((cap, self._num_perm), dtype=np.uint32)
        sigs[: self._n] = self._sigs[: self._n]
        self._sigs, self._cap = sigs, cap

    def put(self, entries: Sequence[IndexEntry], band_keys: I64) -> None:
        self.remove([e.message_id for e in entries if e.message_id in self._row_of])
        start, n = self._n, len(entries)
        self._grow(start + n)
        rows = np.arange(start, start + n, dtype=np.int64)
        self._ids[start : start + n] = [e.message_id for e in entries]
        self._at[start : start + n] = [int(e.at.timestamp()) for e in entries]
        self._alive[start : start + n] = True
        if n:
            self._sigs[start : start + n] = np.stack([e.signature for e in entries])
        for row, e in zip(rows.tolist(), entries, strict=True):
            self._meta.append((e.party, e.stream, e.platform, e.kind, e.exact_key))
            self._row_of[e.message_id] = row
        self._n += n
        self._exact.add(np.fromiter((e.exact_key for e in entries), np.int64, n), rows)
        self._bands.add(band_keys.reshape(-1), np.repeat(rows, band_keys.shape[1]))

    def compact(self) -> None:
        """Sort pending keys now (call after a bulk load, before timing queries)."""
        self._bands.compact()
        self._exact.compact()

    def _pick(
        self, rows: I64, stream: str, since: datetime, until: datetime, limit: int
    ) -> list[IndexEntry]:
        at = self._at[rows]
        keep = rows[self._alive[rows] & (at >= since.timestamp()) & (at <= until.timestamp())]
        keep = keep[np.argsort(-self._at[keep], kind="stable")]
        out: list[IndexEntry] = []
        for row in keep.tolist():
            party, s, platform, kind, exact = self._meta[row]
            if s != stream:
                continue
            out.append(
                IndexEntry(
                    int(self._ids[row]),
                    party,
                    datetime.fromtimestamp(int(self._at[row]), UTC),
                    exact,
                    self._sigs[row],
                    s,
                    platform,
                    kind,
                )
            )
            if len(out) >= limit:
                break
        return out

    def by_exact(
        self, stream: str, key: int, since: datetime, until: datetime, limit: int
    ) -> list[IndexEntry]:
        return self._pick(self._exact.find([key]), stream, since, until, limit)

    def by_bands(
        self, stream: str, keys: Sequence[int], since: datetime, until: datetime, limit: int
    ) -> list[IndexEntry]:
        return self._pick(self._bands.find(keys), stream, since, until, limit)

    def remove(self, message_ids: Iterable[int]) -> None:
        for mid in message_ids:
            row = self._row_of.pop(mid, None)
            if row is not None:
                self._alive[row] = False  # tombstone; keys stay but never match a live row

    def signatures(self) -> U32:
        """All stored signatures (live and tombstoned), for diagnostics and benches."""
        return self._sigs[: self._n]
