"""GitHub Actions annotations: one workflow command per finding, escaped the way the runner decodes them."""

from __future__ import annotations

import re
from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from golden_report import golden_report, sample_result
from newsedit import formats
from newsedit.findings import ArticleResult, RunReport, Severity
from newsedit.formats import RenderOptions, github

_COMMAND = re.compile(r"::(?P<name>\w+)(?: (?P<props>[^:]*))?::(?P<message>.*)")


def unescape(text: str) -> str:
    """What the Actions runner does to a command's message and properties."""
    for escaped, raw in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(escaped, raw)
    return text


def decode(line: str) -> tuple[str, dict[str, str], str]:
    """One workflow command line: its name, its properties and its message, unescaped."""
    match = _COMMAND.fullmatch(line)
    assert match, line
    props = dict(p.split("=", 1) for p in (match["props"] or "").split(",") if p)
    return match["name"], {k: unescape(v) for k, v in props.items()}, unescape(match["message"])


def test_each_finding_is_one_annotation_with_its_place_and_rule() -> None:
    lines = formats.render("github", golden_report()).split("\n")[:-1]
    commands = [decode(line) for line in lines]
    due = next(c for c in commands if c[1].get("title") == "newsedit (grammar/due-of)")
    assert due == (
        "error",
        {
            "file": "articles/lavrov-north-korea.txt",
            "line": "53",
            "col": "1",
            "endLine": "53",
            "endColumn": "7",
            "title": "newsedit (grammar/due-of)",
        },
        "Use \"due to\". (suggestion: 'Due to')",
    )
    names = {c[1]["title"]: c[0] for c in commands if c[1]["title"].startswith("newsedit (")}
    assert names["newsedit (readability/long-sentence)"] == "notice"
    assert names["newsedit (grammar/lt-MORFOLOGIK_RULE_EN_US)"] == "warning"
    assert len(names) == 7


def test_an_odd_file_name_and_a_multi_line_message_survive_the_round_trip() -> None:
    commands = [decode(line) for line in formats.render("github", golden_report()).split("\n")[:-1]]
    house = next(c for c in commands if c[1].get("title") == "newsedit (grammar/house-style)")
    name, props, message = house
    assert name == "warning"
    assert props["file"] == "articles/odd, name: 100%.md"
    assert "col" not in props and (props["line"], props["endLine"]) == ("3", "4")  # columns only on one line
    assert message == "Say \"will rise\":\nquote | pipe, 100% `code` <b> (suggestion: 'will rise')"


def test_input_problems_and_check_errors_are_error_annotations_on_the_file() -> None:
    commands = [decode(line) for line in formats.render("github", golden_report()).split("\n")[:-1]]
    plain = [(n, p.get("file"), m) for n, p, m in commands if p["title"] == "newsedit"]
    assert ("error", "articles/missing.txt", "no such file or directory") in plain
    assert ("error", "articles/odd, name: 100%.md", "summary: not checked: the model timed out") in plain
    assert ("notice", "articles/odd, name: 100%.md", "front matter skipped") in plain


@given(st.text())
def test_escaping_round_trips_and_leaves_no_delimiters(text: str) -> None:
    data, prop = github.escape_data(text), github.escape_property(text)
    assert "\n" not in data and "\r" not in data and unescape(data) == text
    assert not {",", ":", "\n", "\r"} & set(prop) and unescape(prop) == text


def test_a_clean_run_prints_nothing() -> None:
    report = golden_report()
    report.articles, report.problems = report.articles[:1], []
    assert formats.render("github", report) == ""


def test_errors_come_first_and_one_notice_says_what_the_cap_hides() -> None:
    """GitHub shows ten annotations of each kind per step: errors of a late file must not be the ones dropped."""
    sample = sample_result()
    notes = [replace(sample.findings[0], path=f"a/{i:02}.txt", severity=Severity.INFO) for i in range(30)]
    late = [replace(f, path="z/late.txt", severity=Severity.ERROR, start=i) for i, f in enumerate(sample.findings * 3)]
    report = RunReport(articles=[ArticleResult("a/all.txt", None, notes), ArticleResult("z/late.txt", None, late)])
    text = formats.render("github", report, RenderOptions(report_url="https://ci.example/run/1"))
    commands = [decode(line) for line in text.split("\n")[:-1]]
    assert [name for name, _, _ in commands[1:16]] == ["error"] * 15
    name, props, message = commands[0]
    assert (name, props["title"]) == ("notice", "newsedit: more findings")
    assert "5 errors, 21 notices are not shown here" in message and "https://ci.example/run/1" in message
    assert formats.render("github", golden_report()).count("more findings") == 0
