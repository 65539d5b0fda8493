"""newsedit's phrase rules: phrases and patterns from `data/news_rules.toml`, found in an article's prose.

newsedit's news rules are of two kinds: these phrase rules, run here in Python, and the pattern
rules of the LanguageTool rule pack (`data/languagetool/.../grammar_custom.xml`, ids `NEWS_*`),
run by the server with its tagger."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from newsedit.findings import Finding, Severity

if TYPE_CHECKING:
    from newsedit.article import Article


@dataclass(frozen=True)
class Matcher:
    """A regular expression and the right form for what it finds ("" key: for every match)."""

    regex: re.Pattern[str]
    right: dict[str, str]
    folded: bool  # keys are lower-cased

    def correction(self, found: str) -> str:
        """The right form for found, in found's case."""
        key = " ".join(found.split())
        right = self.right.get(key.lower() if self.folded else key) or self.right[""]
        return _in_case_of(found, right) if self.folded else right


@dataclass(frozen=True)
class NewsRule:
    """One of newsedit's rules over the text, from the data file."""

    id: str
    severity: Severity
    message: str
    matchers: tuple[Matcher, ...]


@cache
def data() -> dict[str, Any]:
    """The news rules data file, parsed."""
    return tomllib.loads(resources.files("newsedit.data").joinpath("news_rules.toml").read_text("utf-8"))


def examples(rule_id: str) -> tuple[list[str], list[str]]:
    """A news rule's pass and fail examples from its table in the data file (none for other rules)."""
    table = data().get(rule_id.removeprefix("grammar/"), {}) if rule_id.startswith("grammar/") else {}
    return list(table.get("pass", [])), list(table.get("fail", []))


def news_rules(house_style: dict[str, str] | None = None) -> list[NewsRule]:
    """The news rules, with the config's house-style pairs added to the shipped ones."""
    out = []
    for name, table in data().items():
        if name == "languagetool":
            continue
        phrases = dict(table.get("phrases", {}))
        if name == "house-style":
            phrases.update(house_style or {})
        matchers = _phrase_matchers(phrases) + tuple(_pattern_matcher(p) for p in table.get("patterns", []))
        out.append(NewsRule(f"grammar/{name}", Severity.parse(table["severity"]), table["message"], matchers))
    return out


def _phrase_matchers(phrases: dict[str, str]) -> tuple[Matcher, ...]:
    """One case-insensitive matcher for the phrases, one exact one for pairs that differ in case only."""
    exact = {k: v for k, v in phrases.items() if k.lower() == v.lower()}
    folded = {k.lower(): v for k, v in phrases.items() if k not in exact}
    out = []
    for table, flags in ((folded, re.IGNORECASE), (exact, 0)):
        if table:
            alternatives = "|".join(_phrase_regex(k) for k in sorted(table, key=len, reverse=True))
            out.append(Matcher(re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", flags), table, bool(flags)))
    return tuple(out)


def _phrase_regex(phrase: str) -> str:
    return r"\s+".join(re.escape(word) for word in phrase.split())


def _pattern_matcher(entry: dict[str, str]) -> Matcher:
    return Matcher(re.compile(entry["match"], re.IGNORECASE), {"": entry["right"]}, True)


def _in_case_of(found: str, right: str) -> str:
    if len(found) > 1 and found.isupper():
        return right.upper()
    return right[:1].upper() + right[1:] if found[:1].isupper() else right


def news_findings(article: Article, rules: Sequence[NewsRule]) -> list[Finding]:
    """Findings of the news rules in the article's prose, quotations left alone."""
    out = []
    for block in prose(article):
        for rule in rules:
            out.extend(_rule_findings(article, rule, block.start, block.end))
    return out


def _rule_findings(article: Article, rule: NewsRule, start: int, end: int) -> list[Finding]:
    out = []
    for matcher in rule.matchers:
        for m in matcher.regex.finditer(article.text, start, end):
            found, right = m.group(), matcher.correction(m.group())
            if right != found and not article.in_quote(m.start(), m.end()) and not article.in_markup(*m.span()):
                message = rule.message.format(found=found, right=right)
                out.append(
                    article.finding(m.start(), m.end(), rule.id, message, severity=rule.severity, replacements=[right])
                )
    return out


def prose(article: Article) -> list[Any]:
    """The blocks that are written prose (section labels are page furniture)."""
    return [b for b in article.blocks if b.kind != "label"]
