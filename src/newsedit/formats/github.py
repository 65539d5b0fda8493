"""GitHub Actions workflow commands: one annotation per finding, shown on the pull request's diff.

GitHub shows only the first few annotations of each kind per step (`CAP`), so the annotations come
worst first: what could not be checked, then errors, warnings and notices; when the cap would hide
some, one notice at the top says how many and where the full report is.
"""

from __future__ import annotations

from collections import Counter

from newsedit.findings import Finding, RunReport, Severity
from newsedit.formats import RenderOptions
from newsedit.formats.common import relative_path, suggestions

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
CAP = 10  # annotations of each kind GitHub shows per step


def render(report: RunReport, options: RenderOptions) -> str:
    """One `::error file=...,line=...::message` line per finding, input problem and notice, worst first."""
    lines = [("error", p.message, {"file": _path(p.path)}) for p in report.problems]
    lines += [("error", e, {"file": _path(a.path)}) for a in report.articles for e in a.errors]
    findings = sorted(report.findings(), key=lambda f: -f.severity)  # stable: report order within a severity
    annotations = [command(name, message, **where, title="newsedit") for name, message, where in lines]
    annotations += [_finding(f) for f in findings]
    notes = [("notice", n, {"file": _path(a.path)}) for a in report.articles for n in a.notices]
    notes += [("notice", n, {}) for n in report.notices]
    annotations += [command(name, message, **where, title="newsedit") for name, message, where in notes]
    kinds = Counter([name for name, _, _ in lines + notes] + [COMMANDS[f.severity] for f in findings])
    return "".join(line + "\n" for line in [*_hidden(kinds, options.report_url), *annotations])


def _hidden(kinds: Counter[str], url: str | None) -> list[str]:
    """One notice naming what GitHub's cap will hide (the notice itself takes one notice's place)."""
    kinds["notice"] += 1
    over = {kind: n - CAP for kind, n in kinds.items() if n > CAP}
    if not over:
        return []
    counts = ", ".join(f"{n} {kind}{'s' if n != 1 else ''}" for kind, n in sorted(over.items(), key=_kind_order))
    where = f"the full report: {url}" if url else "the full report (--format html -o report.html, kept as an artifact)"
    message = f"GitHub shows {CAP} annotations of each kind per step: {counts} are not shown here; see {where}"
    return [command("notice", message, title="newsedit: more findings")]


def _kind_order(item: tuple[str, int]) -> int:
    return ["error", "warning", "notice"].index(item[0])


def _finding(f: Finding) -> str:
    where: dict[str, str | int] = {"file": _path(f.path), "line": f.line}
    if f.end_line == f.line:  # GitHub takes columns only for an annotation on one line
        where |= {"col": f.column, "endLine": f.end_line, "endColumn": f.end_column}
    else:
        where["endLine"] = f.end_line
    suggestion = f" (suggestion: {suggestions(f)})" if f.replacements else ""
    return command(COMMANDS[f.severity], f.message + suggestion, **where, title=f"newsedit ({f.rule})")


def command(name: str, message: str, **properties: str | int) -> str:
    """A workflow command with its properties and message escaped as the Actions runner decodes them."""
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{name} {props}::{escape_data(message)}" if props else f"::{name}::{escape_data(message)}"


def escape_data(text: str) -> str:
    """Escape a command's message: percent signs and line breaks."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value: as a message, plus the `:` and `,` that delimit properties."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _path(path: str) -> str:
    return relative_path(path) or path
