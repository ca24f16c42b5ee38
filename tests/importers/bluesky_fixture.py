"""Build atproto repository CAR files for tests: commit, MST and record blocks.

``libipld.encode_dag_cbor`` writes ``bytes`` that hold a CIDv1 (``01 71 12 20 …``)
as a DAG-CBOR link (tag 42), so raw CID bytes below become real links.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from typing import Any

import libipld

Layer = Callable[[str], int]


def cid_of(data: bytes) -> bytes:
    """CIDv1, dag-cbor codec, sha2-256: the only kind a repository uses."""
    return b"\x01\x71\x12\x20" + hashlib.sha256(data).digest()


def varint(n: int) -> bytes:
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def atproto_layer(key: str) -> int:
    """A key's MST layer: leading zero bits of sha256(key), counted in pairs."""
    digest = hashlib.sha256(key.encode()).digest()
    bits = "".join(f"{b:08b}" for b in digest)
    return (len(bits) - len(bits.lstrip("0"))) // 2


def _node(items: list[tuple[str, bytes, int]], layer: int, blocks: dict[bytes, bytes]) -> Any:
    """Node for sorted ``(key, value CID, layer)`` items all at or below ``layer``."""
    if not items:
        return None
    tops = [i for i, item in enumerate(items) if item[2] == layer]
    if not tops:
        return _node(items, layer - 1, blocks)
    entries, prev = [], b""
    for j, idx in enumerate(tops):
        key = items[idx][0].encode()
        p = next((n for n, (a, b) in enumerate(zip(prev, key, strict=False)) if a != b), None)
        p = min(len(prev), len(key)) if p is None else p
        end = tops[j + 1] if j + 1 < len(tops) else len(items)
        t = _node(items[idx + 1 : end], layer - 1, blocks)
        entries.append({"p": p, "k": key[p:], "v": items[idx][1], "t": t})
        prev = key
    node = {"e": entries, "l": _node(items[: tops[0]], layer - 1, blocks)}
    data = libipld.encode_dag_cbor(node)
    blocks[cid_of(data)] = data
    return cid_of(data)


def build_car(
    did: str,
    records: Mapping[str, Mapping[str, Any] | bytes],
    *,
    layer: Layer = atproto_layer,
    drop: frozenset[str] = frozenset(),
) -> bytes:
    """A repository CAR holding ``records`` (``collection/rkey`` -> record).

    A ``bytes`` value is stored as the raw block (to plant undecodable data);
    keys in ``drop`` stay in the tree but their block is left out.
    """
    blocks: dict[bytes, bytes] = {}
    items = []
    for key in sorted(records):
        value = records[key]
        data = value if isinstance(value, bytes) else libipld.encode_dag_cbor(dict(value))
        cid = cid_of(data)
        if key not in drop:
            blocks[cid] = data
        items.append((key, cid, layer(key)))
    root = _node(items, max((i[2] for i in items), default=0), blocks)
    if root is None:  # an empty repository still has an (empty) root node
        empty = libipld.encode_dag_cbor({"e": [], "l": None})
        root, blocks[cid_of(empty)] = cid_of(empty), empty
    commit = libipld.encode_dag_cbor(
        {"did": did, "rev": "3test", "sig": b"\x00" * 64, "data": root, "prev": None, "version": 3}
    )
    header = libipld.encode_dag_cbor({"roots": [cid_of(commit)], "version": 1})
    out = bytearray(varint(len(header)) + header)
    for cid, data in [(cid_of(commit), commit), *blocks.items()]:
        out += varint(len(cid) + len(data)) + cid + data
    return bytes(out)
