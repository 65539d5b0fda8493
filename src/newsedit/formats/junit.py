"""JUnit XML output, for CI test dashboards: a suite per article, a test case per finding.

Only findings at or above `--fail-on` fail their case; the others are skipped cases (or, with
`--junit-rest system-out`, passing cases that say what was found), so 230 info notes do not
read as 230 failed tests. An interrupted run closes with an error case that says so.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from newsedit.findings import ArticleResult, Finding, InputProblem, RunReport
from newsedit.formats import RenderOptions
from newsedit.formats.common import suggestions

# XML 1.0 forbids most control characters even when escaped; an article may still hold them.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
INTERRUPTED = "interrupted: only the articles checked until then are reported"
RESTS = ("skipped", "system-out", "failure")  # what a finding below --fail-on becomes


def render(report: RunReport, options: RenderOptions) -> str:
    """The report as one <testsuites> document; a clean article is one passing test case."""
    root = ET.Element("testsuites", name="newsedit")
    suites = [_article_suite(a, options) for a in report.articles] + [_problem_suite(p) for p in report.problems]
    if report.interrupted:
        suites.append(_interrupted_suite())
    root.extend(suites)
    _count(root, suites)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _article_suite(article: ArticleResult, options: RenderOptions) -> ET.Element:
    suite = _suite(article.path)
    suite.extend(_finding_case(f, options) for f in article.findings)
    for error in article.errors:
        case = _case(article.path, "engine")
        ET.SubElement(case, "error", message=_clean(error), type="engine").text = _clean(error)
        suite.append(case)
    if not len(suite):
        suite.append(_case(article.path, "no findings"))
    _count(suite, list(suite))
    return suite


def _problem_suite(problem: InputProblem) -> ET.Element:
    suite = _suite(problem.path)
    case = _case(problem.path, "input")
    ET.SubElement(case, "error", message=_clean(problem.message), type="input").text = _clean(problem.message)
    suite.append(case)
    _count(suite, [case])
    return suite


def _interrupted_suite() -> ET.Element:
    """The run was stopped: the report holds only the articles checked until then."""
    suite = _suite("newsedit")
    case = _case("newsedit", "interrupted")
    ET.SubElement(case, "error", message=INTERRUPTED, type="interrupted").text = INTERRUPTED
    suite.append(case)
    _count(suite, [case])
    return suite


def _finding_case(finding: Finding, options: RenderOptions) -> ET.Element:
    """Named for the rule and place, so a dashboard can follow one finding from run to run."""
    name = f"{finding.rule} at {finding.line}:{finding.column}"
    case = _case(finding.path, name)
    case.set("file", _clean(finding.path))
    case.set("line", str(finding.line))
    rest = "failure" if finding.severity >= options.fail_on else options.junit_rest
    if rest == "system-out":
        ET.SubElement(case, "system-out").text = _clean(_details(finding))
        return case
    outcome = ET.SubElement(case, rest, message=_clean(finding.message), type=str(finding.severity))
    outcome.text = _clean(_details(finding))
    return case


def _details(f: Finding) -> str:
    lines = [f"{f.path}:{f.line}:{f.column}: {f.severity} [{f.rule}] {f.message}", f"text: {f.text!r}"]
    if f.replacements:
        lines.append("suggestion: " + suggestions(f))
    return "\n".join(lines)


def _suite(path: str) -> ET.Element:
    return ET.Element("testsuite", name=_clean(path))


def _case(path: str, name: str) -> ET.Element:
    return ET.Element("testcase", classname=_clean(path), name=_clean(name), time="0")


def _count(element: ET.Element, children: list[ET.Element]) -> None:
    """Totals over the test cases below, as JUnit readers expect them on every suite."""
    cases = [c for child in children for c in ([child] if child.tag == "testcase" else child.iter("testcase"))]
    element.set("tests", str(len(cases)))
    element.set("failures", str(sum(c.find("failure") is not None for c in cases)))
    element.set("errors", str(sum(c.find("error") is not None for c in cases)))
    element.set("skipped", str(sum(c.find("skipped") is not None for c in cases)))
    element.set("time", "0")


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)
