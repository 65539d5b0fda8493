"""Baselines: record today's findings once, then report and fail only on new ones.

A finding is known by its rule, its file (relative to the baseline file), its text and the words
around it, never by line number: an edit above a finding does not bring it back. A finding whose
surroundings changed still matches a recorded one with the same rule, file and text, as long as
there are no more of those than were recorded.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from newsedit.errors import UsageError
from newsedit.findings import ArticleResult, Finding, RunReport

FORMAT = 1
CONTEXT = 30  # characters each side of a finding that say where it is
_EXCERPT = 80


@dataclass(frozen=True)
class BaselineFinding:
    """One recorded finding."""

    rule: str
    path: str
    digest: str  # of the finding's text
    context: str  # digest of the text around it
    line: int = 0  # for people reading the file; never matched
    text: str = ""  # an excerpt, for people

    @property
    def loose(self) -> tuple[str, str, str]:
        """What still matches when the surroundings changed."""
        return (self.rule, self.path, self.digest)

    @property
    def exact(self) -> tuple[str, str, str, str]:
        """What matches a finding that stayed where it was among its words."""
        return (self.rule, self.path, self.digest, self.context)


def baseline_finding(finding: Finding, root: Path) -> BaselineFinding:
    """The baseline entry of a finding; paths are taken relative to `root`."""
    first_line = finding.text.splitlines()[0] if finding.text else ""
    col = finding.column - 1
    around = finding.source[max(0, col - CONTEXT) : col] + "\0" + finding.source[col + len(first_line) :][:CONTEXT]
    excerpt = " ".join(finding.text.split())
    return BaselineFinding(
        rule=finding.rule,
        path=relative(finding.path, root),
        digest=_digest(finding.text),
        context=_digest(around),
        line=finding.line,
        text=excerpt if len(excerpt) <= _EXCERPT else excerpt[: _EXCERPT - 1] + "…",
    )


def relative(path: str, root: Path) -> str:
    """A report path relative to the baseline's folder, with forward slashes."""
    if path.startswith("<"):  # <stdin>
        return path
    try:
        return Path(os.path.relpath(Path(path).resolve(), root.resolve())).as_posix()
    except ValueError:  # another drive on Windows
        return Path(path).resolve().as_posix()


def _digest(text: str) -> str:
    return hashlib.sha256(" ".join(text.split()).encode("utf-8", "surrogatepass")).hexdigest()[:16]


def load(file: Path) -> list[BaselineFinding]:
    """The entries of a baseline file."""
    try:
        data = json.loads(file.read_text("utf-8"))
        return [BaselineFinding(**item) for item in data["findings"]]
    except FileNotFoundError:
        raise UsageError(f"{file}: no such baseline (create it with --update-baseline)") from None
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        raise UsageError(f"{file}: not a newsedit baseline ({type(exc).__name__}: {exc})") from None


def save(file: Path, entries: Iterable[BaselineFinding]) -> None:
    """Write a baseline atomically, one entry per line in a stable order (small diffs in review)."""
    from newsedit.atomic import write_text

    ordered = sorted(entries, key=lambda e: (e.path, e.line, e.rule, e.digest, e.context))
    rows = ",\n".join("    " + json.dumps(_as_dict(e), ensure_ascii=False) for e in ordered)
    findings = f"[\n{rows}\n  ]" if rows else "[]"
    write_text(file, f'{{\n  "newsedit_baseline": {FORMAT},\n  "findings": {findings}\n}}\n')


def _as_dict(e: BaselineFinding) -> dict[str, Any]:
    return {"rule": e.rule, "path": e.path, "line": e.line, "text": e.text, "digest": e.digest, "context": e.context}


def new_findings(findings: list[Finding], entries: list[BaselineFinding], root: Path) -> list[Finding]:
    """The findings the baseline does not account for."""
    exact = Counter(e.exact for e in entries)
    keyed = [(f, baseline_finding(f, root)) for f in findings]
    leftover = []
    for finding, e in keyed:
        if exact[e.exact] > 0:
            exact[e.exact] -= 1
        else:
            leftover.append((finding, e))
    # Recorded entries not matched exactly may still match a finding whose surroundings changed.
    loose = Counter(key[:3] for key, n in exact.items() for _ in range(n))
    fresh = []
    for finding, e in leftover:
        if loose[e.loose] > 0:
            loose[e.loose] -= 1
        else:
            fresh.append(finding)
    return fresh


def apply(report: RunReport, file: Path, update: bool = False) -> None:
    """Drop the findings the baseline holds from the report (after recording them, with update)."""
    from newsedit import results

    root = file.resolve().parent
    if update:
        _update(report, file, root)
        return
    by_path: dict[str, list[BaselineFinding]] = {}
    for e in load(file):
        by_path.setdefault(e.path, []).append(e)
    known = 0

    def unknown(article: ArticleResult) -> ArticleResult:
        # Entries name their file, so each article is matched against its own file's alone.
        nonlocal known
        fresh = new_findings(article.findings, by_path.get(relative(article.path, root), []), root)
        known += len(article.findings) - len(fresh)
        return replace(article, findings=fresh)

    report.articles = results.rewrite(report.articles, unknown)
    if known:
        report.notices.append(f"{known} known {_findings(known)} in the baseline {file} not shown")


def _update(report: RunReport, file: Path, root: Path) -> None:
    """Record this run's findings; entries of files this run did not check are kept."""
    from newsedit import results

    checked: set[str] = set()
    recorded: list[BaselineFinding] = []
    for article in report.articles:
        checked.add(relative(article.path, root))
        recorded.extend(baseline_finding(f, root) for f in article.findings)
    old = load(file) if file.exists() else []
    save(file, [e for e in old if e.path not in checked] + recorded)
    report.articles = results.rewrite(report.articles, lambda article: replace(article, findings=[]))
    report.notices.append(f"baseline {file}: recorded {len(recorded)} {_findings(len(recorded))}")


def _findings(n: int) -> str:
    return "finding" if n == 1 else "findings"
