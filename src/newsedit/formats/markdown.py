"""Markdown for a pull-request comment: totals, findings by rule, a collapsible section per article."""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable
from urllib.parse import quote

from newsedit.findings import ArticleResult, Finding, RunReport, Severity
from newsedit.formats import RenderOptions
from newsedit.formats.common import readability_grade
from newsedit.formats.escape import visible

# Pull-request comments are capped (65,536 characters on GitHub); stay well inside that.
MAX_CHARS = 60_000
MAX_ROWS = 50  # findings listed per article; the rest are counted
MAX_RULES = 30  # rows of the table by rule; the rest are counted
_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}<>|#~])")
# "@name" (and "@org/team") outside code would notify that user or team when the bot posts the comment.
_MENTION = re.compile(r"@(?=[A-Za-z0-9])")


def render(report: RunReport, options: RenderOptions) -> str:
    """The whole comment: totals, every error, a table by rule, then the other findings as room allows."""
    parts = ["## newsedit report", "", _totals(report) + _link(options.report_url), ""]
    parts += _problems(report)
    parts += _errors(report, budget=MAX_CHARS - _size(parts) - 4_000)
    if report.findings():
        parts += ["### Findings by rule", "", *_rule_table(report.findings()), ""]
    parts += _articles(report, MAX_CHARS - _size(parts), options.report_url)
    return "\n".join(parts).rstrip("\n") + "\n"


def _link(url: str | None) -> str:
    return f" [Full report]({_url(url)})" if url else ""


def _url(url: str) -> str:
    """A link target that cannot end the link early or open markup."""
    return quote(url, safe=":/?#&=%+~@!$,;*'-._")


def _errors(report: RunReport, budget: int) -> list[str]:
    """Every error finding, each with its line and suggestion: the comment makes room for them first."""
    errors = [f for f in report.findings() if f.severity is Severity.ERROR]
    if not errors:
        return []
    rows = [_error_row(f, clip=None) for f in errors]
    if _size(rows) > budget:  # too many to quote whole: shorter messages, every error kept
        rows = [_error_row(f, clip=60) for f in errors]
    kept = rows
    while _size(kept) > budget:  # only past some 400 errors, which no comment can hold
        kept = kept[: len(kept) * 9 // 10]
    head = [f"### Errors ({len(errors)})", "", "| Where | Rule | Message | Text |", "| --- | --- | --- | --- |"]
    more = [f"| | | _{len(rows) - len(kept)} more errors: no comment can hold them all_ | |"] if kept != rows else []
    return [*head, *kept, *more, ""]


def _size(lines: list[str]) -> int:
    return sum(len(line) + 1 for line in lines)


def _error_row(f: Finding, clip: int | None) -> str:
    message = _cell(f.message if clip is None else _clip(f.message, clip)) + _suggestion(f)
    where = _code(f"{f.path}:{f.line}:{f.column}")
    return f"| {where} | {_code(f.rule)} | {message} | {_code(_clip(f.text, clip or 80))} |"


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
    order = sorted(by_rule.items(), key=lambda item: (-max(f.severity for f in item[1]), -len(item[1]), item[0]))
    rows = ["| Rule | Severity | Findings | Articles |", "| --- | --- | ---: | ---: |"]
    for rule, hits in order[:MAX_RULES]:
        worst = max(f.severity for f in hits)
        rows.append(f"| {_code(rule)} | {worst} | {len(hits)} | {len({f.path for f in hits})} |")
    rest = order[MAX_RULES:]
    if rest:
        rows.append(f"| _{len(rest)} more rules_ | | {sum(len(hits) for _, hits in rest)} | |")
    return rows


def _problems(report: RunReport) -> list[str]:
    if not report.problems:
        return []
    lines = ["### Could not be checked", ""]
    lines += [f"- {_code(p.path)}: {_cell(p.message)}" for p in report.problems]
    return [*lines, ""]


def _articles(report: RunReport, budget: int, url: str | None) -> list[str]:
    """A section per article that has something to say, worst first; clean ones are only counted."""
    noisy = sorted((a for a in report.articles if a.findings or a.errors or a.notices), key=_worst_first)
    lines = ["### Articles", ""] if noisy else []
    shown = 0
    for article in noisy:
        section = _section(article, opened=len(report.articles) == 1)
        if sum(len(x) + 1 for x in lines + section) > budget:
            break
        lines += section
        shown += 1
    if shown < len(noisy):
        lines += [_left_out(noisy[shown:], url), ""]
    clean = len(report.articles) - len(noisy)
    if clean and noisy:
        lines += [f"{clean} article{'s' if clean != 1 else ''} had no findings.", ""]
    return lines


def _worst_first(article: ArticleResult) -> tuple[int, int, int, str]:
    counts = article.counts()
    return (-len(article.errors) - counts["error"], -counts["warning"], -counts["info"], article.path)


def _left_out(articles: list[ArticleResult], url: str | None) -> str:
    """What the comment had no room for (their errors are listed above), and where to read it."""
    counts = Counter(str(f.severity) for a in articles for f in a.findings)
    parts = ", ".join(f"{counts[s]} {_severity_word(Severity.parse(s), counts[s])}" for s in ("warning", "info"))
    where = f"the [full report]({_url(url)})" if url else "the full report (`--format html` or `--format json`)"
    return f"_{len(articles)} more articles not shown here ({parts}; their errors are listed above): see {where}._"


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


def _suggestion(f: Finding) -> str:
    if not f.replacements:
        return ""
    return " (suggestion: " + ", ".join(_code(r) if r else "_delete_" for r in f.replacements[:3]) + ")"


def _finding_row(f: Finding) -> str:
    message = _cell(f.message) + _suggestion(f)
    return f"| {f.line}:{f.column} | {f.severity} | {_code(f.rule)} | {message} | {_code(_clip(f.text))} |"


def _clip(text: str, limit: int = 80) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _cell(text: str) -> str:
    """Plain text made safe for a table cell: no Markdown, no HTML, no @mention, one line."""
    plain = _MD_SPECIAL.sub(r"\\\1", visible(" ".join(text.split()))).replace("&", "&amp;")
    return _MENTION.sub("@\u200d", plain)  # a joiner after "@": GitHub pings no one


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
