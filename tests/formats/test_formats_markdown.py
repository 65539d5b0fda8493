"""Markdown for a pull-request comment: totals, a table by rule, a collapsible section per article."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from cli_helpers import FAST, newsedit
from golden_report import golden_report, odd_result, sample_result
from newsedit import formats
from newsedit.findings import ArticleResult, InputProblem, RunReport, Severity
from newsedit.formats import RenderOptions

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
    assert re.search(
        r"_\d+ more articles not shown here \(\d+ warnings, \d+ info; their errors are listed above\)", text
    )
    assert "| `grammar/due-of` | error | 600 | 600 |" in text
    shown = len(re.findall(r"^\| `a/\d+\.txt:\d+:\d+` \|", text, re.MULTILINE))
    more = re.search(r"_(\d+) more errors: no comment can hold them all_", text)
    assert more and shown + int(more[1]) == 1200  # errors are cut only where no comment could hold them


def noisy_article(path: str) -> ArticleResult:
    """An article of warnings and info only: long enough that a few hundred overflow a comment."""
    one = sample_result()
    findings = [replace(f, path=path, severity=Severity.WARNING) for f in one.findings for _ in range(3)]
    return ArticleResult(path, one.headline, findings)


def test_a_300_article_batch_shows_every_error_of_the_article_sorted_last() -> None:
    sample = sample_result()
    sample.path = "zz/lavrov-north-korea.txt"
    sample.findings = [replace(f, path=sample.path) for f in sample.findings]
    articles = [noisy_article(f"a/{i:03}.txt") for i in range(299)] + [sample]
    text = formats.render("markdown", RunReport(articles=articles))
    assert len(text) < 65_536
    errors = [f for f in sample.findings if f.severity is Severity.ERROR]
    assert len(errors) == 2
    for f in errors:
        suggestion = "_delete_" if f.replacements == ("",) else f"`{f.replacements[0]}`"
        assert f"| `zz/lavrov-north-korea.txt:{f.line}:{f.column}` | `{f.rule}` |" in text
        assert f"(suggestion: {suggestion})" in text
    assert text.index("### Errors (2)") < text.index("### Articles")
    assert "more articles not shown here (" in text


def test_the_comment_links_the_full_report() -> None:
    text = formats.render("markdown", golden_report(), RenderOptions(report_url="https://ci.example/run/7?a=1 b)"))
    assert "[Full report](https://ci.example/run/7?a=1%20b%29)" in text


def test_handles_in_article_text_ping_no_one() -> None:
    """A bot comment must not notify "@someone" or "@org/team" named in a headline, message or note."""
    odd = odd_result()
    odd.headline = "@octocat and @github/security reply"
    odd.notices.append("ask @maintainer")
    odd.findings = [replace(odd.findings[0], message="cc @someone-else")]
    report = RunReport(articles=[odd], problems=[InputProblem("x.txt", "owned by @root")])
    text = formats.render("markdown", report)
    prose = re.sub(r"`+[^`]*`+|<code>.*?</code>", "", text)  # GitHub mentions no one inside code
    assert not re.search(r"(?<![\w`])@[A-Za-z0-9]", prose), prose
    assert "@\u200doctocat and @\u200dgithub/security reply" in text


def test_on_github_actions_the_comment_links_the_run(sample_path: Path) -> None:
    env = {"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "desk/copy", "GITHUB_RUN_ID": "42"}
    result = newsedit("check", *FAST, "--format", "markdown", str(sample_path), env=env)
    assert "[Full report](https://github.com/desk/copy/actions/runs/42)" in result.out, result.err
    given = newsedit("check", *FAST, "-f", "markdown", "--report-url", "https://ci.example/r.html", str(sample_path))
    assert "[Full report](https://ci.example/r.html)" in given.out
