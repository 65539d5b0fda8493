"""JSON output: one document per run, described by data/report.schema.json."""

from __future__ import annotations

import json
from typing import Any

from newsedit import __version__
from newsedit.findings import ArticleResult, RunReport
from newsedit.formats import RenderOptions

SCHEMA_VERSION = 1


def render(report: RunReport, options: RenderOptions) -> str:
    """The whole report as a JSON document, keys and articles in a stable order."""
    return json.dumps(to_dict(report), ensure_ascii=False, indent=2) + "\n"


def to_dict(report: RunReport) -> dict[str, Any]:
    """The report as plain data."""
    findings = report.findings()
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "newsedit", "version": __version__},
        "engines": report.engines,
        "articles": [_article(a) for a in report.articles],
        "errors": [{"path": p.path, "message": p.message} for p in report.problems],
        "notices": report.notices,
        "interrupted": report.interrupted,
        "totals": {
            "articles": len(report.articles),
            "findings": len(findings),
            "errors": len(report.problems) + sum(len(a.errors) for a in report.articles),
            "by_severity": _by_severity(report.articles),
        },
    }


def _article(result: ArticleResult) -> dict[str, Any]:
    out: dict[str, Any] = {
        "path": result.path,
        "headline": result.headline,
        "counts": result.counts(),
        "findings": [f.to_dict() for f in result.findings],
    }
    out.update({name: data for name, data in sorted(result.data.items())})
    if result.notices:
        out["notices"] = result.notices
    if result.errors:
        out["errors"] = result.errors
    return out


def _by_severity(articles: list[ArticleResult]) -> dict[str, int]:
    total = {"error": 0, "warning": 0, "info": 0}
    for article in articles:
        for key, n in article.counts().items():
            total[key] += n
    return total
