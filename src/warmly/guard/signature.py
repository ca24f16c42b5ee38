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

U32 = npt.NDArray[np.uint32]
I64 = npt.NDArray[np.int64]

FORMAT_VERSION = 1  # first byte of every serialised signature; bump if hashing changes
_EMPTY = np.uint32(0xFFFFFFFF)
_CHUNK_SHINGLES = 250_000  # shingles per numpy pass: ~1 MB vectors, cache-friendly
_SMALL_SHINGLES = 4_096  # up to this many, one (shingles x num_perm) matrix (2 MB)


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


def _crc_tables(n: int) -> tuple[int, U32]:
    """CRC-32 is affine over GF(2): for a fixed length ``n``,
    ``crc32(x) = crc32(0^n) ^ T[0][x0] ^ ... ^ T[n-1][x(n-1)]`` exactly."""
    zero = zlib.crc32(bytes(n))
    tables = np.zeros((n, 256), dtype=np.uint32)
    for k in range(n):
        for b in range(256):
            probe = bytearray(n)
            probe[k] = b
            tables[k, b] = zlib.crc32(bytes(probe)) ^ zero
    return zero, tables


_GRAM = 5
_CRC_ZERO, _CRC_TABLES = _crc_tables(_GRAM)


def crc32_char_grams(texts: Sequence[bytes]) -> tuple[U32, I64]:
    """CRC-32 of every 5-byte gram of each text, vectorised (equal to ``zlib.crc32``).

    A text of 1-4 bytes is its own single gram, an empty text has none. Returns the
    hashes of all texts concatenated, and how many belong to each text. Grams repeat when
    the text repeats itself; for a MinHash that makes no difference.
    """
    lens = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    counts = np.where(lens >= _GRAM, lens - (_GRAM - 1), np.minimum(lens, 1))
    total = int(counts.sum())
    out = np.empty(total, dtype=np.uint32)
    if not total:
        return out, counts
    buf = np.frombuffer(b"".join(texts), dtype=np.uint8)
    starts = np.cumsum(lens) - lens
    seg = np.cumsum(counts) - counts
    src = np.repeat(starts - seg, counts) + np.arange(total, dtype=np.int64)
    if len(buf) >= _GRAM:
        grams = np.full(len(buf) - (_GRAM - 1), _CRC_ZERO, dtype=np.uint32)
        for k in range(_GRAM):
            grams ^= _CRC_TABLES[k][buf[k : len(buf) - (_GRAM - 1) + k]]
        np.take(grams, np.minimum(src, len(grams) - 1), out=out)
    for i in np.flatnonzero((lens > 0) & (lens < _GRAM)).tolist():
        out[seg[i]] = zlib.crc32(texts[i])
    return out, counts


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
        # Imported here: datasketch loads scipy (0.5 s), and every command that
        # checks the configuration imports this package without signing anything.
        from datasketch import MinHash

        a, b = MinHash(num_perm=num_perm, seed=seed, scheme="affine32").permutations
        self._a = np.asarray(a, dtype=np.uint32)
        self._b = np.asarray(b, dtype=np.uint32)
        self._band_seeds = np.asarray(
            [band * 0x1000193 + seed for band in range(bands)], dtype=np.uint64
        )

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
        if flat:
            self.fill_hashes(np.asarray(flat, dtype=np.uint32), lengths, out)

    def fill_hashes(self, hashes: U32, lengths: I64, out: U32) -> None:
        """Signatures from shingle hashes (CRC-32 of each shingle, concatenated per text).

        ``lengths[i]`` hashes belong to row ``i`` of ``out``; rows with none are left as
        they are. Duplicate hashes within a row are harmless (a minimum ignores them).
        """
        if not len(hashes):
            return
        hv = _fmix32(hashes.astype(np.uint32, copy=False))
        nonempty = lengths > 0
        if len(hv) <= _SMALL_SHINGLES:
            # A few texts (a check): one broadcast (shingles x num_perm) pass is cheaper
            # than num_perm small numpy calls.
            offsets = np.concatenate(([0], np.cumsum(lengths)[:-1]))[nonempty]
            full = hv[:, None] * self._a[None, :]  # wraps mod 2^32, as datasketch
            full += self._b[None, :]
            out[nonempty] = np.minimum.reduceat(full, offsets, axis=0)
            return
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

    def signatures_from_hashes(self, hashes: U32, lengths: I64) -> U32:
        """Signatures from concatenated shingle hashes (see :func:`crc32_char_grams`)."""
        out = np.full((len(lengths), self.num_perm), _EMPTY, dtype=np.uint32)
        ends = np.cumsum(lengths)
        start = 0
        while start < len(lengths):
            base = int(ends[start] - lengths[start])
            stop = int(np.searchsorted(ends, base + _CHUNK_SHINGLES, side="right"))
            stop = max(stop, start + 1)
            self.fill_hashes(
                hashes[base : int(ends[stop - 1])], lengths[start:stop], out[start:stop]
            )
            start = stop
        return out

    def band_keys(self, sigs: U32) -> I64:
        """LSH band keys, shape ``(n, bands)``: equal keys in a band = candidate pair.

        The band number is mixed in, so one ``BIGINT`` column (no separate band column)
        identifies a bucket. Empty signatures get key -1 (never stored, never queried).
        """
        sigs2 = np.atleast_2d(sigs)
        n = sigs2.shape[0]
        used = sigs2[:, : self.bands * self.rows].reshape(n, self.bands, self.rows)
        # All bands at once: start value per band, then fold in the band's rows in order.
        h = np.broadcast_to(self._band_seeds, (n, self.bands)).copy()
        for r in range(self.rows):
            h = _splitmix64(h ^ used[:, :, r].astype(np.uint64))
        keys = h
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
