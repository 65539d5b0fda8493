"""Folder scans stay in the folder: symlinks out of it, gitignored files and node_modules are skipped."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from cli_helpers import FAST, newsedit

CLEAN = (Path(__file__).resolve().parents[2] / "fixtures" / "clean.txt").read_text("utf-8")
SECRET = "Secret salaries\n\nThe editor earns a great deal of money, the payroll file says.\n"


def _checked(result_json: dict) -> list[str]:  # type: ignore[type-arg]
    return sorted(Path(a["path"]).name for a in result_json["articles"])


def test_a_symlink_out_of_the_folder_is_skipped_with_a_notice(tmp_path: Path) -> None:
    outside = tmp_path / "private" / "payroll.md"
    outside.parent.mkdir()
    outside.write_text(SECRET, "utf-8")
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "good.txt").write_text(CLEAN, "utf-8")
    (articles / "passwd.md").symlink_to("/etc/passwd")
    (articles / "payroll.md").symlink_to(outside)
    (articles / "inside.txt").symlink_to("good.txt")  # a link that stays in the folder is read
    for fmt in ("markdown", "sarif", "text"):
        result = newsedit("check", *FAST, "-f", fmt, str(articles))
        assert "root:" not in result.out and "payroll file" not in result.out and "Secret" not in result.out
    report = newsedit("check", *FAST, "-f", "json", str(articles)).json()
    assert _checked(report) == ["good.txt", "inside.txt"]
    text = newsedit("check", *FAST, str(articles))
    assert f"{articles / 'passwd.md'}: skipped: a symlink to /etc/passwd, outside {articles}" in text.out
    named = newsedit("check", *FAST, "-f", "json", str(articles / "payroll.md")).json()  # named: read
    assert _checked(named) == ["payroll.md"]


def test_gitignored_files_and_node_modules_are_skipped_in_a_git_work_tree(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / ".gitignore").write_text("drafts/\n*.tmp.txt\n", "utf-8")
    for name in ("story.txt", "drafts/old.txt", "notes.tmp.txt", "node_modules/pkg/README.md", "sub/keep.md"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(CLEAN, "utf-8")
    report = newsedit("check", *FAST, "-f", "json", str(tmp_path)).json()
    assert _checked(report) == ["keep.md", "story.txt"]
    named = newsedit("check", *FAST, "-f", "json", str(tmp_path / "drafts" / "old.txt")).json()
    assert _checked(named) == ["old.txt"]  # a file named on the command line is always read
    folder = newsedit("check", *FAST, "-f", "json", str(tmp_path / "drafts")).json()
    assert _checked(folder) == ["old.txt"]  # and so is an ignored folder named itself
    os.remove(tmp_path / ".gitignore")
    assert "old.txt" in _checked(newsedit("check", *FAST, "-f", "json", str(tmp_path)).json())
