"""Shingles, MinHash signatures and LSH bands for many texts at once, vectorised with numpy.

The signatures follow datasketch's "affine32" scheme bit for bit (the MurmurHash3 finalizer,
then h -> a*h + b mod 2**32 with datasketch's seeded permutations), so a signature here equals
`datasketch.MinHash(num_perm, seed, hashfunc=<our shingle hash>)` fed the same shingles. Doing
it for thousands of texts in one numpy pass is what lets an index of a million headlines build
in seconds instead of the minutes that one Python object per text takes.

Shingle hashes are stable across processes and machines (no Python `hash()`), because the
archive stores signatures and band keys and compares them with ones computed later.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt

U32 = npt.NDArray[np.uint32]
U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]

_MAX32 = np.uint32(0xFFFFFFFF)
# Tokens x permutations per numpy step: about 7 MB of uint32 at 175 permutations. Larger
# steps only cost memory (a run's peak) and run slower, once they no longer fit the CPU caches.
_CHUNK_TOKENS = 10_000
_CHUNK_ROWS = 5_000


@dataclass(frozen=True)
class Scheme:
    """How texts become signatures and band keys; the archive stores it and refuses another."""

    num_perm: int
    bands: int
    rows: int
    seed: int = 1

    def describe(self) -> str:
        """A stable text form, kept in the archive."""
        return f"affine32 num_perm={self.num_perm} bands={self.bands} rows={self.rows} seed={self.seed}"


@dataclass(frozen=True)
class Tokens:
    """Shingle hashes of many texts: text i owns hashes[offsets[i]:offsets[i + 1]]."""

    hashes: U32
    offsets: I64

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def sizes(self) -> I64:
        """How many shingles each text has."""
        return np.diff(self.offsets)


def char_shingles(texts: Sequence[str], n: int = 3) -> Tokens:
    """Character n-grams of each text, padded with a space at both ends, as 32-bit hashes."""
    joined = "\x00".join(" " + t.replace("\x00", " ") + " " for t in texts)
    points = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    separator = points == 0
    return _ngrams(points, separator, n, len(texts))


def word_shingles(texts: Sequence[Sequence[str]], n: int = 3) -> Tokens:
    """Word n-grams of each list of words, as 32-bit hashes (a text shorter than n has none)."""
    cache: dict[str, int] = {}
    values: list[int] = []
    separator: list[bool] = []
    for words in texts:
        values.extend(cache.get(w) or cache.setdefault(w, zlib.crc32(w.encode("utf-8")) | 1) for w in words)
        separator.extend([False] * len(words))
        values.append(0)
        separator.append(True)
    return _ngrams(np.array(values, dtype=np.uint64), np.array(separator, dtype=bool), n, len(texts))


def _ngrams(values: U64, separator: npt.NDArray[np.bool_], n: int, count: int) -> Tokens:
    """Hash every window of n values that does not cross a separator; windows keep text order."""
    width = len(values) - n + 1
    if width <= 0:
        return Tokens(np.zeros(0, np.uint32), np.zeros(count + 1, np.int64))
    multipliers = _odd_uint64(n, seed=0x5EED)
    mixed = np.zeros(width, dtype=np.uint64)
    crosses = np.zeros(width, dtype=bool)
    for k in range(n):
        mixed += values[k : k + width] * multipliers[k]
        crosses |= separator[k : k + width]
    keep = np.flatnonzero(~crosses)
    text_of = np.cumsum(separator)[keep]  # separators before a window = its text's index
    hashes = (_fmix64(mixed[keep]) >> np.uint64(32)).astype(np.uint32)
    offsets = np.searchsorted(text_of, np.arange(count + 1), side="left").astype(np.int64)
    return Tokens(hashes, offsets)


@lru_cache(maxsize=16)
def permutations(num_perm: int, seed: int = 1) -> tuple[U32, U32]:
    """datasketch's affine32 permutation parameters (a odd, b any) for this seed."""
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


def signatures(tokens: Tokens, scheme: Scheme) -> U32:
    """One MinHash signature per text (all 0xFFFFFFFF for a text without shingles)."""
    a, b = permutations(scheme.num_perm, scheme.seed)
    mixed = _fmix32(tokens.hashes)
    out = np.full((len(tokens), scheme.num_perm), _MAX32, dtype=np.uint32)
    for first, last in _token_chunks(tokens.offsets):
        lo, hi = tokens.offsets[first], tokens.offsets[last]
        if hi == lo:
            continue
        # Permutation-major, so that each row's minimum runs over contiguous memory (3x faster).
        permuted = a[:, None] * mixed[None, lo:hi] + b[:, None]
        starts = tokens.offsets[first:last]
        nonempty = np.flatnonzero(tokens.offsets[first + 1 : last + 1] > starts)
        out[first + nonempty] = np.minimum.reduceat(permuted, starts[nonempty] - lo, axis=1).T
    return out


def _token_chunks(offsets: I64) -> Iterator[tuple[int, int]]:
    """Ranges of texts holding about _CHUNK_TOKENS shingles each (a long text gets its own)."""
    first, count = 0, len(offsets) - 1
    while first < count:
        last = int(np.searchsorted(offsets, offsets[first] + _CHUNK_TOKENS, side="right")) - 1
        last = min(max(last, first + 1), count)
        yield first, last
        first = last


def band_keys(sigs: U32, scheme: Scheme) -> I64:
    """LSH keys: one 64-bit hash per band of `rows` signature values (signed, for SQLite)."""
    multipliers = _odd_uint64(scheme.bands * scheme.rows, seed=scheme.seed + 0xBA4D).reshape(scheme.bands, scheme.rows)
    out = np.empty((len(sigs), scheme.bands), dtype=np.uint64)
    used = scheme.bands * scheme.rows
    for lo in range(0, len(sigs), _CHUNK_ROWS):
        part = sigs[lo : lo + _CHUNK_ROWS, :used].astype(np.uint64).reshape(-1, scheme.bands, scheme.rows)
        out[lo : lo + _CHUNK_ROWS] = _fmix64((part * multipliers[None]).sum(axis=2, dtype=np.uint64))
    return out.view(np.int64)


def empty(sigs: U32) -> npt.NDArray[np.bool_]:
    """Which signatures stand for a text without shingles (they must not meet in a bucket)."""
    return np.all(sigs == _MAX32, axis=1)


def candidate_pairs(keys: I64, skip: npt.NDArray[np.bool_] | None = None, cap: int = 64) -> I64:
    """Pairs (i < j) that share a key in some band, each once; rows in `skip` take no part.

    A bucket of k rows gives every pair up to `cap` apart in it, so k copies of one headline
    cost k * cap pairs, not k**2: the pairs still connect the whole bucket.
    """
    rows = np.flatnonzero(~skip) if skip is not None else np.arange(len(keys))
    found = [_bucket_pairs(keys[rows, band], rows, cap) for band in range(keys.shape[1])]
    pairs = np.concatenate(found) if found else np.zeros((0, 2), np.int64)
    if not len(pairs):
        return pairs
    codes = _sorted_set((pairs[:, 0] * np.int64(len(keys)) + pairs[:, 1]).astype(np.uint64)).astype(np.int64)
    return np.stack([codes // len(keys), codes % len(keys)], axis=1)


def _bucket_pairs(column: I64, rows: I64, cap: int) -> I64:
    order = np.argsort(column, kind="stable")
    values, ids = column[order], rows[order]
    same = values[1:] == values[:-1]
    shared = np.zeros(len(values), dtype=bool)
    shared[1:] |= same
    shared[:-1] |= same
    values, ids = values[shared], ids[shared]
    group = np.cumsum(np.r_[True, values[1:] != values[:-1]]) if len(values) else values
    return np.sort(neighbour_pairs(group, ids, cap), axis=1)


def neighbour_pairs(group: I64, ids: I64, cap: int) -> I64:
    """Each id paired with the next cap - 1 ids of its group (ids sorted by group), in that order."""
    out = []
    for step in range(1, cap):
        match = group[step:] == group[:-step]
        if not match.any():
            break
        out.append(np.stack([ids[:-step][match], ids[step:][match]], axis=1))
    return np.concatenate(out) if out else np.zeros((0, 2), np.int64)


def estimate(sigs: U32, pairs: I64, other: U32 | None = None) -> npt.NDArray[np.float64]:
    """MinHash estimates of Jaccard similarity for pairs of rows (of `sigs`, or `sigs` x `other`)."""
    right = sigs if other is None else other
    out = np.empty(len(pairs), dtype=np.float64)
    for lo in range(0, len(pairs), _CHUNK_ROWS):
        part = pairs[lo : lo + _CHUNK_ROWS]
        out[lo : lo + _CHUNK_ROWS] = (sigs[part[:, 0]] == right[part[:, 1]]).mean(axis=1)
    return out


def unique(tokens: Tokens) -> Tokens:
    """Each text's shingles as a sorted set (what exact Jaccard compares)."""
    text_of = np.repeat(np.arange(len(tokens), dtype=np.uint64), tokens.sizes())
    codes = _sorted_set((text_of << np.uint64(32)) | tokens.hashes.astype(np.uint64))
    owner = (codes >> np.uint64(32)).astype(np.int64)
    offsets = np.searchsorted(owner, np.arange(len(tokens) + 1), side="left").astype(np.int64)
    return Tokens((codes & np.uint64(0xFFFFFFFF)).astype(np.uint32), offsets)


def _sorted_set(values: U64) -> U64:
    """np.unique by sorting: numpy's own unique is many times slower on large uint64 arrays."""
    ordered = np.sort(values)
    return ordered[np.r_[True, ordered[1:] != ordered[:-1]]] if len(ordered) else ordered


def jaccard(sets: Tokens, pairs: I64) -> npt.NDArray[np.float64]:
    """Exact Jaccard similarity of pairs of rows of `sets` (from `unique`)."""
    out = np.empty(len(pairs), dtype=np.float64)
    sizes = sets.sizes()
    for lo in range(0, len(pairs), _CHUNK_ROWS):
        part = pairs[lo : lo + _CHUNK_ROWS]
        inter = _intersections(sets, part)
        union = sizes[part[:, 0]] + sizes[part[:, 1]] - inter
        out[lo : lo + _CHUNK_ROWS] = np.where(union > 0, inter / np.maximum(union, 1), 0.0)
    return out


def _intersections(sets: Tokens, pairs: I64) -> I64:
    """Shared shingles per pair: tag both sides with the pair's index, sort, count repeats."""
    both = np.sort(np.concatenate([_gather(sets, pairs[:, 0]), _gather(sets, pairs[:, 1])]))
    repeated = both[1:][both[1:] == both[:-1]]
    return np.bincount((repeated >> np.uint64(32)).astype(np.int64), minlength=len(pairs)).astype(np.int64)


def _gather(sets: Tokens, rows: I64) -> U64:
    """The shingles of the given rows, tagged with their position in `rows` (for sorting)."""
    starts, sizes = sets.offsets[rows], sets.sizes()[rows]
    owner = np.repeat(np.arange(len(rows), dtype=np.int64), sizes)
    within = np.arange(int(sizes.sum())) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    return (owner.astype(np.uint64) << np.uint64(32)) | sets.hashes[np.repeat(starts, sizes) + within].astype(np.uint64)


@lru_cache(maxsize=16)
def _odd_uint64(count: int, seed: int) -> U64:
    gen = np.random.RandomState(seed)
    return gen.randint(0, 1 << 63, count, dtype=np.uint64) * np.uint64(2) + np.uint64(1)


def _fmix32(values: U32) -> U32:
    """MurmurHash3's 32-bit finalizer, as datasketch applies it before permuting."""
    h = values.astype(np.uint32, copy=True)
    h ^= h >> np.uint32(16)
    h *= np.uint32(0x85EBCA6B)
    h ^= h >> np.uint32(13)
    h *= np.uint32(0xC2B2AE35)
    h ^= h >> np.uint32(16)
    return h


def _fmix64(values: U64) -> U64:
    h = values.astype(np.uint64, copy=True)
    h ^= h >> np.uint64(33)
    h *= np.uint64(0xFF51AFD7ED558CCD)
    h ^= h >> np.uint64(33)
    h *= np.uint64(0xC4CEB9FE1A85EC53)
    h ^= h >> np.uint64(33)
    return h
