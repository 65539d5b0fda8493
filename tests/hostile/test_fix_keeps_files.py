"""`fix` never replaces what it should not: a read-only file, another user's, one with hard links."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from cli_helpers import newsedit

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
FIX = ["fix", "--skip", "grammar", "--no-cache"]


def _article(tmp_path: Path) -> Path:
    article = tmp_path / "bridge.txt"
    shutil.copy(FIXTURES / "boilerplate.txt", article)  # boilerplate: a safe fix deletes it
    return article


def test_fix_leaves_a_read_only_file_alone_and_says_so(tmp_path: Path) -> None:
    article = _article(tmp_path)
    before = article.read_bytes()
    article.chmod(0o444)
    result = newsedit(*FIX, str(article))
    assert result.code == 2
    assert f"{article}: not fixed: the file is read-only" in result.err + result.out
    assert article.read_bytes() == before and (article.stat().st_mode & 0o777) == 0o444


def test_fix_keeps_hard_links_together(tmp_path: Path) -> None:
    article = _article(tmp_path)
    twin = tmp_path / "twin.txt"
    os.link(article, twin)
    result = newsedit(*FIX, str(article))
    assert result.code == 2
    assert "hard links; a fixed copy would split them" in result.err + result.out
    assert os.path.samefile(article, twin)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="chown needs root")
def test_fix_leaves_another_users_file_alone(tmp_path: Path) -> None:
    article = _article(tmp_path)
    os.chown(article, 65534, 65534)
    result = newsedit(*FIX, str(article))
    assert result.code == 2
    assert "belongs to another user (uid 65534)" in result.err + result.out
    assert article.stat().st_uid == 65534
