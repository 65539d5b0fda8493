"""JSON output: one document per run, described by data/report.schema.json."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from newsedit import __version__, fixes
from newsedit.findings import ArticleResult, RunReport
from newsedit.formats import RenderOptions

SCHEMA_VERSION = 1
_INDENT = "  "


def render(report: RunReport, options: RenderOptions) -> str:
    """The whole report as a JSON document, keys and articles in a stable order."""
    return "".join(stream(report, options))


def stream(report: RunReport, options: RenderOptions) -> Iterator[str]:
    """The document of `to_dict`, written as `json.dumps(indent=2)` would, one article at a time."""
    # "engines": schema 1's word for the checks, kept so that reports stay comparable across versions.
    head = {"schema_version": SCHEMA_VERSION, "tool": _tool(), "engines": report.checks}
    yield "{\n" + "".join(_member(key, value) + ",\n" for key, value in head.items()) + _INDENT + '"articles": '
    empty = True
    for article in report.articles:
        yield ("[\n" if empty else ",\n") + _INDENT * 2 + _dumps(_article(article), 2)
        empty = False
    yield "[]" if empty else "\n" + _INDENT + "]"
    yield "".join(",\n" + _member(key, value) for key, value in _tail(report).items()) + "\n}\n"


def to_dict(report: RunReport) -> dict[str, Any]:
    """The report as plain data."""
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": _tool(),
        "engines": report.checks,
        "articles": [_article(a) for a in report.articles],
        **_tail(report),
    }


def _tool() -> dict[str, str]:
    return {"name": "newsedit", "version": __version__}


def _tail(report: RunReport) -> dict[str, Any]:
    """What follows the articles: problems, notices and totals."""
    totals = report.totals()
    return {
        "errors": [{"path": p.path, "message": p.message} for p in report.problems],
        "notices": report.notices,
        "interrupted": report.interrupted,
        "totals": {
            "articles": totals.articles,
            "findings": totals.findings,
            "errors": len(report.problems) + totals.errors,
            "by_severity": dict(totals.by_severity),
        },
    }


def _member(key: str, value: Any) -> str:
    """One member of the top-level object, as json.dumps indents it."""
    return _INDENT + _dumps(key, 1) + ": " + _dumps(value, 1)


def _dumps(value: Any, level: int) -> str:
    """A value as json.dumps(indent=2) writes it `level` levels deep (strings hold no raw newline)."""
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + _INDENT * level)


def _article(result: ArticleResult) -> dict[str, Any]:
    out: dict[str, Any] = {
        "path": result.path,
        "headline": result.headline,
        "counts": result.counts(),
        "findings": [{**f.to_dict(), "fix": fixes.safety(f, result.headline)} for f in result.findings],
    }
    out.update({name: data for name, data in sorted(result.data.items())})
    if result.notices:
        out["notices"] = result.notices
    if result.errors:
        out["errors"] = result.errors
    return out
