"""Benchmark: `check --skip summary -j 1` against `grammar` alone, with and without the overlap.

Issue 15's single-machine target: with one process, checking everything but the summary takes at
most 10% longer than grammar alone; grammar waits on LanguageTool in a thread of its own while the
next chunk is read and the other checks run. The baseline is the same run with the overlap off
(each check in turn, as before), measured in the same process. Two cases:

- `fresh`: sentences LanguageTool has not checked, as in a batch over an archive. The server (one
  of the benchmark's own, with newsedit's rule pack and server settings) runs without its
  per-sentence result cache (`cacheSize` 0), so that each slice of N corpus articles can be
  checked by all three ways in turn (who goes first rotates), compared on the same articles;
  one untimed grammar run on each slice first gives them the same word-level caches.
- `recheck`: the same articles again on the server as newsedit runs it (cache on), as when a hook
  or CI checks edited copy: LanguageTool answers from its cache and newsedit's own work shows.

Prints JSON per case: seconds of each way per slice, the median per-slice ratio of check to
grammar alone, CPU of this process per article, and whether the target is met.

Run: .venv/bin/python bench/overlap.py [--limit 200] [--repeats 3] [--corpus DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from own_languagetool import cache_folder, plain_server

from newsedit import config, runner
from newsedit.backends import languagetool
from newsedit.checks.grammar import GrammarCheck

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "bbc"
TARGET = 0.10  # check --skip summary at most this much slower than grammar alone
CHECKS = ["grammar", "dupes", "readability"]
# name -> (checks, overlap on)
WAYS = {"grammar_alone": (["grammar"], True), "check_overlap": (CHECKS, True), "check_in_turn": (CHECKS, False)}


def main() -> None:
    """Measure and print the JSON document."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--limit", type=int, default=200, help="corpus articles in each slice")
    parser.add_argument("--repeats", type=int, default=3, help="slices, each checked by every way")
    args = parser.parse_args()
    files = sorted(args.corpus.glob("*/*.txt"))
    slices = [files[i * args.limit : (i + 1) * args.limit] for i in range(1 + args.repeats)]
    if len(slices[-1]) < args.limit:
        sys.exit(f"{len(files)} articles at {args.corpus}: too few for {len(slices)} slices of {args.limit}")
    result: dict[str, Any] = {
        "cpus": os.cpu_count(),
        "articles_per_slice": args.limit,
        "load_before": os.getloadavg()[0],
    }
    uncached = {**languagetool.SERVER_PROPERTIES, "cacheSize": "0"}
    with plain_server("newsedit-bench-fresh-", uncached, news_rules=True) as url:
        os.environ[languagetool.URL_ENV] = url  # the checks ask this server, as with --lt-url
        result["fresh"] = _case(slices[0], slices[1:])
        del os.environ[languagetool.URL_ENV]
    with cache_folder("newsedit-bench-recheck-"):
        result["recheck"] = _case(slices[0], [slices[1]] * args.repeats)
    result["target"] = TARGET
    result["target_met"] = result["fresh"]["check_over_grammar"]["check_overlap"] <= TARGET
    result["load_after"] = os.getloadavg()[0]
    print(json.dumps(result, indent=2))


def _case(warm: list[Path], slices: list[list[Path]]) -> dict[str, Any]:
    """Every way over every slice, in turns; per-slice ratios to grammar alone."""
    if languagetool.URL_ENV not in os.environ:
        languagetool.ensure_server(idle_minutes=30)
    _run(warm, CHECKS, overlap=False)  # warm the server (JIT) and the checks' word lists
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in WAYS}
    for turn, part in enumerate(slices):
        # Untimed first: LanguageTool keeps word-level data (spelling suggestions) even without its
        # result cache, so whichever way went first on a slice would pay for all three.
        _run(part, ["grammar"], overlap=False)
        names = list(WAYS)[turn % len(WAYS) :] + list(WAYS)[: turn % len(WAYS)]  # who goes first rotates
        for name in names:
            runs[name].append(_run(part, *WAYS[name]))
    count = sum(len(part) for part in slices)
    ratios = {
        name: statistics.median(r[0] / g[0] - 1 for r, g in zip(runs[name], runs["grammar_alone"], strict=True))
        for name in ("check_overlap", "check_in_turn")
    }
    return {
        "seconds": {name: [round(r[0], 2) for r in got] for name, got in runs.items()},
        "articles_per_s": {name: round(count / sum(r[0] for r in got), 2) for name, got in runs.items()},
        "cpu_ms_per_article": {name: round(1000 * sum(r[1] for r in got) / count, 1) for name, got in runs.items()},
        "check_over_grammar": {name: round(v, 3) for name, v in ratios.items()},
    }


def _run(files: list[Path], checks: list[str], overlap: bool) -> tuple[float, float]:
    """Wall seconds and this process's CPU seconds of one `-j 1` run over these articles."""
    GrammarCheck.waits_on_server = overlap
    print(f"overlap bench: {len(files)} articles, {checks} overlap={overlap}", file=sys.stderr, flush=True)
    with tempfile.TemporaryDirectory(prefix="newsedit-bench-overlap-") as folder:
        for i, file in enumerate(files):
            shutil.copy(file, Path(folder) / f"{i:06}.txt")
        job = runner.Job([folder], config.for_file(Path(folder), None), checks)
        cpu = _cpu()
        started = time.perf_counter()
        report = runner.run(job)
        seconds = time.perf_counter() - started
        cpu = _cpu() - cpu
        report.close()
    GrammarCheck.waits_on_server = True
    return seconds, cpu


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


if __name__ == "__main__":
    main()
