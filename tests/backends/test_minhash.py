"""Vectorised MinHash and LSH: equal to datasketch, stable across runs, exact where it says so."""

from __future__ import annotations

import numpy as np
from datasketch import MinHash
from hypothesis import given, settings
from hypothesis import strategies as st

from newsedit.backends import minhash
from newsedit.checks.dupes import fingerprints

HEADLINES = [
    "ad sales boost time warner profit",
    "ad sales boost time warner profits",
    "dollar gains on greenspan speech",
    "",
    "ab",
]
SCHEME = minhash.Scheme(num_perm=64, bands=16, rows=4)


def _python_shingles(text: str, n: int = 3) -> set[str]:
    padded = f" {text} "
    return {padded[i : i + n] for i in range(len(padded) - n + 1)}


def test_signatures_equal_datasketch_affine32() -> None:
    tokens = minhash.char_shingles(HEADLINES)
    sigs = minhash.signatures(tokens, SCHEME)
    for i in range(len(HEADLINES)):
        reference = MinHash(num_perm=SCHEME.num_perm, seed=SCHEME.seed, hashfunc=lambda x: x)
        hashes = tokens.hashes[tokens.offsets[i] : tokens.offsets[i + 1]]
        reference.update_batch([int(h) for h in hashes])
        assert np.array_equal(reference.hashvalues, sigs[i])


def test_char_shingles_count_and_empty_texts() -> None:
    tokens = minhash.char_shingles(HEADLINES)
    assert tokens.sizes().tolist() == [len(h) + 2 - 2 if h else 0 for h in HEADLINES]
    assert minhash.empty(minhash.signatures(tokens, SCHEME)).tolist() == [False, False, False, True, False]


def test_word_shingles_skip_texts_shorter_than_n() -> None:
    tokens = minhash.word_shingles([["a", "b", "c", "d"], ["a", "b"], [], ["b", "c", "d"]], n=3)
    assert tokens.sizes().tolist() == [2, 0, 0, 1]
    assert tokens.hashes[1] == tokens.hashes[2]  # "b c d" hashes the same wherever it occurs


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(alphabet="abcde ", min_size=0, max_size=30), min_size=2, max_size=8))
def test_exact_jaccard_matches_python_sets(texts: list[str]) -> None:
    sets = minhash.unique(minhash.char_shingles(texts))
    pairs = np.array([(i, j) for i in range(len(texts)) for j in range(len(texts))], dtype=np.int64)
    got = minhash.jaccard(sets, pairs)
    for (i, j), score in zip(pairs.tolist(), got.tolist(), strict=True):
        a, b = _python_shingles(texts[i]), _python_shingles(texts[j])
        # Distinct shingles may share a 32-bit hash, but not among a handful of short texts.
        assert score == (len(a & b) / len(a | b) if a | b else 0.0)


def test_estimate_tracks_exact_jaccard() -> None:
    rng = np.random.default_rng(3)
    base = [" ".join(rng.choice(list("abcdefghij"), 12)) for _ in range(50)]
    texts = base + [t[:-4] + "xyz" for t in base]
    scheme = minhash.Scheme(num_perm=256, bands=32, rows=8)
    tokens = minhash.char_shingles(texts)
    pairs = np.array([(i, i + 50) for i in range(50)], dtype=np.int64)
    error = minhash.estimate(minhash.signatures(tokens, scheme), pairs) - minhash.jaccard(minhash.unique(tokens), pairs)
    assert abs(float(error.mean())) < 0.03 and float(np.abs(error).max()) < 0.2


def test_candidates_find_near_pairs_and_skip_empty_rows() -> None:
    fp = fingerprints.headlines([*HEADLINES, "AD SALES BOOST TIME-WARNER PROFIT!", ""])
    pairs = minhash.candidate_pairs(fp.bands, skip=minhash.empty(fp.sigs)).tolist()
    assert [0, 1] in pairs and [0, 5] in pairs and [1, 5] in pairs
    assert not [p for p in pairs if 3 in p or 6 in p]  # two empty headlines are not a pair


def test_big_buckets_stay_linear() -> None:
    fp = fingerprints.headlines(["the same headline"] * 500)
    pairs = minhash.candidate_pairs(fp.bands, cap=8)
    assert len(pairs) <= 500 * 8 and len(pairs) >= 499  # connected, never 500 * 499 / 2


def test_band_keys_are_stable_across_runs() -> None:
    # The archive stores these keys: a change here silently breaks every existing archive.
    fp = fingerprints.headlines(["Lavrov praises stronger relations after visiting North Korea"])
    assert fp.bands.shape == (1, 25)
    assert int(fp.bands[0, 0]) == STABLE_FIRST_BAND
    assert int(fp.bands.sum()) == STABLE_BAND_SUM


STABLE_FIRST_BAND = -5406910894222000606
STABLE_BAND_SUM = -8419698314155648167  # int64 sum, wrapping
