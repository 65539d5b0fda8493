"""A desk's house rules: `[[rule]]` tables in the TOML files that `house-rules` names, checked when they load.

A rule is a regular expression (`pattern`) or a list of phrases (`phrase`), a replacement, a
message, a severity, tags, a link and examples that must pass and fail: a file whose rule misses
its own fail example, or flags its own pass example, is a config error naming the rule.

Patterns are user input and run over every article: they are compiled with the `regex` module,
whose matching takes a timeout (MATCH_SECONDS per rule and article); patterns longer than
MAX_PATTERN characters, and nested repetitions such as `(a+)+` (exponential backtracking), are
refused when the file loads.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsedit.errors import ConfigError
from newsedit.findings import Finding, Severity
from newsedit.rules import Examples, Rule

if TYPE_CHECKING:
    import regex  # a desk without house rules (most hook runs) never loads it

    from newsedit.article import Article
    from newsedit.config import Config

PREFIX = "house/"
CHECK = "grammar"  # the check that runs house rules (its findings' `check`, the JSON report's engine)
MAX_PATTERN = 1000  # characters: a style rule is a phrase or two, not a program
MATCH_SECONDS = 0.5  # one rule on one article; past it the rule gives up on that article (a notice)
_ID = re.compile(r"house/[a-z0-9][a-z0-9-]*")
# A group that repeats something repeated, then repeats itself: "(a+)+", "(\w+\s?)*", "(x{2,})+".
_NESTED = re.compile(r"\((?:[^()\\]|\\.)*(?:[+*]|\{\d*,?\d*\})\)(?:[+*]|\{\d*,?\d*\})")
KEYS = {"id", "name", "pattern", "phrase", "replacement", "message", "severity", "tags", "link", "examples",
        "case-sensitive"}  # fmt: skip
_SENTENCE_END = ".!?:"


class RuleTimeout(Exception):
    """A house rule took longer than MATCH_SECONDS on one text."""


@dataclass(frozen=True)
class HouseRule:
    """One house rule, compiled."""

    entry: Rule  # id, name, severity, message as explanation, examples, tags, link
    regex: regex.Pattern[str]
    replacement: str | None
    message: str
    folded: bool  # a case-insensitive match: the replacement takes the case of what it replaces
    source: Path

    @property
    def id(self) -> str:
        """The rule's id (`house/...`)."""
        return self.entry.id

    def spans(self, text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int, str | None]]:
        """(start, end, suggestion) of each match in text[start:end]; RuleTimeout past MATCH_SECONDS."""
        try:
            for m in self.regex.finditer(text, start, len(text) if end is None else end, timeout=MATCH_SECONDS):
                yield m.start(), m.end(), self._right(m, text)
        except TimeoutError:
            raise RuleTimeout(f"{self.id}: gave up after {MATCH_SECONDS} s (simplify its pattern)") from None

    def _right(self, m: regex.Match[str], text: str) -> str | None:
        if self.replacement is None:
            return None
        right = m.expand(self.replacement)
        if self.folded:
            right = _in_case_of(m.group(), right)
        if right[:1].islower() and m.group()[:1].isupper() and _sentence_start(text, m.start()):
            right = right[:1].upper() + right[1:]
        return right


def _in_case_of(found: str, right: str) -> str:
    return right.upper() if len(found) > 1 and found.isupper() else right


def _sentence_start(text: str, at: int) -> bool:
    """Whether `at` begins a sentence: nothing but quotes and space since the last sentence end or line."""
    before = text[:at].rstrip(" \t\"'“‘(")
    return not before or before.endswith("\n") or before[-1] in _SENTENCE_END


def findings(article: Article, rules: Sequence[HouseRule]) -> tuple[list[Finding], list[str]]:
    """The house rules' findings in the article's prose (quotations and markup left alone), and notices."""
    out: list[Finding] = []
    notices: list[str] = []
    blocks = [b for b in article.blocks if b.kind != "label"]
    for rule in rules:
        try:
            out.extend(f for b in blocks for f in _block_findings(article, rule, b.start, b.end))
        except RuleTimeout as exc:
            notices.append(f"{article.path}: {exc}")
    return out, notices


def _block_findings(article: Article, rule: HouseRule, start: int, end: int) -> Iterator[Finding]:
    for s, e, right in rule.spans(article.text, start, end):
        found = article.text[s:e]
        if right == found or s == e or article.in_quote(s, e) or article.in_markup(s, e):
            continue
        # Not str.format: a message is user input, and format would reach into attributes ({found.__class__}).
        message = rule.message.replace("{found}", found).replace("{right}", right or "")
        replacements = [right] if right is not None else []
        found_at = article.finding(s, e, rule.id, message, severity=rule.entry.severity, replacements=replacements)
        yield replace(found_at, check=CHECK)


def load_all(config: Config) -> list[HouseRule]:
    """The house rules of every file the config names (relative to it), those with a chosen tag only."""
    rules = [rule for name in config.house_rules for rule in load(config.root / Path(name).expanduser())]
    wanted = set(config.house_tags)
    return [r for r in rules if not wanted or wanted & set(r.entry.tags)]


def load(path: Path) -> list[HouseRule]:
    """The rules of one house rules file, each checked against its own examples."""
    stat = _stat(path)
    return list(_load(path.resolve(), stat.st_mtime_ns, stat.st_size))


def digest(config: Config) -> str:
    """What the config's house rules files hold, for result caches."""
    import hashlib

    h = hashlib.sha256()
    for name in config.house_rules:
        path = config.root / Path(name).expanduser()
        h.update(str(path).encode() + b"\0" + (path.read_bytes() if path.is_file() else b""))
    return h.hexdigest()[:16] if config.house_rules else ""


def _stat(path: Path) -> Any:
    try:
        return path.stat()
    except OSError as exc:
        raise ConfigError(f"house-rules: cannot read {path}: {exc.strerror or exc}") from None


@cache
def _load(path: Path, _mtime: int, _size: int) -> tuple[HouseRule, ...]:
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read house rules: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    tables = data.get("rule", [])
    if set(data) - {"rule"} or not isinstance(tables, list) or not tables:
        raise ConfigError(f"{path}: a house rules file holds [[rule]] tables, and only those")
    rules = tuple(_compile(path, i, t) for i, t in enumerate(tables))
    ids = [r.id for r in rules]
    twice = next((i for i in ids if ids.count(i) > 1), None)
    if twice:
        raise ConfigError(f"{path}: rule {twice} is defined twice")
    for rule in rules:
        _check_examples(rule)
    return rules


def _compile(path: Path, index: int, table: Any) -> HouseRule:
    where = f"{path}: rule {table.get('id', f'#{index + 1}') if isinstance(table, dict) else f'#{index + 1}'}"
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: must be a table")
    _check_keys(where, table)
    import regex

    source, folded = _source(where, table)
    compiled = _regex(where, source, 0 if table.get("case-sensitive", not folded) else regex.IGNORECASE)
    examples = table["examples"]
    entry = Rule(
        table["id"], _str(where, table, "name", table["id"].removeprefix(PREFIX)), _severity(where, table),
        _str(where, table, "message"), examples=Examples(tuple(examples["pass"]), tuple(examples["fail"])),
        tags=tuple(_strings(where, table, "tags")), link=_str(where, table, "link", ""),
    )  # fmt: skip
    replacement = table.get("replacement")
    if replacement is not None and not isinstance(replacement, str):
        raise ConfigError(f"{where}: 'replacement' must be a string")
    return HouseRule(entry, compiled, replacement, entry.explanation, folded, path)


def _check_keys(where: str, table: dict[str, Any]) -> None:
    unknown = sorted(set(table) - KEYS)
    if unknown:
        raise ConfigError(f"{where}: unknown key '{unknown[0]}' (allowed: {', '.join(sorted(KEYS))})")
    rule_id = table.get("id")
    if not isinstance(rule_id, str) or not _ID.fullmatch(rule_id):
        raise ConfigError(f"{where}: 'id' must be house/ and a kebab-case name, such as house/mln (it is {rule_id!r})")
    for key in ("message", "examples"):
        if key not in table:
            raise ConfigError(f"{where}: '{key}' is missing")
    examples = table["examples"]
    ok = isinstance(examples, dict) and set(examples) == {"pass", "fail"}
    if not ok or not all(_nonempty_strings(examples[k]) for k in ("pass", "fail")):
        raise ConfigError(f"{where}: 'examples' must be {{ fail = [...], pass = [...] }}, each a list of strings")


def _nonempty_strings(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, str) for v in value)


def _source(where: str, table: dict[str, Any]) -> tuple[str, bool]:
    """The regular expression of a rule, and whether it is a phrase (matched case-insensitively)."""
    if ("pattern" in table) == ("phrase" in table):
        raise ConfigError(f"{where}: give 'pattern' (a regular expression) or 'phrase', one of the two")
    if "pattern" in table:
        return _str(where, table, "pattern"), False
    phrases = table["phrase"] if isinstance(table["phrase"], list) else [table["phrase"]]
    if not _nonempty_strings(phrases) or not all(p.split() for p in phrases):
        raise ConfigError(f"{where}: 'phrase' must be a phrase or a list of phrases")
    import regex

    alternatives = "|".join(r"\s+".join(regex.escape(w) for w in p.split()) for p in phrases)
    return rf"(?<![\w-])(?:{alternatives})(?![\w-])", True


def _regex(where: str, pattern: str, flags: int) -> regex.Pattern[str]:
    import regex

    if len(pattern) > MAX_PATTERN:
        raise ConfigError(f"{where}: its pattern has {len(pattern):,} characters (at most {MAX_PATTERN:,})")
    if _NESTED.search(pattern):
        raise ConfigError(
            f"{where}: its pattern repeats a repetition ({_NESTED.search(pattern).group()}), which can take"  # type: ignore[union-attr]
            " exponential time on some text: rewrite it without the nested +, * or {n,}"
        )
    try:
        return regex.compile(pattern, flags | regex.V0)
    except (regex.error, ValueError, OverflowError) as exc:
        raise ConfigError(f"{where}: bad pattern: {exc}") from None


def _str(where: str, table: dict[str, Any], key: str, default: str | None = None) -> str:
    value = table.get(key, default)
    if not isinstance(value, str) or (default is None and not value.strip()):
        raise ConfigError(f"{where}: '{key}' must be a string (it is {value!r})")
    return value


def _strings(where: str, table: dict[str, Any], key: str) -> list[str]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: '{key}' must be a list of strings")
    return value


def _severity(where: str, table: dict[str, Any]) -> Severity:
    try:
        return Severity.parse(_str(where, table, "severity", "warning"))
    except ValueError:
        raise ConfigError(f"{where}: 'severity' must be error, warning or info (it is {table['severity']!r})") from None


def _check_examples(rule: HouseRule) -> None:
    """Each fail example gives a finding and no pass example does: else the file is refused."""
    import regex

    from newsedit.article import parse

    for kind, texts in (("fail", rule.entry.examples.failing), ("pass", rule.entry.examples.passing)):
        for text in texts:
            try:
                found, _ = _checked(parse(text, "example"), rule)
            except (IndexError, regex.error) as exc:  # a replacement naming a group the pattern lacks
                raise ConfigError(f"{rule.source}: rule {rule.id}: bad replacement: {exc}") from None
            if bool(found) != (kind == "fail"):
                what = "does not flag its fail example" if kind == "fail" else "flags its pass example"
                raise ConfigError(f"{rule.source}: rule {rule.id} {what}: {text!r}")


def _checked(article: Article, rule: HouseRule) -> tuple[list[Finding], list[str]]:
    found, notices = findings(article, [rule])
    if notices:
        raise ConfigError(f"{rule.source}: rule {rule.id} takes over {MATCH_SECONDS} s on its own example")
    return found, notices
