"""Benchmark: `check --skip summary -j 1` against `grammar` alone, with and without the overlap.

Issue 15's single-machine target: with one process, checking everything but the summary takes at
most 10% longer than grammar alone, because grammar waits on LanguageTool in a thread of its own
while the next chunk is read and the other checks run. The baseline is the same run with the
overlap off (each check in turn, as before), measured in the same process.

Each timed run gets its own slice of N corpus articles: LanguageTool keeps results per sentence
(its cacheSize), so a second run over the same articles would time its cache, not a new batch.
The ways take turns over the slices (each way sees each slice position once per round), on a
LanguageTool server of the benchmark's own, warmed first on a slice of its own. Prints JSON:
median seconds and articles/s of each way, this process's CPU per article, and the ratios.

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

from own_languagetool import cache_folder

from newsedit import config, runner
from newsedit.backends import languagetool
from newsedit.checks.grammar import GrammarCheck

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "bbc"
TARGET = 0.10  # check --skip summary at most this much slower than grammar alone
CHECKS = ["grammar", "dupes", "readability"]


def main() -> None:
    """Measure and print the JSON document."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--limit", type=int, default=200, help="corpus articles in each run")
    parser.add_argument("--repeats", type=int, default=3, help="runs of each way, taking turns")
    args = parser.parse_args()
    ways = {"grammar_alone": (["grammar"], True), "check_overlap": (CHECKS, True), "check_in_turn": (CHECKS, False)}
    files = sorted(args.corpus.glob("*/*.txt"))
    slices = [files[i * args.limit : (i + 1) * args.limit] for i in range(1 + len(ways) * args.repeats)]
    if len(slices[-1]) < args.limit:
        sys.exit(f"{len(files)} articles at {args.corpus}: too few for {len(slices)} slices of {args.limit}")
    result: dict[str, Any] = {"cpus": os.cpu_count(), "articles_per_run": args.limit, "load_before": os.getloadavg()[0]}
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in ways}
    with cache_folder("newsedit-bench-"):
        languagetool.ensure_server(idle_minutes=30)
        _run(slices[0], CHECKS, overlap=False)  # warm the server (JIT) and the checks' word lists
        for turn, part in enumerate(slices[1:]):
            name = list(ways)[(turn + turn // len(ways)) % len(ways)]  # rotate who goes first each round
            runs[name].append(_run(part, *ways[name]))
    seconds = {name: statistics.median(r[0] for r in got) for name, got in runs.items()}
    over = {name: seconds[name] / seconds["grammar_alone"] - 1 for name in ("check_overlap", "check_in_turn")}
    result |= {
        "checks": CHECKS,
        "seconds_median": {name: round(s, 2) for name, s in seconds.items()},
        "seconds_all": {name: [round(r[0], 2) for r in got] for name, got in runs.items()},
        "articles_per_s": {name: round(args.limit / s, 2) for name, s in seconds.items()},
        "cpu_ms_per_article": {
            name: round(1000 * statistics.median(r[1] for r in got) / args.limit, 1) for name, got in runs.items()
        },
        "check_over_grammar": {name: round(v, 3) for name, v in over.items()},
        "target": TARGET,
        "target_met": over["check_overlap"] <= TARGET,
        "load_after": os.getloadavg()[0],
    }
    print(json.dumps(result, indent=2))


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
