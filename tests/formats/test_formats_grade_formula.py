"""The formats show each article's grade by the formula its config names, not Flesch-Kincaid always."""

from __future__ import annotations

from newsedit import formats
from newsedit.findings import ArticleResult, RunReport
from newsedit.formats import RenderOptions
from newsedit.formats.common import readability_grade


def _scored(path: str, formula: str) -> ArticleResult:
    scores = {"flesch_kincaid_grade": 9.0, "gunning_fog": 13.5}
    return ArticleResult(path, None, [], {"readability": {"grade_formula": formula, "article": scores}})


def test_the_grade_is_the_one_the_config_names() -> None:
    assert readability_grade(_scored("a.txt", "gunning_fog").data) == 13.5
    assert readability_grade(_scored("a.txt", "flesch_kincaid_grade").data) == 9.0


def test_the_batch_table_names_the_formula_of_its_grades() -> None:
    report = RunReport(articles=[_scored("a.txt", "gunning_fog"), _scored("b.txt", "gunning_fog")])
    text = formats.render("text", report, RenderOptions(show_source=True))
    assert "Hardest to read (Gunning fog grade):" in text and "13.5  a.txt" in text
    mixed = RunReport(articles=[_scored("a.txt", "gunning_fog"), _scored("b.txt", "flesch_kincaid_grade")])
    text = formats.render("text", mixed, RenderOptions(show_source=True))
    assert "Hardest to read (grade by each folder's formula: Flesch-Kincaid, Gunning fog):" in text
