"""The same reports from two source trees: a change of layout must leave every byte of output alone.

Runs `newsedit check` (the fast checks: dupes and readability; grammar with --grammar) over a folder
of articles with this checkout's src and with the src of a git revision (default: the commit
before the one-package-per-check layout), and prints JSON: bytes compared and whether they match.

    .venv/bin/python bench/layout_diff.py [--rev REV] [--corpus DIR] [--format json|text] [--grammar]
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

from own_languagetool import cache_folder

ROOT = Path(__file__).resolve().parents[1]
BEFORE_LAYOUT = "16bcd5f"  # the last commit with checks/*.py, checks/ and duplicates/


def main() -> None:
    """Run both trees over the corpus and print the comparison."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rev", default=BEFORE_LAYOUT, help="the git revision whose src is the baseline")
    parser.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpora" / "bbc"))
    parser.add_argument("--format", default="json", choices=["json", "text", "sarif"])
    parser.add_argument("--grammar", action="store_true", help="run grammar too (needs LanguageTool)")
    args = parser.parse_args()
    skip = [] if args.grammar else ["--skip", "grammar"]
    command = ["check", *skip, "--skip", "summary", "--format", args.format, "--no-cache", args.corpus]
    with tempfile.TemporaryDirectory() as folder:
        baseline = _export(args.rev, Path(folder))
        runs = {}
        for name, src in (("baseline", baseline), ("this", ROOT / "src")):
            own = cache_folder(f"newsedit-layout-{name}-") if args.grammar else contextlib.nullcontext()
            with own:  # with --grammar, a LanguageTool server of each tree's own, stopped after it
                runs[name] = _run(src, command)
    same = runs["baseline"]["sha256"] == runs["this"]["sha256"]
    print(json.dumps({"corpus": args.corpus, "rev": args.rev, "format": args.format, **runs, "identical": same}))
    sys.exit(0 if same else 1)


def _export(rev: str, folder: Path) -> Path:
    """The src folder of a revision, unpacked into folder."""
    data = subprocess.run(["git", "archive", rev, "src"], cwd=ROOT, capture_output=True, check=True).stdout
    with tarfile.open(fileobj=BytesIO(data)) as archive:
        archive.extractall(folder, filter="data")
    return folder / "src"


def _run(src: Path, command: list[str]) -> dict[str, object]:
    """One run of newsedit from a source tree: its output's size and hash, exit code and time."""
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "newsedit", *command],
        cwd=ROOT,
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(src)},
    )
    seconds = round(time.perf_counter() - start, 2)
    digest = hashlib.sha256(proc.stdout).hexdigest()
    return {"bytes": len(proc.stdout), "sha256": digest, "exit_code": proc.returncode, "seconds": seconds}


if __name__ == "__main__":
    main()
