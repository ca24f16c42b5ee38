from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest
from datasketch import MinHash

from tests.guard.conftest import NOW, PEOPLE, ago
from warmly.guard import ArrayBandStore, MemoryBandStore, NearDupIndex, from_bytes, to_bytes
from warmly.guard.mask import shingles
from warmly.guard.signature import Signer, crc32_hash

PITCH = "Hi {n}, I saw {c} is hiring Rust engineers. We build CI tooling; worth a call next week?"


def _pitch(person: str) -> str:
    t = PEOPLE[person]
    return PITCH.format(n=t.names[0].split()[0], c=t.companies[0])


def test_signatures_equal_datasketch() -> None:
    sh = ["abcde", "bcdef", "cdefg"]
    ref = MinHash(num_perm=128, seed=1, scheme="affine32", hashfunc=crc32_hash)
    ref.update_batch([s.encode() for s in sh])
    assert np.array_equal(Signer().signature(sh), ref.hashvalues)


def test_signature_bytes_round_trip() -> None:
    sig = Signer().signature(["hello", "world"])
    blob = to_bytes(sig)
    assert len(blob) == 1 + 4 * 128
    assert np.array_equal(from_bytes(blob), sig)
    with pytest.raises(ValueError):
        from_bytes(b"\x09" + blob[1:])


@pytest.mark.parametrize("store", [MemoryBandStore, ArrayBandStore])
def test_store_contract(store: type[MemoryBandStore] | type[ArrayBandStore]) -> None:
    index = NearDupIndex(store())
    index.add(1, "bob", ago(2), _pitch("bob"), PEOPLE["bob"])
    index.add(2, "carla", ago(40), _pitch("carla"), PEOPLE["carla"])  # outside 30 days
    index.add(3, "dmitri", ago(1), "Loved the sailing photos from Berlin, see you soon!")
    matches = index.query(_pitch("jane"), PEOPLE["jane"], NOW, recipient_id="jane")
    assert [(m.message_id, m.exact) for m in matches] == [(1, True)]
    wide = index.query(_pitch("jane"), PEOPLE["jane"], NOW, timedelta(days=60))
    assert {m.message_id for m in wide} == {1, 2}
    index.store.remove([1])
    assert index.query(_pitch("jane"), PEOPLE["jane"], NOW) == []
    assert len(index.store) == 2


def test_inbound_stream_is_separate() -> None:
    store = MemoryBandStore()
    out, inbound = NearDupIndex(store), NearDupIndex(store, stream="in")
    sponsored = "Hi %FIRSTNAME%, grow your sales pipeline with our AI SDR. Book a demo today."
    inbound.add(1, "sender-a", ago(1), sponsored)
    inbound.add(2, "sender-b", ago(1), sponsored.replace("%FIRSTNAME%", "Sam"))
    assert out.query(sponsored, now=NOW) == []
    assert {m.party for m in inbound.query(sponsored, now=NOW)} == {"sender-a", "sender-b"}


def test_rebuild_from_stored_rows() -> None:
    a = NearDupIndex()
    entries = [
        a.add(i, f"p{i}", ago(1), f"note {i} about the {i}th kestrel parser release")
        for i in range(5)
    ]
    b = NearDupIndex(ArrayBandStore())
    assert b.rebuild(entries, batch=2) == 5
    assert [m.message_id for m in b.query("note 1 about the kestrel parser release", now=NOW)]


def test_vectorised_char_grams_sign_like_datasketch() -> None:
    """The numpy CRC-32 path over text bytes equals hashing each shingle string."""
    texts = ["", "ok", "abcd", "abcde", "abcdef", _pitch("jane"), "x" * 3000, "<name> hi <num>"]
    index = NearDupIndex()
    signer = index.signer
    want = signer.signatures([shingles(t) for t in texts])
    assert np.array_equal(index._sign(texts), want)
    for t, row in zip(texts, want, strict=True):  # one at a time (the check path)
        assert np.array_equal(index._sign([t])[0], row)
    ref = MinHash(num_perm=128, seed=1, scheme="affine32", hashfunc=crc32_hash)
    for s in shingles(texts[5]):
        ref.update(s.encode())
    assert np.array_equal(want[5], ref.hashvalues)


def test_array_store_bounded_buckets_match_reference() -> None:
    """Per-bucket recency bounds return the same newest candidates as the reference store."""
    mem, arr = NearDupIndex(MemoryBandStore()), NearDupIndex(ArrayBandStore())
    for i in range(60):
        text = _pitch("jane") if i % 3 else f"{_pitch('bob')} note {i % 7}"
        for index in (mem, arr):
            index.add(i, f"p{i}", ago(i % 20 + (i % 5) / 24), text)
    for index in (mem, arr):
        index.store.remove(range(0, 60, 4))  # tombstones among the newest rows
    p = mem.prepare(_pitch("jane"))
    keys = [k for k in mem.signer.band_keys(p.signature)[0].tolist() if k >= 0]
    for limit in (1, 5, 50):
        since = NOW - timedelta(days=12)
        a = mem.store.by_bands("out", keys, since, NOW, limit)
        b = arr.store.by_bands("out", keys, since, NOW, limit)
        assert [e.message_id for e in a] == [e.message_id for e in b]
        q_mem = mem.query(_pitch("jane"), now=NOW, window=timedelta(days=12))
        q_arr = arr.query(_pitch("jane"), now=NOW, window=timedelta(days=12))
        assert [(m.message_id, m.similarity) for m in q_mem] == [
            (m.message_id, m.similarity) for m in q_arr
        ]
