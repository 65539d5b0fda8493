"""Text output for people, in the style of compilers and ruff: path:line:col: severity [rule] message."""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from newsedit.config import GRADE_FORMULAS
from newsedit.findings import ArticleResult, Finding, RunReport, Severity
from newsedit.formats import RenderOptions
from newsedit.formats.common import readability_formula, readability_grade
from newsedit.formats.escape import file_name as shown
from newsedit.formats.escape import no_commands, visible

_COLORS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}
_BOLD, _DIM, _RESET = "1", "2", "\x1b[0m"
_MAX_SOURCE = 160  # characters of a source line shown under a finding


def render(report: RunReport, options: RenderOptions) -> str:
    """The report as lines of text, closing with a one-line summary."""
    return "".join(stream(report, options))


def stream(report: RunReport, options: RenderOptions) -> Iterator[str]:
    """The lines of `render`, one article at a time."""
    paint = _painter(options.color)
    table = options.show_source and len(report.articles) > 1  # a batch on a terminal: close with a table
    tally = _Tally()
    for article in report.articles:
        if table:
            tally.add(article)
        lines = _article(article, options, paint)
        if lines:
            yield no_commands("\n".join(lines) + "\n")
    lines = [f"{paint(shown(p.path), _BOLD)}: {paint('error', '31')}: {visible(p.message)}" for p in report.problems]
    lines.extend(visible(n) for n in report.notices)
    if report.interrupted:
        lines.append(paint("Interrupted: only the articles checked until then are reported.", "31"))
    if table:
        lines.extend(_table(report, tally, paint))
    lines.append(_closing(report, paint))
    yield no_commands("\n".join(lines) + "\n")


def _painter(color: bool) -> Callable[[str, str], str]:
    def paint(text: str, code: str) -> str:
        if not color:
            return text
        return "\x1b[" + code + "m" + text + _RESET

    return paint


def _article(article: ArticleResult, options: RenderOptions, paint: Callable[[str, str], str]) -> list[str]:
    """An article's lines; everything that comes from the article or its name is escaped."""
    lines = []
    name = shown(article.path)
    for finding in article.findings:
        lines.append(_finding_line(finding, paint))
        if options.show_source and finding.source:
            lines.extend(_source(finding, paint))
    for error in article.errors:
        lines.append(f"{paint(name, _BOLD)}: {paint('error', '31')}: {visible(error)}")
    for notice in article.notices:
        lines.append(f"{name}: note: {visible(notice)}")
    for check, data in sorted(article.data.items()):
        block = options.blocks.get(check, _generic_block)(data)
        if block:
            lines.append(f"{name}: {check}:")
            lines.extend("    " + visible(line) for line in block)
    return lines


def _finding_line(f: Finding, paint: Callable[[str, str], str]) -> str:
    where = paint(f"{shown(f.path)}:{f.line}:{f.column}:", _BOLD)
    severity = paint(str(f.severity), _COLORS[f.severity])
    fix = f" (suggestion: {', '.join(repr(r) for r in f.replacements[:3])})" if f.replacements else ""
    return f"{where} {severity} [{visible(f.rule)}] {visible(f.message + fix)}"


def _source(f: Finding, paint: Callable[[str, str], str]) -> list[str]:
    """The source line with a caret under the span (only its first line when it spans several)."""
    raw = f.source.expandtabs(1)[:_MAX_SOURCE]
    source = visible(raw)
    # Escapes widen the line: the caret goes under the escaped span.
    start = len(visible(raw[: f.column - 1]))
    stop = len(visible(raw[: f.end_column - 1])) if f.end_line == f.line else len(source)
    width = max(1, min(stop, len(source)) - start)
    gutter = f"{f.line:>5} | "
    caret = " " * (len(gutter) - 2) + "| " + " " * start + "^" * width
    return [paint(gutter, _DIM) + source, paint(caret, _COLORS[f.severity])]


def _generic_block(data: dict[str, Any]) -> list[str]:
    return [f"{key}: {value}" for key, value in data.items() if not isinstance(value, dict | list)]


def _closing(report: RunReport, paint: Callable[[str, str], str]) -> str:
    totals = report.totals()
    counts = totals.by_severity
    total = totals.findings
    n_articles = totals.articles
    checked = f"{n_articles} article{'s' if n_articles != 1 else ''} checked"
    failed = len(report.problems) + totals.errors
    unchecked = f"; {failed} could not be checked" if failed else ""
    if not total:
        return paint(f"No findings: {checked}{unchecked}.", "32" if not failed else "31")
    parts = ", ".join(f"{n} {_plural(k, n)}" for k, n in counts.items() if n)
    return paint(f"Found {total} finding{'s' if total != 1 else ''} ({parts}): {checked}{unchecked}.", _BOLD)


def _plural(word: str, n: int) -> str:
    return word if n == 1 or word == "info" else word + "s"


# The closing table of a batch names at most this many rules and articles.
TOP_RULES = 10
TOP_GRADES = 5


@dataclass
class _Tally:
    """What the closing table needs of each article, gathered while the articles are written."""

    by_rule: dict[str, int] = field(default_factory=dict)
    grades: list[tuple[float, str]] = field(default_factory=list)  # (-grade, path) of the hardest
    formulas: set[str] = field(default_factory=set)  # the grade formulas of the articles' configs

    def add(self, article: ArticleResult) -> None:
        for finding in article.findings:
            self.by_rule[finding.rule] = self.by_rule.get(finding.rule, 0) + 1
        grade = readability_grade(article.data)
        if grade is not None:  # only the hardest few are kept, however long the batch
            self.grades = heapq.nsmallest(TOP_GRADES, [*self.grades, (-grade, article.path)])
            self.formulas.add(readability_formula(article.data))


def _table(report: RunReport, tally: _Tally, paint: Callable[[str, str], str]) -> list[str]:
    unread = f", {len(report.problems)} could not be read" if report.problems else ""
    lines = ["", paint(f"Files checked: {len(report.articles)}{unread}", _BOLD)]
    if tally.by_rule:
        lines += [paint("Findings by rule:", _BOLD), *_rule_rows(tally.by_rule)]
    if tally.grades:
        names = sorted(GRADE_FORMULAS[f] for f in tally.formulas)
        by = f"{names[0]} grade" if len(names) == 1 else f"grade by each folder's formula: {', '.join(names)}"
        lines.append(paint(f"Hardest to read ({by}):", _BOLD))
        lines.extend(f"  {-grade:>6.1f}  {shown(path)}" for grade, path in tally.grades)
    return lines


def _rule_rows(by_rule: dict[str, int]) -> list[str]:
    ranked = sorted(by_rule.items(), key=lambda item: (-item[1], item[0]))
    rows = [f"  {n:>6}  {visible(rule)}" for rule, n in ranked[:TOP_RULES]]
    rest = ranked[TOP_RULES:]
    if rest:
        rows.append(f"  {sum(n for _, n in rest):>6}  ({len(rest)} more rules)")
    return rows
