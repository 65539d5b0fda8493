"""Grammar and style: LanguageTool's matches plus newsedit's news rules, at exact offsets.

LanguageTool runs as a server (`newsedit.backends.languagetool`); the news rules are pure Python
over `data/news_rules.toml`. Where both flag the same words, the news rule wins: LanguageTool
reads "Due of its war" as a misspelt "Do", newsedit knows it means "Due to".

This face holds the check (`create`, `GrammarCheck`, `VERSION`, `fingerprint`, `text_block`) and
re-exports the rest: `catalogue` (the rules table), `news_rules` (the data-file rules), `markup`
(what goes to LanguageTool), `policy` (severities, misfires, quotations, headlines), `spelling`
(names and unknown words), `matches` (LanguageTool's matches as findings), `language` (the
English an article is checked in, or not English), `variants` and `vocabulary`.

Quotations are what someone said: inside them only spelling and the capitals of proper nouns
(how the words are written down, not what was said) are reported.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsedit.checks import CheckOutput
from newsedit.checks.grammar.catalogue import LT_PREFIX as LT_PREFIX
from newsedit.checks.grammar.catalogue import RULES as RULES
from newsedit.checks.grammar.language import Language as Language
from newsedit.checks.grammar.language import article_language as article_language
from newsedit.checks.grammar.language import not_english, other_variant
from newsedit.checks.grammar.language import prose_text as prose_text
from newsedit.checks.grammar.markup import lt_parts as lt_parts
from newsedit.checks.grammar.matches import lt_findings as lt_findings
from newsedit.checks.grammar.news_rules import Matcher as Matcher
from newsedit.checks.grammar.news_rules import NewsRule as NewsRule
from newsedit.checks.grammar.news_rules import data as data
from newsedit.checks.grammar.news_rules import examples as examples
from newsedit.checks.grammar.news_rules import news_findings as news_findings
from newsedit.checks.grammar.news_rules import news_rules as news_rules
from newsedit.checks.grammar.policy import LtPolicy as LtPolicy
from newsedit.checks.grammar.policy import Misfire as Misfire
from newsedit.checks.grammar.policy import accept_list as accept_list
from newsedit.checks.grammar.policy import context_rule as context_rule
from newsedit.checks.grammar.policy import lt_policy as lt_policy
from newsedit.checks.grammar.policy import measured_severities as measured_severities
from newsedit.checks.grammar.policy import measured_table as measured_table
from newsedit.checks.grammar.policy import precision_table as precision_table
from newsedit.checks.grammar.policy import rule_family as rule_family
from newsedit.checks.grammar.spelling import Names as Names

if TYPE_CHECKING:
    from newsedit.article import Article
    from newsedit.backends.languagetool import Client, Match
    from newsedit.checks import Context
    from newsedit.config import Config, GrammarConfig
    from newsedit.findings import Finding
    from newsedit.house_rules import HouseRule
    from newsedit.namelist import NameList
    from newsedit.rules import Rule

VERSION = "2"  # bump when the same LanguageTool answer would give other findings


def create(config: Config, context: Context | None = None) -> GrammarCheck:
    """The grammar check; LanguageTool is reached on the first check (it needs nothing of the context)."""
    from newsedit import house_rules, namelist

    check = GrammarCheck(config.grammar, _archive_file(config))
    check.desk(house_rules.load_all(config), namelist.load_all(config))
    return check


def catalogue() -> list[Rule]:
    """Every grammar rule that can fire: newsedit's, the news pack's and LanguageTool's measured ones."""
    from newsedit.checks.grammar.lt_rules import lt_entries
    from newsedit.config import GrammarConfig

    return [*RULES, *lt_entries(lt_policy(GrammarConfig()))]


def _archive_file(config: Config) -> Path | None:
    """The newsroom's archive (house vocabulary, majority variant), when there is one."""
    from newsedit.archive import location

    path = location(config)
    return path if path.is_file() else None


def fingerprint(config: Config) -> str:
    """Which LanguageTool answers (for result caches): its version, or the server named; and the
    archive's state, whose house vocabulary and majority English `newsedit index add` changes."""
    from newsedit import house_rules, namelist
    from newsedit.backends import languagetool
    from newsedit.checks import dupes

    desk = f";house={house_rules.digest(config)};names={namelist.digest(config)}"
    return f"{languagetool.identity(config.grammar)};{dupes.fingerprint(config)}" + desk


class GrammarCheck:
    """LanguageTool and the news rules over articles, several at once."""

    name = "grammar"
    # Most of its time is LanguageTool's: the runner runs it beside the other checks (see Check).
    waits_on_server = True

    def __init__(self, settings: GrammarConfig, archive: Path | None = None) -> None:
        self.settings = settings
        self.archive = archive
        self.rules = news_rules(settings.house_style)
        self.policy = lt_policy(settings)
        self._client: Client | None = None
        self._majority: str | None = None
        self.house: Sequence[HouseRule] = ()
        self.names: NameList | None = None

    def desk(self, house: Sequence[HouseRule], names: NameList) -> None:
        """Add a desk's house rules and names list (listed names are never misspellings)."""
        import dataclasses

        self.house, self.names = house, names
        if names.canonical:
            self.policy = dataclasses.replace(self.policy, accepted=self.policy.accepted | names.words)

    def check(self, article: Article) -> CheckOutput:
        """Check one article."""
        return self.check_many([article])[0]

    def check_many(self, articles: Sequence[Article]) -> list[CheckOutput]:
        """Check articles together: LanguageTool gets them as concurrent requests."""
        languages = [self.language(a) for a in articles]
        english = [i for i, lang in enumerate(languages) if lang.english]
        asked = [lt_parts(articles[i]) for i in english]
        outcomes = self.client().check(asked, [languages[i].code for i in english]) if english else []
        by_index = dict(zip(english, outcomes, strict=True))
        pairs = enumerate(zip(articles, languages, strict=True))
        return [self._output(a, lang, by_index.get(i)) for i, (a, lang) in pairs]

    def language(self, article: Article) -> Language:
        """The language to check the article in: the config's, else the article's own English."""
        from newsedit.checks.grammar import variants

        configured = self.settings.language
        if configured != "auto" and not configured.lower().startswith("en"):
            return Language(configured, "config")
        text = prose_text(article)
        foreign = variants.foreign_language(text)
        if foreign is not None:
            return Language(foreign, "article", english=False)
        if configured != "auto":
            return Language(configured, "config")
        found = variants.evidence(text).variant
        if found is not None:
            return Language(found, "article")
        majority = self._archive_majority()
        return Language(majority, "archive") if majority else Language(variants.FALLBACK, "default")

    def _archive_majority(self) -> str | None:
        if self.archive is None:
            return None
        if self._majority is None:
            from newsedit.archive import majority_variant

            self._majority = majority_variant(self.archive) or ""
        return self._majority or None

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

    def _output(self, article: Article, language: Language, outcome: list[Match] | Exception | None) -> CheckOutput:
        data = language.data()
        if not language.english or outcome is None:
            return CheckOutput(findings=[not_english(article, language.code)], data=data)
        news, notices = self._desk_findings(article)
        news = news_findings(article, self.rules) + news
        if isinstance(outcome, Exception):
            # The news rules still report; the article counts as not checked (exit code 2).
            error = f"{self.name}: not checked by LanguageTool: {outcome}"
            return CheckOutput(findings=news, data=data, notices=notices, error=error)
        house = self._house_words(article, outcome)
        if language.source in ("default", "archive"):
            outcome = [m for m in outcome if not other_variant(m)]
        findings = news + lt_findings(article, outcome, self.policy, news, house)
        return CheckOutput(findings=findings, data=data, notices=notices)

    def _desk_findings(self, article: Article) -> tuple[list[Finding], list[str]]:
        """The house rules' and the names list's findings (they settle what LanguageTool says of the same words)."""
        from newsedit import house_rules, namelist

        found, notices = house_rules.findings(article, self.house) if self.house else ([], [])
        if self.names is not None and self.names.index:
            found += namelist.findings(article, self.names, RULES.severity(namelist.RULE))
        return found, notices

    def _house_words(self, article: Article, matches: Sequence[Match]) -> frozenset[str]:
        """The misspelt-looking words of these matches that the archive knows as house vocabulary."""
        if self.archive is None:
            return frozenset()
        from newsedit.archive import house_words
        from newsedit.checks.grammar.vocabulary import HOUSE_MIN_ARTICLES

        words = [article.text[m.start : m.end] for m in matches if self.policy.is_spelling(m)]
        return frozenset(house_words(self.archive, words, HOUSE_MIN_ARTICLES)) if words else frozenset()


def text_block(data: dict[str, Any]) -> list[str]:
    """No block in the text report: the English chosen is for JSON; the findings say the rest."""
    return []
