"""Bluesky repository CAR importer: MST walk, record mapping, corrupt files."""

from __future__ import annotations

import json
import zipfile
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import libipld
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.importers.bluesky_fixture import build_car, cid_of, varint
from warmly.errors import ImportFileError
from warmly.importers import get_importer
from warmly.importers.base import ImportContext
from warmly.importers.bluesky import _parse_time
from warmly.importers.bluesky_car import CarError, read_repo
from warmly.importers.records import (
    ContactRecord,
    IdentityRef,
    InteractionRecord,
    OwnerRecord,
    Record,
    RecordError,
    Skipped,
)
from warmly.importers.source import ExportTree

DATA = Path(__file__).resolve().parent.parent / "data" / "bluesky"
FIXTURE = json.loads((DATA / "repo.json").read_text())
OWNER: str = FIXTURE["did"]
ALICE, BOB, CAROL, DAVE, ERIN = (
    f"did:plc:{n}{'x' * 20}" for n in ("alice", "bob", "carol", "dave", "erin")
)


def read(path: Path, ctx: ImportContext | None = None) -> list[Record]:
    with ExportTree(path) as tree:
        return list(get_importer("bluesky").read(tree, ctx or ImportContext()))


def write_car(tmp_path: Path, data: bytes, name: str = "repo.car") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.fixture
def fixture_records(tmp_path: Path) -> list[Record]:
    return read(write_car(tmp_path, build_car(OWNER, FIXTURE["records"])))


def interactions(records: list[Record]) -> dict[str, InteractionRecord]:
    return {r.source_key: r for r in records if isinstance(r, InteractionRecord)}


P = f"bluesky:{OWNER}/"


@pytest.mark.parametrize(
    ("source_key", "kind", "counterpart", "occurred_at"),
    [
        # reply to alice that mentions alice (reply wins) and carol; second precision
        (f"{P}app.bsky.feed.post/3kaaa0000002:{ALICE}", "reply", ALICE, "2024-05-01T10:00:00"),
        (f"{P}app.bsky.feed.post/3kaaa0000002:{CAROL}", "mention", CAROL, "2024-05-01T10:00:00"),
        (f"{P}app.bsky.feed.post/3kaaa0000004", "share", BOB, "2024-05-02T08:00:00"),
        # recordWithMedia quote; +02:00 offset converted to UTC
        (f"{P}app.bsky.feed.post/3kaaa0000005", "share", CAROL, "2024-05-02T06:30:00"),
        (f"{P}app.bsky.feed.repost/3kaaa0000009", "share", DAVE, "2024-05-04T08:00:00"),
        (f"{P}app.bsky.feed.like/3kaaa0000010", "like", ERIN, "2024-05-05T08:00:00"),
        (f"{P}app.bsky.graph.follow/3kaaa0000012", "follow", ALICE, "2024-05-06T08:00:00"),
    ],
)
def test_interactions(
    fixture_records: list[Record], source_key: str, kind: str, counterpart: str, occurred_at: str
) -> None:
    rec = interactions(fixture_records)[source_key]
    assert (rec.kind, rec.direction, rec.platform) == (kind, "out", "bluesky")
    assert [c.handle for c in rec.counterparts] == [counterpart]
    assert {c.platform for c in rec.counterparts} == {"bluesky"}
    assert rec.occurred_at == datetime.fromisoformat(occurred_at).replace(tzinfo=UTC)


def test_nothing_else(fixture_records: list[Record]) -> None:
    """Plain/self-thread/self-mention posts, own likes, gates and other apps yield nothing."""
    assert len(interactions(fixture_records)) == 7
    owner, *rest = fixture_records
    assert isinstance(owner, OwnerRecord)
    assert owner.name == "Ada Example" and owner.summary == "gardener"
    assert [(i.platform, i.handle) for i in owner.identities] == [("bluesky", OWNER)]
    locations = {getattr(r, "location", None) for r in rest}
    assert not any(
        loc and loc.split("/")[0].startswith(("sh.", "com.", "pub.")) for loc in locations
    )
    assert [r for r in rest if isinstance(r, Skipped)] == [
        Skipped(
            "app.bsky.graph.listblock/3kaaa0000019",
            "blocks a moderation list, whose members the repository lacks",
        )
    ]
    errors = [r for r in rest if isinstance(r, RecordError)]
    assert [e.location for e in errors] == [
        "app.bsky.feed.post/3kaaa0000008",
        "app.bsky.graph.block/3kaaa0000018",  # a subject that is no DID
    ]
    contacts = [r for r in rest if isinstance(r, ContactRecord)]
    assert [(c.source_key, c.tags) for c in contacts] == [  # in key order
        (f"bluesky:blocked:{DAVE}", ["bluesky:blocked"]),
        (f"bluesky:blocked:{ERIN}", ["bluesky:blocked"]),  # undated: a block stands all the same
        (f"bluesky:following:{ALICE}", ["bluesky:following"]),
    ]


def test_blocks_are_contacts_tagged_blocked_and_no_interaction(
    fixture_records: list[Record],
) -> None:
    blocks = [
        r
        for r in fixture_records
        if isinstance(r, ContactRecord | InteractionRecord)
        and (r.location or "").startswith("app.bsky.graph.block/")
    ]
    assert blocks == [
        ContactRecord(
            f"bluesky:blocked:{DAVE}",
            [IdentityRef("bluesky", DAVE)],
            tags=["bluesky:blocked"],
            location="app.bsky.graph.block/3kaaa0000013",
        ),
        ContactRecord(
            f"bluesky:blocked:{ERIN}",
            [IdentityRef("bluesky", ERIN)],
            tags=["bluesky:blocked"],
            location="app.bsky.graph.block/3kaaa0000017",
        ),
    ]


def test_reply_keeps_thread_root_and_text(fixture_records: list[Record]) -> None:
    rec = interactions(fixture_records)[f"{P}app.bsky.feed.post/3kaaa0000002:{ALICE}"]
    assert rec.thread == f"at://{BOB}/app.bsky.feed.post/3root"
    assert rec.text == "@alice.test @carol.test agreed"
    assert rec.location == "app.bsky.feed.post/3kaaa0000002"


def test_context_owner_is_never_a_counterpart(tmp_path: Path) -> None:
    ctx = ImportContext(owner={("bluesky", ERIN)})
    recs = read(write_car(tmp_path, build_car(OWNER, FIXTURE["records"])), ctx)
    assert all(c.handle != ERIN for r in interactions(recs).values() for c in r.counterparts)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-05-01T10:00:00Z", "2024-05-01T10:00:00+00:00"),
        ("2024-05-01T10:00:00.123Z", "2024-05-01T10:00:00.123000+00:00"),
        ("2024-05-01T10:00:00.123456789Z", "2024-05-01T10:00:00.123456+00:00"),
        ("2024-05-01t10:00:00z", "2024-05-01T10:00:00+00:00"),
        ("2024-05-01T12:00:00.5+02:00", "2024-05-01T10:00:00.500000+00:00"),
        ("2024-05-01T10:00:00", "2024-05-01T10:00:00+00:00"),  # no offset: taken as UTC
        ("yesterday", None),
        (None, None),
        # client-asserted, so backdating is possible: out of range in UTC, not a traceback
        ("0001-01-01T00:00:00+01:00", None),
        ("9999-12-31T23:59:59-05:00", None),
    ],
)
def test_parse_time(value: Any, expected: str | None) -> None:
    got = _parse_time(value)
    assert (got.isoformat() if got else None) == expected


# --- the MST walk -----------------------------------------------------------------------

NESTED = {
    # forced layers: a 4-level tree whose entries share long prefixes
    "app.bsky.feed.like/3a": 0,
    "app.bsky.feed.like/3b": 1,
    "app.bsky.feed.like/3c": 0,
    "app.bsky.feed.post/3a": 3,
    "app.bsky.feed.post/3b": 0,
    "app.bsky.feed.post/3c": 2,
    "app.bsky.feed.post/3d": 0,
    "app.bsky.feed.post/3e": 0,  # same node as 3d: p = len("app.bsky.feed.post/3")
    "app.bsky.graph.follow/3a": 1,
    "app.bsky.graph.follow/3b": 0,
    "app.bsky.graph.follow/3c": 2,
}


def _depth_and_prefixes(repo: Any, cid: bytes | None) -> tuple[int, list[int]]:
    if cid is None:
        return 0, []
    node = repo.decode(cid)
    depth, ps = _depth_and_prefixes(repo, node["l"])
    for e in node["e"]:
        ps.append(e["p"])
        d, more = _depth_and_prefixes(repo, e["t"])
        depth, ps = max(depth, d), ps + more
    return depth + 1, ps


def test_nested_mst_with_prefix_compression() -> None:
    records = {k: {"createdAt": "2024-01-01T00:00:00Z"} for k in NESTED}
    repo = read_repo(build_car(OWNER, records, layer=NESTED.__getitem__))
    depth, prefixes = _depth_and_prefixes(repo, repo.commit["data"])
    assert depth == 4
    assert max(prefixes) >= len("app.bsky.feed.post/3")  # keys really are compressed
    assert [k for k, _ in repo.records()] == sorted(NESTED)


@settings(max_examples=60, deadline=None)
@given(
    st.dictionaries(
        st.from_regex(
            r"app\.bsky\.(feed\.(post|like|repost)|graph\.follow)/3[a-z2-7]{1,6}", fullmatch=True
        ),
        st.integers(min_value=0, max_value=3),
        max_size=40,
    )
)
def test_mst_walk_returns_every_key_in_order(layers: dict[str, int]) -> None:
    records = {k: {"n": i} for i, k in enumerate(layers)}
    repo = read_repo(build_car(OWNER, records, layer=layers.__getitem__))
    got = list(repo.records())
    assert [k for k, _ in got] == sorted(layers)
    assert all(repo.decode(cid) == records[k] for k, cid in got)


def test_real_atproto_layers_and_non_bsky_collections_filtered(tmp_path: Path) -> None:
    records: dict[str, Any] = {
        f"app.bsky.feed.like/3k{i:04d}": {
            "subject": {"uri": f"at://{ALICE}/app.bsky.feed.post/{i}", "cid": "x"},
            "createdAt": f"2024-05-05T08:{i % 60:02d}:00Z",
        }
        for i in range(300)
    }
    records.update(
        {f"sh.tangled.repo/{i}": {"createdAt": "2024-01-01T00:00:00Z"} for i in range(50)}
    )
    recs = read(write_car(tmp_path, build_car(OWNER, records)))
    likes = interactions(recs)
    assert len(likes) == 300 and {r.kind for r in likes.values()} == {"like"}
    assert len(recs) == 301  # + OwnerRecord; nothing from sh.tangled.*


# --- corrupt files and records ----------------------------------------------------------


def _flip_block(car: bytes, cid: bytes) -> bytes:
    at = car.index(cid) + len(cid) + 3
    return car[:at] + bytes([car[at] ^ 0x01]) + car[at + 1 :]


def _header(obj: Any) -> bytes:
    data = libipld.encode_dag_cbor(obj)
    return varint(len(data)) + data


GOOD = build_car(
    OWNER, {"app.bsky.feed.post/3a": {"text": "x", "createdAt": "2024-01-01T00:00:00Z"}}
)
_REPO = read_repo(GOOD)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "truncated"),
        (GOOD[:-5], "truncated block"),
        (
            GOOD[: len(_header({"roots": [b"\x01q\x12 " + bytes(32)], "version": 1}))],
            "commit block",
        ),
        (_header({"roots": [cid_of(b"x")], "version": 2}), "not a CAR v1"),
        (_header({"roots": [], "version": 1}), "no roots"),
        (_header({"roots": [cid_of(b"x")], "version": 1}) + b"\x05\x01", "truncated"),
        (_flip_block(GOOD, _REPO.commit["data"]), "corrupt"),
    ],
    ids=["empty", "cut-mid-block", "cut-after-header", "v2", "no-roots", "bad-block", "mst-flip"],
)
def test_corrupt_car_is_one_line_import_error(tmp_path: Path, data: bytes, reason: str) -> None:
    with pytest.raises(ImportFileError) as err:
        read(write_car(tmp_path, data))
    assert reason in str(err.value) and "\n" not in str(err.value)


def test_commit_without_did() -> None:
    commit = libipld.encode_dag_cbor({"data": None, "version": 3})
    car = _header({"roots": [cid_of(commit)], "version": 1})
    car += varint(36 + len(commit)) + cid_of(commit) + commit
    with pytest.raises(CarError, match="no did"):
        read_repo(car)


@pytest.mark.parametrize(
    ("build", "reason"),
    [
        (lambda: build_car(OWNER, {"app.bsky.feed.post/3a": b"\xff\xfe"}), "not DAG-CBOR"),
        (
            lambda: build_car(
                OWNER,
                {"app.bsky.feed.post/3a": {"t": 1}},
                drop=frozenset({"app.bsky.feed.post/3a"}),
            ),
            "missing",
        ),
        (
            lambda: build_car(OWNER, {"app.bsky.feed.post/3a": libipld.encode_dag_cbor([1])}),
            "not a map",
        ),
        (
            lambda: _flip_block(
                build_car(OWNER, {"app.bsky.feed.post/3a": {"text": "hello there"}}),
                cid_of(libipld.encode_dag_cbor({"text": "hello there"})),
            ),
            "corrupt",
        ),
    ],
    ids=["undecodable", "missing", "not-a-map", "hash-mismatch"],
)
def test_bad_record_is_record_error(tmp_path: Path, build: Any, reason: str) -> None:
    recs = read(write_car(tmp_path, build()))
    assert isinstance(recs[0], OwnerRecord)
    assert len(recs) == 2 and isinstance(recs[1], RecordError)
    assert recs[1].location == "app.bsky.feed.post/3a" and reason in recs[1].reason


def test_empty_repository(tmp_path: Path) -> None:
    assert read(write_car(tmp_path, build_car(OWNER, {}))) == [
        OwnerRecord([IdentityRef("bluesky", OWNER)])
    ]


# --- detection --------------------------------------------------------------------------


def _zip_with_car(tmp_path: Path) -> Path:
    path = tmp_path / "repo.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("repo.car", GOOD)
    return path


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda p: write_car(p, GOOD), True),
        (lambda p: write_car(p, GOOD, "export-without-extension"), True),
        (lambda p: write_car(p, b'{"roots": []}', "x.json"), False),
        (lambda p: write_car(p, b"Account address,Show boosts\n", "f.csv"), False),
        (lambda p: write_car(p, _header({"roots": [cid_of(b"x")], "version": 2}), "v2.car"), False),
        (lambda p: write_car(p, b"", "empty.car"), False),
        (_zip_with_car, False),
        (lambda p: DATA.parent / "mastodon" / "archive", False),
    ],
)
def test_detect(tmp_path: Path, make: Any, expected: bool) -> None:
    with ExportTree(make(tmp_path)) as tree:
        assert get_importer("bluesky").detect(tree) is expected


# --- the real sample --------------------------------------------------------------------


def test_real_tiny_car(samples: Path) -> None:
    recs = read(samples / "bluesky" / "tiny.car")
    counts = Counter(r.kind if isinstance(r, InteractionRecord) else type(r).__name__ for r in recs)
    print("bluesky tiny.car:", dict(counts))
    assert counts["RecordError"] == 0
    assert counts == {
        "OwnerRecord": 1,
        "like": 2,
        "reply": 1,
        "follow": 1,
        "ContactRecord": 2,  # the follow, and the block
    }
    owner = recs[0]
    assert isinstance(owner, OwnerRecord) and owner.name == "hard to read on here"
    assert owner.identities[0].handle == "did:plc:7hptvnhdyeu53xp6rz7e42iy"
