"""Safe fixes: which findings newsedit may fix by itself, and how the edits are applied to a text.

A finding is safe to fix when its rule is in SAFE_RULES and it carries a replacement. A deletion
("" replacement) that covers every word of its lines removes those lines and the blank lines that
would be left doubled; any other fix replaces the finding's span with its first replacement.
Fixes that overlap an earlier one are left for the next run.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from newsedit.findings import Finding
from newsedit.rules import matches

# Rules whose fix never changes what an article says: page debris, a repeated headline, a fixed
# phrase. Ids or prefixes.
SAFE_RULES = (
    "dupes/repeated-headline",
    "dupes/section-label",
    "dupes/teaser",
    "dupes/boilerplate",
    "grammar/due-of",
)
# Spacing rules: safe only where the replacement differs from the text in whitespace alone.
WHITESPACE_RULES = (
    "grammar/lt-CONSECUTIVE_SPACES",
    "grammar/lt-WHITESPACE_RULE",
    "grammar/lt-COMMA_PARENTHESIS_WHITESPACE",
)

# Capitalisation rules (a proper noun's capitals): safe only where the replacement differs
# from the text in letter case alone.
CASE_RULES = ("grammar/lt-EN_SPECIFIC_CASE",)

_LINE = re.compile(r"[^\r\n]*(\r\n|\r|\n|$)")


@dataclass(frozen=True)
class Edit:
    """Replace text[start:end] with `replacement`; `findings` are what it fixes."""

    start: int
    end: int
    replacement: str
    findings: tuple[Finding, ...] = ()


@dataclass
class Plan:
    """The edits for one text, the findings they fix and the findings left as they are."""

    edits: list[Edit] = field(default_factory=list)
    fixed: list[Finding] = field(default_factory=list)
    remaining: list[Finding] = field(default_factory=list)


def safe(finding: Finding) -> bool:
    """Whether newsedit fixes this finding by itself."""
    if not finding.replacements:
        return False
    if matches(finding.rule, WHITESPACE_RULES):
        return "".join(finding.text.split()) == "".join(finding.replacements[0].split())
    if matches(finding.rule, CASE_RULES):
        return finding.text.casefold() == finding.replacements[0].casefold()
    return matches(finding.rule, SAFE_RULES)


def plan(text: str, findings: Iterable[Finding]) -> Plan:
    """Non-overlapping edits for the safe findings of one text."""
    lines = _Lines(text)
    out = Plan()
    deletions: dict[int, list[Finding]] = {}  # line number -> findings that delete it whole
    edits: list[Edit] = []
    for f in findings:
        if not safe(f) or text[f.start : f.end] != f.text:
            out.remaining.append(f)
        elif f.replacements[0] == "" and lines.whole(f.start, f.end):
            for number in lines.covering(f.start, f.end):
                deletions.setdefault(number, []).append(f)
        else:
            edits.append(_piece(text, f))
    merged = lines.delete(deletions)
    if merged is None:  # every line would go: that is not a fix
        out.remaining.extend(f for fs in deletions.values() for f in fs if f not in out.remaining)
        merged = []
    _choose(merged, edits, out)
    return out


def _piece(text: str, f: Finding) -> Edit:
    """A fix inside a line; a deletion also takes one space beside it, so no double space is left."""
    start, end, new = f.start, f.end, f.replacements[0]
    if new == "" and end < len(text) and text[end] == " " and (start == 0 or text[start - 1] in " \t\r\n"):
        end += 1
    elif new == "" and start > 0 and text[start - 1] == " " and (end == len(text) or text[end] in "\r\n"):
        start -= 1
    return Edit(start, end, new, (f,))


def _choose(deletions: list[Edit], edits: list[Edit], out: Plan) -> None:
    """Keep line deletions, drop edits inside them (moot), then the first of overlapping edits."""
    kept = list(deletions)
    for edit in sorted(_dedupe(edits), key=lambda e: (e.start, e.end)):
        inside = next((d for d in deletions if d.start <= edit.start and edit.end <= d.end), None)
        if inside is not None:
            out.fixed.extend(edit.findings)  # the line it was on is deleted
        elif any(_overlap(edit, k) for k in kept):
            out.remaining.extend(edit.findings)
        else:
            kept.append(edit)
    out.edits = sorted(kept, key=lambda e: (e.start, e.end))
    out.fixed.extend(f for e in out.edits for f in e.findings)


def _overlap(a: Edit, b: Edit) -> bool:
    """Whether two edits touch the same characters (two insertions at one place count too)."""
    return (a.start < b.end and b.start < a.end) or (a.start == b.start and (a.start == a.end or b.start == b.end))


def _dedupe(edits: Sequence[Edit]) -> list[Edit]:
    """Two engines proposing the same edit make one edit."""
    merged: dict[tuple[int, int, str], Edit] = {}
    for e in edits:
        key = (e.start, e.end, e.replacement)
        old = merged.get(key)
        merged[key] = e if old is None else Edit(e.start, e.end, e.replacement, old.findings + e.findings)
    return list(merged.values())


def apply(text: str, edits: Iterable[Edit]) -> str:
    """The text with non-overlapping edits applied, from the end backwards so offsets hold."""
    for edit in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        text = text[: edit.start] + edit.replacement + text[edit.end :]
    return text


class _Lines:
    """The lines of a text as (start, end of content, end with line break) offsets."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.spans = [(m.start(), m.start(1), m.end()) for m in _LINE.finditer(text)]
        if len(self.spans) > 1 and self.spans[-1][0] == len(text):
            self.spans.pop()  # the empty match after a final line break is not a line

    def number(self, offset: int) -> int:
        """The 0-based line an offset is on."""
        lo, hi = 0, len(self.spans) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.spans[mid][0] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo

    def covering(self, start: int, end: int) -> range:
        """The lines [start, end) touches."""
        return range(self.number(start), self.number(max(start, end - 1)) + 1)

    def whole(self, start: int, end: int) -> bool:
        """Whether [start, end) holds every non-blank character of the lines it is on."""
        lines = self.covering(start, end)
        first, last = lines[0], lines[-1]
        before = self.text[self.spans[first][0] : start]
        after = self.text[end : self.spans[last][1]]
        return end > start and not before.strip() and not after.strip()

    def blank(self, number: int) -> bool:
        """Whether a line holds only whitespace."""
        start, content_end, _ = self.spans[number]
        return not self.text[start:content_end].strip()

    def delete(self, doomed: dict[int, list[Finding]]) -> list[Edit] | None:
        """One edit per run of deleted lines (with the blank lines between and around them)."""
        edits = []
        number = 0
        while number < len(self.spans):
            if number not in doomed:
                number += 1
                continue
            first, last = number, number
            while last + 1 < len(self.spans) and (last + 1 in doomed or self.blank(last + 1)):
                last += 1
            while last > first and last not in doomed:
                last -= 1  # trailing blank lines belong to the gap after the run, handled below
            edit = self._run(first, last, [f for n in range(first, last + 1) for f in doomed.get(n, [])])
            if edit is None:
                return None
            edits.append(edit)
            number = last + 1
        return edits

    def _run(self, first: int, last: int, findings: list[Finding]) -> Edit | None:
        """Delete lines first..last: keep the gap above them and drop the blank lines below."""
        above = next((n for n in range(first - 1, -1, -1) if not self.blank(n)), None)
        below = next((n for n in range(last + 1, len(self.spans)) if not self.blank(n)), None)
        unique = tuple(dict.fromkeys(findings))
        if above is None and below is None:
            return None
        if below is None:  # at the end: the text ends where the line above it ends, as before
            assert above is not None
            return Edit(self.spans[above][1], self.spans[last][1], "", unique)
        if above is None:  # at the top: the next paragraph becomes the first line
            return Edit(self.spans[first][0], self.spans[below][0], "", unique)
        return Edit(self.spans[first][0], self.spans[below][0], "", unique)


def moved(findings: Iterable[Finding], edits: Sequence[Edit], text: str) -> list[Finding]:
    """Findings re-placed on the fixed text; those a fix touched are dropped (they may be gone)."""
    from newsedit.article import Article

    out = []
    articles: dict[str, Article] = {}  # one line index per path, not per finding
    for f in findings:
        if any(e.start < f.end and f.start < e.end for e in edits):
            continue
        shift = sum(len(e.replacement) - (e.end - e.start) for e in edits if e.end <= f.start)
        after = articles.setdefault(f.path, Article(f.path, text, [])).finding(
            f.start + shift, f.end + shift, f.rule, f.message, severity=f.severity, replacements=f.replacements
        )
        out.append(after if after.engine == f.engine else replace(after, engine=f.engine))
    return out
