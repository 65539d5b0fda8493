"""The hook as a colleague installs it: pre-commit builds newsedit's own environment from the repo.

The repository (this checkout, committed in a copy) is used at its commit as a pre-commit repo,
exactly as with a URL and `rev:`; pre-commit installs the core from PyPI into a fresh virtualenv,
without the summary extra. The sample is then committed in a throwaway repository and blocked.
Needs the network to PyPI (pip), LanguageTool (the session's server) and a few minutes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import precommit_repo
from cli_helpers import newsedit
from newsedit.engines import languagetool

CORE_BUDGET_MB = 250
SAMPLE = precommit_repo.ROOT / "fixtures" / "lavrov-north-korea.txt"


@pytest.mark.slow
def test_a_real_pre_commit_environment_is_light_and_blocks_the_sample(tmp_path: Path, lt_cache: Path) -> None:
    hook_repo = tmp_path / "newsedit"
    rev = precommit_repo.snapshot(hook_repo)
    newsroom = tmp_path / "newsroom"
    newsroom.mkdir()
    precommit_repo.git(newsroom, "init", "-q", "-b", "main")
    (newsroom / ".pre-commit-config.yaml").write_text(precommit_repo.config(hook_repo, rev), "utf-8")
    precommit_repo.git(newsroom, "add", ".pre-commit-config.yaml")
    env = _env(tmp_path, lt_cache)
    installed = _run([sys.executable, "-m", "pre_commit", "install", "--install-hooks"], newsroom, env)
    assert installed.returncode == 0, installed.stdout + installed.stderr

    (newsroom / "lavrov.txt").write_text(SAMPLE.read_text("utf-8"), "utf-8")
    precommit_repo.git(newsroom, "add", "lavrov.txt")
    blocked = _run(["git", "commit", "-q", "-m", "Add the Lavrov story"], newsroom, env)
    shown = blocked.stdout + blocked.stderr
    assert blocked.returncode != 0 and "Failed" in shown, shown
    assert "lavrov.txt:53:1: error [grammar/due-of]" in shown
    assert "[grammar/lt-" in shown  # LanguageTool itself ran, on the session's server
    assert "lavrov.txt:5:1: warning [dupes/repeated-headline]" in shown
    assert "summary:" not in shown  # the manifest skips it
    assert precommit_repo.git(newsroom, "rev-list", "--all") == ""  # nothing was committed

    (python,) = (tmp_path / "pre-commit-home").glob("repo*/py_env-*/bin/python")
    heavy = "import importlib.util as u; print([m for m in ('torch', 'transformers') if u.find_spec(m)])"
    assert _run([str(python), "-c", heavy], newsroom, env).stdout.strip() == "[]"
    assert precommit_repo.size(python.parents[1]) / 2**20 <= CORE_BUDGET_MB

    summarized = _run([str(python), "-m", "newsedit", "summarize", "--no-cache", "lavrov.txt"], newsroom, env)
    assert summarized.returncode == 0, summarized.stderr
    assert 'pip install "newsedit[summary]"' in summarized.stdout
    assert "extractive summary" in summarized.stdout


def _env(tmp_path: Path, lt_cache: Path) -> dict[str, str]:
    """Git cut off from the user's config, pre-commit's cache in the test, the session's server."""
    env = {**os.environ, **precommit_repo.GIT_ENV}
    env.pop("PYTHONPATH", None)  # the hook must run the newsedit pre-commit installed, not this checkout
    return env | {
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "NO_COLOR": "1",
        languagetool.CACHE_ENV: str(lt_cache),
        "HF_HOME": str(tmp_path / "hf"),
    }


def _run(command: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=900, check=False)


def test_hook_install_says_what_grammar_needs_before_the_first_commit(tmp_path: Path) -> None:
    bare = tmp_path / "bin"  # git, but neither java nor mvn
    bare.mkdir()
    git = shutil.which("git")
    assert git is not None
    (bare / "git").symlink_to(git)
    repo = tmp_path / "newsroom"
    repo.mkdir()
    precommit_repo.git(repo, "init", "-q")
    env = {
        "PATH": str(bare),
        "JAVA_HOME": "",
        languagetool.CACHE_ENV: str(tmp_path / "cache"),
        languagetool.URL_ENV: "",
    }
    done = newsedit("hook", "install", cwd=repo, env=env)
    assert done.code == 0, done.err
    assert "before the first commit" in done.out and "apt-get install openjdk-17-jre-headless maven" in done.out
    assert languagetool.URL_ENV in done.out

    team = newsedit("hook", "install", cwd=repo, env={**env, languagetool.URL_ENV: "http://lt.example:8081"})
    assert "LanguageTool server at http://lt.example:8081" in team.out
