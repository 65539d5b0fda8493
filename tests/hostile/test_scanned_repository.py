"""A scanned folder's own git config never runs a program: `git check-ignore` is run hardened."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from cli_helpers import FAST, newsedit

CLEAN = (Path(__file__).resolve().parents[2] / "fixtures" / "clean.txt").read_text("utf-8")


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_a_scanned_repository_fsmonitor_command_is_never_run(tmp_path: Path) -> None:
    repo = tmp_path / "agency-zip"
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    marker = tmp_path / "MARKER"
    subprocess.run(["git", "-C", str(repo), "config", "core.fsmonitor", f"touch {marker}; false"], check=True)
    subprocess.run(["git", "-C", str(repo), "config", "core.hooksPath", str(tmp_path)], check=True)
    (repo / ".gitignore").write_text("drafts/\n", "utf-8")
    (repo / "story.txt").write_text(CLEAN, "utf-8")
    (repo / "drafts").mkdir()
    (repo / "drafts" / "old.txt").write_text(CLEAN, "utf-8")
    report = newsedit("check", *FAST, "-f", "json", str(repo)).json()
    assert not marker.exists()
    assert [Path(a["path"]).name for a in report["articles"]] == ["story.txt"]  # ignore rules still apply
