"""Repeats inside one article: the headline again in the body, repeated paragraphs and sentences."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from newsedit.article import Article, Block, Span
from newsedit.checks.dupes.keys import key

# Paragraphs compared pairwise for near repeats; past this many, only exact repeats are sought.
MAX_FUZZY_PARAGRAPHS = 400


@dataclass(frozen=True)
class Repeat:
    """A piece of text that repeats an earlier one: `span` is the repeat, `first` the original."""

    span: Span
    first: Span
    similarity: float


def whole_lines(text: str, start: int, end: int) -> Span:
    """Widen [start, end) to the lines it sits on, line breaks excluded: deleting it empties them."""
    line_start = max(text.rfind("\n", 0, start), text.rfind("\r", 0, start)) + 1
    line_end = end
    while line_end < len(text) and text[line_end] not in "\r\n":
        line_end += 1
    if text[line_start:start].strip() or text[end:line_end].strip():
        return Span(start, end)  # other text shares the line: delete only the piece itself
    return Span(line_start, line_end)


def repeated_headline(article: Article, threshold: float) -> list[Repeat]:
    """Blocks below the headline that repeat it, exactly or nearly (after folding)."""
    headline = article.headline
    if headline is None:
        return []
    wanted = key(headline.slice(article.text))
    out = []
    for block in article.blocks:
        if block.start <= headline.start or block.kind == "label":
            continue
        text = key(block.slice(article.text))
        if len(text) > 2 * len(wanted):
            continue
        score = fuzz.ratio(wanted, text) / 100
        if score >= threshold:
            out.append(Repeat(block, headline, score))
    return out


def repeated_paragraphs(
    article: Article, paragraphs: Sequence[Block], threshold: float, min_words: int
) -> list[Repeat]:
    """Paragraphs of at least min_words words that repeat an earlier one, exactly or nearly."""
    keys = [key(p.slice(article.text)) for p in paragraphs]
    seen: dict[str, int] = {}
    out = []
    for i, (block, text) in enumerate(zip(paragraphs, keys, strict=True)):
        if len(text.split()) < min_words:
            continue
        first, score = _earlier(text, keys[:i], seen, threshold, len(keys) <= MAX_FUZZY_PARAGRAPHS)
        if first is not None:
            out.append(Repeat(block, paragraphs[first], score))
        seen.setdefault(text, i)
    return out


def _earlier(
    text: str, earlier: list[str], seen: dict[str, int], threshold: float, fuzzy: bool
) -> tuple[int | None, float]:
    if text in seen:
        return seen[text], 1.0
    if not fuzzy or threshold >= 1.0:
        return None, 0.0
    best = max(((fuzz.ratio(text, other) / 100, j) for j, other in enumerate(earlier)), default=(0.0, -1))
    return (best[1], best[0]) if best[0] >= threshold else (None, 0.0)


def repeated_sentences(article: Article, paragraphs: Sequence[Block], min_words: int) -> list[Repeat]:
    """Sentences of at least min_words words said twice (exactly, after folding)."""
    seen: dict[str, Span] = {}
    out = []
    for paragraph, sentence in _sentences_of(article, paragraphs):
        text = key(sentence.slice(article.text))
        if len(text.split()) < min_words:
            continue
        if text in seen:
            out.append(Repeat(sentence_with_space(article, paragraph, sentence), seen[text], 1.0))
        else:
            seen[text] = sentence
    return out


def _sentences_of(article: Article, paragraphs: Sequence[Block]) -> list[tuple[Block, Span]]:
    """The article's sentences (split once, shared with the other checks) in these paragraphs."""
    starts = [p.start for p in paragraphs]
    out = []
    for sentence in article.sentences:
        i = bisect.bisect_right(starts, sentence.start) - 1
        if i >= 0 and sentence.end <= paragraphs[i].end:
            out.append((paragraphs[i], sentence))
    return out


def sentence_with_space(article: Article, paragraph: Block, sentence: Span) -> Span:
    """A sentence plus the space that separates it from the next (or previous) one in its paragraph."""
    text, end = article.text, sentence.end
    while end < paragraph.end and text[end] in " \t\u00a0":
        end += 1
    if end < paragraph.end and end > sentence.end:
        return Span(sentence.start, end)
    start = sentence.start
    while start > paragraph.start and text[start - 1] in " \t\u00a0":
        start -= 1
    return Span(start, sentence.end)
