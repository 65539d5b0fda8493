"""SARIF 2.1.0 output, for code-scanning dashboards: rules, results with regions and fixes, notifications."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from newsedit import __version__, fixes
from newsedit.findings import Finding, RunReport, Severity
from newsedit.formats import RenderOptions
from newsedit.formats.common import relative_path
from newsedit.rules import Rule, matches

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/schemas/sarif-schema-2.1.0.json"
# Relative artifact URIs resolve against the folder newsedit ran in, named the way code-scanning tools expect.
SRCROOT = "%SRCROOT%"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
MAX_FIXES = 3  # spelling suggestions can run long; the first few are the ones worth offering
# Where code-scanning pages link for newsedit and for what a rule means (the README's section on the checks).
INFORMATION_URI = "https://pypi.org/project/newsedit/"
HELP_URI = INFORMATION_URI + "#the-checks"


def render(report: RunReport, options: RenderOptions) -> str:
    """The report as one SARIF log, every rule of the options' catalogue described in the driver."""
    return dump(to_dict(report, options.rules, options.help_url))


def dump(log: dict[str, Any]) -> str:
    """A SARIF log as stable, readable JSON."""
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


def to_dict(report: RunReport, catalogue: Sequence[Rule], help_url: str = "") -> dict[str, Any]:
    """The report as a SARIF log; `catalogue` is the rules to describe besides those found, `help_url`
    the desk's page for a rule (`{rule}`: its id; empty: the README)."""
    findings = report.findings()
    rules = _rules(catalogue, findings, help_url)
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    headlines = _headlines(report)
    run: dict[str, Any] = {
        "tool": {"driver": _driver(rules)},
        "invocations": [_invocation(report)],
        "columnKind": "unicodeCodePoints",  # columns and offsets count code points, as Python does
        "results": [_result(f, index[f.rule], headlines) for f in findings],
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def _driver(rules: list[dict[str, Any]]) -> dict[str, Any]:
    return {"name": "newsedit", "version": __version__, "informationUri": INFORMATION_URI, "rules": rules}


def artifact_location(path: str) -> dict[str, str]:
    """A relative URI under SRCROOT where possible; an absolute file URI otherwise."""
    relative = relative_path(path)
    if relative is None:
        return {"uri": Path(path).as_uri()}
    return {"uri": quote(relative, safe="/", errors="surrogateescape"), "uriBaseId": SRCROOT}  # any bytes: %E9


def _rules(catalogue: Sequence[Rule], findings: Sequence[Finding], help_url: str) -> list[dict[str, Any]]:
    """Known rules by id, then rules only seen in results (LanguageTool's own ids, say)."""
    known = {rule.id: rule for rule in catalogue}
    out = [_descriptor(rule, help_url) for rule in sorted(known.values(), key=lambda r: r.id)]
    unseen: dict[str, Finding] = {}
    for finding in findings:
        if finding.rule not in known:
            unseen.setdefault(finding.rule, finding)
    out.extend(_seen_descriptor(f, _parent(rule, known), help_url) for rule, f in sorted(unseen.items()))
    return out


def _parent(rule_id: str, known: dict[str, Rule]) -> Rule | None:
    """The longest known rule that selects this id: `grammar/lt-` for `grammar/lt-OUTSIDE_OF`."""
    parents = [rule for key, rule in known.items() if key != rule_id and matches(rule_id, [key])]
    return max(parents, key=lambda rule: len(rule.id), default=None)


def _descriptor(rule: Rule, help_url: str) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": _first_sentence(rule.explanation) or rule.name},
        "fullDescription": {"text": rule.explanation or rule.name},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        **_help(rule.id, rule.id, help_url, rule.link),
    }
    return out


def _help(rule_id: str, explained: str, help_url: str, link: str = "") -> dict[str, Any]:
    """The page and the command that explain a rule: the rule's own link (a house rule's), else the
    desk's page for its id, else the README; the command explains LanguageTool's ids through their family."""
    if not link.startswith(("https://", "http://")):  # a link of another scheme is not followed
        link = help_url.replace("{rule}", quote(rule_id, safe="")) if help_url else HELP_URI
    return {"helpUri": link, "help": {"text": f"newsedit rules --explain {explained}"}}


def _seen_descriptor(finding: Finding, parent: Rule | None, help_url: str) -> dict[str, Any]:
    """A rule known only from a result: its message describes it, its parent rule explains it."""
    out: dict[str, Any] = {
        "id": finding.rule,
        "name": finding.rule[len(parent.id) :].strip("/-") if parent else finding.rule.rsplit("/", 1)[-1],
        "shortDescription": {"text": finding.message},
        "fullDescription": {
            "text": parent.explanation if parent is not None and parent.explanation else finding.message
        },
        "defaultConfiguration": {"level": LEVELS[finding.severity]},
        **_help(finding.rule, parent.id if parent is not None else finding.rule, help_url),
    }
    return out


def _first_sentence(text: str) -> str:
    head = " ".join(text.split())
    cut = head.find(". ")
    return head if cut < 0 else head[: cut + 1]


def _headlines(report: RunReport) -> dict[str, str | None]:
    """Each article's headline, which decides whether deleting a repeat of it is a safe fix."""
    return {a.path: a.headline for a in report.articles}


def _result(finding: Finding, rule_index: int, headlines: dict[str, str | None]) -> dict[str, Any]:
    location = artifact_location(finding.path)
    out: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": {"artifactLocation": location, "region": _region(finding)}}],
    }
    if finding.replacements:
        out["fixes"] = [_fix(finding, location, text) for text in finding.replacements[:MAX_FIXES]]
        # `newsedit fix` applies safe fixes; unsafe ones only with --unsafe-fixes.
        out["properties"] = {"fix": fixes.safety(finding, headlines.get(finding.path))}
    return out


def _region(finding: Finding, snippet: bool = True) -> dict[str, Any]:
    region: dict[str, Any] = {
        "startLine": finding.line,
        "startColumn": finding.column,
        "endLine": finding.end_line,
        "endColumn": finding.end_column,
        "charOffset": finding.start,
        "charLength": finding.end - finding.start,
    }
    if snippet:
        region["snippet"] = {"text": finding.text}
    return region


def _fix(finding: Finding, location: dict[str, str], text: str) -> dict[str, Any]:
    description = f"Replace with {text!r}" if text else f"Delete {finding.text!r}"
    replacement = {"deletedRegion": _region(finding, snippet=False), "insertedContent": {"text": text}}
    return {
        "description": {"text": description},
        "artifactChanges": [{"artifactLocation": location, "replacements": [replacement]}],
    }


def _invocation(report: RunReport) -> dict[str, Any]:
    notifications = [_notification("error", p.message, p.path) for p in report.problems]
    for article in report.articles:
        notifications.extend(_notification("error", e, article.path) for e in article.errors)
        notifications.extend(_notification("note", n, article.path) for n in article.notices)
    notifications.extend(_notification("note", n, None) for n in report.notices)
    out: dict[str, Any] = {"executionSuccessful": not (report.failed() or report.interrupted)}
    if notifications:
        out["toolExecutionNotifications"] = notifications
    return out


def _notification(level: str, message: str, path: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {"level": level, "message": {"text": message}}
    if path is not None:
        out["locations"] = [{"physicalLocation": {"artifactLocation": artifact_location(path)}}]
    return out
