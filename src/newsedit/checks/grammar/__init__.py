"""Grammar and style: LanguageTool's matches plus newsedit's news rules, at exact offsets.

LanguageTool runs as a server (`newsedit.backends.languagetool`); the news rules are pure Python
over `data/news_rules.toml`. Where both flag the same words, the news rule wins: LanguageTool
reads "Due of its war" as a misspelt "Do", newsedit knows it means "Due to".

Spelling and names: a word LanguageTool does not know is no error when it is on the accept
list (`data/accept.txt` plus `grammar.accept`) or is a capitalised word that recurs in the
article. A capitalised word met once, mid-sentence, is most likely a name: it is reported as
`grammar/unknown-name`, a warning to check it, unless it is one letter or two away from a name
the article uses elsewhere (then it is a misspelling of that name).

Quotations are what someone said: inside them only spelling and the capitals of proper nouns
(how the words are written down, not what was said) are reported.
"""

from __future__ import annotations

import difflib
import itertools
import re
import tomllib
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from newsedit.checks import CheckOutput
from newsedit.findings import Finding, Severity
from newsedit.rules import Rule

if TYPE_CHECKING:
    from newsedit.article import Article
    from newsedit.backends.languagetool import Client, Match, Part
    from newsedit.config import Config, GrammarConfig

VERSION = "1"  # bump when the same LanguageTool answer would give other findings
LT_PREFIX = "grammar/lt-"  # LanguageTool rule X is reported as grammar/lt-X; the prefix selects them all

RULES = [
    Rule("grammar/due-of", "due of", Severity.ERROR, '"Due of" is not English: the phrase is "due to".'),
    Rule(
        "grammar/wrong-word", "wrong word", Severity.ERROR,
        'A word that sounds right but is wrong in the phrase: "intercity ballistic missile" for "intercontinental".',
    ),
    Rule(
        "grammar/informal", "informal word", Severity.WARNING,
        'A slang or clipped word that news copy spells out: "ammo" for "ammunition".',
    ),
    Rule(
        "grammar/house-style", "house style", Severity.WARNING,
        "The newsroom's preferred form: newsedit's defaults plus grammar.house-style in the config.",
    ),
    Rule(
        "grammar/unknown-name", "unknown name", Severity.WARNING,
        "A capitalised word LanguageTool does not know, used once: check the name, or add it to grammar.accept.",
    ),
    Rule(
        LT_PREFIX, "LanguageTool", Severity.WARNING,
        "LanguageTool's own rules, reported as grammar/lt-<rule id>; severity follows the rule's category.",
    ),
]  # fmt: skip

_SEVERITY = {rule.id: rule.severity for rule in RULES}
_WORD = re.compile(r"[^\W\d_]\w*(?:['’][^\W\d_]\w*)*")  # inner apostrophes stay: O'Brien, Lavrov's
_SENTENCE_END = ".!?…:"
_OPENERS = "\"'“‘([«"
# Markdown syntax (found by the parser, see newsedit.markdown) is markup that LanguageTool skips.
# A code span reads as a neutral word, which keeps its sentence whole; the rest reads as nothing.
_READ_AS = {"code": "code"}
# Syntax that stands between words (a tag, an image, an autolink) takes the spaces after it along.
_BETWEEN_WORDS = ("html", "image", "autolink")


def create(config: Config) -> GrammarCheck:
    """The grammar engine; LanguageTool is reached on the first check."""
    return GrammarCheck(config.grammar)


def fingerprint(config: Config) -> str:
    """Which LanguageTool answers (for result caches): its version, or the server named."""
    from newsedit.backends import languagetool

    return languagetool.identity(config.grammar)


# ---- news rules ------------------------------------------------------------------------------


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


@cache
def accept_list() -> frozenset[str]:
    """The names shipped with newsedit that are never spelling errors."""
    text = resources.files("newsedit.data").joinpath("accept.txt").read_text("utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


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
        out.append(NewsRule(f"grammar/{name}", _SEVERITY[f"grammar/{name}"], table["message"], matchers))
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
    for block in _prose(article):
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


def _prose(article: Article) -> list[Any]:
    """The blocks that are written prose (section labels are page furniture)."""
    return [b for b in article.blocks if b.kind != "label"]


# ---- what goes to LanguageTool ---------------------------------------------------------------


def lt_parts(article: Article) -> list[Part]:
    """The whole text as LanguageTool `data`: prose to check, the rest as markup it skips.

    The parts add up to the article's text, so LanguageTool's offsets are offsets into it.
    """
    text, parts, pos = article.text, [], 0
    for block in _prose(article):
        if block.start > pos:
            parts.append({"markup": text[pos : block.start], "interpretAs": "\n\n" if pos else ""})
        parts.extend(_inline(article, block.start, block.end))
        pos = block.end
    if pos < len(text):
        # Read as nothing: a text that ends in one newline makes LanguageTool call every quote
        # mark of the last paragraph unpaired.
        parts.append({"markup": text[pos:], "interpretAs": ""})
    return parts


def _inline(article: Article, start: int, end: int) -> list[Part]:
    """One block as parts: its prose as text, its Markdown syntax (from the parser) as markup."""
    text, parts, pos = article.text, [], start
    for markup in article.markup:
        if markup.end <= pos or markup.start >= end:
            continue
        if markup.start > pos:
            parts.append({"text": text[pos : markup.start]})
        until = _absorb(text, max(pos, markup.start), min(markup.end, end), end, markup.kind)
        part: Part = {"markup": text[max(pos, markup.start) : until]}
        if markup.kind in _READ_AS:
            part["interpretAs"] = _READ_AS[markup.kind]
        parts.append(part)
        pos = until
    if pos < end:
        parts.append({"text": text[pos:end]})
    return parts


def _absorb(text: str, start: int, stop: int, end: int, kind: str) -> int:
    """Where markup read as nothing ends: with the spaces after it when spaces come before it too,
    so that "a <br> b" reads "a b", not "a  b" (a whitespace finding in nothing the writer typed)."""
    if kind not in _BETWEEN_WORDS or (start > 0 and not text[start - 1].isspace()):
        return stop
    while stop < end and text[stop] in " \t":
        stop += 1
    return stop


# ---- LanguageTool's matches as findings ------------------------------------------------------


@dataclass
class Names:
    """What counts as a name in one article: the accept list and the words that recur."""

    accepted: frozenset[str]
    counts: Counter[str]

    def known(self, word: str) -> bool:
        """Accepted, or a capitalised word the article uses more than once."""
        return word in self.accepted or word.title() in self.accepted or self.counts[word] > 1

    def near(self, word: str) -> str | None:
        """A known name this word is probably a misspelling of."""
        pool = [w for w, n in self.counts.items() if n > 1 and w[:1].isupper()]
        close = difflib.get_close_matches(word, pool, n=1, cutoff=0.8)
        close = close or difflib.get_close_matches(word, self.accepted, n=1, cutoff=0.85)
        return close[0] if close else None


@dataclass(frozen=True)
class Misfire:
    """A LanguageTool match known to be wrong in news copy: its text, and what follows it."""

    text: re.Pattern[str]  # must match the whole matched text
    then: re.Pattern[str] | None = None  # when given, must match right after it

    def covers(self, match: Match, text: str) -> bool:
        """Whether this misfire is the match."""
        if self.text.fullmatch(text, match.start, match.end) is None:
            return False
        return self.then is None or self.then.match(text, match.end) is not None


@dataclass(frozen=True)
class LtPolicy:
    """How LanguageTool's matches are reported: severities, spell checkers, accepted words."""

    severity: dict[str, Severity]
    spelling: tuple[str, ...]
    accepted: frozenset[str]
    skip: dict[str, tuple[Misfire, ...]]
    in_quotes: tuple[str, ...] = ()  # besides spelling, rules that apply inside quotations
    not_in_headlines: tuple[str, ...] = ()  # rules that headline style breaks on purpose (no articles)

    def severity_of(self, match: Match) -> Severity:
        """The severity of a match, from its category."""
        return self.severity.get(match.category, Severity.WARNING)

    def is_spelling(self, match: Match) -> bool:
        """Whether a match comes from a spell checker."""
        return match.rule.startswith(self.spelling)

    def applies_in_quotes(self, match: Match) -> bool:
        """Whether a match inside a quotation is the writer's to fix (spelling, proper-noun case)."""
        return match.rule.startswith((*self.spelling, *self.in_quotes))

    def skips_headline(self, match: Match, article: Article) -> bool:
        """Whether a match is in a headline or heading and its rule does not apply to headline style."""
        if not match.rule.startswith(self.not_in_headlines) or not self.not_in_headlines:
            return False
        return any(b.start <= match.start < b.end and b.kind in ("headline", "heading") for b in article.blocks)

    def misfires(self, match: Match, text: str) -> bool:
        """Whether a match is one LanguageTool is known to get wrong in news copy."""
        return any(misfire.covers(match, text) for misfire in self.skip.get(match.rule, ()))


def lt_policy(settings: GrammarConfig) -> LtPolicy:
    """The reporting policy from the data file and the config's accept list."""
    table = data()["languagetool"]
    severity = {k: Severity.parse(v) for k, v in table["severity"].items()}
    skip = {rule: tuple(_misfire(entry) for entry in entries) for rule, entries in table.get("skip", {}).items()}
    accepted = accept_list() | frozenset(_words(settings.accept))
    return LtPolicy(
        severity, tuple(table["spelling"]), accepted, skip, tuple(table.get("in_quotes", ())),
        tuple(table.get("not_in_headlines", ())),
    )  # fmt: skip


def _misfire(entry: dict[str, str]) -> Misfire:
    then = entry.get("then")
    return Misfire(re.compile(entry["text"]), re.compile(then) if then else None)


def _words(entries: Sequence[str]) -> list[str]:
    return [word for entry in entries for word in entry.split()]


def lt_findings(
    article: Article, matches: Sequence[Match], policy: LtPolicy, taken: Sequence[Finding]
) -> list[Finding]:
    """LanguageTool's matches as findings, less those the news rules or the name checks settle."""
    names = Names(policy.accepted, _capitalised(article.text))
    out = []
    for match in matches:
        spelling = policy.is_spelling(match)
        if _overlaps(match, taken) or policy.misfires(match, article.text) or _continued_quote(article, match):
            continue
        if policy.skips_headline(match, article) or _on_code(article, match):
            continue
        if article.in_quote(match.start, match.end) and not policy.applies_in_quotes(match):
            continue
        finding = _spelling(article, match, policy, names) if spelling else _lt_finding(article, match, policy)
        if finding is not None:
            out.append(finding)
    return out


def _capitalised(text: str) -> Counter[str]:
    """How often each capitalised word occurs, possessives counted as the name ("Lavrov's")."""
    words = (w[:-2] if w.endswith(("'s", "’s")) else w for w in _WORD.findall(text))
    return Counter(w for w in words if w[:1].isupper())


_OPENING_QUOTES = {'"': '"', "“": "”"}  # opening mark -> its closing mark


def _continued_quote(article: Article, match: Match) -> bool:
    """An "unpaired" opening quote mark that follows the convention for a quotation over several
    paragraphs: each paragraph opens a quote mark, only the last one closes it."""
    if match.rule != "EN_UNPAIRED_QUOTES":
        return False
    mark = article.text[match.start : match.end]
    if mark not in _OPENING_QUOTES:
        return False
    for here, after in itertools.pairwise(article.paragraphs):
        if here.start <= match.start < here.end:
            paragraph = here.slice(article.text)
            close = _OPENING_QUOTES[mark]
            opened = paragraph.count(mark)
            unclosed = opened % 2 == 1 if mark == close else opened > paragraph.count(close)
            return unclosed and after.slice(article.text).lstrip().startswith(mark)
    return False


def _on_code(article: Article, match: Match) -> bool:
    """Whether a match touches a code span, which LanguageTool read as the word "code": what it
    says there ("code code" repeated, "a code") is about the stand-in, not the writer's words."""
    return any(m.kind == "code" and m.start < match.end and match.start < m.end for m in article.markup)


def _overlaps(match: Match, taken: Sequence[Finding]) -> bool:
    return any(f.start < match.end and match.start < f.end for f in taken)


def _lt_finding(article: Article, match: Match, policy: LtPolicy, near: str | None = None) -> Finding:
    replacements = list(dict.fromkeys([near, *match.replacements] if near else match.replacements))[:5]
    message = match.message
    if near:
        message = f'"{article.text[match.start : match.end]}" looks like a misspelling of the name "{near}".'
    rule = f"{LT_PREFIX}{match.rule}"
    return article.finding(
        match.start, match.end, rule, message, severity=policy.severity_of(match), replacements=replacements
    )


def _spelling(article: Article, match: Match, policy: LtPolicy, names: Names) -> Finding | None:
    """A spell checker's match, unless the word is a name the article or the list vouches for."""
    word = article.text[match.start : match.end]
    if word in names.accepted:
        return None
    if not word[:1].isupper():
        return _lt_finding(article, match, policy)
    if names.known(word):
        return None
    near = names.near(word)
    if near is not None:
        return _lt_finding(article, match, policy, near)
    if _starts_sentence(article, match.start):
        return _lt_finding(article, match, policy)
    message = f'"{word}" is not in the dictionary: if it is a name, check its spelling (or add it to grammar.accept).'
    replacements = list(match.replacements[:5])
    rule = "grammar/unknown-name"
    return article.finding(match.start, match.end, rule, message, severity=_SEVERITY[rule], replacements=replacements)


def _starts_sentence(article: Article, offset: int) -> bool:
    """Whether the word at offset opens a sentence (or a headline, or a paragraph)."""
    text = article.text
    starts = [b.start for b in article.blocks]
    block_start = starts[bisect_right(starts, offset) - 1] if starts and starts[0] <= offset else 0
    i = offset - 1
    while i >= block_start and (text[i].isspace() or text[i] in _OPENERS):
        i -= 1
    return i < block_start or text[i] in _SENTENCE_END


# ---- the engine ------------------------------------------------------------------------------


class GrammarCheck:
    """LanguageTool and the news rules over articles, several at once."""

    name = "grammar"

    def __init__(self, settings: GrammarConfig) -> None:
        self.settings = settings
        self.rules = news_rules(settings.house_style)
        self.policy = lt_policy(settings)
        self._client: Client | None = None

    def check(self, article: Article) -> CheckOutput:
        """Check one article."""
        return self.check_many([article])[0]

    def check_many(self, articles: Sequence[Article]) -> list[CheckOutput]:
        """Check articles together: LanguageTool gets them as concurrent requests."""
        outcomes = self.client().check([lt_parts(a) for a in articles])
        return [self._output(a, o) for a, o in zip(articles, outcomes, strict=True)]

    def client(self) -> Client:
        """The LanguageTool client (created on first use; the server starts on first request)."""
        if self._client is None:
            from newsedit.backends.languagetool import Client

            self._client = Client(self.settings)
        return self._client

    def close(self) -> None:
        """Let go of the client; a local server stays up for the next run until it is idle."""
        if self._client is not None:
            self._client.close()

    def _output(self, article: Article, outcome: list[Match] | Exception) -> CheckOutput:
        news = news_findings(article, self.rules)
        if isinstance(outcome, Exception):
            # The news rules still report; the article counts as not checked (exit code 2).
            return CheckOutput(findings=news, error=f"{self.name}: not checked by LanguageTool: {outcome}")
        return CheckOutput(findings=news + lt_findings(article, outcome, self.policy, news))
