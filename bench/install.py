"""What installing newsedit costs: time and disk of clean installs into new virtual environments.

Each step makes a fresh venv and pip-installs this checkout (built as a wheel, not editable):
- core, cold: an empty pip cache (every wheel downloaded), then core, warm: the same cache again;
- summary: the core plus the `summary` extra (transformers and CTranslate2), warm cache;
- torch: the core plus the `torch` extra (GPUs, one-time model conversion), warm cache; from PyPI
  alone torch's Linux wheel is the CUDA build (with its nvidia-* and triton wheels);
  --torch-index adds torch's CPU index;
- pre-commit: a real pre-commit hook environment built from this checkout at a commit, as a
  colleague's `pre-commit install-hooks` builds it (warm cache).
Sizes are the venv folders' bytes on disk. Prints one JSON document; core must stay within
--core-budget-mb. Needs the network (PyPI) and takes minutes.

    .venv/bin/python bench/install.py [--torch-index URL] [--skip-torch] [--skip-precommit]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CPU_TORCH = "https://download.pytorch.org/whl/cpu"
MB = 1024 * 1024


def main() -> None:
    """Run each install once and print the figures."""
    args = _arguments()
    sys.path.insert(0, str(ROOT / "tests"))
    work = Path(tempfile.mkdtemp(prefix="newsedit-install-"))
    try:
        cache = work / "pip-cache"
        steps: dict[str, Any] = {}
        steps["core_cold"] = _install(work / "core-cold", [str(ROOT)], cache)
        steps["core_warm"] = _install(work / "core-warm", [str(ROOT)], cache)
        steps["summary"] = _install(work / "summary", [f"{ROOT}[summary]"], cache)
        torch = [f"{ROOT}[torch]"] + (["--extra-index-url", args.torch_index] if args.torch_index else [])
        if not args.skip_torch:
            steps["torch"] = _install(work / "torch", torch, cache)
        if not args.skip_precommit:
            steps["pre_commit_env"] = _pre_commit(work, cache)
        core_mb = steps["core_warm"]["venv_mb"]
        print(
            json.dumps(
                {
                    "steps": steps,
                    "core_budget_mb": args.core_budget_mb,
                    "core_within_budget": core_mb <= args.core_budget_mb,
                },
                indent=2,
            )
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--torch-index", default="", help=f"an extra index for torch, e.g. {CPU_TORCH}")
    parser.add_argument("--skip-torch", action="store_true", help="leave out the torch extra (5 GB)")
    parser.add_argument("--skip-precommit", action="store_true", help="leave out the pre-commit environment")
    parser.add_argument("--core-budget-mb", type=float, default=250.0)
    return parser.parse_args()


def _install(folder: Path, requirements: list[str], cache: Path) -> dict[str, Any]:
    """A new venv with requirements pip-installed into it: seconds, MB on disk, packages."""
    venv.EnvBuilder(with_pip=True).create(folder)
    python = str(folder / "bin" / "python")
    empty = _size(folder)
    env = {**os.environ, "PIP_CACHE_DIR": str(cache), "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    env.pop("PYTHONPATH", None)
    started = time.perf_counter()
    subprocess.run([python, "-m", "pip", "install", "--quiet", *requirements], check=True, env=env)
    seconds = time.perf_counter() - started
    listed = subprocess.run([python, "-m", "pip", "list", "--format=json"], capture_output=True, text=True, env=env)
    packages = {p["name"].lower(): p["version"] for p in json.loads(listed.stdout)}
    result = {
        "seconds": round(seconds, 1),
        "venv_mb": round(_size(folder) / MB, 1),
        "installed_mb": round((_size(folder) - empty) / MB, 1),
        "packages": len(packages),
        "has_torch": "torch" in packages,
        "nvidia_packages": sum(name.startswith("nvidia-") for name in packages),
        "largest": _largest(folder),
    }
    shutil.rmtree(folder, ignore_errors=True)
    print(f"{folder.name}: {result}", file=sys.stderr, flush=True)
    return result


def _largest(folder: Path, count: int = 5) -> dict[str, float]:
    """The biggest top-level folders in site-packages, in MB."""
    site = next(folder.glob("lib/python*/site-packages"))
    sizes = {p.name: _size(p) for p in site.iterdir() if p.is_dir()}
    return {name: round(n / MB, 1) for name, n in sorted(sizes.items(), key=lambda kv: -kv[1])[:count]}


def _pre_commit(work: Path, cache: Path) -> dict[str, Any]:
    """`pre-commit install-hooks` for newsedit's hook, from a snapshot repository at its commit."""
    import precommit_repo

    repo = work / "hook-repo"
    rev = precommit_repo.snapshot(repo)
    project = work / "project"
    project.mkdir()
    precommit_repo.git(project, "init", "-q")
    (project / ".pre-commit-config.yaml").write_text(precommit_repo.config(repo, rev), "utf-8")
    home = work / "pre-commit-home"
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PIP_CACHE_DIR": str(cache), **precommit_repo.GIT_ENV}
    env.pop("PYTHONPATH", None)
    tool = shutil.which("pre-commit") or str(Path(sys.executable).with_name("pre-commit"))
    started = time.perf_counter()
    subprocess.run([tool, "install-hooks"], cwd=project, check=True, env=env, capture_output=True)
    seconds = time.perf_counter() - started
    result = {"seconds": round(seconds, 1), "env_mb": round(_size(home) / MB, 1)}
    print(f"pre-commit: {result}", file=sys.stderr, flush=True)
    return result


def _size(folder: Path) -> int:
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


if __name__ == "__main__":
    main()
