"""Benchmark: the grammar check against LanguageTool itself; prints one JSON document.

`sample`: end-to-end wall time of `newsedit grammar fixtures/lavrov-north-korea.txt --no-cache`
as a pre-commit hook runs it (a new process each time, interpreter start included) while the
local server is warm: newsedit's own managed server, in a cache folder of the benchmark's (the
jars are those `newsedit setup` installed), with the CPU time of the newsedit process beside it
(what a busy machine cannot inflate the way it inflates wall time). Also: the same with newsedit's results cache on
(an unchanged article is not sent again), with one sentence edited before each run (the other
sentences hit LanguageTool's sentence cache), and one raw HTTP request for the sample text.
Target: median under 300 ms.

`corpus`: throughput over the news corpus, newsedit against raw HTTP requests to the same
LanguageTool server, made here with the same number of requests in flight (newsedit's
default: CPU cores + 1). That server is started by the benchmark with LanguageTool's sentence
cache off, so that neither side gains from the other having sent the same text. The corpus
is cut into blocks; each block goes through both sides, in alternating order, so that a change
of machine load hits both alike. newsedit runs as `newsedit grammar BLOCK --no-cache --lt-url
URL --format json` (reading, parsing, news rules, findings and the JSON report included).
Target: newsedit's overhead at most 10%.

Run: .venv/bin/python bench/grammar.py [--corpus DIR] [--limit N] [--runs N] [--blocks N] [--sample-only]
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from own_languagetool import cache_folder, plain_server

from newsedit.backends import languagetool

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "bbc"
SAMPLE = ROOT / "fixtures" / "lavrov-north-korea.txt"
NEWSEDIT = Path(sys.executable).with_name("newsedit")
TARGET_MS = 300.0
TARGET_OVERHEAD = 0.10
CPU_MS: list[float] = []  # CPU time (user + system) of each newsedit process, in ms
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def main() -> None:
    """Measure and print the JSON document."""
    args = _arguments()
    if not languagetool.installed():
        sys.exit("LanguageTool is not set up: run `newsedit setup` first")
    # An installed newsedit runs from bytecode; without it (PYTHONDONTWRITEBYTECODE set, or a
    # read-only tree) every timed run would also compile newsedit's modules.
    compileall.compile_dir(ROOT / "src" / "newsedit", quiet=1)
    with cache_folder("newsedit-bench-") as cache:
        result = {
            "languagetool": languagetool.VERSION,
            "cpus": os.cpu_count(),
            "load_average_before": os.getloadavg()[0],
            "sample": sample(cache, args.runs),
            "corpus": None if args.sample_only else corpus(_articles(args.corpus, args.limit), args.blocks),
            "load_average_after": os.getloadavg()[0],
        }
    print(json.dumps(result, indent=2))


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--limit", type=int, default=0, help="articles of the corpus to use (0: all)")
    parser.add_argument("--runs", type=int, default=15, help="timed runs of the sample")
    parser.add_argument("--blocks", type=int, default=8, help="blocks the corpus is cut into")
    parser.add_argument("--sample-only", action="store_true", help="skip the corpus")
    return parser.parse_args()


# ---- the sample, as a hook runs it -----------------------------------------------------------


def sample(cache: Path, runs: int) -> dict[str, Any]:
    """Wall times of `newsedit grammar` on the sample with the managed server warm."""
    state = languagetool.ensure_server(idle_minutes=30)
    for _ in range(3):  # the server's and the OS's caches warm up
        _newsedit_ms(SAMPLE, "--no-cache")
    CPU_MS.clear()
    plain = [_newsedit_ms(SAMPLE, "--no-cache") for _ in range(runs)]
    plain_cpu = list(CPU_MS)
    cached = [_newsedit_ms(SAMPLE, "--cache-dir", str(cache / "results")) for _ in range(runs + 1)][1:]
    edited = [_edited_ms(cache, i) for i in range(runs)]
    text = SAMPLE.read_text("utf-8")
    raw = [_post_ms(state.url, text) for _ in range(runs)]
    return {
        "runs": runs,
        "median_ms": _median(plain),
        "min_ms": round(min(plain)),
        "max_ms": round(max(plain)),
        "newsedit_process_cpu_median_ms": _median(plain_cpu),
        "target_ms": TARGET_MS,
        "met": _median(plain) < TARGET_MS,
        "with_results_cache_median_ms": _median(cached),
        "one_sentence_edited_median_ms": _median(edited),
        "raw_languagetool_request_median_ms": _median(raw),
    }


def _newsedit_ms(path: Path, *options: str) -> float:
    """Wall time of one `newsedit grammar` process; its CPU time goes to CPU_MS."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([str(NEWSEDIT), "grammar", str(path), *options], capture_output=True, text=True)
    elapsed = (time.perf_counter() - started) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU_MS.append((after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) * 1000)
    if done.returncode not in (0, 1):
        sys.exit(f"newsedit grammar failed ({done.returncode}): {done.stderr}")
    return elapsed


def _edited_ms(cache: Path, run: int) -> float:
    path = cache / "edited.txt"
    text = SAMPLE.read_text("utf-8").replace("Technically,", f"Technically (edit {run}),")
    path.write_text(text, "utf-8")
    return _newsedit_ms(path, "--no-cache")


def _post_ms(url: str, text: str) -> float:
    started = time.perf_counter()
    _post(url, text)
    return (time.perf_counter() - started) * 1000


def _post(url: str, text: str) -> int:
    data = urllib.parse.urlencode({"language": "en-US", "text": text}).encode()
    with OPENER.open(f"{url}/v2/check", data, timeout=600) as response:
        return len(json.loads(response.read())["matches"])


def _median(values: Sequence[float]) -> float:
    return round(statistics.median(values), 1)


# ---- the corpus, against raw HTTP ------------------------------------------------------------


def corpus(paths: list[Path], blocks: int) -> dict[str, Any]:
    """Throughput of newsedit and of raw concurrent HTTP on one benchmark-owned server."""
    workers = (os.cpu_count() or 2) + 1
    with plain_server("newsedit-bench-lt-", _uncached()) as url:
        for chunk in _split(paths[:40], 2):  # JIT warm-up, not timed
            _raw_seconds(url, chunk, workers)
        totals = {"raw": 0.0, "newsedit": 0.0}
        for i, block in enumerate(_split(paths, blocks)):
            for side in ("raw", "newsedit") if i % 2 == 0 else ("newsedit", "raw"):
                totals[side] += _raw_seconds(url, block, workers) if side == "raw" else _newsedit_seconds(url, block)
    raw_s, newsedit_s = totals["raw"], totals["newsedit"]
    overhead = newsedit_s / raw_s - 1
    return {
        "articles": len(paths),
        "requests_in_flight": workers,
        "raw_http_s": round(raw_s, 2),
        "newsedit_s": round(newsedit_s, 2),
        "raw_http_articles_per_s": round(len(paths) / raw_s, 2),
        "newsedit_articles_per_s": round(len(paths) / newsedit_s, 2),
        "newsedit_over_raw": round(newsedit_s / raw_s, 3),
        "overhead": round(overhead, 3),
        "target_overhead": TARGET_OVERHEAD,
        "met": overhead <= TARGET_OVERHEAD,
    }


def _articles(folder: Path, limit: int) -> list[Path]:
    if not folder.is_dir():
        sys.exit(f"{folder}: no corpus there (pass --corpus)")
    paths = sorted(folder.rglob("*.txt"))
    return paths[:limit] if limit else paths


def _split(paths: list[Path], blocks: int) -> list[list[Path]]:
    size = -(-len(paths) // blocks)
    return [paths[i : i + size] for i in range(0, len(paths), size)]


def _raw_seconds(url: str, paths: list[Path], workers: int) -> float:
    texts = [p.read_text("utf-8") for p in paths]  # reading is outside the clock: LanguageTool only
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(lambda t: _post(url, t), texts))
    return time.perf_counter() - started


def _newsedit_seconds(url: str, paths: list[Path]) -> float:
    with tempfile.TemporaryDirectory(prefix="newsedit-block-") as folder:
        for p in paths:  # one folder per block, so one process checks the whole block
            (Path(folder) / f"{p.parent.name}-{p.name}").symlink_to(p.resolve())
        started = time.perf_counter()
        command = [str(NEWSEDIT), "grammar", folder, "--no-cache", "--lt-url", url, "--format", "json"]
        done = subprocess.run(command, capture_output=True, text=True)
        elapsed = time.perf_counter() - started
    report = json.loads(done.stdout)
    failed = [a["path"] for a in report["articles"] if a.get("errors")]
    if done.returncode == 2 or failed or len(report["articles"]) != len(paths):
        sys.exit(f"newsedit grammar failed on a block ({done.returncode}): {failed[:3]} {done.stderr[-500:]}")
    return elapsed


def _uncached() -> dict[str, str]:
    """newsedit's server settings with LanguageTool's sentence cache off (each request costs in full)."""
    return {k: v for k, v in languagetool.SERVER_PROPERTIES.items() if not k.startswith("cache")}


if __name__ == "__main__":
    main()
