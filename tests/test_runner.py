"""The runner: every input checked in path order, bad inputs reported beside the rest, only wanted checks run."""

from __future__ import annotations

from pathlib import Path

from newsedit import config, runner

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
FAST = ["dupes", "readability"]


def test_every_article_is_reported_in_path_order_and_a_missing_one_is_a_problem(tmp_path: Path) -> None:
    paths = [str(FIXTURES / "long-sentence.txt"), str(tmp_path / "missing.txt"), str(FIXTURES / "clean.txt")]
    report = runner.run(runner.Job(paths, config.Config(), FAST))
    try:
        assert [a.path for a in report.articles] == sorted([paths[0], paths[2]])
        assert [p.path for p in report.problems] == [paths[1]]
        assert report.engines == FAST
        long_one = next(a for a in report.articles if a.path.endswith("long-sentence.txt"))
        assert "readability/long-sentence" in {f.rule for f in long_one.findings}
    finally:
        report.close()


def test_a_check_with_no_selected_rule_is_not_run() -> None:
    cfg = config.Config(select=["readability"])
    assert runner.wanted_engines(FAST, cfg) == ["readability"]
    report = runner.run(runner.Job([str(FIXTURES / "clean.txt")], cfg, FAST))
    try:
        assert report.engines == ["readability"]
        (article,) = report.articles
        assert set(article.data) == {"readability"}
    finally:
        report.close()


def test_workers_are_started_only_for_more_than_one_chunk() -> None:
    assert runner.workers_for(8, 1) == 1
    assert runner.workers_for(8, runner.CHUNK * 3) == 3
    assert runner.workers_for(2, runner.CHUNK * 3) == 2
