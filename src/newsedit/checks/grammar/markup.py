"""What goes to LanguageTool: an article as `data` parts, its prose as text and the rest as markup it skips."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newsedit.article import Article
    from newsedit.backends.languagetool import Part
from newsedit.checks.grammar.news_rules import prose

# Markdown syntax (found by the parser, see newsedit.markdown) is markup that LanguageTool skips.
# A code span reads as a neutral word, which keeps its sentence whole; the rest reads as nothing.
_READ_AS = {"code": "code"}
# Syntax that stands between words (a tag, an image, an autolink) takes the spaces after it along.
_BETWEEN_WORDS = ("html", "image", "autolink", "template")


def lt_parts(article: Article) -> list[Part]:
    """The whole text as LanguageTool `data`: prose to check, the rest as markup it skips.

    The parts add up to the article's text, so LanguageTool's offsets are offsets into it.
    """
    text, parts, pos = article.text, [], 0
    for block in prose(article):
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
