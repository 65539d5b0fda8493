"""`--statistics`: how often each rule fired, as `ruff --statistics` prints it, in text or JSON."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from newsedit import fixes
from newsedit.findings import RunReport, Severity
from newsedit.formats.escape import visible


@dataclass
class RuleCount:
    """One rule's line: how many findings, at what (worst) severity, how many `newsedit fix` fixes."""

    rule: str
    severity: Severity
    count: int = 0
    fixable: int = 0  # safe fixes: what `newsedit fix` applies
    unsafe_fixable: int = 0  # fixes applied only with --unsafe-fixes


def count(report: RunReport) -> list[RuleCount]:
    """Counts by rule, most frequent first (one pass over the articles, so a batch on disk is read once)."""
    by_rule: dict[str, RuleCount] = {}
    for article in report.articles:
        for f in article.findings:
            entry = by_rule.setdefault(f.rule, RuleCount(f.rule, f.severity))
            entry.severity = max(entry.severity, f.severity)
            entry.count += 1
            safety = fixes.safety(f, article.headline)
            entry.fixable += safety == fixes.SAFE
            entry.unsafe_fixable += safety == fixes.UNSAFE
    return sorted(by_rule.values(), key=lambda e: (-e.count, -e.severity, e.rule))


def as_json(report: RunReport) -> str:
    """A JSON list of {rule, severity, count, fixable, unsafe_fixable}."""
    rows: list[dict[str, Any]] = [
        {"rule": e.rule, "severity": str(e.severity), "count": e.count, "fixable": e.fixable,
         "unsafe_fixable": e.unsafe_fixable}
        for e in count(report)
    ]  # fmt: skip
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


def as_text(report: RunReport) -> str:
    """One line per rule: count, id, severity and `[*]` where `newsedit fix` fixes some."""
    entries = count(report)
    if not entries:
        return "No findings.\n"
    width = max(len(str(e.count)) for e in entries)
    rule_width = max(len(visible(e.rule)) for e in entries)
    lines = [
        f"{e.count:>{width}}  {visible(e.rule):<{rule_width}}  {e.severity!s:<7}  {_marker(e)}".rstrip()
        for e in entries
    ]
    fixable, unsafe = sum(e.fixable for e in entries), sum(e.unsafe_fixable for e in entries)
    if fixable:
        lines.append(f"[*] {fixable} fixable with `newsedit fix`.")
    if unsafe:
        lines.append(f"({unsafe} more fixes with `newsedit fix --unsafe-fixes`.)")
    return "\n".join(lines) + "\n"


def _marker(e: RuleCount) -> str:
    if e.fixable:
        return "[*]" if e.fixable == e.count else f"[*] {e.fixable} of {e.count}"
    return ""
