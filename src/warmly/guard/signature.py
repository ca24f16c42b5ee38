"""MinHash signatures, their bytes form, and LSH band keys: all vectorised with numpy.

The permutations come from datasketch (``MinHash(num_perm, seed, scheme="affine32")``),
so a stored signature is exactly what ``datasketch.MinHash(hashfunc=crc32_hash)`` would
compute for the same shingles and can be handed to datasketch (``LeanMinHash``, its LSH,
its Redis storage) unchanged. We compute many signatures in one numpy pass because
``MinHash.update`` per message costs ~50 µs of Python overhead, too slow for rebuilding
a million-message index.

Shingles are hashed with CRC-32: 3x faster than SHA-1 here, and datasketch's affine32
scheme runs every input hash through the MurmurHash3 finaliser first, so a weak hash
is safe. Band keys mix each band's rows with splitmix64 into a non-negative int64, the
natural type of a SQL ``BIGINT`` column on SQLite and PostgreSQL.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from datasketch import MinHash

U32 = npt.NDArray[np.uint32]
I64 = npt.NDArray[np.int64]

FORMAT_VERSION = 1  # first byte of every serialised signature; bump if hashing changes
_EMPTY = np.uint32(0xFFFFFFFF)
_CHUNK_SHINGLES = 250_000  # shingles per numpy pass: ~1 MB vectors, cache-friendly


def crc32_hash(data: bytes) -> int:
    """The shingle hash (datasketch ``hashfunc`` compatible)."""
    return zlib.crc32(data)


def _fmix32(hv: U32) -> U32:
    """MurmurHash3 32-bit finaliser, as datasketch's affine32 scheme applies it."""
    hv = hv ^ (hv >> np.uint32(16))
    hv = hv * np.uint32(0x85EBCA6B)
    hv = hv ^ (hv >> np.uint32(13))
    hv = hv * np.uint32(0xC2B2AE35)
    return hv ^ (hv >> np.uint32(16))


def _splitmix64(x: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    x = x + np.uint64(0x9E3779B97F4A7C15)
    x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


class Signer:
    """Computes MinHash signatures and band keys for one (num_perm, seed, bands, rows)."""

    def __init__(self, num_perm: int = 128, seed: int = 1, bands: int = 32, rows: int = 4):
        if bands * rows > num_perm:
            raise ValueError("bands * rows must not exceed num_perm")
        self.num_perm, self.seed, self.bands, self.rows = num_perm, seed, bands, rows
        a, b = MinHash(num_perm=num_perm, seed=seed, scheme="affine32").permutations
        self._a = np.asarray(a, dtype=np.uint32)
        self._b = np.asarray(b, dtype=np.uint32)

    def signature(self, shingles: Sequence[str]) -> U32:
        """One signature (``num_perm`` uint32); all-0xFFFFFFFF when there are no shingles."""
        sig: U32 = self.signatures([shingles])[0]
        return sig

    def signatures(self, batch: Sequence[Sequence[str]]) -> U32:
        """Signatures of many shingle lists, shape ``(len(batch), num_perm)``."""
        out = np.full((len(batch), self.num_perm), _EMPTY, dtype=np.uint32)
        start = 0
        while start < len(batch):
            stop, total = start, 0
            while stop < len(batch) and (total == 0 or total + len(batch[stop]) <= _CHUNK_SHINGLES):
                total += len(batch[stop])
                stop += 1
            self._fill(batch[start:stop], out[start:stop])
            start = stop
        return out

    def _fill(self, batch: Sequence[Sequence[str]], out: U32) -> None:
        lengths = np.fromiter((len(s) for s in batch), dtype=np.int64, count=len(batch))
        flat = [zlib.crc32(s.encode()) for shingles in batch for s in shingles]
        if not flat:
            return
        hv = _fmix32(np.asarray(flat, dtype=np.uint32))
        nonempty = lengths > 0
        offsets = np.concatenate(([0], np.cumsum(lengths)[:-1]))[nonempty]
        # One permutation at a time: a (shingles,) vector stays in cache, where the full
        # (shingles x num_perm) matrix would stream hundreds of MB through memory.
        cols = np.empty((int(nonempty.sum()), self.num_perm), dtype=np.uint32)
        scratch = np.empty_like(hv)
        for j in range(self.num_perm):
            np.multiply(hv, self._a[j], out=scratch)  # wraps mod 2^32, as datasketch
            np.add(scratch, self._b[j], out=scratch)
            cols[:, j] = np.minimum.reduceat(scratch, offsets)
        out[nonempty] = cols

    def band_keys(self, sigs: U32) -> I64:
        """LSH band keys, shape ``(n, bands)``: equal keys in a band = candidate pair.

        The band number is mixed in, so one ``BIGINT`` column (no separate band column)
        identifies a bucket. Empty signatures get key -1 (never stored, never queried).
        """
        sigs2 = np.atleast_2d(sigs)
        keys = np.empty((sigs2.shape[0], self.bands), dtype=np.uint64)
        for band in range(self.bands):
            h = np.full(sigs2.shape[0], np.uint64(band * 0x1000193 + self.seed), dtype=np.uint64)
            for col in sigs2[:, band * self.rows : (band + 1) * self.rows].T:
                h = _splitmix64(h ^ col.astype(np.uint64))
            keys[:, band] = h
        signed = (keys >> np.uint64(1)).astype(np.int64)  # non-negative: fits a signed BIGINT
        signed[np.all(sigs2 == _EMPTY, axis=1)] = -1
        return signed


def jaccard(sig: U32, others: U32) -> npt.NDArray[np.float64]:
    """Estimated Jaccard similarity of one signature with each row of ``others``."""
    if others.size == 0:
        return np.zeros(0)
    return np.asarray(np.mean(np.atleast_2d(others) == sig[None, :], axis=1), dtype=np.float64)


def to_bytes(sig: U32) -> bytes:
    """Serialise for a BLOB / BYTEA column: version byte + little-endian uint32 values."""
    return bytes([FORMAT_VERSION]) + sig.astype("<u4").tobytes()


def from_bytes(blob: bytes) -> U32:
    """Inverse of :func:`to_bytes`."""
    if not blob or blob[0] != FORMAT_VERSION:
        raise ValueError("not a warmly guard signature (unknown format version)")
    values: U32 = np.frombuffer(blob, dtype="<u4", offset=1).astype(np.uint32)
    return values


def exact_key(normal: str) -> int:
    """A 63-bit key of the canonical text for an indexed exact-duplicate lookup."""
    digest = hashlib.blake2b(normal.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little") >> 1
