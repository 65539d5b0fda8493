"""Cached article text stays private: the cache folder is 0700 and its files 0600, whatever the umask."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from cli_helpers import FAST, newsedit
from newsedit import paths
from newsedit.checks.summary import SummaryCache

CLEAN = (Path(__file__).resolve().parents[2] / "fixtures" / "clean.txt").read_text("utf-8")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def open_umask() -> Iterator[None]:
    """The usual umask, under which files are 0644 unless newsedit says otherwise."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_the_results_cache_is_private(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(CLEAN, "utf-8")
    cache = tmp_path / "cache"
    result = newsedit("check", *FAST, str(article), env={paths.CACHE_ENV: str(cache)})
    assert result.code == 0, result.err
    assert _mode(cache) == 0o700
    files = sorted(cache.glob("results.sqlite3*"))
    assert files and {f.name: _mode(f) for f in files} == {f.name: 0o600 for f in files}


def test_an_existing_open_cache_folder_is_made_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "old-cache"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    monkeypatch.setenv(paths.CACHE_ENV, str(folder))
    assert paths.cache_dir() == folder and _mode(folder) == 0o700


def test_cached_summaries_are_private(tmp_path: Path) -> None:
    cache = SummaryCache(tmp_path / "summaries")
    cache.put("abcdef", {"summary": "The council approved the routes."})
    stored = tmp_path / "summaries" / "ab" / "abcdef.json"
    assert _mode(stored) == 0o600
    assert _mode(stored.parent) == 0o700 and _mode(tmp_path / "summaries") == 0o700


@pytest.mark.slow
def test_the_languagetool_state_and_log_are_private(lt_cache: Path) -> None:
    from newsedit.backends import languagetool

    languagetool.ensure_server(idle_minutes=30)  # the session's server, recorded again
    assert _mode(lt_cache / "languagetool-server.json") == 0o600
    assert _mode(languagetool.log_file()) == 0o600


def test_a_shared_folder_named_as_the_cache_keeps_its_mode(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o1777)  # /tmp-like: everyone's; locking it to 0700 would shut the others out
    article = tmp_path / "a.txt"
    article.write_text(CLEAN, "utf-8")
    for args in (["cache", "info"], ["check", *FAST, str(article)]):
        result = newsedit(*args, env={paths.CACHE_ENV: str(shared)})
        assert result.code == 0, result.err
        assert _mode(shared) == 0o1777
    files = sorted(shared.glob("results.sqlite3*"))
    assert files and all(_mode(f) == 0o600 for f in files)  # what newsedit writes there stays private
