"""One pass over a parsed article: counts per sentence, summed per paragraph and for the article."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsedit.checks.readability.scores import Counts, count, total

if TYPE_CHECKING:
    from newsedit.article import Article, Block, Span


@dataclass(frozen=True)
class Sentence:
    """One sentence of the body and its counts."""

    span: Span
    counts: Counts


@dataclass(frozen=True)
class Paragraph:
    """One body paragraph, its sentences and their sum."""

    block: Block
    sentences: list[Sentence]
    counts: Counts


@dataclass(frozen=True)
class Measurement:
    """The counts of a whole article, built from those of its paragraphs."""

    paragraphs: list[Paragraph]
    counts: Counts


def measure(article: Article) -> Measurement:
    """Count every sentence of the body once; paragraphs and article are sums of sentences.

    The body is its paragraphs and its Markdown list items and table cells, read without their markup.
    """
    pending = iter(article.sentences)  # in text order, paragraph after paragraph
    paragraphs = []
    sentence = next(pending, None)
    reading = article.reading
    for block in article.body:
        inside = []
        while sentence is not None and sentence.start < block.end:
            inside.append(Sentence(sentence, count(reading, sentence.start, sentence.end)))
            sentence = next(pending, None)
        paragraphs.append(Paragraph(block, inside, total(s.counts for s in inside)))
    return Measurement(paragraphs, total(p.counts for p in paragraphs))
