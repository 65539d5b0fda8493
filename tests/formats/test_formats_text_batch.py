"""The closing table of a batch in text output: files, findings by rule, the hardest articles to read."""

from __future__ import annotations

from dataclasses import replace

from golden_report import golden_report, sample_result
from newsedit import formats
from newsedit.findings import ArticleResult, RunReport
from newsedit.formats import RenderOptions
from newsedit.formats.common import readability_grade

TERMINAL = RenderOptions(show_source=True)


def test_a_batch_on_a_terminal_closes_with_the_table() -> None:
    text = formats.render("text", golden_report(), TERMINAL)
    table = text[text.index("Files checked:") :].splitlines()
    assert table[0] == "Files checked: 3, 1 could not be read"
    assert table[1] == "Findings by rule:"
    assert table[2:9] == [f"       1  {rule}" for rule in sorted(f.rule for f in golden_report().findings())]
    assert table[9:12] == [
        "Hardest to read (Flesch-Kincaid grade):",
        "    11.8  articles/lavrov-north-korea.txt",
        "     6.2  articles/clean.txt",
    ]
    assert table[12].startswith("Found 7 findings")


def test_no_table_in_pipes_or_for_one_article() -> None:
    assert "Files checked:" not in formats.render("text", golden_report(), RenderOptions())
    assert "Files checked:" not in formats.render("text", RunReport(articles=[sample_result()]), TERMINAL)


def test_rules_beyond_the_top_ten_are_summed_and_the_worst_grades_come_first() -> None:
    one = sample_result()
    spelling = next(f for f in one.findings if f.rule.startswith("grammar/lt-"))
    findings = [replace(spelling, rule=f"grammar/rule-{i:02}") for i in range(12) for _ in range(i + 1)]
    articles = [
        ArticleResult(f"a{i}.txt", None, findings if i == 0 else [], {"readability": {"flesch_kincaid_grade": g}})
        for i, g in enumerate([3.0, 14.25, 9.0, 12.0, 7.5, 16.0, 11.0])
    ]
    text = formats.render("text", RunReport(articles=articles), TERMINAL)
    table = text[text.index("Findings by rule:") :].splitlines()
    assert table[1] == "      12  grammar/rule-11"
    assert table[10] == "       3  grammar/rule-02"
    assert table[11] == "       3  (2 more rules)"
    assert [line.split()[0] for line in table[13:18]] == ["16.0", "14.2", "12.0", "11.0", "9.0"]


def test_the_grade_is_found_at_the_top_or_one_level_down_and_skipped_otherwise() -> None:
    assert readability_grade({"readability": {"flesch_kincaid_grade": 8}}) == 8.0
    assert readability_grade({"readability": {"article": {"flesch_kincaid_grade": 9.5}, "paragraphs": []}}) == 9.5
    assert readability_grade({"readability": {"article": {"flesch_kincaid_grade": None}}}) is None
    assert readability_grade({"readability": {"flesch_reading_ease": 60.0}}) is None
    assert readability_grade({"summary": {"text": "..."}}) is None
