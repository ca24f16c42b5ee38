"""Outbound-guard latency against a large sent history.

Generates N sent messages (mail-merge templates plus one-off notes, spread over 60
days), indexes them (columnar ArrayBandStore, or SQLite with the guard_bands shape
from ``warmly.guard.neardup``), then times ``check`` for drafts (copies and new notes).

    python bench/guard_speed.py                      # 1,000,000 messages, in memory
    python bench/guard_speed.py -n 200000 --sqlite /tmp/guard.db
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from _measure import peak_rss_mb

from warmly.guard import (
    ArrayBandStore,
    Background,
    ContextItem,
    Draft,
    GuardContext,
    IndexEntry,
    NearDupIndex,
    RecipientContext,
    RecipientTokens,
    check,
    from_bytes,
    to_bytes,
)
from warmly.guard.signature import I64

NOW = datetime(2026, 3, 1, tzinfo=UTC)
NAMES = [
    "Jane",
    "Bob",
    "Carla",
    "Dmitri",
    "Aisha",
    "Tom",
    "Mei",
    "Lars",
    "Priya",
    "Diego",
    "Fatima",
    "Noah",
    "Olga",
    "Kenji",
]
CORP = [
    "Acme",
    "Initech",
    "Globex",
    "Umbrella",
    "Hooli",
    "Vandelay",
    "Stark",
    "Wayne",
    "Tyrell",
    "Cyberdyne",
]
VERBS = [
    "loved",
    "enjoyed",
    "read",
    "shared",
    "noticed",
    "saw",
    "liked",
    "forwarded",
    "bookmarked",
    "quoted",
]
THINGS = [
    "talk",
    "post",
    "thread",
    "paper",
    "demo",
    "launch",
    "release",
    "podcast",
    "essay",
    "benchmark",
    "roadmap",
    "survey",
    "guide",
    "report",
    "video",
    "chart",
    "migration",
    "rewrite",
]
TOPICS = [
    "streaming parsers",
    "vector search",
    "payments",
    "observability",
    "pricing",
    "onboarding",
    "caching",
    "fraud detection",
    "search ranking",
    "accessibility",
    "build times",
    "query planning",
]


def make_text(rng: random.Random, templates: Sequence[str]) -> tuple[str, str, str]:
    name, corp = rng.choice(NAMES), rng.choice(CORP)
    if rng.random() < 0.5:  # half the history is mail merge
        return rng.choice(templates).format(n=name, c=corp, k=rng.randint(2, 99)), name, corp
    words = [
        rng.choice(VERBS) + " your " + rng.choice(THINGS) + " on " + rng.choice(TOPICS)
        for _ in range(rng.randint(2, 4))
    ]
    return (
        f"Hi {name}, I " + ", then ".join(words) + f". Cheers {rng.randint(1, 10**6)}",
        name,
        corp,
    )


def make_templates(rng: random.Random, n: int = 2000) -> list[str]:
    return [
        f"Hi {{n}}, I {rng.choice(VERBS)} the {rng.choice(THINGS)} {{c}} did on "
        f"{rng.choice(TOPICS)} and {rng.choice(TOPICS)}. We {rng.choice(VERBS)} {{k}} "
        f"teams with {rng.choice(TOPICS)}; worth a {rng.choice(THINGS)} call? #{i}"
        for i in range(n)
    ]


class SqliteBandStore:
    """The SQL shape from neardup.py on stdlib sqlite3 (the lead's version uses SQLAlchemy)."""

    def __init__(self, path: str) -> None:
        Path(path).unlink(missing_ok=True)
        self.db = sqlite3.connect(path)
        self.db.executescript("""
            PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;
            CREATE TABLE guard_signatures (message_id INTEGER PRIMARY KEY, stream TEXT NOT NULL,
              party TEXT NOT NULL, platform TEXT NOT NULL, kind TEXT NOT NULL,
              at INTEGER NOT NULL, exact_key INTEGER NOT NULL, signature BLOB NOT NULL);
            CREATE TABLE guard_bands (band_key INTEGER NOT NULL, message_id INTEGER NOT NULL,
              stream TEXT, at INTEGER, PRIMARY KEY (band_key, message_id)) WITHOUT ROWID;""")

    def __len__(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM guard_signatures").fetchone()[0])

    def put(self, entries: Sequence[IndexEntry], band_keys: I64) -> None:
        self.db.executemany(
            "INSERT OR REPLACE INTO guard_signatures VALUES (?,?,?,?,?,?,?,?)",
            [
                (
                    e.message_id,
                    e.stream,
                    e.party,
                    e.platform,
                    e.kind,
                    int(e.at.timestamp()),
                    e.exact_key,
                    to_bytes(e.signature),
                )
                for e in entries
            ],
        )
        per = band_keys.shape[1]
        ids = np.repeat(np.array([e.message_id for e in entries]), per)
        streams = [e.stream for e in entries for _ in range(per)]
        ats = [int(e.at.timestamp()) for e in entries for _ in range(per)]
        self.db.executemany(
            "INSERT OR IGNORE INTO guard_bands VALUES (?,?,?,?)",
            zip(band_keys.reshape(-1).tolist(), ids.tolist(), streams, ats, strict=True),
        )

    def finish(self) -> None:
        self.db.executescript("""
            CREATE INDEX ix_guard_sig_exact ON guard_signatures (exact_key, at);
            CREATE INDEX ix_guard_sig_at ON guard_signatures (stream, at);
            CREATE INDEX ix_guard_bands_probe ON guard_bands (band_key, stream, at); ANALYZE;""")
        self.db.commit()

    def _rows(self, sql: str, args: Sequence[object]) -> list[IndexEntry]:
        return [
            IndexEntry(
                r[0],
                r[2],
                datetime.fromtimestamp(r[5], UTC),
                r[6],
                from_bytes(r[7]),
                r[1],
                r[3],
                r[4],
            )
            for r in self.db.execute(sql, args)
        ]

    def by_exact(
        self, stream: str, key: int, since: datetime, until: datetime, limit: int
    ) -> list[IndexEntry]:
        return self._rows(
            "SELECT * FROM guard_signatures WHERE exact_key = ? AND stream = ? "
            "AND at BETWEEN ? AND ? ORDER BY at DESC LIMIT ?",
            (key, stream, since.timestamp(), until.timestamp(), limit),
        )

    def by_bands(
        self, stream: str, keys: Sequence[int], since: datetime, until: datetime, limit: int
    ) -> list[IndexEntry]:
        # As warmly.guard.sqlstore: each band's newest ``limit`` in the window, then the
        # newest ``limit`` of their union.
        ids: set[int] = set()
        lo, hi = since.timestamp(), until.timestamp()
        for key in sorted(set(keys)):
            ids.update(
                r[0]
                for r in self.db.execute(
                    "SELECT message_id FROM guard_bands WHERE band_key = ? AND stream = ? "
                    "AND at BETWEEN ? AND ? ORDER BY at DESC LIMIT ?",
                    (key, stream, lo, hi, limit),
                )
            )
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        return self._rows(
            f"SELECT * FROM guard_signatures WHERE message_id IN ({marks}) "
            "ORDER BY at DESC LIMIT ?",
            (*ids, limit),
        )

    def remove(self, message_ids: object) -> None:
        raise NotImplementedError


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("-n", type=int, default=1_000_000)
    ap.add_argument("--queries", type=int, default=1000)
    ap.add_argument("--sqlite", metavar="PATH")
    args = ap.parse_args()
    rng = random.Random(7)
    templates = make_templates(rng)
    store = SqliteBandStore(args.sqlite) if args.sqlite else ArrayBandStore()
    index = NearDupIndex(store)
    t0 = time.perf_counter()
    prep_s = 0.0
    batch = 20_000
    for start in range(0, args.n, batch):
        rows = [make_text(rng, templates) for _ in range(min(batch, args.n - start))]
        t1 = time.perf_counter()
        prepared = index.prepare_many(
            [(t, RecipientTokens(names=(nm,), companies=(c,))) for t, nm, c in rows]
        )
        prep_s += time.perf_counter() - t1
        index.put(
            [
                IndexEntry(
                    start + i,
                    f"p{rng.randrange(200_000)}",
                    NOW - timedelta(seconds=rng.uniform(0, 60 * 86400)),
                    p.exact_key,
                    p.signature,
                    "out",
                    "linkedin",
                    "message",
                )
                for i, p in enumerate(prepared)
            ]
        )
    if isinstance(store, SqliteBandStore):
        store.finish()
    else:
        store.compact()
    build_s = time.perf_counter() - t0
    print(
        f"indexed {args.n:,} messages in {build_s:.1f} s "
        f"(mask+shingle+sign {prep_s:.1f} s, {args.n / build_s:,.0f} msg/s); "
        f"peak RSS {peak_rss_mb():,.0f} MiB"
    )
    if args.sqlite:
        print(f"SQLite file: {Path(args.sqlite).stat().st_size / 2**20:,.0f} MiB")

    bg = Background.from_texts(make_text(rng, templates)[0] for _ in range(2000))
    ctx = GuardContext(
        RecipientContext(
            "jane",
            RecipientTokens(names=("Jane",), companies=("Acme",)),
            (ContextItem("post", "We shipped Kestrel 2.0 in Lisbon"),),
        ),
        bg,
    )
    times: list[float] = []
    verdicts: dict[str, int] = {}
    for q in range(args.queries):
        text = (
            make_text(rng, templates)[0]
            if q % 2
            else f"Jane, congrats on Kestrel 2.0! Is the Lisbon team hiring? #{q}"
        )
        t1 = time.perf_counter()
        v = check(Draft(text, "jane", platform="linkedin"), ctx, index, NOW)
        times.append((time.perf_counter() - t1) * 1000)
        verdicts[v.verdict] = verdicts.get(v.verdict, 0) + 1
    qs = statistics.quantiles(times, n=100)
    print(
        f"check over {args.queries} drafts: p50 {qs[49]:.2f} ms, p95 {qs[94]:.2f} ms, "
        f"max {max(times):.1f} ms; verdicts {verdicts}"
    )


if __name__ == "__main__":
    main()
