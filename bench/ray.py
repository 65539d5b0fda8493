"""Benchmark: `check --ray` against `-j 1` and `-j 2` on one machine, and the distributed duplicate pass.

`check`: articles per second over the first N corpus articles (default 300: the machine is
shared) for `check --skip summary` with one process (`-j 1`), two worker processes (`-j 2`), and
two Ray actors (`--ray -j 2` on a Ray instance started once, as a running cluster is), plus
`grammar` alone with one process (the issue's single-machine target: `check --skip summary`
within 10% of it). Each run goes through `runner.run` in this process, as the CLI does, with a
LanguageTool server of the benchmark's own, warmed first; the reports are compared article for
article. Target: Ray at most 15% slower than `-j 2`.

`dupes`: the batch headline duplicate pass (`checks.dupes.batch.headline_groups`) on N synthetic
headlines (bench/dupes.py's generator: corpus headlines, bigram walks, one in ten an edit of a
recent one), in one process and on Ray (map, shuffle by band, reduce, verify), groups compared.

Run: .venv/bin/python bench/ray.py [--limit 300] [--headlines 100000] [--corpus DIR] [--skip-check]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from own_languagetool import cache_folder

from newsedit import checks, config, formats, runner
from newsedit.backends import languagetool
from newsedit.checks.dupes import batch
from newsedit.cluster import dupes as cluster_dupes
from newsedit.cluster.pool import RayPool

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "bbc"
TARGET_RAY_OVERHEAD = 0.15
TARGET_CHECK_OVER_GRAMMAR = 0.10
WORKERS = 2


def main() -> None:
    """Measure and print the JSON document."""
    args = _arguments()
    # This script is bench/ray.py: its folder must not shadow the ray package.
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
    import ray

    result: dict[str, Any] = {"cpus": os.cpu_count(), "load_average_before": os.getloadavg()[0]}
    with cache_folder("newsedit-bench-ray-"):  # set before Ray starts: its workers inherit it
        started = time.perf_counter()
        ray.init(num_cpus=WORKERS, object_store_memory=200 * 1024 * 1024, include_dashboard=False, log_to_driver=False)
        result["ray_init_s"] = round(time.perf_counter() - started, 2)
        try:
            if not args.skip_check:
                result["check"] = check(_articles(args.corpus, args.limit))
            result["dupes"] = dupes(args.corpus, args.headlines)
        finally:
            ray.shutdown()
    result["load_average_after"] = os.getloadavg()[0]
    print(json.dumps(result, indent=2))


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--limit", type=int, default=300, help="corpus articles to check")
    parser.add_argument("--headlines", type=int, default=100_000, help="synthetic headlines (1000000 for 1M)")
    parser.add_argument("--skip-check", action="store_true", help="only the duplicate pass")
    return parser.parse_args()


def _articles(corpus: Path, limit: int) -> Path:
    """The first `limit` corpus articles, copied into one folder."""
    files = sorted(corpus.glob("*/*.txt"))[:limit]
    if not files:
        sys.exit(f"no corpus at {corpus} (use --corpus)")
    folder = Path(tempfile.mkdtemp(prefix="newsedit-bench-articles-"))
    for i, file in enumerate(files):
        shutil.copy(file, folder / f"{i:06}.txt")
    return folder


# ---- check --------------------------------------------------------------------------------


def check(folder: Path) -> dict[str, Any]:
    """Articles per second for each way of running, and whether the reports agree."""
    engines = [e for e in checks.available() if e != "summary"]
    cfg = config.for_file(folder, None)
    count = len(list(folder.iterdir()))
    languagetool.ensure_server(idle_minutes=30)
    _run(folder, cfg, ["grammar"], 1)  # warm the server (JIT) before anything is timed
    runs = {
        "j1": _run(folder, cfg, engines, 1),
        "j2": _run(folder, cfg, engines, WORKERS),
        "ray_2_actors": _run(folder, cfg, engines, WORKERS, pool=RayPool),
        "grammar_alone_j1": _run(folder, cfg, ["grammar"], 1),
    }
    shutil.rmtree(folder, ignore_errors=True)
    rates = {name: round(count / seconds, 2) for name, (seconds, _) in runs.items()}
    ray_overhead = runs["ray_2_actors"][0] / runs["j2"][0] - 1
    check_over_grammar = runs["j1"][0] / runs["grammar_alone_j1"][0] - 1
    return {
        "articles": count,
        "engines": engines,
        "seconds": {name: round(seconds, 2) for name, (seconds, _) in runs.items()},
        "articles_per_s": rates,
        "ray_report_equals_j1": runs["ray_2_actors"][1] == runs["j1"][1],
        "j2_report_equals_j1": runs["j2"][1] == runs["j1"][1],
        "ray_overhead_vs_j2": round(ray_overhead, 3),
        "ray_target": TARGET_RAY_OVERHEAD,
        "ray_target_met": ray_overhead <= TARGET_RAY_OVERHEAD,
        "check_j1_over_grammar_alone": round(check_over_grammar, 3),
        "check_over_grammar_target": TARGET_CHECK_OVER_GRAMMAR,
        "check_over_grammar_target_met": check_over_grammar <= TARGET_CHECK_OVER_GRAMMAR,
    }


def _run(folder: Path, cfg: config.Config, engines: list[str], workers: int, pool: Any = None) -> tuple[float, str]:
    """Seconds for one run (workers and actors started inside it), and its JSON report."""
    job = runner.Job([str(folder)], cfg, engines, workers=workers, pool=pool)
    print(f"ray bench: {engines} workers={workers} ray={pool is not None}", file=sys.stderr, flush=True)
    started = time.perf_counter()
    report = runner.run(job)
    seconds = time.perf_counter() - started
    rendered = formats.render("json", report)
    report.close()
    return seconds, rendered


# ---- dupes --------------------------------------------------------------------------------


def dupes(corpus: Path, count: int) -> dict[str, Any]:
    """The headline duplicate pass in one process and on Ray, over the same synthetic headlines."""
    sys.path.append(str(Path(__file__).parent))
    from dupes import THRESHOLD, _corpus, generate  # bench/dupes.py's generator

    heads, sentences = _corpus(corpus)
    headlines = generate(heads, sentences, count, seed=7)
    print(f"ray bench: duplicate pass over {count:,} headlines", file=sys.stderr, flush=True)
    started = time.perf_counter()
    alone = batch.headline_groups(headlines, THRESHOLD)
    one_s = time.perf_counter() - started
    started = time.perf_counter()
    on_ray = cluster_dupes.headline_groups(headlines, THRESHOLD)
    ray_s = time.perf_counter() - started
    return {
        "headlines": count,
        "threshold": THRESHOLD,
        "groups": len(alone),
        "one_process_s": round(one_s, 2),
        "ray_s": round(ray_s, 2),
        "ray_cpus": WORKERS,
        "groups_equal": on_ray == alone,
    }


if __name__ == "__main__":
    main()
