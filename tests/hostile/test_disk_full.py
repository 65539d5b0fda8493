"""A full disk while writing the cache, the archive index, a report or a fix: a clear error, nothing corrupt."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from cli_helpers import FAST, newsedit

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def _mount_small_tmpfs(where: Path, size: str) -> None:
    where.mkdir()
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], capture_output=True)
    if proc.returncode != 0:
        pytest.skip(f"cannot mount a small file system here ({proc.stderr.decode().strip()}): needs root")


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 256 KiB file system: room for a little, then ENOSPC, as on a full disk."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small file system needs root (CI runs as root)")
    disk = tmp_path / "disk"
    _mount_small_tmpfs(disk, "256k")
    yield disk
    subprocess.run(["umount", str(disk)], check=True)


def _fill(disk: Path) -> None:
    """Take every free block of the disk."""
    with (disk / "filler").open("wb", buffering=0) as handle:
        try:
            while True:
                handle.write(b"\0" * 4096)
        except OSError:
            pass


def _corpus(folder: Path, count: int) -> Path:
    folder.mkdir()
    clean = (FIXTURES / "clean.txt").read_text("utf-8")
    for i in range(count):
        (folder / f"{i:03}.txt").write_text(clean.replace("three", f"{i} new"), "utf-8")
    return folder


def test_cache_on_a_full_disk_still_reports_every_article(tiny_disk: Path, tmp_path: Path) -> None:
    batch = _corpus(tmp_path / "batch", 60)
    _fill(tiny_disk)
    result = newsedit("check", *FAST, "-f", "json", "--cache-dir", str(tiny_disk / "cache"), str(batch))
    assert "Traceback" not in result.err
    assert "newsedit: warning:" in result.err  # the cache could not be written, and it says so
    assert len(result.json()["articles"]) == 60
    assert result.code == 0


def test_cache_that_fills_the_disk_midway_stays_consistent(tiny_disk: Path, tmp_path: Path) -> None:
    batch = _corpus(tmp_path / "batch", 400)
    result = newsedit("check", *FAST, "-f", "json", "--cache-dir", str(tiny_disk), str(batch))
    assert "Traceback" not in result.err
    assert len(result.json()["articles"]) == 400
    for database in tiny_disk.glob("*.sqlite*"):
        if database.suffix in (".sqlite", ".sqlite3"):
            with closing(sqlite3.connect(database)) as db:
                assert db.execute("pragma integrity_check").fetchone() == ("ok",)
    again = newsedit("check", *FAST, "-f", "json", "--cache-dir", str(tiny_disk), str(batch))
    assert again.json()["articles"] == result.json()["articles"]


def test_index_add_on_a_full_disk_fails_clearly_and_keeps_what_was_committed(tiny_disk: Path, tmp_path: Path) -> None:
    index = tiny_disk / "archive.sqlite"
    first = newsedit("index", "add", str(_corpus(tmp_path / "first", 3)), "--index", str(index))
    assert first.code == 0, first.err
    _fill(tiny_disk)
    second = newsedit("index", "add", str(_corpus(tmp_path / "second", 300)), "--index", str(index))
    assert second.code == 2
    assert "Traceback" not in second.err and "newsedit: error:" in second.err
    # Read-only and immutable: the full disk has no room even for SQLite's shared-memory file.
    with closing(sqlite3.connect(f"file:{index}?immutable=1", uri=True)) as db:
        assert db.execute("pragma integrity_check").fetchone() == ("ok",)
        assert db.execute("select count(*) from articles").fetchone()[0] >= 3
    (tiny_disk / "filler").unlink()
    stats = newsedit("index", "stats", "--index", str(index))
    assert stats.code == 0 and "Traceback" not in stats.err


def test_report_on_a_full_disk_is_an_error_and_leaves_no_partial_file(tiny_disk: Path) -> None:
    _fill(tiny_disk)
    report = tiny_disk / "report.json"
    result = newsedit("check", *FAST, "-f", "json", "-o", str(report), str(FIXTURES / "lavrov-north-korea.txt"))
    assert result.code == 2
    assert "newsedit: error:" in result.err and "Traceback" not in result.err
    assert sorted(p.name for p in tiny_disk.iterdir()) == ["filler"]


def test_fix_on_a_full_disk_leaves_the_article_untouched(tiny_disk: Path) -> None:
    article = tiny_disk / "article.txt"
    shutil.copy(FIXTURES / "repeated-headline.txt", article)
    before = article.read_bytes()
    _fill(tiny_disk)
    result = newsedit("fix", "--skip", "grammar", str(article))
    assert result.code == 2
    assert "Traceback" not in result.err
    assert article.read_bytes() == before
    assert sorted(p.name for p in tiny_disk.iterdir()) == ["article.txt", "filler"]


def test_a_full_disk_during_fix_is_named_as_such_not_as_a_crash(tiny_disk: Path) -> None:
    article = tiny_disk / "article.txt"
    shutil.copy(FIXTURES / "repeated-headline.txt", article)
    _fill(tiny_disk)
    result = newsedit("fix", "--skip", "grammar", str(article))
    assert result.code == 2
    assert "internal error" not in result.err
    assert f"{article}: error: cannot write the fix: No space left on device; the file is unchanged" in result.err


def test_fix_in_a_read_only_folder_is_named_as_such_not_as_a_crash(tiny_disk: Path) -> None:
    article = tiny_disk / "article.txt"
    shutil.copy(FIXTURES / "repeated-headline.txt", article)
    subprocess.run(["mount", "-o", "remount,ro", str(tiny_disk)], check=True)
    result = newsedit("fix", "--skip", "grammar", str(article))
    subprocess.run(["mount", "-o", "remount,rw", str(tiny_disk)], check=True)
    assert result.code == 2
    assert "internal error" not in result.err and "Read-only file system" in result.err


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_report_to_a_full_standard_output_is_an_error_not_a_crash() -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "newsedit", "check", *FAST, str(FIXTURES / "clean.txt")],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=300,
        )
    assert done.returncode == 2
    assert done.stderr.strip() == "newsedit: error: cannot write the report to standard output: No space left on device"
