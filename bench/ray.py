"""Benchmark: `check --ray` against `-j 1` and `-j 2` on one machine, and the distributed duplicate pass.

`check`: articles per second for `check --skip summary` with one process (`-j 1`), two worker
processes (`-j 2`), and two Ray actors (`--ray -j 2` on a Ray instance started once, as a running
cluster is), each over its own N corpus articles (default 300): LanguageTool keeps results per
sentence, so runs over the same articles would time its cache. Each run goes through `runner.run`
in this process, as the CLI does, with a LanguageTool server of the benchmark's own, warmed first;
the reports of the three ways are compared article for article on the warm-up articles. Target:
Ray at most 15% slower than `-j 2`. (`check` against `grammar` alone: bench/overlap.py.)

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
WORKERS = 2


def main() -> None:
    """Measure and print the JSON document."""
    args = _arguments()
    # This script is bench/ray.py: its folder must not shadow the ray package.
    here = sys.path[:]
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
    import ray

    sys.path[:] = here  # `-j 2` workers import this script again, with its own imports (own_languagetool)

    result: dict[str, Any] = {"cpus": os.cpu_count(), "load_average_before": os.getloadavg()[0]}
    with cache_folder("newsedit-bench-ray-"):  # set before Ray starts: its workers inherit it
        started = time.perf_counter()
        ray.init(num_cpus=WORKERS, object_store_memory=200 * 1024 * 1024, include_dashboard=False, log_to_driver=False)
        result["ray_init_s"] = round(time.perf_counter() - started, 2)
        try:
            if not args.skip_check:
                result["check"] = check(args.corpus, args.limit)
            result["dupes"] = dupes(args.corpus, args.headlines)
        finally:
            ray.shutdown()
    result["load_average_after"] = os.getloadavg()[0]
    print(json.dumps(result, indent=2))


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--limit", type=int, default=300, help="corpus articles in each run")
    parser.add_argument("--headlines", type=int, default=100_000, help="synthetic headlines (1000000 for 1M)")
    parser.add_argument("--skip-check", action="store_true", help="only the duplicate pass")
    return parser.parse_args()


def _slices(corpus: Path, limit: int, count: int) -> list[Path]:
    """`count` folders of `limit` corpus articles each, no article in two."""
    files = sorted(corpus.glob("*/*.txt"))
    if len(files) < limit * count:
        sys.exit(f"{len(files)} articles at {corpus}: too few for {count} runs of {limit} (use --corpus or --limit)")
    folders = []
    for n in range(count):
        folder = Path(tempfile.mkdtemp(prefix="newsedit-bench-articles-"))
        for i, file in enumerate(files[n * limit : (n + 1) * limit]):
            shutil.copy(file, folder / f"{i:06}.txt")
        folders.append(folder)
    return folders


# ---- check --------------------------------------------------------------------------------


def check(corpus: Path, limit: int) -> dict[str, Any]:
    """Articles per second for each way of running, and whether the reports agree.

    Each timed run gets its own `limit` articles: LanguageTool keeps results per sentence, so a
    second run over the same ones would time its cache. The reports are compared on the slice
    the server was warmed with, which every way checks once more (untimed).
    """
    chosen = [e for e in checks.available() if e != "summary"]
    ways = {"j1": (1, None), "j2": (WORKERS, None), "ray_2_actors": (WORKERS, RayPool)}
    warm, *timed = _slices(corpus, limit, 1 + len(ways))
    cfg = config.for_file(warm, None)
    languagetool.ensure_server(idle_minutes=30)
    reports = {"j1": _run(warm, cfg, chosen, 1)[1]}  # warms the server (JIT) and the checks
    runs = {name: _run(folder, cfg, chosen, *way) for (name, way), folder in zip(ways.items(), timed, strict=True)}
    reports |= {name: _run(warm, cfg, chosen, *way)[1] for name, way in ways.items() if name != "j1"}
    for folder in (warm, *timed):
        shutil.rmtree(folder, ignore_errors=True)
    ray_overhead = runs["ray_2_actors"][0] / runs["j2"][0] - 1
    return {
        "articles_per_run": limit,
        "checks": chosen,
        "seconds": {name: round(seconds, 2) for name, (seconds, _) in runs.items()},
        "articles_per_s": {name: round(limit / seconds, 2) for name, (seconds, _) in runs.items()},
        "ray_report_equals_j1": reports["ray_2_actors"] == reports["j1"],
        "j2_report_equals_j1": reports["j2"] == reports["j1"],
        "ray_overhead_vs_j2": round(ray_overhead, 3),
        "ray_target": TARGET_RAY_OVERHEAD,
        "ray_target_met": ray_overhead <= TARGET_RAY_OVERHEAD,
    }


def _run(folder: Path, cfg: config.Config, chosen: list[str], workers: int, pool: Any = None) -> tuple[float, str]:
    """Seconds for one run (workers and actors started inside it), and its JSON report."""
    job = runner.Job([str(folder)], cfg, chosen, workers=workers, pool=pool)
    print(f"ray bench: {chosen} workers={workers} ray={pool is not None}", file=sys.stderr, flush=True)
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
