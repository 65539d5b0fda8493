"""Across one run: groups of articles with the same or nearly the same headline, or body."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from newsedit.checks.dupes import fingerprints

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from newsedit.backends.minhash import I64, U32

    Embed = Callable[[Sequence[str]], npt.NDArray[np.float32]]

MIN_BODY_WORDS = 25  # shorter bodies (captions, briefs) say too little to call two the same


@dataclass(frozen=True)
class Group:
    """Members (indexes into the batch) and the lowest similarity of the pairs that joined them."""

    members: list[int]
    similarity: float
    pairs: dict[tuple[int, int], float] = field(default_factory=dict)  # (i < j) -> similarity


class InProcess:
    """The batch duplicate pass in this process (`checks.Grouping`): this module's functions."""

    def headline_groups(self, headlines: Sequence[str], threshold: float) -> list[Group]:
        """As `headline_groups`."""
        return headline_groups(headlines, threshold)

    def body_groups(self, sigs: U32, sizes: Sequence[int], threshold: float) -> list[Group]:
        """As `body_groups`."""
        return body_groups(sigs, sizes, threshold)


def headline_groups(headlines: Sequence[str], threshold: float) -> list[Group]:
    """Groups of headlines that are the same or nearly so once folded (similarity >= threshold)."""
    from newsedit.backends import minhash

    fp = fingerprints.headlines(headlines)
    pairs = dict(_same_key_pairs(fp.keys))
    candidates = minhash.candidate_pairs(fp.bands, skip=minhash.empty(fp.sigs))
    for i, j in candidates.tolist():
        if (i, j) not in pairs:
            score = fuzz.ratio(fp.keys[i], fp.keys[j]) / 100
            if score >= threshold:
                pairs[(i, j)] = score
    return _groups(len(headlines), pairs)


def _same_key_pairs(keys: Sequence[str]) -> Iterable[tuple[tuple[int, int], float]]:
    """Identical folded headlines: each joined to the first that had the key."""
    first: dict[str, int] = {}
    for i, k in enumerate(keys):
        if not k:
            continue
        if k in first:
            yield (first[k], i), 1.0
        else:
            first[k] = i


def body_groups(sigs: U32, sizes: Sequence[int], threshold: float) -> list[Group]:
    """Groups of bodies whose estimated Jaccard similarity (word shingles) is >= threshold."""
    import numpy as np

    from newsedit.backends import minhash

    if not len(sigs):
        return []
    scheme = fingerprints.schemes()[1]
    skip = minhash.empty(sigs) | (np.asarray(sizes) < MIN_BODY_WORDS)
    candidates: I64 = minhash.candidate_pairs(minhash.band_keys(sigs, scheme), skip=skip)
    scores = minhash.estimate(sigs, candidates)
    keep = scores >= threshold
    pairs = {(int(i), int(j)): float(s) for (i, j), s in zip(candidates[keep], scores[keep], strict=True)}
    return _groups(len(sigs), pairs)


def semantic_groups(headlines: Sequence[str], threshold: float, embed: Embed, exclude: Sequence[Group]) -> list[Group]:
    """Headlines that say the same thing in other words (cosine of sentence embeddings)."""
    import numpy as np

    known = {(i, j) for g in exclude for i in g.members for j in g.members}
    present = [i for i, h in enumerate(headlines) if h.strip()]
    vectors = np.asarray(embed([headlines[i] for i in present]), dtype=np.float32)
    pairs: dict[tuple[int, int], float] = {}
    for lo in range(0, len(present), 1024):
        block = vectors[lo : lo + 1024] @ vectors.T
        for a, b in zip(*np.nonzero(block >= threshold), strict=True):
            i, j = present[lo + int(a)], present[int(b)]
            if i < j and (i, j) not in known:
                pairs[(i, j)] = float(block[a, b])
    return _groups(len(headlines), pairs)


def _groups(count: int, pairs: dict[tuple[int, int], float]) -> list[Group]:
    """Connected components of the matched pairs, each with its pairs and weakest link."""
    parent = list(range(count))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in pairs:
        parent[root(i)] = root(j)
    members: dict[int, list[int]] = {}
    for i in sorted({x for pair in pairs for x in pair}):
        members.setdefault(root(i), []).append(i)
    grouped: dict[int, dict[tuple[int, int], float]] = {}
    for pair, score in pairs.items():
        grouped.setdefault(root(pair[0]), {})[pair] = score
    return [Group(m, min(grouped[r].values()), grouped[r]) for r, m in sorted(members.items(), key=lambda x: x[1])]
