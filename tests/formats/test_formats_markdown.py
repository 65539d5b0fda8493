"""Markdown for a pull-request comment: totals, a table by rule, a collapsible section per article."""

from __future__ import annotations

import re
from dataclasses import replace

from golden_report import golden_report, sample_result
from newsedit import formats
from newsedit.findings import ArticleResult, RunReport

_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def table_rows(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("|")]


def test_totals_and_the_rule_table() -> None:
    text = formats.render("markdown", golden_report())
    assert "**3 articles checked**: 7 findings (2 errors, 3 warnings, 2 info); 2 could not be checked." in text
    assert "| `grammar/due-of` | error | 1 | 1 |" in text
    assert "- `articles/missing.txt`: no such file or directory" in text
    assert "1 article had no findings." in text


def test_every_table_row_has_as_many_cells_as_its_header() -> None:
    text = formats.render("markdown", golden_report())
    widths = {len(_UNESCAPED_PIPE.findall(row)) for row in table_rows(text) if row.startswith("| Rule")}
    assert widths == {5}
    for row in table_rows(text):
        assert len(_UNESCAPED_PIPE.findall(row)) in (5, 6), row


def test_article_text_cannot_inject_markup() -> None:
    text = formats.render("markdown", golden_report())
    prose = re.sub(r"`+[^`]*`+", "", text)  # code spans show text literally
    assert "<b>" not in prose and "\\<b\\>" in prose
    assert "<summary><code>articles/odd, name: 100%.md</code>: 1 warning, 1 info</summary>" in text
    assert "\f" not in text


def test_sections_are_collapsed_in_a_batch_and_open_for_one_article() -> None:
    batch = formats.render("markdown", golden_report())
    assert batch.count("<details>") == 2 and "<details open>" not in batch
    single = formats.render("markdown", RunReport(articles=[sample_result()]))
    assert single.count("<details open>") == 1
    assert "grade 11.84" in single


def test_a_clean_run_says_so_in_one_line() -> None:
    text = formats.render("markdown", RunReport(articles=[ArticleResult("a.txt", None), ArticleResult("b.txt", None)]))
    assert text == "## newsedit report\n\n**2 articles checked**: no findings.\n"


def test_a_huge_batch_stays_inside_a_comment() -> None:
    one = sample_result()
    paths = [f"a/{i:04}.txt" for i in range(600)]
    articles = [ArticleResult(p, one.headline, [replace(f, path=p) for f in one.findings]) for p in paths]
    text = formats.render("markdown", RunReport(articles=articles))
    assert len(text) < 65_536
    assert re.search(r"_\d+ more articles not shown: see the full report\._", text)
    assert "| `grammar/due-of` | error | 600 | 600 |" in text
