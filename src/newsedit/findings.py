"""Severity, Finding (one type for every engine) and the per-article and per-run results."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any


class Severity(IntEnum):
    """How bad a finding is; ordered so that `>=` compares against --fail-on."""

    INFO = 0
    WARNING = 1
    ERROR = 2

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, value: object) -> Severity:
        """A Severity from itself or its lower-case name."""
        if isinstance(value, Severity):
            return value
        try:
            return cls[str(value).upper()]
        except KeyError:
            raise ValueError(f"unknown severity {value!r} (allowed: error, warning, info)") from None


@dataclass(frozen=True)
class Finding:
    """One problem at [start, end) of an article's text; line/column are 1-based, end exclusive."""

    rule: str
    severity: Severity
    message: str
    path: str
    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    text: str
    replacements: tuple[str, ...] = ()
    engine: str = ""
    # The source line the finding starts on, for carets in text output; not serialised.
    source: str = field(default="", compare=False, repr=False)

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        """Stable report order: by file, then position, then rule."""
        return (self.path, self.start, self.end, self.rule, self.message)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (see data/report.schema.json)."""
        return {
            "rule": self.rule,
            "engine": self.engine,
            "severity": str(self.severity),
            "message": self.message,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "replacements": list(self.replacements),
        }


@dataclass(frozen=True)
class InputProblem:
    """An input that could not be checked (missing, binary, undecodable...): exit code 2."""

    path: str
    message: str


@dataclass
class ArticleResult:
    """Everything newsedit found about one article."""

    path: str
    headline: str | None
    findings: list[Finding] = field(default_factory=list)
    # Per-engine extra output, e.g. {"readability": {...scores}, "summary": {...}}.
    data: dict[str, Any] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)
    # Engines that could not check this article, and why.
    errors: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """Findings per severity name."""
        out = {str(s): 0 for s in sorted(Severity, reverse=True)}
        for f in self.findings:
            out[str(f.severity)] += 1
        return out


@dataclass
class RunReport:
    """The results of one newsedit run, in a stable order."""

    articles: list[ArticleResult] = field(default_factory=list)
    problems: list[InputProblem] = field(default_factory=list)
    engines: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    # Set when the run was stopped (Ctrl-C): the report holds the articles checked until then.
    interrupted: bool = False

    def findings(self) -> list[Finding]:
        """Every finding of every article, in report order."""
        return [f for a in self.articles for f in a.findings]

    def failed(self) -> bool:
        """Whether any input or engine could not be checked (exit code 2)."""
        return bool(self.problems) or any(a.errors for a in self.articles)

    def worst(self) -> Severity | None:
        """The highest severity found, or None when clean."""
        return max((f.severity for f in self.findings()), default=None)
