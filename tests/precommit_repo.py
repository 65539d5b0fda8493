"""newsedit as a pre-commit hook repository, the way users consume it: a git repo at a commit.

The working tree is copied (tracked and untracked files git does not ignore) into a fresh git
repository and committed there, so uncommitted work is what gets tested; pre-commit then clones
that repository by path at that commit, exactly as it clones a URL at a `rev:`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GIT_ENV = {
    "GIT_AUTHOR_NAME": "newsedit tests",
    "GIT_AUTHOR_EMAIL": "tests@newsedit.invalid",
    "GIT_COMMITTER_NAME": "newsedit tests",
    "GIT_COMMITTER_EMAIL": "tests@newsedit.invalid",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(cwd: Path, *args: str) -> str:
    """Run git with a fixed identity and no user config; its stdout."""
    done = subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=True, env={**os.environ, **GIT_ENV}
    )
    return done.stdout.strip()


def snapshot(target: Path) -> str:
    """A git repository at target holding this checkout's files, committed; the commit's sha."""
    listed = git(ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    target.mkdir(parents=True)
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():  # deleted but still in the index: skip
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    git(target, "init", "-q", "-b", "main")
    git(target, "add", "-A")
    git(target, "commit", "-q", "-m", "snapshot")
    return git(target, "rev-parse", "HEAD")


def config(repo: Path, rev: str) -> str:
    """A .pre-commit-config.yaml that uses newsedit's hook from repo at rev (as from a URL)."""
    return f"repos:\n  - repo: {repo}\n    rev: {rev}\n    hooks:\n      - id: newsedit\n"


def size(folder: Path) -> int:
    """Bytes of the files under folder (links not followed)."""
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
