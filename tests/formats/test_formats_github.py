"""GitHub Actions annotations: one workflow command per finding, escaped the way the runner decodes them."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from golden_report import golden_report
from newsedit import formats
from newsedit.formats import github

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
