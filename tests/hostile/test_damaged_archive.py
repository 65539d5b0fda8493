"""A damaged archive costs the articles compared with it, never the run, and is never added to or
read as if it were whole."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from cli_helpers import FAST, newsedit
from newsedit import archive as archive_mod
from newsedit.errors import BackendError

CLEAN = (Path(__file__).resolve().parents[2] / "fixtures" / "clean.txt").read_text("utf-8")


@pytest.fixture
def damaged(tmp_path: Path) -> Path:
    """An archive of 300 articles with pages in the middle overwritten (a bad disk, a cut copy)."""
    published = tmp_path / "published"
    published.mkdir()
    for i in range(300):
        text = CLEAN.replace("bus routes", f"bus routes {i}").replace("council", f"council of ward {i}")
        (published / f"{i:03}.txt").write_text(text * 2, "utf-8")
    index = tmp_path / "archive.db"
    assert newsedit("index", "add", str(published), "--index", str(index)).code == 0
    with sqlite3.connect(index) as conn:
        roots = [row[0] for row in conn.execute("SELECT rootpage FROM sqlite_master WHERE rootpage > 1")]
        page = int(conn.execute("PRAGMA page_size").fetchone()[0])
    data = bytearray(index.read_bytes())
    for number in roots:  # every table's and index's first page
        at = (number - 1) * page
        data[at : at + page] = b"\xa5" * page
    index.write_bytes(bytes(data))
    return index


def test_a_check_against_a_damaged_archive_reports_every_article(tmp_path: Path, damaged: Path) -> None:
    (tmp_path / "newsedit.toml").write_text(f'[dupes]\nindex = "{damaged.name}"\n', "utf-8")
    (tmp_path / "a.txt").write_text(CLEAN, "utf-8")
    (tmp_path / "b.txt").write_text(CLEAN.replace("bus", "tram"), "utf-8")
    result = newsedit("check", *FAST, "-f", "json", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"))
    assert result.code == 2, result.err
    assert "internal error" not in result.err
    report = result.json()
    assert len(report["articles"]) == 2
    assert all("is damaged" in " ".join(a.get("errors", [])) for a in report["articles"]), report["articles"]


def test_index_add_refuses_a_damaged_archive(tmp_path: Path, damaged: Path) -> None:
    (tmp_path / "new.txt").write_text(CLEAN.replace("bus", "ferry"), "utf-8")
    result = newsedit("index", "add", str(tmp_path / "new.txt"), "--index", str(damaged))
    assert result.code == 2
    assert "the archive is damaged" in result.err and "already there" not in result.out


def test_a_damaged_vocabulary_is_an_error_not_an_empty_table(damaged: Path) -> None:
    with pytest.raises(BackendError, match="is damaged"):
        archive_mod.house_words(damaged, ["Council", "March"], 1)


def test_an_archive_from_before_the_vocabulary_still_reads_as_empty(tmp_path: Path) -> None:
    old = tmp_path / "old.db"
    sqlite3.connect(old).execute("CREATE TABLE articles (id INTEGER)").connection.close()
    assert archive_mod.house_words(old, ["council"], 1) == set()
    assert archive_mod.majority_variant(old) is None
