"""Benchmark: the results cache over the news corpus, and a hook run; prints one JSON document.

`corpus`: `newsedit check --skip summary CORPUS` twice with an empty results cache of the
benchmark's own (`--cache-dir`): the first run checks every article, the second finds every
article unchanged. Both print the text report; the two reports must be identical. Target: the
cached run at least 20 times faster. The local LanguageTool server is warmed first, so neither
run pays for starting it.

`hook`: one file as the pre-commit hook checks it (`newsedit check --skip summary FILE`, a new
process each time, interpreter start included) with the warm server: a changed file
(`--no-cache`) and an unchanged one (cached). Target: median under 0.5 s.

Both run a frozen copy of newsedit's source (first on PYTHONPATH): the cache key covers
newsedit's own code, so an edit to the working tree during the benchmark would empty it.

Run: .venv/bin/python bench/cache.py [--corpus DIR] [--runs N] [--hook-only]
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "bbc"
SAMPLE = ROOT / "fixtures" / "lavrov-north-korea.txt"
NEWSEDIT = Path(sys.executable).with_name("newsedit")
HOOK = ["check", "--skip", "summary"]
TARGET_RATIO = 20.0
TARGET_HOOK_S = 0.5


def main() -> None:
    """Measure and print the JSON document."""
    args = _arguments()
    if not args.corpus.is_dir():
        print(json.dumps({"skipped": f"no corpus at {args.corpus}"}))
        return
    with tempfile.TemporaryDirectory(prefix="newsedit-bench-cache-") as folder:
        _freeze(Path(folder) / "code")
        warm = _timed(["check", "--skip", "summary", "--no-cache", str(SAMPLE)])  # starts the server if needed
        result = {
            "cpus": os.cpu_count(),
            "load_average_before": os.getloadavg()[0],
            "server_warm_up_s": round(warm[0], 3),
            "corpus": None if args.hook_only else corpus(args.corpus, Path(folder) / "results"),
            "hook": hook(Path(folder) / "hook", args.runs),
            "load_average_after": os.getloadavg()[0],
        }
    print(json.dumps(result, indent=2))


def _freeze(code: Path) -> None:
    """Run newsedit from a copy of its source taken now."""
    shutil.copytree(ROOT / "src" / "newsedit", code / "newsedit", ignore=shutil.ignore_patterns("__pycache__"))
    # An installed newsedit runs from bytecode; without it (PYTHONDONTWRITEBYTECODE set, or a
    # read-only tree) every timed run would also compile the package.
    compileall.compile_dir(code, quiet=1)
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(code), os.environ.get("PYTHONPATH")]))


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--runs", type=int, default=7, help="timed hook runs of each kind")
    parser.add_argument("--hook-only", action="store_true", help="time the hook runs, not the corpus")
    return parser.parse_args()


def corpus(folder: Path, results: Path) -> dict[str, Any]:
    """The first and the cached run over the whole corpus."""
    command = [*HOOK, "--cache-dir", str(results), str(folder)]
    # Exit code 2 (an article the server could not check) still times the run: it is reported.
    first_s, first = _timed(command, (0, 1, 2))
    cached_s, cached = _timed(command, (0, 1, 2))
    return {
        "articles": sum(1 for p in folder.rglob("*") if p.suffix in (".txt", ".md")),
        "command": " ".join(["newsedit", *command]),
        "first_run_s": round(first_s, 2),
        "cached_run_s": round(cached_s, 2),
        "ratio": round(first_s / cached_s, 1),
        "target_ratio": TARGET_RATIO,
        "meets_target": first_s / cached_s >= TARGET_RATIO,
        "same_report": first.stdout == cached.stdout and first.returncode == cached.returncode,
        "exit_codes": [first.returncode, cached.returncode],
    }


def hook(results: Path, runs: int) -> dict[str, Any]:
    """One file through the hook's command: changed (no cache) and unchanged (cached)."""
    cached_args = [*HOOK, "--cache-dir", str(results), str(SAMPLE)]
    _timed(cached_args)  # fills the cache
    changed = [_timed([*HOOK, "--no-cache", str(SAMPLE)])[0] for _ in range(runs)]
    unchanged = [_timed(cached_args)[0] for _ in range(runs)]
    version = [_timed(["--version"])[0] for _ in range(runs)]
    return {
        "file": str(SAMPLE.relative_to(ROOT)),
        "changed_median_s": round(statistics.median(changed), 3),
        "unchanged_median_s": round(statistics.median(unchanged), 3),
        "process_start_median_s": round(statistics.median(version), 3),  # `newsedit --version`
        "changed_runs_s": [round(t, 3) for t in changed],
        "unchanged_runs_s": [round(t, 3) for t in unchanged],
        "target_s": TARGET_HOOK_S,
        "meets_target": {
            "changed": statistics.median(changed) < TARGET_HOOK_S,
            "unchanged": statistics.median(unchanged) < TARGET_HOOK_S,
        },
    }


def _timed(args: list[str], allowed: tuple[int, ...] = (0, 1)) -> tuple[float, subprocess.CompletedProcess[bytes]]:
    """Wall time of one newsedit process, and what it did; a crash stops the benchmark."""
    start = time.perf_counter()
    done = subprocess.run([str(NEWSEDIT), *args], capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode not in allowed:
        sys.exit(f"newsedit {' '.join(args)} failed ({done.returncode}): {done.stderr.decode()[-2000:]}")
    return elapsed, done


if __name__ == "__main__":
    main()
