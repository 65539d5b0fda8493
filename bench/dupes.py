"""Benchmark: index and query 1,000,000 headlines for near duplicates; prints one JSON document.

Headlines: the news corpus's own, then generated ones (a word-bigram model of the corpus) with
one in ten a light edit of a recent headline (a word changed, dropped, added or swapped, a typo,
case or punctuation), as a newsroom stream republishes stories. Two paths are timed at 100k,
300k and 1M headlines, each in a fresh process so that its peak memory is its own:

- batch: fingerprint every headline, find LSH candidate pairs, confirm them by exact Jaccard;
- archive: add every headline to a fresh SQLite archive, then look up the first 20,000 in it
  (a newsroom adds its archive once and then checks a few new articles at a time).

Recall: exact pairwise Jaccard over the stream's first 20,000 headlines gives the pairs at
>= 0.8; recall is the share of them that each path reports. Baselines, measured in the same
run: the exact pairwise computation itself (20k), and datasketch's MinHash + MinHashLSH with
one object per headline (the usual way to use it), per 100k headlines.

Run: .venv/bin/python bench/dupes.py [--sizes 100000,300000,1000000] [--corpus DIR]
"""

from __future__ import annotations

import argparse
import itertools
import json
import multiprocessing as mp
import random
import resource
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from newsedit.backends import minhash
from newsedit.checks.dupes import fingerprints
from newsedit.checks.dupes.keys import key

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "bbc"
THRESHOLD = 0.8
QUERIES = 20_000  # lookups timed against each archive size (the recall sample)
MARGIN = 0.2  # estimates this far below the threshold still get the exact check (4-5 sigma)
SAMPLE = 20_000
BASELINE_N = 20_000  # headlines the datasketch baseline runs on (scaled to per 100k)
EDIT_SHARE = 0.1
RECENT = 2_000  # an edited headline copies one of the last RECENT


def main() -> None:
    """Generate the stream, time both paths at each size, measure recall, print JSON."""
    args = _args()
    corpus_heads, sentences = _corpus(Path(args.corpus))
    started = time.perf_counter()
    heads = generate(corpus_heads, sentences, max(args.sizes), seed=7)
    generated_s = time.perf_counter() - started
    truth, exact_s = exact_pairs(heads[:SAMPLE], THRESHOLD)
    report: dict[str, Any] = {
        "headlines": len(heads),
        "corpus_headlines": len(corpus_heads),
        "generate_s": round(generated_s, 2),
        "threshold_jaccard": THRESHOLD,
        "shingles": f"character {fingerprints.HEADLINE_NGRAM}-grams of the folded headline",
        "scheme": fingerprints.schemes()[0].describe(),
        "sizes": {},
    }
    for n in args.sizes:
        print(f"dupes bench: {n:,} headlines", file=sys.stderr, flush=True)
        report["sizes"][str(n)] = {
            "batch": _in_child(_batch_run, heads[:n], truth),
            "archive": _in_child(_archive_run, heads[:n], truth),
        }
    print("dupes bench: baselines", file=sys.stderr, flush=True)
    ours_20k = _in_child(_batch_run, heads[:SAMPLE], truth)
    datasketch = _in_child(_datasketch_run, heads[:BASELINE_N], truth)
    report["recall_sample"] = {"headlines": SAMPLE, "pairs_at_threshold": len(truth), "exact_pairwise_s": exact_s}
    report["baseline"] = _baseline(report, exact_s, ours_20k, datasketch)
    json.dump(report, sys.stdout, indent=2)
    sys.stdout.write("\n")


def _args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,300000,1000000", type=lambda s: [int(x) for x in s.split(",")])
    parser.add_argument("--corpus", default=str(CORPUS))
    return parser.parse_args()


def _corpus(folder: Path) -> tuple[list[str], list[list[str]]]:
    """The corpus's headlines and its sentences as word lists (for the bigram model)."""
    heads, sentences = [], []
    for file in sorted(folder.glob("*/*.txt")):
        lines = [x.strip() for x in file.read_text("utf-8").splitlines() if x.strip()]
        heads.append(lines[0])
        sentences.append(lines[0].split())
        sentences.extend(s.split() for line in lines[1:] for s in line.split(". ") if 3 < len(s.split()) < 30)
    if not heads:
        sys.exit(f"no corpus at {folder} (use --corpus)")
    return heads, sentences


# --- the headline stream -----------------------------------------------------------------


def generate(corpus: list[str], sentences: list[list[str]], total: int, seed: int) -> list[str]:
    """The corpus headlines, then generated ones up to total; one in ten edits a recent one."""
    rng = random.Random(seed)
    # Distinct generated headlines: the only near duplicates are the deliberate edits (and the
    # corpus's own), so the pairs to find grow with the stream, not with its square.
    walks = _bigram_headlines(sentences, total + total // 2, np.random.default_rng(seed))
    fresh = _distinct(walks, {key(t) for t in corpus})
    vocab = sorted({w for s in sentences for w in s})
    out = list(corpus[:total])
    while len(out) < total:
        if rng.random() < EDIT_SHARE:
            out.append(edit(out[-rng.randint(1, min(RECENT, len(out)))], vocab, rng))
        else:
            out.append(next(fresh))
    return out


def _distinct(texts: list[str], seen: set[str]) -> Iterator[str]:
    """Texts whose folded form has not been seen yet."""
    for text in texts:
        folded = key(text)
        if folded not in seen:
            seen.add(folded)
            yield text


def _bigram_headlines(sentences: list[list[str]], count: int, rng: np.random.Generator) -> list[str]:
    """Headline-length walks of a word-bigram model, all walks advanced together with numpy."""
    words = sorted({w for s in sentences for w in s})
    index = {w: i for i, w in enumerate(words)}
    pairs = np.array([(index[a], index[b]) for s in sentences for a, b in itertools.pairwise(s)])
    pairs = pairs[np.argsort(pairs[:, 0], kind="stable")]
    starts = np.searchsorted(pairs[:, 0], np.arange(len(words) + 1))
    firsts = np.array([index[s[0]] for s in sentences])
    lengths = rng.integers(5, 11, count)
    walk = np.empty((count, 10), dtype=np.int64)
    walk[:, 0] = firsts[rng.integers(0, len(firsts), count)]
    for step in range(1, 10):
        prev = walk[:, step - 1]
        n = starts[prev + 1] - starts[prev]
        pick = starts[prev] + (rng.random(count) * np.maximum(n, 1)).astype(np.int64)
        restart = firsts[rng.integers(0, len(firsts), count)]
        walk[:, step] = np.where(n > 0, pairs[np.minimum(pick, len(pairs) - 1), 1], restart)
    return [" ".join(words[w] for w in row[:k]) for row, k in zip(walk.tolist(), lengths.tolist(), strict=True)]


def edit(headline: str, vocab: Sequence[str], rng: random.Random) -> str:
    """A light edit of a headline: one or two changes of the kinds a republished story shows."""
    words = headline.split()
    for _ in range(rng.choice((1, 1, 2))):
        words = rng.choice(_EDITS)(words, vocab, rng) or words
    return " ".join(words)


def _replace(w: list[str], vocab: Sequence[str], rng: random.Random) -> list[str]:
    i = rng.randrange(len(w))
    return [*w[:i], rng.choice(vocab), *w[i + 1 :]]


def _drop(w: list[str], vocab: Sequence[str], rng: random.Random) -> list[str]:
    i = rng.randrange(len(w))
    return w[:i] + w[i + 1 :] if len(w) > 3 else w


def _insert(w: list[str], vocab: Sequence[str], rng: random.Random) -> list[str]:
    i = rng.randrange(len(w) + 1)
    return [*w[:i], rng.choice(vocab), *w[i:]]


def _swap(w: list[str], vocab: Sequence[str], rng: random.Random) -> list[str]:
    i = rng.randrange(max(1, len(w) - 1))
    return [*w[:i], *w[i : i + 2][::-1], *w[i + 2 :]]


def _typo(w: list[str], vocab: Sequence[str], rng: random.Random) -> list[str]:
    i = rng.randrange(len(w))
    word = w[i]
    j = rng.randrange(len(word))
    return [*w[:i], word[:j] + word[j + 1 :] or word, *w[i + 1 :]]


def _case(w: list[str], vocab: Sequence[str], rng: random.Random) -> list[str]:
    return [x.upper() if rng.random() < 0.3 else x for x in w]


def _punctuation(w: list[str], vocab: Sequence[str], rng: random.Random) -> list[str]:
    i = rng.randrange(len(w))
    return [*w[:i], w[i] + rng.choice((":", ",", " -", "'s")), *w[i + 1 :]]


def _plural(w: list[str], vocab: Sequence[str], rng: random.Random) -> list[str]:
    i = rng.randrange(len(w))
    return [*w[:i], w[i] + "s", *w[i + 1 :]]


_EDITS: list[Callable[[list[str], Sequence[str], random.Random], list[str]]] = [
    _replace,
    _drop,
    _insert,
    _swap,
    _typo,
    _case,
    _punctuation,
    _plural,
]


# --- ground truth ------------------------------------------------------------------------


def exact_pairs(heads: Sequence[str], threshold: float) -> tuple[set[tuple[int, int]], float]:
    """Every pair with exact Jaccard >= threshold, by the full pairwise computation, and its time."""
    from scipy import sparse

    started = time.perf_counter()
    sets = [_shingles(key(h)) for h in heads]
    vocab: dict[str, int] = {}
    rows = [i for i, s in enumerate(sets) for _ in s]
    cols = [vocab.setdefault(g, len(vocab)) for s in sets for g in s]
    matrix = sparse.csr_matrix((np.ones(len(rows), np.int32), (rows, cols)), shape=(len(sets), len(vocab)))
    sizes = np.array([len(s) for s in sets])
    found: set[tuple[int, int]] = set()
    for lo in range(0, len(sets), 1000):
        inter = (matrix[lo : lo + 1000] @ matrix.T).toarray()
        union = sizes[lo : lo + 1000, None] + sizes[None, :] - inter
        score = np.where(union > 0, inter / np.maximum(union, 1), 0)
        for a, b in zip(*np.nonzero(score >= threshold), strict=True):
            if lo + a < b:
                found.add((lo + int(a), int(b)))
    return found, round(time.perf_counter() - started, 2)


def _shingles(text: str) -> set[str]:
    padded = f" {text} "
    return {padded[i : i + fingerprints.HEADLINE_NGRAM] for i in range(len(padded) - fingerprints.HEADLINE_NGRAM + 1)}


# --- the timed runs (each in its own process) ---------------------------------------------


def _in_child(run: Callable[..., dict[str, Any]], heads: list[str], truth: set[tuple[int, int]]) -> dict[str, Any]:
    """Run one measurement in a forked process: its time and peak memory are its own."""
    ctx = mp.get_context("fork")
    with ctx.Pool(1) as pool:
        result: dict[str, Any] = pool.apply(_measure, (run, heads, truth))
    return result


def _measure(run: Callable[..., dict[str, Any]], heads: list[str], truth: set[tuple[int, int]]) -> dict[str, Any]:
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = run(heads)
    pairs: set[tuple[int, int]] = result.pop("pairs")
    in_sample = {p for p in pairs if p[1] < SAMPLE}
    hit = len(truth & in_sample)
    result["recall"] = round(hit / len(truth), 4) if truth else None
    result["false_pairs_in_sample"] = len(in_sample - truth)
    result["pairs_found"] = len(pairs)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result["peak_rss_mib"] = round(peak / 1024, 1)
    result["peak_rss_growth_mib"] = round((peak - base) / 1024, 1)
    n = len(heads)
    for name in [k for k in result if k.endswith("_s") and k != "query_s"]:
        result[name.replace("_s", "_s_per_100k")] = round(result[name] * 100_000 / n, 3)
    return result


def _batch_run(heads: list[str]) -> dict[str, Any]:
    """Fingerprint, find candidates, confirm by exact Jaccard: what a batch run does."""
    started = time.perf_counter()
    fp = fingerprints.headlines(heads)
    candidates = minhash.candidate_pairs(fp.bands, skip=minhash.empty(fp.sigs))
    # The signature estimate is cheap; only pairs near the threshold pay for the exact Jaccard.
    likely = candidates[minhash.estimate(fp.sigs, candidates) >= THRESHOLD - MARGIN]
    kept = likely[minhash.jaccard(fp.sets, likely) >= THRESHOLD]
    total = time.perf_counter() - started
    return {"total_s": round(total, 2), "candidates": len(candidates), "pairs": set(map(tuple, kept.tolist()))}


def _archive_run(heads: list[str]) -> dict[str, Any]:
    """Add every headline to a fresh SQLite archive, then look each one up in it."""
    from newsedit.archive import Archive, ArchiveRow

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.sqlite"
        started = time.perf_counter()
        with Archive.open(path, create=True, schemes=fingerprints.describe()) as archive:
            for lo in range(0, len(heads), 50_000):
                part = heads[lo : lo + 50_000]
                fp = fingerprints.headlines(part)
                entries = (
                    ArchiveRow(f"{lo + i}", f"h{lo + i}", h, fp.keys[i], "2024-01-01", 0, fp.bands[i], (), None)
                    for i, h in enumerate(part)
                )
                for _ in archive.add(entries, per_transaction=10_000):
                    pass
            indexed = time.perf_counter()
            pairs, candidates = _archive_query(archive, heads[:QUERIES])
        done = time.perf_counter()
        size = sum(p.stat().st_size for p in Path(tmp).iterdir())
    return {
        "index_s": round(indexed - started, 2),
        "queries": min(QUERIES, len(heads)),
        "query_s": round(done - indexed, 2),
        "query_ms_each": round((done - indexed) * 1000 / min(QUERIES, len(heads)), 3),
        "candidates": candidates,
        "archive_mib": round(size / 2**20, 1),
        "pairs": pairs,
    }


def _archive_query(archive: Any, heads: list[str]) -> tuple[set[tuple[int, int]], int]:
    """Each headline looked up as a new one would be: LSH candidates, then exact Jaccard."""
    pairs: set[tuple[int, int]] = set()
    total = 0
    for lo in range(0, len(heads), 20_000):
        fp = fingerprints.headlines(heads[lo : lo + 20_000])
        found = archive.candidates("headline_bands", [row.tolist() for row in fp.bands])
        records = archive.records(x for c in found for x in c)
        query = [(i, rid) for i, ids in enumerate(found) for rid in ids if rid != lo + i + 1]
        total += len(query)
        if not query:
            continue
        texts = fp.keys + [records[rid].headline_key for _, rid in query]
        sets = minhash.unique(minhash.char_shingles(texts, fingerprints.HEADLINE_NGRAM))
        index = np.array([(i, len(fp.keys) + k) for k, (i, _) in enumerate(query)], dtype=np.int64)
        scores = minhash.jaccard(sets, index)
        for (i, rid), score in zip(query, scores.tolist(), strict=True):
            if score >= THRESHOLD:
                a, b = lo + i, rid - 1
                pairs.add((min(a, b), max(a, b)))
    return pairs, total


def _datasketch_run(heads: list[str]) -> dict[str, Any]:
    """The usual datasketch way: one MinHash per headline, insert into MinHashLSH, query it."""
    from datasketch import MinHash, MinHashLSH

    scheme = fingerprints.schemes()[0]
    started = time.perf_counter()
    lsh = MinHashLSH(num_perm=scheme.num_perm, params=(scheme.bands, scheme.rows))
    sketches = []
    sets = [_shingles(key(h)) for h in heads]
    for i, grams in enumerate(sets):
        m = MinHash(num_perm=scheme.num_perm, seed=scheme.seed)
        m.update_batch([g.encode("utf-8") for g in grams])
        lsh.insert(i, m)
        sketches.append(m)
    pairs = set()
    for i, m in enumerate(sketches):
        for j in lsh.query(m):
            if j != i and len(sets[i] & sets[j]) / len(sets[i] | sets[j]) >= THRESHOLD:
                pairs.add((min(i, j), max(i, j)))
    return {"total_s": round(time.perf_counter() - started, 2), "pairs": pairs}


def _baseline(
    report: dict[str, Any], exact_s: float, ours: dict[str, Any], datasketch: dict[str, Any]
) -> dict[str, Any]:
    """Our batch path against the two baselines, on the same headlines."""
    return {
        "exact_pairwise_20k_s": exact_s,
        "ours_batch_20k_s": ours["total_s"],
        "speedup_vs_exact_20k": round(exact_s / max(ours["total_s"], 1e-9), 1),
        "datasketch_s_per_100k": datasketch["total_s_per_100k"],
        "datasketch_recall": datasketch["recall"],
        "ours_batch_s_per_100k_at_100k": report["sizes"].get("100000", {}).get("batch", {}).get("total_s_per_100k"),
        "speedup_vs_datasketch": round(datasketch["total_s_per_100k"] / max(ours["total_s_per_100k"], 1e-9), 1),
    }


if __name__ == "__main__":
    main()
