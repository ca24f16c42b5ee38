"""SqlBandStore behaves like MemoryBandStore, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import numpy as np
import pytest
from sqlalchemy.orm import Session

from tests.guard.conftest import NOW, PEOPLE, ago
from warmly.guard import IndexEntry, MemoryBandStore, NearDupIndex
from warmly.guard.sqlstore import OverlayBandStore, SqlBandStore

TEXTS = [
    "Hi {n}, I saw {c} is hiring Rust engineers. We build CI tooling; worth a call next week?",
    "Hello {n}, I noticed {c} is hiring Rust engineers. We make CI tools, worth a call soon?",
    "Loved the sailing photos from Berlin, see you at the regatta in June!",
    "Thanks for the intro to the Kestrel team, the streaming parser talk was great.",
    "",  # no shingles: no band rows at all
]


def _text(i: int, person: str) -> str:
    t = PEOPLE[person]
    return TEXTS[i % len(TEXTS)].format(n=t.names[0].split()[0], c=t.companies[0])


@pytest.fixture
def session(workspace: object) -> Iterator[Session]:
    with workspace.sessions() as s:  # type: ignore[attr-defined]
        yield s
        s.rollback()


def _fill(*indexes: NearDupIndex) -> None:
    people = list(PEOPLE)
    for i in range(40):
        person = people[i % len(people)]
        for index in indexes:
            stream = "in" if i % 7 == 0 else "out"
            prepared = index.prepare(_text(i, person), PEOPLE[person])
            entry = IndexEntry(
                1000 + i,
                person,
                ago(i * 1.5),
                prepared.exact_key,
                prepared.signature,
                stream,
                "linkedin" if i % 2 else "x",
                "message" if i % 3 else "reply",
            )
            index.put([entry])


def _key(entries: list[IndexEntry]) -> list[tuple[object, ...]]:
    return [
        (
            e.message_id,
            e.party,
            e.at,
            e.exact_key,
            e.stream,
            e.platform,
            e.kind,
            e.signature.tobytes(),
        )
        for e in entries
    ]


def test_same_answers_as_memory_store(session: Session) -> None:
    mem, sql = NearDupIndex(MemoryBandStore()), NearDupIndex(SqlBandStore(session))
    _fill(mem, sql)
    assert len(sql.store) == len(mem.store) == 40
    for i in range(len(TEXTS)):
        p = mem.prepare(_text(i, "jane"), PEOPLE["jane"])
        keys = [k for k in mem.signer.band_keys(p.signature)[0].tolist() if k >= 0]
        for stream in ("out", "in"):
            for since, limit in ((ago(30), 300), (ago(90), 3), (ago(10), 1)):
                a = mem.store.by_exact(stream, p.exact_key, since, NOW, limit)
                b = sql.store.by_exact(stream, p.exact_key, since, NOW, limit)
                assert _key(a) == _key(b)
                a = mem.store.by_bands(stream, keys, since, NOW, limit)
                b = sql.store.by_bands(stream, keys, since, NOW, limit)
                assert _key(a) == _key(b)
        assert mem.query(_text(i, "jane"), PEOPLE["jane"], NOW, recipient_id="jane") == sql.query(
            _text(i, "jane"), PEOPLE["jane"], NOW, recipient_id="jane"
        )


def test_window_stream_order_and_limit(session: Session) -> None:
    index = NearDupIndex(SqlBandStore(session))
    for mid, days in ((1, 2), (2, 40), (3, 5), (4, 1)):
        index.add(mid, "bob", ago(days), _text(0, "bob"), PEOPLE["bob"])
    index.add(5, "carla", ago(1), _text(0, "carla"), PEOPLE["carla"], platform="x")
    index.store.put(
        [IndexEntry(6, "dmitri", ago(1), 7, index.prepare("x").signature, "in")],
        index.signer.band_keys(index.prepare("x").signature),
    )
    key = index.prepare(_text(0, "jane"), PEOPLE["jane"]).exact_key
    found = index.store.by_exact("out", key, ago(30), NOW, 10)
    assert [e.message_id for e in found] == [5, 4, 1, 3]  # newest first, 40 days out
    assert [e.message_id for e in index.store.by_exact("out", key, ago(30), NOW, 2)] == [5, 4]
    assert found[0].platform == "x" and found[0].at == ago(1)
    assert index.store.by_exact("in", key, ago(30), NOW, 10) == []
    assert [e.message_id for e in index.store.by_exact("in", 7, ago(3), NOW, 10)] == [6]


def test_put_replaces_and_remove_forgets(session: Session) -> None:
    store = SqlBandStore(session)
    index = NearDupIndex(store)
    index.add(1, "bob", ago(1), _text(0, "bob"), PEOPLE["bob"])
    index.add(1, "bob", ago(1), _text(2, "bob"), PEOPLE["bob"])  # same id: replaced
    assert len(store) == 1
    assert index.query(_text(0, "jane"), PEOPLE["jane"], NOW) == []
    assert [m.message_id for m in index.query(_text(2, "jane"), PEOPLE["jane"], NOW)] == [1]
    index.add(2, "carla", ago(50), _text(2, "carla"), PEOPLE["carla"])
    store.remove([1, 99])
    assert len(store) == 1
    assert index.query(_text(2, "jane"), PEOPLE["jane"], NOW, timedelta(days=90))[0].message_id == 2
    assert store.prune("out", ago(30)) == 1
    assert len(store) == 0


def test_empty_text_has_no_bands_and_empty_keys_find_nothing(session: Session) -> None:
    store = SqlBandStore(session)
    index = NearDupIndex(store)
    entry = index.add(1, "bob", ago(1), "", PEOPLE["bob"])
    assert store.by_bands("out", [], ago(30), NOW, 10) == []
    assert [e.message_id for e in store.by_exact("out", entry.exact_key, ago(30), NOW, 5)] == [1]
    assert np.array_equal(
        store.by_exact("out", entry.exact_key, ago(30), NOW, 5)[0].signature, entry.signature
    )


def test_overlay_reads_both_and_writes_extra(session: Session) -> None:
    base, extra = SqlBandStore(session), MemoryBandStore()
    NearDupIndex(base).add(1, "bob", ago(3), _text(0, "bob"), PEOPLE["bob"])
    index = NearDupIndex(OverlayBandStore(base, extra))
    index.add(-7, "carla", ago(1), _text(0, "carla"), PEOPLE["carla"])
    assert len(base) == 1 and len(extra) == 1
    matches = index.query(_text(0, "jane"), PEOPLE["jane"], NOW)
    assert [m.message_id for m in matches] == [-7, 1]
