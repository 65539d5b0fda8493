"""The runner: every input checked in path order, bad inputs reported beside the rest, only wanted checks run."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

import pytest

from newsedit import config, runner
from newsedit.article import Article
from newsedit.checks import CheckOutput
from newsedit.formats import json as json_format

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
FAST = ["dupes", "readability"]


def test_every_article_is_reported_in_path_order_and_a_missing_one_is_a_problem(tmp_path: Path) -> None:
    paths = [str(FIXTURES / "long-sentence.txt"), str(tmp_path / "missing.txt"), str(FIXTURES / "clean.txt")]
    report = runner.run(runner.Job(paths, config.Config(), FAST))
    try:
        assert [a.path for a in report.articles] == sorted([paths[0], paths[2]])
        assert [p.path for p in report.problems] == [paths[1]]
        assert report.checks == FAST
        long_one = next(a for a in report.articles if a.path.endswith("long-sentence.txt"))
        assert "readability/long-sentence" in {f.rule for f in long_one.findings}
    finally:
        report.close()


def test_a_check_with_no_selected_rule_is_not_run() -> None:
    cfg = config.Config(select=["readability"])
    assert runner.wanted_checks(FAST, cfg) == ["readability"]
    report = runner.run(runner.Job([str(FIXTURES / "clean.txt")], cfg, FAST))
    try:
        assert report.checks == ["readability"]
        (article,) = report.articles
        assert set(article.data) == {"readability"}
    finally:
        report.close()


def test_workers_are_started_only_for_more_than_one_chunk() -> None:
    assert runner.workers_for(8, 1) == 1
    assert runner.workers_for(8, runner.CHUNK * 3) == 3
    assert runner.workers_for(2, runner.CHUNK * 3) == 2


@pytest.mark.slow
def test_grammar_waits_on_its_server_beside_the_next_chunks_other_checks(
    lt_cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With no worker processes, grammar's first chunk is still with LanguageTool when readability
    reads the second chunk; the report is the same, in the same order, as a check at a time."""
    from newsedit.checks.grammar import GrammarCheck
    from newsedit.checks.readability import ReadabilityCheck

    text = (FIXTURES / "lavrov-north-korea.txt").read_text("utf-8")
    for i in range(runner.CHUNK + 1):
        (tmp_path / f"a{i:02}.txt").write_text(text, "utf-8")
    second_chunk_read = threading.Event()
    grammar_threads: set[str] = set()
    readability_calls: list[int] = []
    real_grammar, real_readability = GrammarCheck.check_many, ReadabilityCheck.check

    def grammar(self: GrammarCheck, articles: Sequence[Article]) -> list[CheckOutput]:
        thread = threading.current_thread().name
        grammar_threads.add(thread)
        if thread != "MainThread":  # the first chunk holds until readability has read the second
            assert second_chunk_read.wait(timeout=30), "the second chunk was not read while grammar checked the first"
        return real_grammar(self, articles)

    def readability(self: ReadabilityCheck, article: Article) -> CheckOutput:
        readability_calls.append(1)
        if len(readability_calls) > runner.CHUNK:
            second_chunk_read.set()
        return real_readability(self, article)

    monkeypatch.setattr(GrammarCheck, "check_many", grammar)
    monkeypatch.setattr(ReadabilityCheck, "check", readability)
    job = runner.Job([str(tmp_path)], config.Config(), ["grammar", "readability"])
    overlapped = runner.run(job)
    monkeypatch.setattr(GrammarCheck, "waits_on_server", False)
    in_turn = runner.run(job)
    try:
        assert second_chunk_read.is_set()
        assert grammar_threads == {"MainThread", "newsedit-check_0"}
        assert json_format.to_dict(overlapped) == json_format.to_dict(in_turn)
        assert [a.path for a in overlapped.articles] == sorted(str(p) for p in tmp_path.iterdir())
        assert all(a.data["grammar"]["checked"] for a in overlapped.articles)
    finally:
        overlapped.close()
        in_turn.close()
