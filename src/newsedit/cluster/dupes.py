"""Duplicates across a batch too large for one machine, as a Ray map-shuffle-reduce.

Map: each shard of rows gets its MinHash signatures and LSH band keys, and sends every
(band, key, row) to the reducer that owns hash(band, key), and every folded headline to the one
that owns its text. Reduce: each reducer sorts what it owns, and pairs the rows that share a band
bucket exactly as `minhash.candidate_pairs` does (up to `cap` apart in row order), and the rows
with the same headline as `batch.headline_groups` does. Verify: tasks score the candidate pairs.
The driver then only joins the verified pairs into groups (connected components), so the groups
equal those of `newsedit.checks.dupes.batch`, pair for pair.
"""

from __future__ import annotations

import itertools
import zlib
from collections.abc import Callable, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

import numpy as np

from newsedit.checks.dupes import batch, fingerprints
from newsedit.checks.dupes.batch import Group

if TYPE_CHECKING:
    from newsedit.backends.minhash import I64, U32

ROWS_PER_SHARD = 50_000  # rows a map task fingerprints at once: its memory stays in the tens of MB
CAP = 64  # as minhash.candidate_pairs: a bucket of k rows costs k * CAP pairs, not k**2
_MIX = np.uint64(0x9E3779B97F4A7C15)
DISTRIBUTED_FROM = 20_000  # rows: below that one process is quicker than scheduling the tasks


class Grouping:
    """The batch duplicate pass of a Ray run: distributed for large batches, in this process for small."""

    def __init__(self, minimum: int = DISTRIBUTED_FROM, task_cpus: float = 1.0) -> None:
        self.minimum = minimum
        self.task_cpus = task_cpus

    def headline_groups(self, headlines: Sequence[str], threshold: float) -> list[Group]:
        """As `batch.headline_groups`."""
        if len(headlines) < self.minimum:
            return batch.headline_groups(headlines, threshold)
        return headline_groups(headlines, threshold, task_cpus=self.task_cpus)

    def body_groups(self, sigs: U32, sizes: Sequence[int], threshold: float) -> list[Group]:
        """As `batch.body_groups`."""
        if len(sigs) < self.minimum:
            return batch.body_groups(sigs, sizes, threshold)
        return body_groups(sigs, sizes, threshold, task_cpus=self.task_cpus)


def headline_groups(
    headlines: Sequence[str], threshold: float, shards: int = 0, reducers: int = 0, task_cpus: float = 1.0
) -> list[Group]:
    """`batch.headline_groups` computed on the connected Ray cluster (the same groups).

    `task_cpus`: what each task reserves; 0 where idle actors hold the CPUs (the end of a Ray run).
    """
    ray = _ray()
    bounds = _bounds(len(headlines), shards)
    parts = reducers or _cpus()
    mapped = [
        _task(_map_headlines, task_cpus, parts + 1).remote(list(headlines[lo:hi]), lo, parts) for lo, hi in bounds
    ]
    keys = [m[0] for m in mapped]
    reduced = [_task(_reduce, task_cpus).remote(CAP, *[m[1 + r] for m in mapped]) for r in range(parts)]
    found = ray.get(reduced)
    same = _same_key_order(np.concatenate([f[1] for f in found]))
    known = {(int(i), int(j)) for i, j in same}
    candidates = _unique_pairs(np.concatenate([f[0] for f in found]), len(headlines))
    todo = np.asarray([p for p in candidates.tolist() if tuple(p) not in known], dtype=np.int64).reshape(-1, 2)
    scores = _scored(_verify_headlines, todo, keys, task_cpus)
    pairs = {(int(i), int(j)): 1.0 for i, j in same}
    pairs.update(_kept(todo, scores, threshold))
    return batch._groups(len(headlines), pairs)


def body_groups(
    sigs: U32, sizes: Sequence[int], threshold: float, shards: int = 0, reducers: int = 0, task_cpus: float = 1.0
) -> list[Group]:
    """`batch.body_groups` computed on the connected Ray cluster (the same groups)."""
    ray = _ray()
    if not len(sigs):
        return []
    bounds = _bounds(len(sigs), shards)
    parts = reducers or _cpus()
    shared = [ray.put(sigs[lo:hi]) for lo, hi in bounds]
    mapped = [
        _task(_map_bodies, task_cpus, parts).remote(shared[s], list(sizes[lo:hi]), lo, parts)
        for s, (lo, hi) in enumerate(bounds)
    ]
    if parts == 1:
        mapped = [[m] for m in mapped]
    reduced = [_task(_reduce, task_cpus).remote(CAP, *[m[r] for m in mapped]) for r in range(parts)]
    candidates = _unique_pairs(np.concatenate([f[0] for f in ray.get(reduced)]), len(sigs))
    scores = _scored(_verify_bodies, candidates, shared, task_cpus)
    return batch._groups(len(sigs), dict(_kept(candidates, scores, threshold)))


# ---- map ------------------------------------------------------------------------------------


def _map_headlines(texts: list[str], start: int, parts: int) -> tuple[Any, ...]:
    """A shard's folded headlines, then for each reducer its band entries and headlines."""
    from newsedit.backends import minhash

    fp = fingerprints.headlines(texts)
    entries = _entries(fp.bands, minhash.empty(fp.sigs), start, parts)
    named = [(start + i, k) for i, k in enumerate(fp.keys) if k]
    owner = [zlib.crc32(k.encode("utf-8")) % parts for _, k in named]
    by_key: list[list[tuple[int, str]]] = [[] for _ in range(parts)]
    for item, r in zip(named, owner, strict=True):
        by_key[r].append(item)
    return (fp.keys, *[(entries[r], by_key[r]) for r in range(parts)])


def _map_bodies(sigs: U32, sizes: list[int], start: int, parts: int) -> Any:
    """For each reducer, the band entries of a shard of body signatures."""
    from newsedit.backends import minhash

    scheme = fingerprints.schemes()[1]
    skip = minhash.empty(sigs) | (np.asarray(sizes) < batch.MIN_BODY_WORDS)
    entries = _entries(minhash.band_keys(sigs, scheme), skip, start, parts)
    out: list[tuple[I64, list[tuple[int, str]]]] = [(entries[r], []) for r in range(parts)]
    return out[0] if parts == 1 else tuple(out)


def _entries(bands: I64, skip: Any, start: int, parts: int) -> list[I64]:
    """(band, key, row) triples of the rows not skipped, split by the reducer that owns (band, key)."""
    rows = np.flatnonzero(~skip)
    count = bands.shape[1]
    band = np.tile(np.arange(count, dtype=np.int64), len(rows))
    key = bands[rows].reshape(-1)
    row = np.repeat(rows.astype(np.int64) + start, count)
    owner = _owner(band, key, parts)
    triples = np.stack([band, key, row], axis=1)
    return [triples[owner == r] for r in range(parts)]


def _owner(band: I64, key: I64, parts: int) -> Any:
    mixed = (key.view(np.uint64) ^ (band.astype(np.uint64) * _MIX)) * _MIX
    return ((mixed >> np.uint64(33)) % np.uint64(parts)).astype(np.int64)


# ---- reduce ---------------------------------------------------------------------------------


def _reduce(cap: int, *parts: tuple[I64, list[tuple[int, str]]]) -> tuple[I64, I64]:
    """Candidate pairs of the buckets this reducer owns, and pairs of identical headlines."""
    triples = np.concatenate([p[0] for p in parts]) if parts else np.zeros((0, 3), np.int64)
    return _bucket_pairs(triples, cap), _same_keys([item for p in parts for item in p[1]])


def _bucket_pairs(triples: I64, cap: int) -> I64:
    """Rows in the same (band, key) bucket, in row order, paired with the next cap - 1 (as minhash does)."""
    if not len(triples):
        return np.zeros((0, 2), np.int64)
    order = np.lexsort((triples[:, 2], triples[:, 1], triples[:, 0]))
    band, key, row = (triples[order, c] for c in range(3))
    new = np.r_[True, (band[1:] != band[:-1]) | (key[1:] != key[:-1])]
    from newsedit.backends import minhash

    return minhash.neighbour_pairs(np.cumsum(new), row, cap)


def _same_keys(items: list[tuple[int, str]]) -> I64:
    """Each headline joined to the first row with the same folded text."""
    first: dict[str, int] = {}
    pairs = []
    for row, k in sorted(items):
        if k in first:
            pairs.append((first[k], row))
        else:
            first[k] = row
    return np.asarray(pairs, dtype=np.int64).reshape(-1, 2)


# ---- verify and join ------------------------------------------------------------------------


def _verify_headlines(pairs: I64, *shards: list[str]) -> Any:
    from rapidfuzz import fuzz

    keys = [k for shard in shards for k in shard]
    return np.asarray([fuzz.ratio(keys[i], keys[j]) / 100 for i, j in pairs.tolist()], dtype=np.float64)


def _verify_bodies(pairs: I64, *shards: U32) -> Any:
    from newsedit.backends import minhash

    return minhash.estimate(np.concatenate(shards), pairs)


def _scored(verify: Callable[..., Any], pairs: I64, shared: list[Any], task_cpus: float) -> Any:
    """Scores of the pairs, computed by one task per CPU."""
    if not len(pairs):
        return np.zeros(0, dtype=np.float64)
    pieces = np.array_split(pairs, min(_cpus(), len(pairs)))
    return np.concatenate(_ray().get([_task(verify, task_cpus).remote(piece, *shared) for piece in pieces]))


def _kept(pairs: I64, scores: Any, threshold: float) -> dict[tuple[int, int], float]:
    keep = scores >= threshold
    return {(int(i), int(j)): float(s) for (i, j), s in zip(pairs[keep], scores[keep], strict=True)}


def _unique_pairs(pairs: I64, count: int) -> I64:
    """Each pair once, in (i, j) order, as minhash.candidate_pairs returns them."""
    if not len(pairs):
        return np.zeros((0, 2), np.int64)
    codes = np.unique(pairs[:, 0] * np.int64(count) + pairs[:, 1])
    return np.stack([codes // count, codes % count], axis=1)


def _same_key_order(pairs: I64) -> I64:
    """Identical-headline pairs in the order the single-machine pass finds them (by the later row)."""
    return pairs[np.argsort(pairs[:, 1], kind="stable")] if len(pairs) else pairs


def _bounds(count: int, shards: int) -> list[tuple[int, int]]:
    n = shards or max(1, min(4 * _cpus(), -(-count // ROWS_PER_SHARD)))
    edges = np.linspace(0, count, n + 1).astype(int)
    return [(int(lo), int(hi)) for lo, hi in itertools.pairwise(edges) if hi > lo] or [(0, 0)]


def _cpus() -> int:
    return max(1, int(_ray().cluster_resources().get("CPU", 1)))


def _ray() -> Any:
    from newsedit.cluster import ray_module

    ray = ray_module()
    if not ray.is_initialized():
        raise RuntimeError("connect to Ray first (newsedit.cluster.pool.connect)")
    return ray


def _task(fn: Callable[..., Any], cpus: float, returns: int = 1) -> Any:
    """`fn` as a Ray task reserving `cpus`, with `returns` results."""
    return _remote(fn).options(num_cpus=cpus, num_returns=returns)


@cache
def _remote(fn: Callable[..., Any]) -> Any:
    return _ray().remote(fn)
