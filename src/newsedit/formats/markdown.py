"""Markdown for a pull-request comment: totals, findings by rule, a collapsible section per article."""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable

from newsedit.findings import ArticleResult, Finding, RunReport, Severity
from newsedit.formats import RenderOptions
from newsedit.formats.escape import visible
from newsedit.formats.text import readability_grade

# Pull-request comments are capped (65,536 characters on GitHub); stay well inside that.
MAX_CHARS = 60_000
MAX_ROWS = 50  # findings listed per article; the rest are counted
_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}<>|#~])")


def render(report: RunReport, options: RenderOptions) -> str:
    """The whole comment: heading, totals, a table by rule, then one <details> per article."""
    parts = ["## newsedit report", "", _totals(report), ""]
    if report.findings():
        parts += ["### Findings by rule", "", *_rule_table(report.findings()), ""]
    parts += _problems(report)
    parts += _articles(report, budget=MAX_CHARS - sum(len(p) + 1 for p in parts))
    return "\n".join(parts).rstrip("\n") + "\n"


def _totals(report: RunReport) -> str:
    counts = Counter(f.severity for f in report.findings())
    n = len(report.articles)
    checked = f"**{n} article{'s' if n != 1 else ''} checked**"
    failed = len(report.problems) + sum(len(a.errors) for a in report.articles)
    unchecked = f"; {failed} could not be checked" if failed else ""
    if not counts:
        return f"{checked}: no findings{unchecked}."
    total = sum(counts.values())
    parts = ", ".join(f"{counts[s]} {_severity_word(s, counts[s])}" for s in sorted(counts, reverse=True))
    return f"{checked}: {total} finding{'s' if total != 1 else ''} ({parts}){unchecked}."


def _rule_table(findings: list[Finding]) -> list[str]:
    by_rule: dict[str, list[Finding]] = {}
    for f in findings:
        by_rule.setdefault(f.rule, []).append(f)
    order = sorted(by_rule.items(), key=lambda item: (-len(item[1]), item[0]))
    rows = ["| Rule | Severity | Findings | Articles |", "| --- | --- | ---: | ---: |"]
    for rule, hits in order:
        worst = max(f.severity for f in hits)
        rows.append(f"| {_code(rule)} | {worst} | {len(hits)} | {len({f.path for f in hits})} |")
    return rows


def _problems(report: RunReport) -> list[str]:
    if not report.problems:
        return []
    lines = ["### Could not be checked", ""]
    lines += [f"- {_code(p.path)}: {_cell(p.message)}" for p in report.problems]
    return [*lines, ""]


def _articles(report: RunReport, budget: int) -> list[str]:
    """A section per article that has something to say; clean ones are only counted."""
    noisy = [a for a in report.articles if a.findings or a.errors or a.notices]
    lines = ["### Articles", ""] if noisy else []
    shown = 0
    for article in noisy:
        section = _section(article, opened=len(report.articles) == 1)
        if sum(len(x) + 1 for x in lines + section) > budget:
            break
        lines += section
        shown += 1
    if shown < len(noisy):
        lines += [f"_{len(noisy) - shown} more articles not shown: see the full report._", ""]
    clean = len(report.articles) - len(noisy)
    if clean and noisy:
        lines += [f"{clean} article{'s' if clean != 1 else ''} had no findings.", ""]
    return lines


def _section(article: ArticleResult, opened: bool) -> list[str]:
    lines = [f"<details{' open' if opened else ''}>", f"<summary>{_summary(article)}</summary>", ""]
    if article.headline:
        lines += [f"**{_cell(article.headline)}**", ""]
    lines += [f"- error: {_cell(e)}" for e in article.errors]
    lines += [f"- note: {_cell(n)}" for n in article.notices]
    if article.errors or article.notices:
        lines.append("")
    if article.findings:
        lines += [*_finding_table(article.findings), ""]
    return [*lines, "</details>", ""]


def _summary(article: ArticleResult) -> str:
    """The <summary> line is HTML, not Markdown: escaped as such."""
    counts = ", ".join(f"{n} {_severity_word(Severity.parse(k), n)}" for k, n in article.counts().items() if n)
    grade = readability_grade(article.data)
    extra = [counts or "no findings"] + ([f"grade {grade:g}"] if grade is not None else [])
    return f"<code>{html.escape(visible(article.path))}</code>: {html.escape('; '.join(extra))}"


def _finding_table(findings: list[Finding]) -> list[str]:
    rows = ["| Line | Severity | Rule | Message | Text |", "| ---: | --- | --- | --- | --- |"]
    rows += [_finding_row(f) for f in findings[:MAX_ROWS]]
    if len(findings) > MAX_ROWS:
        rows.append(f"| | | | _{len(findings) - MAX_ROWS} more findings_ | |")
    return rows


def _finding_row(f: Finding) -> str:
    message = _cell(f.message)
    if f.replacements:
        message += " (suggestion: " + ", ".join(_code(r) if r else "_delete_" for r in f.replacements[:3]) + ")"
    return f"| {f.line}:{f.column} | {f.severity} | {_code(f.rule)} | {message} | {_code(_clip(f.text))} |"


def _clip(text: str, limit: int = 80) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _cell(text: str) -> str:
    """Plain text made safe for a table cell: no Markdown, no HTML, one line."""
    return _MD_SPECIAL.sub(r"\\\1", visible(" ".join(text.split()))).replace("&", "&amp;")


def _code(text: str) -> str:
    """An inline code span that survives any backticks inside it and the table's pipes."""
    flat = visible(" ".join(text.split())) or " "
    fence = "`" * (1 + max((len(run) for run in _runs(flat)), default=0))
    pad = " " if flat.startswith("`") or flat.endswith("`") else ""
    return f"{fence}{pad}{flat.replace('|', chr(92) + '|')}{pad}{fence}"


def _runs(text: str) -> Iterable[str]:
    return re.findall(r"`+", text)


def _severity_word(severity: Severity, n: int) -> str:
    word = str(severity)
    return word if n == 1 or word == "info" else word + "s"
