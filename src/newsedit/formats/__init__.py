"""Output formats: each module exposes `render(report, options) -> str` and stays pure.

Formats that can write a report of thousands of articles piece by piece (text, json) also expose
`stream(report, options) -> Iterator[str]`; their `render` is the pieces joined.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from newsedit.findings import RunReport, Severity
from newsedit.rules import Rule

# A check's block under an article in the text report: its data in, lines out.
DataBlock = Callable[[dict[str, Any]], list[str]]

FORMATS = ("text", "json", "sarif", "junit", "github", "markdown", "html")


@dataclass(frozen=True)
class RenderOptions:
    """How to render: colour and source carets are for terminals only."""

    color: bool = False
    show_source: bool = False
    # What a format knows of the checks is handed in, so formats import none of them:
    rules: tuple[Rule, ...] = ()  # every installed rule (SARIF describes them in its driver)
    blocks: Mapping[str, DataBlock] = field(default_factory=dict)  # each check's text block, by check name
    fail_on: Severity = Severity.ERROR  # JUnit fails only these; the others are `junit_rest`
    junit_rest: str = "skipped"  # findings below fail_on in JUnit: skipped, system-out or failure
    report_url: str | None = None  # where CI keeps the full report (the Markdown comment links it)
    max_grade: float | None = None  # the house grade target (the HTML histogram marks it)
    archive_grades: tuple[float, ...] = ()  # the archive's article grades, shown beside the batch's
    help_url: str = ""  # SARIF: the desk's page for a rule, `{rule}` its id (empty: the README)


def render(name: str, report: RunReport, options: RenderOptions | None = None) -> str:
    """The report in one format."""
    module = importlib.import_module(f"newsedit.formats.{_checked(name)}")
    out: str = module.render(report, options or RenderOptions())
    return out


def stream(name: str, report: RunReport, options: RenderOptions | None = None) -> Iterator[str]:
    """The report in one format, in pieces to write as they come (one piece for whole documents)."""
    module = importlib.import_module(f"newsedit.formats.{_checked(name)}")
    if not hasattr(module, "stream"):
        return iter([module.render(report, options or RenderOptions())])
    pieces: Iterator[str] = module.stream(report, options or RenderOptions())
    return pieces


def _checked(name: str) -> str:
    if name not in FORMATS:
        raise ValueError(f"unknown format {name!r} (allowed: {', '.join(FORMATS)})")
    return name
