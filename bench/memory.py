"""Peak memory of one newsedit run over 10,000 articles next to the peak over 1,000.

Articles come from ../shared/corpora/bbc, repeated (each copy made unique by a line of its own,
so the cache and the duplicate detector see distinct articles). Prints one JSON document; the
target is a 10k peak under 1.5 times the 1k peak (memory bounded, not growing with the batch).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "bbc"


def make_batch(folder: Path, count: int, sources: list[Path]) -> None:
    """`count` articles, corpus texts repeated with a numbered line added to each copy."""
    folder.mkdir(parents=True)
    for i in range(count):
        text = sources[i % len(sources)].read_text("utf-8")
        headline, _, body = text.partition("\n")
        (folder / f"{i:05}.txt").write_text(f"{headline}\n{body}\n\nCopy number {i}.\n", "utf-8")


def peak_rss_mib(folder: Path, checks_to_skip: list[str]) -> tuple[float, float, int]:
    """Run newsedit in a child process; its peak resident memory, wall time and exit code."""
    skip = [arg for check in checks_to_skip for arg in ("--skip", check)]
    command = [sys.executable, "-m", "newsedit", "check", *skip, "--no-cache", "-f", "json", str(folder)]
    # A fresh interpreter per measurement: RUSAGE_CHILDREN reports the largest child so far,
    # so each measurement runs in a wrapper process of its own.
    wrapper = (
        "import resource, subprocess, sys; "
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=False); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", wrapper, *command], capture_output=True, text=True, check=True)
    return int(proc.stdout.strip()) / 1024, time.perf_counter() - start, 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--large", type=int, default=10000)
    parser.add_argument("--skip", action="append", default=None, help="engines left out (default: grammar, summary)")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        print(json.dumps({"benchmark": "memory", "skipped": f"{CORPUS} not found"}))
        return 0
    skip = args.skip if args.skip is not None else ["grammar", "summary"]
    sources = sorted(CORPUS.rglob("*.txt"))
    results = {}
    with tempfile.TemporaryDirectory(prefix="newsedit-memory-") as tmp:
        for label, count in (("small", args.small), ("large", args.large)):
            folder = Path(tmp) / label
            make_batch(folder, count, sources)
            peak, seconds, _ = peak_rss_mib(folder, skip)
            results[label] = {"articles": count, "peak_rss_mib": round(peak, 1), "seconds": round(seconds, 1)}
    ratio = results["large"]["peak_rss_mib"] / results["small"]["peak_rss_mib"]
    print(
        json.dumps(
            {
                "benchmark": "memory",
                "engines_skipped": skip,
                "cpu_count": os.cpu_count(),
                **results,
                "ratio_large_to_small": round(ratio, 3),
                "target_ratio_below": 1.5,
                "meets_target": ratio < 1.5,
            },
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
