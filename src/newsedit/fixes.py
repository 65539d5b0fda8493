"""Fixes in two classes, as ruff has them: which findings newsedit may fix, and how edits apply.

A fix is *safe* when it cannot change what the article says: an exact replacement ("Due of" ->
"Due to"), spacing, the headline repeated word for word, a section label or a line of page
boilerplate from the exact patterns newsedit ships. `newsedit fix` applies only these. Every
other finding that carries a replacement has an *unsafe* fix (a suspected teaser, a near repeat,
boilerplate matched by an open or user pattern, LanguageTool's suggestions, case changes such as
"Brent crude" -> "Brent Crude"), applied only with `--unsafe-fixes`.

A deletion ("" replacement) that covers every word of its lines removes those lines and the blank
lines that would be left doubled; any other fix replaces the finding's span with its first
replacement. Fixes that overlap an earlier one are left for the next run.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from newsedit.findings import Finding
from newsedit.rules import matches
from newsedit.text import LineIndex

SAFE, UNSAFE = "safe", "unsafe"

# Rules whose fix is always an exact replacement that keeps the meaning. Ids or prefixes.
SAFE_RULES = ("grammar/due-of",)
# Rules whose fix is safe only for the certain cases (see `safety`); otherwise unsafe.
CERTAIN_RULES = ("dupes/repeated-headline", "dupes/section-label", "dupes/boilerplate")
# Spacing rules: safe only where the replacement differs from the text in whitespace alone.
WHITESPACE_RULES = (
    "grammar/lt-CONSECUTIVE_SPACES",
    "grammar/lt-WHITESPACE_RULE",
    "grammar/lt-COMMA_PARENTHESIS_WHITESPACE",
)


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


# File names read as Markdown (as `inputs` reads them): there whitespace and heading marks render.
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdx")


def safety(finding: Finding, headline: str | None = None) -> str | None:
    """The class of a finding's fix: SAFE, UNSAFE, or None without one; `headline` is the article's, folded.

    A replacement that differs from the text only in accents ("Café" -> "Cafe") has no fix: both
    spellings stand, and a speller that knows one suggests the other, so fixes would undo each other.
    """
    if not finding.replacements or _accents_only(finding.text, finding.replacements[0]):
        return None
    return SAFE if _certain(finding, headline) else UNSAFE


def _accents_only(old: str, new: str) -> bool:
    return old != new and _unaccented(old) == _unaccented(new)


def _unaccented(text: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def _certain(f: Finding, headline: str | None) -> bool:
    """Whether a fix cannot change what the article says."""
    new = f.replacements[0]
    if matches(f.rule, WHITESPACE_RULES):
        return "".join(f.text.split()) == "".join(new.split()) and not _layout(f)
    if matches(f.rule, SAFE_RULES):
        return True
    if new != "" or not matches(f.rule, CERTAIN_RULES):
        return False
    if f.rule == "dupes/repeated-headline":
        return headline is not None and " ".join(f.text.split()) == headline
    if f.rule == "dupes/section-label":
        from newsedit.article import default_labels, normalise

        return normalise(f.text) in default_labels()
    return all(_certain_boilerplate(line) for line in f.text.splitlines() if line.strip())


def _layout(f: Finding) -> bool:
    """Whether spacing is layout a reader sees: columns aligned by runs of spaces (a results or
    market table), indentation, or, in Markdown, the trailing spaces of a hard line break."""
    line, column = f.source, f.column - 1
    if not line[:column].strip():
        return True  # indentation: a Markdown code block or list level, a poem's layout
    if not line[column + len(f.text) :].strip():
        return Path(f.path).suffix.lower() in MARKDOWN_SUFFIXES  # trailing spaces: a hard break
    return len(f.text) > 2 or len(_SPACE_RUNS.findall(line.strip())) > 1


# Two or more spaces (or tabs) between words: one run is a typo, several are aligned columns.
_SPACE_RUNS = re.compile(r"[ \t]{2,}")


# Pattern pieces that match open-ended text: a line they match is not certainly boilerplate.
_OPEN = re.compile(r"\.[*+{]")


@cache
def _exact() -> re.Pattern[str]:
    """The shipped boilerplate patterns that match only fixed wording (no `.*`, `.+` or `.{m,n}`)."""
    from newsedit.article import boilerplate_patterns

    fixed = [f"(?:{p})" for p in boilerplate_patterns() if not _OPEN.search(p)]
    return re.compile("|".join(fixed) or "(?!)", re.IGNORECASE)


def _certain_boilerplate(line: str) -> bool:
    """Whether a line is certainly boilerplate: it matches a shipped pattern of fixed wording (whitespace folded)."""
    return _exact().fullmatch(" ".join(line.split())) is not None


def safe(finding: Finding, headline: str | None = None) -> bool:
    """Whether `newsedit fix` applies this finding's fix without --unsafe-fixes."""
    return safety(finding, headline) == SAFE


def plan(text: str, findings: Iterable[Finding], *, unsafe: bool = False, headline: str | None = None) -> Plan:
    """Non-overlapping edits for the safe findings of one text (and the unsafe ones with `unsafe`)."""
    lines = _Lines(text)
    out = Plan()
    deletions: dict[int, list[Finding]] = {}  # line number -> findings that delete it whole
    edits: list[Edit] = []
    wanted = (SAFE, UNSAFE) if unsafe else (SAFE,)
    for f in findings:
        if safety(f, headline) not in wanted or text[f.start : f.end] != f.text:
            out.remaining.append(f)
        elif f.replacements[0] == "" and lines.whole(*_with_heading_marks(lines, f)):
            for number in lines.covering(*_with_heading_marks(lines, f)):
                deletions.setdefault(number, []).append(f)
        else:
            edits.append(_piece(text, f))
    merged = lines.delete(deletions)
    if merged is None:  # every line would go: that is not a fix
        out.remaining.extend(f for fs in deletions.values() for f in fs if f not in out.remaining)
        merged = []
    _choose(merged, edits, out)
    return out


# A Markdown heading's marks around its words: "## " before, " ##" after, or a setext underline.
_ATX_OPEN = re.compile(r"[ ]{0,3}#{1,6}[ \t]+")
_ATX_CLOSE = re.compile(r"(?:[ \t]+#+)?[ \t]*")
_SETEXT = re.compile(r"[ ]{0,3}(?:=+|-+)[ \t]*")


def _with_heading_marks(lines: _Lines, f: Finding) -> tuple[int, int]:
    """A Markdown deletion's span widened to its heading's marks: deleting only the words would
    leave an empty `##`, or a setext underline that then renders as a rule or a paragraph."""
    if Path(f.path).suffix.lower() not in MARKDOWN_SUFFIXES:
        return f.start, f.end
    text, covered = lines.text, lines.covering(f.start, f.end)
    first, _, _ = lines.spans[covered[0]]
    _, end, _ = lines.spans[covered[-1]]
    if _ATX_OPEN.fullmatch(text[first : f.start]) and _ATX_CLOSE.fullmatch(text[f.end : end]):
        return first, end
    below = covered[-1] + 1
    if text[first : f.start].strip() == "" and below < len(lines.spans):
        start, content_end, _ = lines.spans[below]
        if _SETEXT.fullmatch(text[start:content_end]) and not text[f.end : end].strip():
            return f.start, content_end
    return f.start, f.end


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
    """Two checks proposing the same edit make one edit."""
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
    """The lines of a text (as `text.LineIndex` counts them) as (start, end of content, end with line break) offsets."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.index = LineIndex(text)  # a final line break starts no line of its own
        self.spans = [self._span(n) for n in range(1, self.index.line_count + 1)]

    def _span(self, line: int) -> tuple[int, int, int]:
        start = self.index.offset(line)
        end = self.index.offset(line + 1) if line < self.index.line_count else len(self.text)
        return start, start + len(self.index.line_text(line)), end  # start, end of content, end with its break

    def number(self, offset: int) -> int:
        """The 0-based line an offset is on."""
        return min(self.index.position(offset).line, self.index.line_count) - 1

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
        # Elsewhere, and at the top (where the next paragraph becomes the first line): up to the next one.
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
        out.append(after)  # same rule, so the same check: check comes from the rule id
    return out
