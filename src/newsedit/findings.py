"""Severity, Finding (one type for every check) and the per-article and per-run results."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any, Protocol, runtime_checkable


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
    check: str = ""
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
            "engine": self.check,  # schema 1's word for a check: kept, so reports stay comparable
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
    # Per-check extra output, e.g. {"readability": {...scores}, "summary": {...}}.
    data: dict[str, Any] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)
    # Checks that could not check this article, and why.
    errors: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """Findings per severity name."""
        out = {str(s): 0 for s in sorted(Severity, reverse=True)}
        for f in self.findings:
            out[str(f.severity)] += 1
        return out


@dataclass
class Totals:
    """Counts over a run's articles, kept as results arrive so that no pass over them is needed."""

    articles: int = 0
    findings: int = 0
    errors: int = 0  # checks that could not check an article (input problems are counted apart)
    by_severity: dict[str, int] = field(default_factory=lambda: {str(s): 0 for s in sorted(Severity, reverse=True)})

    @classmethod
    def of(cls, articles: Iterable[ArticleResult]) -> Totals:
        """The totals of some articles, counted now."""
        totals = cls()
        for article in articles:
            totals.add(article)
        return totals

    def add(self, article: ArticleResult) -> None:
        """Count one more article."""
        self.articles += 1
        self.errors += len(article.errors)
        self.add_findings(article.findings)

    def add_findings(self, findings: Iterable[Finding]) -> None:
        """Count findings added to an article already counted (cross-article ones)."""
        for f in findings:
            self.findings += 1
            self.by_severity[str(f.severity)] += 1

    def worst(self) -> Severity | None:
        """The highest severity counted, or None when there are no findings."""
        return next((s for s in sorted(Severity, reverse=True) if self.by_severity[str(s)]), None)


@runtime_checkable
class Tallied(Protocol):
    """Articles that keep their own totals (see `newsedit.results.ResultStore`)."""

    def totals(self) -> Totals:
        """The totals of every article held."""
        ...


@dataclass
class RunReport:
    """The results of one newsedit run, in a stable order.

    `articles` is a list, or for a run a `ResultStore` that keeps a large batch on disk: read it
    by iterating (each pass reads it again), and change it with `newsedit.results.rewrite`.
    """

    articles: Sequence[ArticleResult] = field(default_factory=list)
    problems: list[InputProblem] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    # Set when the run was stopped (Ctrl-C): the report holds the articles checked until then.
    interrupted: bool = False
    # Each article's fail-on, from the config that applies to it (folders may differ), by path.
    fail_on: dict[str, str] = field(default_factory=dict)

    def findings(self) -> list[Finding]:
        """Every finding of every article, in report order."""
        return [f for a in self.articles for f in a.findings]

    def totals(self) -> Totals:
        """Counts over every article, without a pass over them where the store keeps them."""
        return self.articles.totals() if isinstance(self.articles, Tallied) else Totals.of(self.articles)

    def failed(self) -> bool:
        """Whether any input or check could not be checked (exit code 2)."""
        return bool(self.problems) or self.totals().errors > 0

    def worst(self) -> Severity | None:
        """The highest severity found, or None when clean."""
        return self.totals().worst()

    def gate(self, path: str, default: Severity) -> Severity:
        """The lowest severity that fails the run in one article: its own config's fail-on."""
        level = self.fail_on.get(path)
        return Severity.parse(level) if level else default

    def fails(self, default: Severity) -> bool:
        """Whether a finding reaches its article's gate, whatever order the paths came in."""
        if set(self.fail_on.values()) <= {str(default)}:  # one gate for all: no pass over the articles
            worst = self.worst()
            return worst is not None and worst >= default
        return any(f.severity >= self.gate(f.path, default) for f in self.findings())

    def close(self) -> None:
        """Let go of what the articles hold on disk, if anything."""
        close = getattr(self.articles, "close", None)
        if callable(close):
            close()
