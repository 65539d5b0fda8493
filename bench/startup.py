"""Start-up cost of the summary check when there is no model: a default check against --skip summary.

Both run `python -m newsedit check --skip grammar --no-cache` on the sample article (grammar is
left out so that no server is involved) with an empty Hugging Face cache, so the summary check
finds no model and gives the extractive summary. The difference is what learning "no model"
costs each run (the issue measured 0.51 s against 0.33 s when it imported huggingface_hub).
With --model DIR it also times a run that loads that model (CTranslate2 or torch, as picked).
Prints one JSON document; each figure is the median of --runs runs.

    .venv/bin/python bench/startup.py [--runs 7] [--baseline-src DIR] [--model DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "fixtures" / "lavrov-north-korea.txt"
HEAVY = ("huggingface_hub", "filelock", "httpx", "yaml", "transformers", "torch", "ctranslate2")


def main() -> None:
    """Time each variant and print the medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--baseline-src", default="", help="another src folder to time the same way")
    parser.add_argument("--model", default="", help="a model folder, to time a run that loads it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as empty:
        env = {**os.environ, "HF_HOME": empty, "HF_HUB_CACHE": str(Path(empty) / "hub"), "NEWSEDIT_CACHE_DIR": empty}
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")]))
        base = ["check", "--skip", "grammar", "--no-cache", str(SAMPLE)]
        default = _median(base, env, args.runs)
        skipped = _median([*base, "--skip", "summary"], env, args.runs)
        report = {
            "benchmark": "start-up: default check without a model vs --skip summary",
            "runs": args.runs,
            "default_check_no_model_s": default,
            "skip_summary_s": skipped,
            "cost_of_learning_there_is_no_model_s": round(default - skipped, 3),
            "imported_by_default_check": _imported(base, env),
        }
        if args.baseline_src:  # the same two runs on another source tree (e.g. before this change)
            old = {**env, "PYTHONPATH": args.baseline_src}
            before = _median(base, old, args.runs)
            report["baseline"] = {
                "src": args.baseline_src,
                "default_check_no_model_s": before,
                "skip_summary_s": _median([*base, "--skip", "summary"], old, args.runs),
                "imported_by_default_check": _imported(base, old),
            }
        if args.model:  # a first run converts the model for CTranslate2 (cached); then each runtime
            report["with_model_s"] = {}
            for runtime in ("ctranslate2", "torch"):
                config = Path(empty) / f"{runtime}.toml"
                config.write_text(f'[summary]\nruntime = "{runtime}"\n', "utf-8")
                argv = [*base, "--model", args.model, "--config", str(config)]
                _median(argv, env, 1)
                report["with_model_s"][runtime] = _median(argv, env, max(1, args.runs // 2))
    print(json.dumps(report, indent=2))


def _median(argv: list[str], env: dict[str, str], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "newsedit", *argv], env=env, capture_output=True, check=False)
        times.append(time.perf_counter() - started)
    return round(statistics.median(times), 3)


def _imported(argv: list[str], env: dict[str, str]) -> list[str]:
    """The heavy modules a default check imports (none is the point)."""
    code = (
        f"import sys; from newsedit.cli import main; sys.argv = ['newsedit', *{argv!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"print([m for m in {HEAVY!r} if m in sys.modules], file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False)
    found: list[str] = json.loads(done.stderr.strip().splitlines()[-1].replace("'", '"'))
    return found


if __name__ == "__main__":
    main()
