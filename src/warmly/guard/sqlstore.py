"""The near-duplicate index in the ledger database: ``guard_signatures`` + ``guard_bands``.

:class:`SqlBandStore` implements :class:`~warmly.guard.bandstore.BandStore` on the
tables of :mod:`warmly.store.models_guard`, portably (SQLite and PostgreSQL): every
lookup is one indexed query bounded by stream, window and ``limit``, every write an
``executemany``. It works inside the caller's session and never commits.

:class:`OverlayBandStore` answers from two stores at once, e.g. the SQL index plus
the outbox's approved-but-unsent actions held in memory.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime

from sqlalchemy import Row, bindparam, delete, func, insert, select
from sqlalchemy.orm import Session

from warmly.guard.bandstore import BandStore, IndexEntry
from warmly.guard.signature import I64, from_bytes, to_bytes
from warmly.store.models_guard import GuardBand, GuardSignature

# Bound parameters per statement: far below SQLite's 32,766 and PostgreSQL's 65,535.
_CHUNK = 2_000

_S = GuardSignature
_COLUMNS = (
    _S.message_id,
    _S.party,
    _S.at,
    _S.exact_key,
    _S.signature,
    _S.stream,
    _S.platform,
    _S.kind,
)


def _chunks(values: Sequence[int], size: int = _CHUNK) -> Iterator[Sequence[int]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _entry(row: Row[int, str, datetime, int, bytes, str, str, str]) -> IndexEntry:
    mid, party, at, exact, sig, stream, platform, kind = row
    signature = from_bytes(bytes(sig))  # psycopg may hand back a memoryview
    return IndexEntry(int(mid), party, at, int(exact), signature, stream, platform, kind)


class SqlBandStore:
    """The guard's index on the ledger database, through one SQLAlchemy session."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def __len__(self) -> int:
        return int(self.session.scalar(select(func.count()).select_from(_S)) or 0)

    def put(self, entries: Sequence[IndexEntry], band_keys: I64) -> None:
        """Insert (or replace) entries and their band rows, two ``executemany`` in all."""
        if not entries:
            return
        # Replace semantics like MemoryBandStore: a re-put message loses its old bands.
        self.remove([e.message_id for e in entries])
        self.session.execute(
            insert(_S),
            [
                {
                    "message_id": e.message_id,
                    "stream": e.stream,
                    "party": e.party,
                    "platform": e.platform,
                    "kind": e.kind,
                    "at": e.at,
                    "exact_key": e.exact_key,
                    "signature": to_bytes(e.signature),
                }
                for e in entries
            ],
        )
        bands: list[dict[str, object]] = []
        for e, keys in zip(entries, band_keys.tolist(), strict=True):
            # -1 marks "no band" (an empty text); a set guards the composite primary key.
            bands += [
                {"band_key": k, "message_id": e.message_id, "stream": e.stream, "at": e.at}
                for k in set(keys)
                if k >= 0
            ]
        if bands:
            self.session.execute(insert(GuardBand), bands)

    def by_exact(
        self, stream: str, key: int, since: datetime, until: datetime, limit: int
    ) -> list[IndexEntry]:
        """Entries whose canonical text hashes to ``key`` (index ``exact_key, at``)."""
        q = (
            select(*_COLUMNS)
            .where(_S.exact_key == key, _S.stream == stream, _S.at.between(since, until))
            .order_by(_S.at.desc(), _S.message_id.desc())
            .limit(limit)
        )
        return [_entry(r) for r in self.session.execute(q)]

    def by_bands(
        self, stream: str, keys: Sequence[int], since: datetime, until: datetime, limit: int
    ) -> list[IndexEntry]:
        """The ``limit`` newest entries sharing a band key with the query.

        Each band is read newest first through ``ix_guard_bands_probe`` and stops
        at ``limit`` rows: the newest ``limit`` of the union are always among the
        newest ``limit`` of some band they share, so this is exact, and a
        template sent to thousands costs ``limit`` rows per band, not thousands.
        """
        if not keys:
            return []
        b = GuardBand
        per_band = (
            select(b.message_id)
            .where(
                b.band_key == bindparam("key"),
                b.stream == stream,
                b.at.between(since, until),
            )
            .order_by(b.at.desc())
            .limit(limit)
        )
        conn = self.session.connection()
        ids: set[int] = set()
        for key in sorted(set(keys)):
            ids.update(conn.execute(per_band, {"key": key}).scalars())
        if not ids:
            return []
        out: list[IndexEntry] = []
        for part in _chunks(sorted(ids)):
            q = select(*_COLUMNS).where(_S.message_id.in_(part))
            out += [_entry(r) for r in self.session.execute(q)]
        out.sort(key=lambda e: (e.at, e.message_id), reverse=True)
        return out[:limit]

    def remove(self, message_ids: Iterable[int]) -> None:
        """Delete messages and their bands (bands first: no reliance on ON DELETE CASCADE)."""
        ids = sorted(set(message_ids))
        for part in _chunks(ids):
            self.session.execute(delete(GuardBand).where(GuardBand.message_id.in_(part)))
            self.session.execute(delete(_S).where(_S.message_id.in_(part)))

    def prune(self, stream: str, before: datetime) -> int:
        """Delete a stream's messages older than ``before`` (aged out of every window)."""
        old = select(_S.message_id).where(_S.stream == stream, _S.at < before)
        self.session.execute(delete(GuardBand).where(GuardBand.message_id.in_(old)))
        result = self.session.execute(delete(_S).where(_S.stream == stream, _S.at < before))
        return int(getattr(result, "rowcount", 0) or 0)


class OverlayBandStore:
    """Reads from ``base`` and ``extra`` as one index; writes go to ``extra`` only."""

    def __init__(self, base: BandStore, extra: BandStore) -> None:
        self.base, self.extra = base, extra

    def __len__(self) -> int:
        return len(self.base) + len(self.extra)

    def put(self, entries: Sequence[IndexEntry], band_keys: I64) -> None:
        self.extra.put(entries, band_keys)

    @staticmethod
    def _newest(a: list[IndexEntry], b: list[IndexEntry], limit: int) -> list[IndexEntry]:
        merged = {e.message_id: e for e in (*a, *b)}.values()
        return sorted(merged, key=lambda e: (e.at, e.message_id), reverse=True)[:limit]

    def by_exact(
        self, stream: str, key: int, since: datetime, until: datetime, limit: int
    ) -> list[IndexEntry]:
        a = self.base.by_exact(stream, key, since, until, limit)
        return self._newest(a, self.extra.by_exact(stream, key, since, until, limit), limit)

    def by_bands(
        self, stream: str, keys: Sequence[int], since: datetime, until: datetime, limit: int
    ) -> list[IndexEntry]:
        a = self.base.by_bands(stream, keys, since, until, limit)
        return self._newest(a, self.extra.by_bands(stream, keys, since, until, limit), limit)

    def remove(self, message_ids: Iterable[int]) -> None:
        self.extra.remove(list(message_ids))
