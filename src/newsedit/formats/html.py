"""One self-contained HTML page for a batch: verdict, charts, duplicate groups and a table of articles.

The page loads nothing (inline CSS, JavaScript and SVG; a Content-Security-Policy forbids any
fetch), so it works as a CI artifact and offline. Everything from the articles (paths,
headlines, messages, text) travels as JSON inside `<script type="application/json">`, with `<`,
`>` and `&` written as `\\u003c`... so no text can close the script, and the page builds its DOM
with `textContent` only: a headline cannot inject markup. The charts are hand-written SVG (a bar
chart and a histogram need no library, and an inlined one would add some 200 KB to every report).

The articles are written one at a time as compact rows (a rule or message used many times is
stored once), so a batch held on disk is read once and memory stays flat; the page draws the
table 200 rows at a time and an article's findings only when it is opened.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from newsedit import __version__, fixes
from newsedit.findings import ArticleResult, Finding, RunReport
from newsedit.formats import RenderOptions
from newsedit.formats.common import readability_grade
from newsedit.rules import Rule, matches

CONTEXT = 90  # characters of the sentence kept on each side of a finding's span
MAX_SPAN = 240  # characters of a span shown whole; longer ones (a paragraph) are cut in the middle
BATCH_RULES = ("dupes/batch-headline", "dupes/batch-body", "dupes/same-story")
ARCHIVE_RULES = ("dupes/archived-headline", "dupes/archived-body")
_FIXES = {None: 0, fixes.SAFE: 1, fixes.UNSAFE: 2}
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+")
_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "prof", "st", "sr", "jr", "gen", "col", "lt", "gov", "sen", "rep", "u.s",
                  "u.k", "u.n", "no", "vs", "inc", "co", "corp", "ltd", "rev", "sgt", "capt", "maj", "adm"}  # fmt: skip
_OTHERS = re.compile(r" as (?P<names>.*) in this run")
_MORE = re.compile(r" and \d+ more$")


def render(report: RunReport, options: RenderOptions) -> str:
    """The whole page."""
    return "".join(stream(report, options))


def stream(report: RunReport, options: RenderOptions) -> Iterator[str]:
    """The page in pieces: the shell, the articles one by one, then what was gathered over them."""
    tally = _Tally(options.rules)
    yield _asset("report.html").split("<!--DATA-->")[0].replace("/*CSS*/", _asset("report.css"))
    yield '<script type="application/json" id="articles">['
    for i, article in enumerate(report.articles):
        yield ("," if i else "") + _json(tally.row(i, article))
    yield ']</script>\n<script type="application/json" id="run">' + _json(tally.run(report, options)) + "</script>\n"
    yield "<script>" + _asset("report.js") + "</script>\n</body>\n</html>\n"


def _asset(name: str) -> str:
    return resources.files("newsedit.data").joinpath(f"report/{name}").read_text("utf-8")


def _json(value: Any) -> str:
    """JSON that no text can end early inside a <script> element (nor open a comment or an entity)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(raw, escaped)
    return text


@dataclass
class _Tally:
    """What the charts need, gathered while the articles are written; strings used often are stored once."""

    catalogue: tuple[Rule, ...]
    strings: dict[str, int] = field(default_factory=dict)
    rules: dict[str, list[int]] = field(default_factory=dict)  # id -> [worst severity, findings, articles]
    grades: list[float] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    batch: list[tuple[int, str, str]] = field(default_factory=list)  # (article, rule, message)
    archived: list[tuple[int, str, str]] = field(default_factory=list)

    def intern(self, text: str) -> int:
        """The index of a string in the page's table of strings."""
        return self.strings.setdefault(text, len(self.strings))

    def row(self, index: int, article: ArticleResult) -> list[Any]:
        """An article as the page reads it: [path, headline, grade, counts, findings, summary, notes, errors]."""
        self.paths.append(article.path)
        grade = readability_grade(article.data)
        if grade is not None:
            self.grades.append(grade)
        for rule in {f.rule for f in article.findings}:
            self.rules.setdefault(rule, [0, 0, 0])[2] += 1
        findings = [self._finding(index, f, article.headline) for f in article.findings]
        counts = article.counts()
        summary = article.data.get("summary")
        summary_row = [summary.get("summary", ""), summary.get("kind", "")] if isinstance(summary, dict) else None
        return [
            article.path, article.headline, grade, [counts["error"], counts["warning"], counts["info"]],
            findings, summary_row, article.notices, article.errors,
        ]  # fmt: skip

    def _finding(self, index: int, f: Finding, headline: str | None) -> list[Any]:
        entry = self.rules.setdefault(f.rule, [0, 0, 0])
        entry[0], entry[1] = max(entry[0], int(f.severity)), entry[1] + 1
        if f.rule in BATCH_RULES:
            self.batch.append((index, f.rule, f.message))
        elif f.rule in ARCHIVE_RULES:
            self.archived.append((index, f.rule, f.message))
        before, after = context(f)
        shown = list(f.replacements[:3])
        fix = _FIXES[fixes.safety(f, headline)]
        return [self.intern(f.rule), int(f.severity), f.line, f.column, self.intern(f.message), before, clip(f.text),
                after, shown, fix]  # fmt: skip

    def run(self, report: RunReport, options: RenderOptions) -> dict[str, Any]:
        """Everything but the articles: totals, rules, grades, duplicate groups, strings."""
        totals = report.totals()
        return {
            "tool": {"name": "newsedit", "version": __version__},
            "checks": report.checks,
            "fail_on": str(options.fail_on),
            "interrupted": report.interrupted,
            "totals": {"articles": totals.articles, "findings": totals.findings, **totals.by_severity},
            "unchecked": len(report.problems) + totals.errors,
            "problems": [[p.path, p.message] for p in report.problems],
            "notices": report.notices,
            "rules": {rule: [*counts, self._explain(rule)] for rule, counts in self.rules.items()},
            "grades": {"target": options.max_grade, "batch": self.grades, "archive": list(options.archive_grades)},
            "clusters": clusters(self.batch, self.paths),
            "archived": archive_groups(self.archived),
            "strings": list(self.strings),
        }

    def _explain(self, rule_id: str) -> str:
        """A rule's explanation from the catalogue (LanguageTool's own ids: their family's)."""
        known = [r for r in self.catalogue if r.id == rule_id or matches(rule_id, [r.id])]
        best = max(known, key=lambda r: (r.id == rule_id, len(r.id)), default=None)
        return best.explanation if best is not None else ""


def clip(text: str) -> str:
    """A span as the page marks it: a whole paragraph (a readability finding) is cut in the middle."""
    if len(text) <= MAX_SPAN:
        return text
    return text[: MAX_SPAN * 2 // 3].rstrip() + " … " + text[-MAX_SPAN // 4 :].lstrip()


def context(f: Finding) -> tuple[str, str]:
    """The sentence around a finding's span, from its source line: the text before it and after it
    ("…" where the sentence goes on past what is kept)."""
    source = f.source
    if not source:
        return "", ""
    start = min(f.column - 1, len(source))
    end = min(f.end_column - 1, len(source)) if f.end_line == f.line else len(source)
    cut = max(0, start - CONTEXT)
    ends = [m.end() for m in _SENTENCE_END.finditer(source, cut, start) if _ends_sentence(source, m.start())]
    before = source[ends[-1] : start] if ends else ("…" if cut else "") + source[cut:start]
    stop = next((m.start() + 1 for m in _SENTENCE_END.finditer(source, end) if _ends_sentence(source, m.start())), None)
    if stop is not None and stop - end <= CONTEXT:
        return before, source[end:stop].rstrip()
    after = source[end : end + CONTEXT]
    return before, after + ("…" if end + CONTEXT < len(source.rstrip()) else "")


def _ends_sentence(text: str, dot: int) -> bool:
    """Whether the stop at `dot` ends a sentence: not after "Mr", "Gen", "U.S" or an initial."""
    word = text[max(0, dot - 6) : dot].rsplit(None, 1)[-1] if text[max(0, dot - 6) : dot].strip() else ""
    return word.lower().strip("(\"'“‘") not in _ABBREVIATIONS and not (len(word) == 1 and word.isupper())


def clusters(batch: list[tuple[int, str, str]], paths: list[str]) -> list[dict[str, Any]]:
    """Articles of the run that duplicate each other, as groups (each finding names a few of the others)."""
    parent = list(range(len(paths)))
    where = {path: i for i, path in enumerate(paths)}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    rules: dict[int, set[str]] = {}
    for index, rule, message in batch:
        for other in _named(message, where):
            parent[root(other)] = root(index)
        rules.setdefault(index, set()).add(rule)
    groups: dict[int, list[int]] = {}
    for index in sorted(rules):
        groups.setdefault(root(index), []).append(index)
    return [
        {"members": members, "rules": sorted(set().union(*(rules.get(m, set()) for m in members)))}
        for members in sorted(groups.values(), key=lambda m: (-len(m), m[0]))
    ]


def _named(message: str, where: dict[str, int]) -> list[int]:
    """The articles a duplicate finding's message names ("same headline as a.txt, b.txt and 2 more")."""
    found = _OTHERS.search(message)
    if found is None:
        return []
    names = _MORE.sub("", found["names"]).split(", ")
    out, pending = [], ""
    for name in names:  # a path holding ", " was split: join pieces until they name an article
        pending = f"{pending}, {name}" if pending else name
        if pending in where:
            out.append(where[pending])
            pending = ""
    return out


def archive_groups(archived: list[tuple[int, str, str]]) -> list[dict[str, Any]]:
    """Articles that match an archived one, grouped by the archived article (its message names it and its date)."""
    groups: dict[str, dict[str, Any]] = {}
    for index, rule, message in archived:
        earlier = message.split(": ", 1)[-1]
        group = groups.setdefault(earlier, {"archived": earlier, "members": [], "rules": []})
        if index not in group["members"]:
            group["members"].append(index)
        if rule not in group["rules"]:
            group["rules"].append(rule)
    return sorted(groups.values(), key=lambda g: (-len(g["members"]), g["archived"]))
