"""Inline suppressions written in the article as HTML comments.

- `<!-- newsedit: ignore -->` drops every finding on the next non-blank line;
  `<!-- newsedit: ignore grammar/due-of dupes -->` only those rules (ids or prefixes).
- `<!-- newsedit: disable RULES -->` ... `<!-- newsedit: enable -->` drops findings on the lines
  between the two comments; without an `enable` the block runs to the end of the article.
  `enable RULES` ends only the blocks that named one of those rules.

A finding belongs to the line it starts on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from newsedit.findings import Finding
from newsedit.rules import matches
from newsedit.text import LineIndex

ACTIONS = ("ignore", "disable", "enable")
_DIRECTIVE = re.compile(r"<!--\s*newsedit\s*:\s*(?P<action>[\w-]*)(?P<rules>.*?)-->", re.S | re.I)
_ONLY_COMMENTS = re.compile(r"\s*(?:<!--.*?-->\s*)*", re.S)


@dataclass(frozen=True)
class Region:
    """Lines first..last (1-based, inclusive) where findings of `rules` (empty: all) are dropped."""

    first: int
    last: int
    rules: tuple[str, ...] = ()

    def covers(self, finding: Finding) -> bool:
        """Whether this region silences the finding."""
        in_lines = self.first <= finding.line <= self.last
        return in_lines and (not self.rules or matches(finding.rule, self.rules))


@dataclass(frozen=True)
class Suppressions:
    """Every suppression one article declares."""

    regions: tuple[Region, ...] = ()

    def apply(self, findings: Iterable[Finding]) -> list[Finding]:
        """The findings no region silences."""
        return [f for f in findings if not any(r.covers(f) for r in self.regions)]

    def __bool__(self) -> bool:
        return bool(self.regions)


@dataclass(frozen=True)
class _Directive:
    action: str
    rules: tuple[str, ...]
    line: int  # where the comment ends


def parse(text: str, code: Sequence[tuple[int, int]] = ()) -> tuple[Suppressions, list[str]]:
    """The suppressions in an article's text, and a notice for each comment newsedit cannot read.

    code: the [start, end) regions that are Markdown code (blocks and spans); a comment quoted
    there is an example shown to readers, not a directive.
    """
    if "newsedit" not in text:  # the common case costs one substring search
        return Suppressions(), []
    lines = LineIndex(text)
    directives, notices = _directives(text, lines, code)
    regions = [_ignore_region(d, lines) for d in directives if d.action == "ignore"]
    regions.extend(_blocks([d for d in directives if d.action != "ignore"], lines.line_count))
    return Suppressions(tuple(r for r in regions if r is not None)), notices


def _directives(text: str, lines: LineIndex, code: Sequence[tuple[int, int]]) -> tuple[list[_Directive], list[str]]:
    found, notices = [], []
    for m in _DIRECTIVE.finditer(text):
        if any(start < m.end() and m.start() < end for start, end in code):
            continue
        action = m["action"].lower()
        line = lines.position(m.end()).line
        if action not in ACTIONS:
            notices.append(f"line {line}: unknown newsedit comment {action!r} (allowed: {', '.join(ACTIONS)})")
            continue
        rules = tuple(m["rules"].replace(",", " ").split())
        notices.extend(f"line {line}: {problem}" for problem in _rule_problems(rules))
        found.append(_Directive(action, rules, line))
    return found, notices


def _rule_problems(rules: tuple[str, ...]) -> list[str]:
    """A comment that names no real rule would silence nothing: say so (config and options are checked alike)."""
    from newsedit import validate

    return [problem for problem in map(validate.rule_problem, rules) if problem]


def _ignore_region(directive: _Directive, lines: LineIndex) -> Region | None:
    """The next line after the comment that holds something besides comments."""
    for number in range(directive.line + 1, lines.line_count + 1):
        if not _ONLY_COMMENTS.fullmatch(lines.line_text(number)):
            return Region(number, number, directive.rules)
    return None


def _blocks(directives: list[_Directive], last_line: int) -> list[Region]:
    """Pair each `disable` with the `enable` that ends it."""
    regions: list[Region] = []
    open_: list[_Directive] = []
    for d in directives:
        if d.action == "disable":
            open_.append(d)
            continue
        ended = [o for o in open_ if not d.rules or set(o.rules) & set(d.rules)]
        regions.extend(Region(o.line, d.line, o.rules) for o in ended)
        open_ = [o for o in open_ if o not in ended]
    regions.extend(Region(o.line, last_line, o.rules) for o in open_)
    return regions
