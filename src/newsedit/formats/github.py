"""GitHub Actions workflow commands: one annotation per finding, shown on the pull request's diff."""

from __future__ import annotations

from newsedit.findings import Finding, RunReport, Severity
from newsedit.formats import RenderOptions
from newsedit.formats.common import relative_path, suggestions

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def render(report: RunReport, options: RenderOptions) -> str:
    """One `::error file=...,line=...::message` line per finding, input problem and notice."""
    lines = [_finding(f) for f in report.findings()]
    lines.extend(command("error", p.message, file=_path(p.path), title="newsedit") for p in report.problems)
    for article in report.articles:
        lines.extend(command("error", e, file=_path(article.path), title="newsedit") for e in article.errors)
        lines.extend(command("notice", n, file=_path(article.path), title="newsedit") for n in article.notices)
    lines.extend(command("notice", n, title="newsedit") for n in report.notices)
    return "".join(line + "\n" for line in lines)


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
