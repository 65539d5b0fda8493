"""Start-up cost of the summary check when there is no model: a default check against --skip summary.

Both run `python -m newsedit check --skip grammar --no-cache` on the sample article (grammar is
left out so that no server is involved) with an empty Hugging Face cache, so the summary check
finds no model and gives the extractive summary. The difference is what learning "no model"
costs each run (the issue measured 0.51 s against 0.33 s when it imported huggingface_hub).
With --model DIR it also times a run that loads that model (CTranslate2 or torch, as picked).

`hook` times what a pre-commit hook runs: a warm (LanguageTool and newsedit's warm worker already
up), uncached, one-file `check --skip summary` of the sample, grammar included, beside proselint
(the anchor: pip install proselint, in the dev extra) on the same file, taken in turns so that all
see the same load; also the same run in its own process (what the first run after the worker
stopped pays); with --rev REV, that revision's src is timed the same way in the same turns. Wall time is
what the hook costs; CPU time (user + system of the process) moves less with the machine's load.
Prints one JSON document; each figure is the median of --runs runs.

    .venv/bin/python bench/startup.py [--runs 7] [--baseline-src DIR] [--model DIR] [--rev REV] [--hook-only]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
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
    parser.add_argument("--rev", default="", help="a git revision whose src the hook run is timed with too")
    parser.add_argument("--hook-only", action="store_true", help="only the hook run beside proselint")
    args = parser.parse_args()
    if args.hook_only:
        print(json.dumps({"hook": _hook(args.runs, args.rev, args.baseline_src)}, indent=2))
        return
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
    report["hook"] = _hook(args.runs, args.rev, args.baseline_src)
    print(json.dumps(report, indent=2))


def _hook(runs: int, rev: str, baseline_src: str = "") -> dict[str, object]:
    """A warm, uncached one-file `check --skip summary` beside proselint, taken in turns: handed to
    the warm worker (launch.py) and run in its own process (NEWSEDIT_WORKER=0, what the first run
    after the worker stopped costs). A baseline tree whose rule pack differs restarts LanguageTool
    at each turn: copy this tree's pack into it."""
    proselint = shutil.which("proselint", path=str(Path(sys.executable).parent)) or shutil.which("proselint")
    check = [sys.executable, "-m", "newsedit", "check", "--skip", "summary", "--no-cache", str(SAMPLE)]
    with tempfile.TemporaryDirectory() as folder:
        commands: dict[str, tuple[list[str], dict[str, str]]] = {
            "this": (check, {"NEWSEDIT_WORKER": "require"}),
            "this_in_process": (check, {"NEWSEDIT_WORKER": "0"}),
        }
        if rev:
            commands[rev] = (check, {"PYTHONPATH": str(_export(rev, Path(folder))), "NEWSEDIT_WORKER": "0"})
        if baseline_src:
            commands["baseline"] = (check, {"PYTHONPATH": baseline_src, "NEWSEDIT_WORKER": "0"})
        if proselint:
            commands["proselint"] = ([proselint, "check", str(SAMPLE)], {})
        _timed(check, {})  # LanguageTool starts (once), and with it the worker
        worker = _wait_for_worker(check)
        for argv, extra in commands.values():  # untimed: the OS caches the files
            _timed(argv, extra)
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for _ in range(runs if worker else 0):
            for name, (argv, extra) in commands.items():
                times[name].append(_timed(argv, extra))
    out: dict[str, object] = {"runs": runs, "load_average": round(os.getloadavg()[0], 1), "worker": worker}
    for name, pairs in times.items():
        if not pairs:
            continue
        out[name] = {
            "wall_s": round(statistics.median(w for w, _ in pairs), 3),
            "cpu_s": round(statistics.median(c for _, c in pairs), 3),
        }
    if "proselint" in times and worker:
        anchor = statistics.median(w for w, _ in times["proselint"])
        out["times_proselint_wall"] = {
            name: round(statistics.median(w for w, _ in pairs) / anchor, 2)
            for name, pairs in times.items()
            if name != "proselint"
        }
    return out


def _wait_for_worker(check: list[str], timeout_s: float = 30) -> bool:
    """Whether the warm worker takes runs; a server whose supervisor started none (an older newsedit's)
    is restarted once."""
    for attempt in range(2):
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            env = {**os.environ, "NEWSEDIT_WORKER": "require"}
            done = subprocess.run(check, env=env, capture_output=True, text=True, check=False)
            if "no warm worker" not in done.stderr:
                return True
            time.sleep(1)
        if attempt == 0:
            subprocess.run([sys.executable, "-m", "newsedit", "server", "stop"], capture_output=True, check=False)
            _timed(check, {})
    return False


def _timed(argv: list[str], extra: dict[str, str]) -> tuple[float, float]:
    """One run's wall time and CPU time (user + system of the child; a worker's fork is not the child's)."""
    env = {**os.environ, **extra}
    # An installed newsedit runs from bytecode; without it every run compiles what changed since (a tenth of
    # a second), so the untimed first run writes it.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(argv, env=env, capture_output=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _export(rev: str, folder: Path) -> Path:
    """The src folder of a git revision, unpacked into folder."""
    data = subprocess.run(["git", "archive", rev, "src"], cwd=ROOT, capture_output=True, check=True).stdout
    with tarfile.open(fileobj=BytesIO(data)) as archive:
        archive.extractall(folder, filter="data")
    return folder / "src"


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
