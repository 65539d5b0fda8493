"""`-j N`: worker processes give the same report as one process, in the same order."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cli_helpers import FAST, newsedit
from newsedit import article, config, runner, workers

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    """Forty articles, two of them the same story (a duplicate across the batch)."""
    folder = tmp_path / "batch"
    folder.mkdir()
    sources = [*sorted(FIXTURES.glob("*.txt")), FIXTURES / "article.md"]
    for i in range(40):
        source = sources[i % len(sources)]
        text = source.read_text("utf-8")
        if i % 5:  # most articles differ, so that the batch is not all duplicates
            text = text.replace("\n\n", f"\n\nStory {i} adds one more line here.\n\n", 1)
        (folder / f"{i:02}{source.suffix}").write_text(text, "utf-8")
    return folder


def test_workers_report_exactly_what_one_process_reports(batch: Path) -> None:
    one = newsedit("check", *FAST, "--no-cache", "-f", "json", str(batch))
    two = newsedit("check", *FAST, "--no-cache", "-f", "json", "-j", "2", str(batch))
    assert two.code == one.code and two.err == one.err
    assert two.json() == one.json()
    rules = {f["rule"] for a in one.json()["articles"] for f in a["findings"]}
    assert {"dupes/batch-headline", "readability/article-grade"} <= rules  # both kinds of check ran


def test_workers_and_the_cache_together(batch: Path, tmp_path: Path) -> None:
    args = ["check", *FAST, "-f", "json", "-j", "2", "--cache-dir", str(tmp_path / "c"), str(batch)]
    first, second = newsedit(*args), newsedit(*args)
    assert first.json() == second.json()


@pytest.mark.parametrize("value", ["0", "-3", "many"])
def test_a_bad_jobs_value_is_a_usage_error(sample_path: Path, value: str) -> None:
    result = newsedit("check", *FAST, "-j", value, str(sample_path))
    assert result.code == 2 and "--jobs: must be a positive number or auto" in result.err


def test_auto_means_one_worker_per_usable_core() -> None:
    assert workers.count("auto") >= 1
    assert workers.count("3") == 3


def test_a_worker_opens_each_check_once_per_settings() -> None:
    text = (FIXTURES / "clean.txt").read_text("utf-8")
    articles = [article.parse(text, f"{i}.txt") for i in range(3)]
    workers._CHECKS.clear()
    first = workers.check("readability", config.Config(), articles)
    second = workers.check("readability", config.Config(), articles[:1])  # equal settings: same check
    stricter = config.Config()
    stricter.readability.max_grade = 2.0
    workers.check("readability", stricter, articles[:1])
    assert len(first) == 3 and second[0].data == first[0].data
    assert sorted(name for name, _ in workers._CHECKS) == ["readability", "readability"]
    workers._STACK.close()
    workers._CHECKS.clear()


def test_what_fits_in_one_chunk_starts_no_workers(sample_path: Path, tmp_path: Path) -> None:
    assert [runner.workers_for(4, n) for n in (1, runner.CHUNK, runner.CHUNK + 1, 10 * runner.CHUNK)] == [1, 1, 2, 4]
    copy = tmp_path / "one.txt"
    shutil.copy(sample_path, copy)
    result = newsedit("check", *FAST, "--no-cache", "-j", "4", "-f", "json", str(copy))
    assert result.code == 0 and result.json()["articles"][0]["findings"]
