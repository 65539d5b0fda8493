"""The results cache: unchanged articles are not checked again, and come back identical."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from cli_helpers import FAST, newsedit
from newsedit import article, cache, checks, config, runner
from newsedit.checks import CheckOutput
from newsedit.findings import RunReport

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CHECK_OBJECTS = ["dupes", "readability"]  # no server or model: fast enough for every run


def _run(paths: list[Path], store: Path, cfg: config.Config | None = None) -> RunReport:
    db = cache.Cache(store)
    try:
        job = runner.Job([str(p) for p in paths], cfg or config.Config(), CHECK_OBJECTS, cache=db)
        return runner.run(job)
    finally:
        db.close()


def _findings(report: RunReport) -> list[tuple[dict[str, Any], str]]:
    """Every finding as JSON plus the source line the text output shows under it."""
    return [(f.to_dict(), f.source) for f in report.findings()]


def _tamper(store: Path) -> None:
    """Mark every stored readability message, so that a result read from the cache shows it."""
    with sqlite3.connect(store) as db:
        db.execute("UPDATE outputs SET value = replace(value, 'reads at grade', 'CACHED reads at grade')")


def _cached(report: RunReport) -> bool:
    return any("CACHED" in f.message for f in report.findings())


@pytest.fixture
def batch(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "news"
    folder.mkdir()
    for name in ["lavrov-north-korea.txt", "boilerplate.txt", "long-sentence.txt", "article.md"]:
        shutil.copy(FIXTURES / name, folder / name)
    return sorted(folder.iterdir())


def test_a_second_run_comes_from_the_cache_identical(batch: list[Path], tmp_path: Path) -> None:
    store = tmp_path / "cache.sqlite3"
    first = _run(batch, store)
    second = _run(batch, store)
    assert _findings(second) == _findings(first) and _findings(first)
    assert [a.data for a in second.articles] == [a.data for a in first.articles]
    _tamper(store)
    assert _cached(_run(batch, store))


def test_a_copy_under_another_name_hits_and_gets_its_own_path(batch: list[Path], tmp_path: Path) -> None:
    store = tmp_path / "cache.sqlite3"
    sample = next(p for p in batch if p.name == "lavrov-north-korea.txt")
    first = _run([sample], store)
    _tamper(store)
    copy = tmp_path / "elsewhere" / "renamed.txt"
    copy.parent.mkdir()
    shutil.copy(sample, copy)
    again = _run([copy], store)
    assert _cached(again)
    assert {f.path for f in again.findings()} == {str(copy)}
    untampered = [(f.rule, f.line, f.column, f.text) for f in again.findings()]
    assert untampered == [(f.rule, f.line, f.column, f.text) for f in first.findings()]


def test_changed_text_or_config_misses(batch: list[Path], tmp_path: Path) -> None:
    store = tmp_path / "cache.sqlite3"
    _run(batch, store)
    _tamper(store)
    stricter = config.Config()
    stricter.readability.max_grade = 5.0
    assert not _cached(_run(batch, store, stricter))
    batch[0].write_text(batch[0].read_text("utf-8") + "\nOne more sentence for the end.\n", "utf-8")
    report = _run([batch[0]], store)
    assert not _cached(report)


def test_rule_selection_and_severity_apply_to_cached_findings(batch: list[Path], tmp_path: Path) -> None:
    store = tmp_path / "cache.sqlite3"
    _run(batch, store)
    _tamper(store)
    cfg = config.Config(severity={"readability": "error"}, ignore=["dupes", "readability/long-sentence"])
    report = _run(batch, store, cfg)
    assert _cached(report)  # selection and severity apply after the cache: no need to check again
    assert {str(f.severity) for f in report.findings()} == {"error"}
    assert not {"dupes", "readability/long-sentence"} & {r for f in report.findings() for r in (f.check, f.rule)}


def test_cross_article_duplicates_are_found_on_cached_runs(tmp_path: Path) -> None:
    for name in ["a.txt", "b.txt"]:
        shutil.copy(FIXTURES / "clean.txt", tmp_path / name)
    store = tmp_path / "cache.sqlite3"
    paths = [tmp_path / "a.txt", tmp_path / "b.txt"]
    for _ in range(2):
        rules = {(Path(f.path).name, f.rule) for f in _run(paths, store).findings()}
        assert {("a.txt", "dupes/batch-headline"), ("b.txt", "dupes/batch-headline")} <= rules


def test_the_key_covers_check_versions_and_fingerprints(monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = config.Config()
    token = cache.check_token("readability", cfg)
    monkeypatch.setattr(checks.module("readability"), "VERSION", "another", raising=False)
    assert cache.check_token("readability", cfg) != token
    served = config.Config()
    served.grammar.lt_url = "http://127.0.0.1:8010"
    assert cache.check_token("grammar", served) != cache.check_token("grammar", cfg)


def test_the_key_ignores_where_the_config_file_is(tmp_path: Path) -> None:
    for folder in ["one", "two"]:
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "newsedit.toml").write_text("[readability]\nmax-grade = 8\n", "utf-8")
    one, two = (config.load(tmp_path / f / "newsedit.toml") for f in ["one", "two"])
    assert cache.check_token("readability", one) == cache.check_token("readability", two)


def test_outputs_that_would_not_come_back_identical_are_not_stored() -> None:
    text = (FIXTURES / "clean.txt").read_text("utf-8")
    parsed = article.parse(text, "clean.txt")
    good = parsed.finding(0, 4, "dupes/x", "m")
    assert cache.encode(CheckOutput([good], {"n": 1}), parsed) is not None
    assert cache.encode(CheckOutput(error="server timed out"), parsed) is None  # retried next time
    moved = good.__class__(**{**good.__dict__, "line": 3})  # built by hand, not by article.finding
    assert cache.encode(CheckOutput([moved]), parsed) is None


def test_the_store_is_json_in_a_wal_database(batch: list[Path], tmp_path: Path) -> None:
    store = tmp_path / "cache.sqlite3"
    _run(batch, store)
    with sqlite3.connect(store) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        values = [row[0] for row in db.execute("SELECT value FROM outputs")]
    assert values and all(isinstance(json.loads(v), dict) for v in values)


def test_cli_no_cache_checks_again(tmp_path: Path, sample_path: Path) -> None:
    where = tmp_path / "c"
    args = ["check", *FAST, "-f", "json", "--cache-dir", str(where), str(sample_path)]
    first = newsedit(*args).json()
    _tamper(where / cache.FILENAME)
    messages = [f["message"] for f in newsedit(*args).json()["articles"][0]["findings"]]
    assert any("CACHED" in m for m in messages)
    fresh = newsedit(*args, "--no-cache").json()
    assert fresh["articles"] == first["articles"]


def test_cache_info_and_clear(tmp_path: Path, sample_path: Path) -> None:
    where = tmp_path / "c"
    assert "No results cache" in newsedit("cache", "info", "--cache-dir", str(where)).out
    args = ["check", *FAST, "-f", "json", "--cache-dir", str(where), str(sample_path)]
    first = newsedit(*args).json()
    _tamper(where / cache.FILENAME)
    stored = 2  # one article, two checks: FAST skips grammar and summary
    assert f"{stored} cached results" in newsedit("cache", "info", "--cache-dir", str(where)).out
    cleared = newsedit("cache", "clear", "--cache-dir", str(where))
    assert cleared.code == 0 and f"Removed {stored} cached results" in cleared.out
    assert "0 cached results" in newsedit("cache", "info", "--cache-dir", str(where)).out
    again = newsedit(*args).json()  # checked again: the tampered entries are gone
    assert again["articles"] == first["articles"]


def test_cache_clear_on_a_cache_it_cannot_open_is_an_error(tmp_path: Path) -> None:
    where = tmp_path / "c"
    (where / cache.FILENAME).mkdir(parents=True)  # a folder where the database should be
    done = newsedit("cache", "clear", "--cache-dir", str(where))
    assert done.code == 2 and "cannot use" in done.err


def test_cli_goes_on_without_a_cache_it_cannot_open(tmp_path: Path, sample_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", "utf-8")
    result = newsedit("check", *FAST, "-f", "json", "--cache-dir", str(blocker), str(sample_path))
    assert result.code == 0
    assert "warning: cache disabled" in result.err
    assert result.json()["articles"][0]["findings"]


def test_runs_at_the_same_time_share_one_cache(tmp_path: Path) -> None:
    where = tmp_path / "c"
    names = ["lavrov-north-korea.txt", "boilerplate.txt", "long-sentence.txt", "clean.txt", "grammar.txt"]
    command = [sys.executable, "-m", "newsedit", "check", *FAST, "--cache-dir", str(where)]
    counts = []
    for _ in range(2):  # the second round finds everything the first stored
        runs = [
            subprocess.Popen([*command, str(FIXTURES / n)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            for n in names
        ]
        for run in runs:
            _, err = run.communicate(timeout=300)
            assert run.returncode in (0, 1) and b"warning" not in err, err
        counts.append(cache.Cache(where / cache.FILENAME).count())
    assert counts[0] >= len(names) and counts[1] == counts[0]
