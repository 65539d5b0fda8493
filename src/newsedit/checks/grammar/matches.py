"""LanguageTool's matches as findings, less those the news rules, the policy or the name checks settle."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import TYPE_CHECKING

from newsedit import sentences
from newsedit.findings import Finding

if TYPE_CHECKING:
    from newsedit.article import Article
    from newsedit.backends.languagetool import Match
from newsedit.checks.grammar.policy import LtPolicy, lt_finding
from newsedit.checks.grammar.spelling import Names, capitalised, spelling_finding


def lt_findings(
    article: Article,
    matches: Sequence[Match],
    policy: LtPolicy,
    taken: Sequence[Finding],
    house: frozenset[str] = frozenset(),
) -> list[Finding]:
    """LanguageTool's matches as findings, less those the news rules or the name checks settle.

    house: words of the newsroom's archive (house vocabulary), never misspellings.
    """
    names = Names(policy.accepted | house, capitalised(article.text))
    out = []
    for match in matches:
        spelling = policy.is_spelling(match)
        if _overlaps(match, taken) or policy.misfires(match, article.text) or _continued_quote(article, match):
            continue
        if policy.skips_headline(match, article) or _on_code(article, match, spelling):
            continue
        if article.in_quote(match.start, match.end) and not policy.applies_in_quotes(match):
            continue
        finding = spelling_finding(article, match, policy, names) if spelling else lt_finding(article, match, policy)
        if finding is not None:
            out.append(finding)
    return out


def _continued_quote(article: Article, match: Match) -> bool:
    """An "unpaired" opening quote mark that follows the convention for a quotation over several
    paragraphs: each paragraph opens a quote mark, only the last one closes it."""
    if match.rule != "EN_UNPAIRED_QUOTES":
        return False
    mark = article.text[match.start : match.end]
    if mark not in sentences.PARAGRAPH_QUOTES:
        return False
    for here, after in itertools.pairwise(article.paragraphs):
        if here.start <= match.start < here.end:
            return sentences.leaves_quote_open(here.slice(article.text), after.slice(article.text), mark)
    return False


def _on_code(article: Article, match: Match, spelling: bool) -> bool:
    """Whether a match touches a code span, which LanguageTool read as the word "code": what it
    says there ("code code" repeated, "a code") is about the stand-in, not the writer's words.
    A rule that reads the next or previous word (not spelling) is about the stand-in too when only
    spaces lie between: "an `http://` URL" is no a/an error, however the code is read aloud."""
    text = article.text
    for m in article.markup:
        if m.kind != "code":
            continue
        if m.start < match.end and match.start < m.end:
            return True
        beside = text[match.end : m.start] if match.end <= m.start else text[m.end : match.start]
        if not spelling and not beside.strip():
            return True
    return False


def _overlaps(match: Match, taken: Sequence[Finding]) -> bool:
    return any(f.start < match.end and match.start < f.end for f in taken)
