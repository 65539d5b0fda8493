"""The language an article is checked in (the config's, its own English, the archive's), and the finding
for an article that is not English."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from newsedit.findings import Finding

if TYPE_CHECKING:
    from newsedit.article import Article
    from newsedit.backends.languagetool import Match
from newsedit.checks.grammar.catalogue import RULES
from newsedit.checks.grammar.news_rules import prose
from newsedit.tokens import LETTER_WORD


@dataclass(frozen=True)
class Language:
    """The language an article is checked in, and why: config, article, archive or default."""

    code: str  # en-GB, en-US...; for an article that is not English, its language ("fr", "und")
    source: str
    english: bool = True

    def data(self) -> dict[str, Any]:
        """The check's JSON data for the article."""
        return {"language": self.code, "language_source": self.source, "checked": self.english}


def prose_text(article: Article) -> str:
    """The article's written prose (headline and paragraphs, not section labels), one string."""
    return "\n\n".join(b.slice(article.text) for b in prose(article))


def article_language(article: Article) -> str | None:
    """What the article's own words say: a foreign language code, an English variant, or None."""
    from newsedit.checks.grammar import variants

    text = prose_text(article)
    return variants.foreign_language(text) or variants.evidence(text).variant


_OTHER_VARIANT = re.compile(r"\bis (?:British|American|Canadian|Australian|New Zealand|South African) English\b")


def other_variant(match: Match) -> bool:
    """A spelling LanguageTool itself calls another English's ("medallists is British English"):
    no error in an article whose spellings did not settle its variant."""
    return _OTHER_VARIANT.search(match.message) is not None


def not_english(article: Article, code: str) -> Finding:
    """The one finding for an article that is not English: on its first word."""
    from newsedit.checks.grammar.variants import language_name

    first = next((b for b in prose(article)), None)
    start = first.start if first else 0
    word = LETTER_WORD.search(article.text, start)
    end = word.end() if word else min(len(article.text), start + 1)
    start = word.start() if word else start
    message = (
        f"This article reads as {language_name(code)}, not English: its grammar is not checked "
        "(set grammar.language to check it as English anyway)."
    )
    rule = "grammar/not-english"
    return article.finding(start, end, rule, message, severity=RULES.severity(rule))
