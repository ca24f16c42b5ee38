"""Where the near-duplicate index lives: the ``BandStore`` protocol and two in-memory stores.

The lead's SQL store mirrors :class:`MemoryBandStore` (see the table shape in
``neardup.py``'s docstring). :class:`ArrayBandStore` is columnar numpy, for a
million-message index rebuilt from stored signatures in seconds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

import numpy as np
import numpy.typing as npt

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

    def __init__(self, at: Callable[[I64], I64]) -> None:
        self._at_of = at  # a row's time (never changes): bounds hot buckets by recency
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

    def find(
        self,
        query: Sequence[int],
        since: float | None = None,
        until: float | None = None,
        limit: int | None = None,
        usable: Callable[[I64], npt.NDArray[np.bool_]] | None = None,
    ) -> I64:
        """Rows under any of the keys (a row may repeat).

        With a window, ``limit`` and ``usable`` (alive, right stream), a key holding more
        than ``limit`` rows (one template sent to thousands) contributes only its newest
        ``limit`` usable rows in the window (and any tied with the last): that always
        contains the newest ``limit`` of the union, so the caller's answer is unchanged.
        """
        q = np.asarray(query, dtype=np.int64)
        lo = np.searchsorted(self.keys, q, side="left")
        hi = np.searchsorted(self.keys, q, side="right")
        parts: list[I64] = []
        for a, b in zip(lo.tolist(), hi.tolist(), strict=True):
            if b <= a:
                continue
            run = self.rows[a:b]
            if (
                limit is not None
                and b - a > limit
                and usable is not None
                and since is not None
                and until is not None
            ):
                at = self._at_of(run)
                ok = usable(run) & (at >= since) & (at <= until)
                run, at = run[ok], at[ok]
                if len(run) > limit:
                    cut = np.partition(at, len(at) - limit)[len(at) - limit]
                    run = run[at >= cut]
            parts.append(run)
        for tk, tr in zip(self._tail_k, self._tail_r, strict=True):
            parts.append(tr[np.isin(tk, q)])
        return np.concatenate(parts) if parts else np.empty(0, dtype=np.int64)


class ArrayBandStore:
    """Columnar numpy store: ~0.9 KB per message at 128 permutations x 32 bands."""

    def __init__(self, num_perm: int = 128) -> None:
        self._num_perm = num_perm
        self._cap = 0
        self._n = 0
        self._ids = np.empty(0, dtype=np.int64)
        self._at = np.empty(0, dtype=np.int64)  # epoch seconds
        self._alive = np.empty(0, dtype=bool)
        self._stream = np.empty(0, dtype=np.int16)
        self._stream_code: dict[str, int] = {}
        self._sigs = np.empty((0, num_perm), dtype=np.uint32)
        # party, stream, platform, kind, exact key per row
        self._meta: list[tuple[str, str, str, str, int]] = []
        self._row_of: dict[int, int] = {}
        self._bands = _Lookup(self._at_rows)
        self._exact = _Lookup(self._at_rows)

    def __len__(self) -> int:
        return len(self._row_of)

    def _at_rows(self, rows: I64) -> I64:
        at: I64 = self._at[rows]
        return at

    def _candidates(
        self,
        lookup: _Lookup,
        keys: Sequence[int],
        stream: str,
        since: datetime,
        until: datetime,
        limit: int,
    ) -> I64:
        code = self._stream_code.get(stream)
        if code is None:
            return np.empty(0, dtype=np.int64)

        def usable(rows: I64) -> npt.NDArray[np.bool_]:
            ok: npt.NDArray[np.bool_] = self._alive[rows] & (self._stream[rows] == code)
            return ok

        rows = lookup.find(keys, since.timestamp(), until.timestamp(), limit, usable)
        return self._newest(rows, stream, since, until, limit)

    def _grow(self, need: int) -> None:
        if need <= self._cap:
            return
        cap = max(need, self._cap * 2, 1024)
        self._ids = np.resize(self._ids, cap)
        self._at = np.resize(self._at, cap)
        self._alive = np.resize(self._alive, cap)
        self._stream = np.resize(self._stream, cap)
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
        self._stream[start : start + n] = [
            self._stream_code.setdefault(e.stream, len(self._stream_code)) for e in entries
        ]
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

    def _newest(self, rows: I64, stream: str, since: datetime, until: datetime, limit: int) -> I64:
        """The ``limit`` newest live rows of ``stream`` in the window, deduplicated, in
        (at, message_id) descending order: all numpy, no per-row Python."""
        code = self._stream_code.get(stream)
        if code is None or not len(rows):
            return np.empty(0, dtype=np.int64)
        at = self._at[rows]
        ok = self._alive[rows] & (self._stream[rows] == code)
        ok &= (at >= since.timestamp()) & (at <= until.timestamp())
        rows = rows[ok]
        if len(rows) > 1:
            # Newest first; a row found through several keys sits next to its copies.
            rows = rows[np.lexsort((-self._ids[rows], -at[ok]))]
            rows = rows[np.concatenate(([True], rows[1:] != rows[:-1]))][:limit]
        return rows

    def _entries(self, rows: I64) -> list[IndexEntry]:
        out: list[IndexEntry] = []
        ids, ats = self._ids[rows].tolist(), self._at[rows].tolist()
        for row, mid, at in zip(rows.tolist(), ids, ats, strict=True):
            party, s, platform, kind, exact = self._meta[row]
            out.append(
                IndexEntry(
                    mid,
                    party,
                    datetime.fromtimestamp(at, UTC),
                    exact,
                    self._sigs[row],
                    s,
                    platform,
                    kind,
                )
            )
        return out

    def similar_by_bands(
        self,
        stream: str,
        keys: Sequence[int],
        since: datetime,
        until: datetime,
        limit: int,
        signature: U32,
        threshold: float,
        skip: Iterable[int] = (),
    ) -> list[tuple[IndexEntry, float]]:
        """:meth:`by_bands` and the candidate check in one vectorised step.

        The newest ``limit`` candidates are compared with ``signature`` as one
        (candidates x num_perm) array; only those at or above ``threshold`` and not in
        ``skip`` become :class:`IndexEntry` objects.
        """
        rows = self._candidates(self._bands, keys, stream, since, until, limit)
        if not len(rows):
            return []
        skipped = np.fromiter(skip, dtype=np.int64)
        if len(skipped):
            rows = rows[~np.isin(self._ids[rows], skipped)]
        sims = np.count_nonzero(self._sigs[rows] == signature[None, :], axis=1) / len(signature)
        hit = sims >= threshold
        return list(zip(self._entries(rows[hit]), sims[hit].tolist(), strict=True))

    def by_exact(
        self, stream: str, key: int, since: datetime, until: datetime, limit: int
    ) -> list[IndexEntry]:
        return self._entries(self._candidates(self._exact, [key], stream, since, until, limit))

    def by_bands(
        self, stream: str, keys: Sequence[int], since: datetime, until: datetime, limit: int
    ) -> list[IndexEntry]:
        return self._entries(self._candidates(self._bands, keys, stream, since, until, limit))

    def remove(self, message_ids: Iterable[int]) -> None:
        for mid in message_ids:
            row = self._row_of.pop(mid, None)
            if row is not None:
                self._alive[row] = False  # tombstone; keys stay but never match a live row

    def signatures(self) -> U32:
        """All stored signatures (live and tombstoned), for diagnostics and benches."""
        return self._sigs[: self._n]
