"""The archive index: transactional adds, no-op re-adds, lookups from `newsedit check`, the CLI."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from cli_helpers import newsedit
from newsedit import article as article_model
from newsedit.archive import Archive, archive_rows
from newsedit.checks import dupes
from newsedit.checks.dupes import fingerprints
from newsedit.config import Config, DupesConfig
from newsedit.errors import ConfigError

BODY = (
    "The harbour bridge reopened to traffic on Friday after six months of repairs that cost the city "
    "more than twelve million pounds, officials said at a ceremony attended by the mayor and crowds.\n\n"
    "Engineers replaced the suspension cables and repainted the steel frame, which had begun to rust "
    "after years of salt spray and heavy lorry traffic crossing the estuary every single day.\n"
)


def _write(folder: Path, name: str, headline: str, body: str = BODY) -> Path:
    path = folder / name
    path.write_text(f"{headline}\n\n{body}", "utf-8")
    return path


def _articles(n: int, folder: Path) -> list[article_model.Article]:
    paths = [
        _write(folder, f"{i:03}.txt", f"Story number {i} about topic {i * 7}", f"Body {i} " * 40) for i in range(n)
    ]
    return [article_model.parse(p.read_text("utf-8"), str(p)) for p in paths]


def _count(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])


def test_add_then_readd_is_a_no_op(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite"
    articles = _articles(5, tmp_path)
    entries = archive_rows(articles, [dt.date(2024, 5, 1)] * 5)
    with Archive.open(db, create=True, schemes=fingerprints.describe()) as archive:
        assert [added for _, added in archive.add(entries, per_transaction=2)] == [True] * 5
        assert [added for _, added in archive.add(entries, per_transaction=2)] == [False] * 5
        stats = archive.stats()
    assert (stats.articles, stats.first, stats.last) == (5, "2024-05-01", "2024-05-01")


def test_a_crash_halfway_keeps_every_committed_chunk(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite"
    _articles(12, tmp_path)
    # A process that dies hard (no cleanup, no rollback) while adding its third chunk.
    script = textwrap.dedent(
        f"""
        import datetime as dt, os
        from pathlib import Path
        from newsedit import article
        from newsedit.archive import Archive, archive_rows
        from newsedit.checks.dupes import fingerprints

        files = sorted(Path({str(tmp_path)!r}).glob("*.txt"))
        arts = [article.parse(f.read_text("utf-8"), str(f)) for f in files]
        entries = archive_rows(arts, [dt.date(2024, 1, 2)] * len(arts))

        def feed():
            for i, entry in enumerate(entries):
                if i == 11:
                    os._exit(3)
                yield entry

        archive = Archive.open(Path({str(db)!r}), create=True, schemes=fingerprints.describe())
        for _ in archive.add(feed(), per_transaction=5):
            pass
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=120)
    assert proc.returncode == 3, proc.stderr.decode()
    assert _count(db) == 10  # two whole chunks; the third never committed
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT COUNT(DISTINCT article) FROM headline_bands").fetchone()[0] == 10
    arts = [article_model.parse(f.read_text("utf-8"), str(f)) for f in sorted(tmp_path.glob("*.txt"))]
    with Archive.open(db, schemes=fingerprints.describe()) as archive:
        added = [ok for _, ok in archive.add(archive_rows(arts, [dt.date(2024, 1, 2)] * 12))]
    assert added == [False] * 10 + [True] * 2


def test_an_archive_of_other_signatures_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite"
    Archive.open(db, create=True, schemes={"headline_scheme": "something else"}).close()
    with pytest.raises(ConfigError, match="rebuild it"):
        Archive.open(db, schemes=fingerprints.describe())


def test_missing_archive_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="newsedit index add"):
        Archive.open(tmp_path / "none.sqlite")


def _check_against(db: Path, path: Path) -> list[tuple[str, str]]:
    check = dupes.create(Config(dupes=DupesConfig(index=str(db))))
    try:
        found = check.check(article_model.parse(path.read_text("utf-8"), str(path))).findings
    finally:
        check.close()
    return [(f.rule, f.message) for f in found if f.rule.startswith("dupes/archived")]


def test_check_flags_archived_headline_and_body_with_path_and_date(tmp_path: Path) -> None:
    published, new = tmp_path / "published", tmp_path / "new"
    published.mkdir()
    new.mkdir()
    old = _write(published, "bridge.txt", "Harbour bridge reopens after repairs")
    db = tmp_path / "a.sqlite"
    entries = archive_rows([article_model.parse(old.read_text("utf-8"), str(old))], [dt.date(2023, 11, 5)])
    with Archive.open(db, create=True, schemes=fingerprints.describe()) as archive:
        list(archive.add(entries))
    same = _write(new, "same.txt", "Harbour Bridge re-opens after repairs")
    found = dict(_check_against(db, same))
    assert "bridge.txt on 2023-11-05" in found["dupes/archived-headline"]
    assert "nearly published before" in found["dupes/archived-headline"]
    assert "similarity 1.00" in found["dupes/archived-body"] and "2023-11-05" in found["dupes/archived-body"]
    other = _write(new, "other.txt", "Council approves new budget", "The council approved its budget. " * 20)
    assert _check_against(db, other) == []
    assert _check_against(db, old) == []  # the archived file itself is not its own duplicate


def test_cli_index_add_list_stats(tmp_path: Path) -> None:
    (tmp_path / "newsedit.toml").write_text("[dupes]\nindex = 'archive.sqlite'\n", "utf-8")
    folder = tmp_path / "published"
    folder.mkdir()
    _write(folder, "a.txt", "Harbour bridge reopens after repairs")
    _write(folder, "b.txt", "Council approves new budget", "The council approved its budget. " * 20)
    first = newsedit("index", "add", "published", "--date", "2024-05-01", cwd=tmp_path)
    assert first.code == 0 and "2 added, 0 already there" in first.out
    again = newsedit("index", "add", "published", cwd=tmp_path)
    assert again.code == 0 and "0 added, 2 already there" in again.out
    assert (tmp_path / "archive.sqlite").is_file()
    listing = newsedit("index", "list", cwd=tmp_path)
    assert "2024-05-01  Harbour bridge reopens after repairs" in listing.out
    stats = newsedit("index", "stats", cwd=tmp_path)
    assert "articles: 2" in stats.out and "2024-05-01 to 2024-05-01" in stats.out
    assert newsedit("index", "add", "published", "--date", "May 1st", cwd=tmp_path).code == 2


def test_cli_index_add_dates_by_mtime_and_counts_unreadable(tmp_path: Path) -> None:
    _write(tmp_path, "a.txt", "Harbour bridge reopens after repairs")
    (tmp_path / "empty.txt").write_text("", "utf-8")
    result = newsedit("index", "add", str(tmp_path), "--index", str(tmp_path / "x.sqlite"), cwd=tmp_path)
    assert result.code == 2 and "1 added" in result.out and "1 could not be read" in result.out
    assert (
        f"{dt.date.today().isoformat()}  Harbour bridge"
        in newsedit("index", "list", "--index", str(tmp_path / "x.sqlite"), cwd=tmp_path).out
    )


def test_cli_check_names_the_earlier_article(tmp_path: Path) -> None:
    (tmp_path / "newsedit.toml").write_text("", "utf-8")
    (tmp_path / "published").mkdir()
    (tmp_path / "drafts").mkdir()
    _write(tmp_path / "published", "bridge.txt", "Harbour bridge reopens after repairs")
    assert newsedit("index", "add", "published", "--date", "2024-05-01", cwd=tmp_path).code == 0
    _write(tmp_path / "drafts", "again.txt", "Harbour bridge reopens after repairs")
    result = newsedit("dupes", "drafts", "--format", "json", cwd=tmp_path)
    assert result.code == 1  # a body already published is an error
    found = {f["rule"]: f["message"] for a in result.json()["articles"] for f in a["findings"]}
    assert found["dupes/archived-headline"].endswith("in published/bridge.txt on 2024-05-01")
    assert "published/bridge.txt on 2024-05-01" in found["dupes/archived-body"]


def test_cached_results_follow_the_archive_and_the_batch(tmp_path: Path) -> None:
    (tmp_path / "newsedit.toml").write_text("", "utf-8")
    (tmp_path / "drafts").mkdir()
    _write(tmp_path / "drafts", "a.txt", "Harbour bridge reopens after repairs")
    _write(tmp_path / "drafts", "b.txt", "Harbour bridge reopens after repairs")
    env = {"NEWSEDIT_CACHE_DIR": str(tmp_path / "cache")}

    def rules() -> set[tuple[str, str]]:
        report = newsedit("dupes", "drafts", "--format", "json", cwd=tmp_path, env=env).json()
        return {(a["path"], f["rule"]) for a in report["articles"] for f in a["findings"]}

    batch = {(f"drafts/{n}", f"dupes/batch-{what}") for n in ("a.txt", "b.txt") for what in ("headline", "body")}
    assert rules() == batch
    assert rules() == batch  # from the cache: the check still sees both articles
    (tmp_path / "published").mkdir()
    _write(tmp_path / "published", "old.txt", "Harbour bridge reopens after repairs")
    assert newsedit("index", "add", "published", cwd=tmp_path).code == 0
    archived = {(f"drafts/{n}", f"dupes/archived-{what}") for n in ("a.txt", "b.txt") for what in ("headline", "body")}
    assert rules() == batch | archived  # the archive changed, so the cached outputs did not count


def test_rows_in_asks_past_one_batch_and_each_value_once() -> None:
    from newsedit.archive.store import IN_BATCH, rows_in

    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (n INTEGER, tag TEXT)")
    conn.executemany("INSERT INTO t VALUES (?, ?)", [(n, "a" if n % 2 else "b") for n in range(3 * IN_BATCH)])
    wanted = [*range(0, 3 * IN_BATCH, 3), 0, 3]  # more than one batch, and repeats
    found = [n for (n,) in rows_in(conn, "SELECT n FROM t WHERE n IN ({marks}) AND tag = ?", wanted, "a")]
    assert sorted(found) == [n for n in range(0, 3 * IN_BATCH, 3) if n % 2]
