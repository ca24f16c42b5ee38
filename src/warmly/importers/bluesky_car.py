"""Read an atproto repository CAR: blocks, the signed commit, and the MST's keys.

CAR v1 is ``varint(len) + DAG-CBOR {roots, version: 1}`` followed by repeated
``varint(len) + CID + block``. The framing is read here and each block is
decoded on demand with :func:`libipld.decode_dag_cbor`, rather than with
``libipld.decode_car``, which fails the whole file on one bad block and accepts
a file cut at a block boundary without complaint. Each block used is checked
against its CID's sha-256, so a flipped bit shows up as an error, not a wrong value.

Record keys (``<collection>/<rkey>``) exist only in the Merkle Search Tree
(records don't carry their own rkey), so the tree is walked from the commit's
``data`` CID: the ``l`` subtree first, then each entry followed by its ``t``
subtree. Entry keys are prefix-compressed against the previous entry of the
same node: ``key = previous[:p] + k``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import libipld

__all__ = ["CarError", "Repo", "read_repo"]

_SHA2_256 = 0x12
_MAX_DEPTH = 128  # an MST is ~log4(n) deep; more means a cycle or a hostile file


class CarError(ValueError):
    """The CAR, its commit or its tree is unreadable: a one-line reason."""


class BlockError(ValueError):
    """One block is missing, corrupt or not DAG-CBOR."""


@dataclass(slots=True)
class Repo:
    """A decoded repository: its owner's DID, the commit, and raw blocks by CID."""

    did: str
    commit: dict[str, Any]
    blocks: dict[bytes, bytes]
    hashes: dict[bytes, tuple[int, bytes]]

    def decode(self, cid: bytes) -> Any:
        """The DAG-CBOR value of block ``cid``, verified against its hash."""
        data = self.blocks.get(cid)
        if data is None:
            raise BlockError("block missing from the CAR")
        code, digest = self.hashes[cid]
        if code == _SHA2_256 and hashlib.sha256(data).digest() != digest:
            raise BlockError("block does not match its CID (corrupt)")
        try:
            return libipld.decode_dag_cbor(data)
        except (ValueError, RecursionError) as exc:
            raise BlockError(f"not DAG-CBOR: {exc}") from exc

    def records(self) -> Iterator[tuple[str, bytes]]:
        """``(collection/rkey, record CID)`` for every record, in key order."""
        root = self.commit.get("data")
        if not isinstance(root, bytes):
            raise CarError("commit has no data (MST root) link")
        yield from self._walk(root, 0, set())

    def _walk(self, cid: bytes, depth: int, seen: set[bytes]) -> Iterator[tuple[str, bytes]]:
        if depth > _MAX_DEPTH or cid in seen:
            raise CarError("MST is cyclic or implausibly deep")
        seen.add(cid)
        try:
            node = self.decode(cid)
        except BlockError as exc:
            raise CarError(f"MST node {libipld.encode_cid(cid)}: {exc}") from exc
        if not isinstance(node, dict) or not isinstance(node.get("e"), list):
            raise CarError(f"MST node {libipld.encode_cid(cid)} is not {{l, e}}")
        if isinstance(node.get("l"), bytes):
            yield from self._walk(node["l"], depth + 1, seen)
        key = b""
        for entry in node["e"]:
            try:
                key = key[: entry["p"]] + entry["k"]
                value: bytes = entry["v"]
                text = key.decode("ascii")
            except (KeyError, TypeError, UnicodeDecodeError) as exc:
                raise CarError(f"malformed MST entry after key {key!r}") from exc
            yield text, value
            if isinstance(entry.get("t"), bytes):
                yield from self._walk(entry["t"], depth + 1, seen)


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    """Unsigned LEB128 at ``pos`` -> ``(value, next position)``."""
    value = shift = 0
    while True:
        if pos >= len(data):
            raise CarError(f"truncated at byte {pos}")
        byte = data[pos]
        value |= (byte & 0x7F) << shift
        pos += 1
        if not byte & 0x80:
            return value, pos
        shift += 7
        if shift > 63:
            raise CarError(f"bad varint at byte {pos}")


def _cid(data: bytes, pos: int) -> tuple[bytes, int, bytes, int]:
    """CID at ``pos`` -> ``(cid bytes, hash code, digest, next position)``."""
    start = pos
    if data[pos : pos + 2] == b"\x12\x20":  # CIDv0: a bare sha-256 multihash
        code, size, pos = _SHA2_256, 32, pos + 2
    else:
        version, pos = _varint(data, pos)
        if version != 1:
            raise CarError(f"unsupported CID version {version} at byte {start}")
        _codec, pos = _varint(data, pos)
        code, pos = _varint(data, pos)
        size, pos = _varint(data, pos)
    end = pos + size
    return data[start:end], code, data[pos:end], end


def header_roots(data: bytes) -> tuple[list[bytes], int]:
    """Roots of a CAR v1 header and the offset of the first block."""
    length, pos = _varint(data, 0)
    if length == 0 or pos + length > len(data):
        raise CarError("truncated CAR header")
    try:
        header = libipld.decode_dag_cbor(data[pos : pos + length])
    except (ValueError, RecursionError) as exc:
        raise CarError(f"CAR header is not DAG-CBOR: {exc}") from exc
    if not isinstance(header, dict) or header.get("version") != 1:
        raise CarError("not a CAR v1 file (header without version 1)")
    roots = header.get("roots")
    if not isinstance(roots, list) or not roots or not all(isinstance(r, bytes) for r in roots):
        raise CarError("CAR header has no roots")
    return roots, pos + length


def read_repo(data: bytes) -> Repo:
    """Frame every block of ``data`` and decode the signed commit (the first root)."""
    roots, pos = header_roots(data)
    blocks: dict[bytes, bytes] = {}
    hashes: dict[bytes, tuple[int, bytes]] = {}
    while pos < len(data):
        length, body = _varint(data, pos)
        end = body + length
        if length == 0 or end > len(data):
            raise CarError(f"truncated block at byte {pos}")
        cid, code, digest, start = _cid(data, body)
        if start > end:
            raise CarError(f"block at byte {pos} is shorter than its CID")
        blocks[cid], hashes[cid] = data[start:end], (code, digest)
        pos = end
    repo = Repo("", {}, blocks, hashes)
    try:
        commit = repo.decode(roots[0])
    except BlockError as exc:
        raise CarError(f"commit block: {exc} (truncated export?)") from exc
    did = commit.get("did") if isinstance(commit, dict) else None
    if not isinstance(did, str) or not did.startswith("did:"):
        raise CarError("root block is not a repository commit (no did)")
    repo.did, repo.commit = did, commit
    return repo
