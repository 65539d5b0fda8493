"""JUnit XML output: parses as JUnit, with counts that add up; findings at or above --fail-on fail."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from junitparser import Error, Failure, JUnitXml, Skipped, TestSuite

from cli_helpers import FAST, newsedit
from golden_report import golden_report, odd_result
from newsedit import formats
from newsedit.findings import ArticleResult, RunReport, Severity
from newsedit.formats import RenderOptions


def parse(text: str) -> JUnitXml:
    """The document as junitparser reads it, after checking it is well-formed XML with one root."""
    assert ET.fromstring(text.encode("utf-8")).tag == "testsuites"
    return JUnitXml.fromstring(text.encode("utf-8"))


def suites(xml: JUnitXml) -> dict[str, TestSuite]:
    return {suite.name: suite for suite in xml}


def test_findings_at_fail_on_fail_the_rest_are_skipped_and_the_counts_add_up() -> None:
    report = golden_report()
    xml = parse(formats.render("junit", report))
    by_name = suites(xml)
    assert list(by_name) == [a.path for a in report.articles] + ["articles/missing.txt"]
    for suite in xml:
        cases = list(suite)
        failures = [c for c in cases if any(isinstance(r, Failure) for r in c.result)]
        errors = [c for c in cases if any(isinstance(r, Error) for r in c.result)]
        skipped = [c for c in cases if any(isinstance(r, Skipped) for r in c.result)]
        assert (suite.tests, suite.failures, suite.errors) == (len(cases), len(failures), len(errors))
        assert suite.skipped == len(skipped)
    assert (xml.tests, xml.failures, xml.errors, xml.skipped) == (10, 2, 2, 5)
    sample = list(by_name["articles/lavrov-north-korea.txt"])
    due = next(c for c in sample if c.name == "grammar/due-of at 53:1")
    (failure,) = due.result
    assert failure.type == "error" and failure.message == 'Use "due to".'
    assert "suggestion: 'Due to'" in (failure.text or "")
    assert due.classname == "articles/lavrov-north-korea.txt"


def test_fail_on_and_junit_rest_decide_what_fails() -> None:
    warning = parse(formats.render("junit", golden_report(), RenderOptions(fail_on=Severity.WARNING)))
    assert (warning.failures, warning.skipped) == (5, 2)
    out = parse(formats.render("junit", golden_report(), RenderOptions(junit_rest="system-out")))
    assert (out.tests, out.failures, out.skipped) == (10, 2, 0)
    sample = next(s for s in out if s.name == "articles/lavrov-north-korea.txt")
    nanjin = next(c for c in sample if c.name.startswith("grammar/lt-MORFOLOGIK"))
    assert nanjin.is_passed and "suggestion: 'Nanjing', 'Nankin'" in (nanjin.system_out or "")
    old = parse(formats.render("junit", golden_report(), RenderOptions(junit_rest="failure")))
    assert (old.failures, old.skipped) == (7, 0)


def test_an_interrupted_run_is_marked_partial() -> None:
    """Text says "Interrupted" and SARIF executionSuccessful false; JUnit closes with an error case."""
    report = golden_report()
    report.interrupted = True
    xml = parse(formats.render("junit", report))
    marker = suites(xml)["newsedit"]
    (case,) = marker
    (error,) = case.result
    assert isinstance(error, Error) and error.type == "interrupted" and "only the articles checked" in error.message
    assert xml.errors == 3


def test_a_clean_article_is_one_passing_case() -> None:
    xml = parse(formats.render("junit", RunReport(articles=[ArticleResult("clean.txt", "Bus routes")])))
    (suite,) = xml
    (case,) = suite
    assert case.is_passed and (xml.tests, xml.failures, xml.errors) == (1, 0, 0)


def test_characters_xml_cannot_hold_are_replaced_and_the_rest_escaped() -> None:
    text = formats.render("junit", RunReport(articles=[odd_result()]))
    assert "\f" not in text
    (suite,) = parse(text)
    messages = [r.message for case in suite for r in case.result]
    assert 'Say "will rise":\nquote | pipe, 100% `code` <b>' in messages
    assert "A form feed (\ufffd) in the text." in messages


def test_sample_from_the_command_line_parses(sample_path: Path) -> None:
    result = newsedit("check", *FAST, "--format", "junit", str(sample_path))
    assert result.code in (0, 1), result.err
    (suite,) = parse(result.out)
    assert suite.name == str(sample_path)
    assert suite.failures + suite.skipped == sum(1 for case in suite if not case.is_passed)
    assert suite.skipped == sum(1 for case in suite if case.is_skipped)


def test_fail_on_from_the_command_line_reaches_junit(sample_path: Path) -> None:
    default = parse(newsedit("check", *FAST, "--format", "junit", str(sample_path)).out)
    warning = parse(newsedit("check", *FAST, "--format", "junit", "--fail-on", "warning", str(sample_path)).out)
    assert default.failures == 0 < default.skipped  # no errors without grammar: every warning and info skipped
    assert warning.failures > 0 and warning.failures + warning.skipped == default.skipped
