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
    """Count every sentence of the body once; paragraphs and article are sums of sentences."""
    pending = iter(article.sentences)  # in text order, paragraph after paragraph
    paragraphs = []
    sentence = next(pending, None)
    for block in article.paragraphs:
        inside = []
        while sentence is not None and sentence.start < block.end:
            inside.append(Sentence(sentence, count(article.text, sentence.start, sentence.end)))
            sentence = next(pending, None)
        paragraphs.append(Paragraph(block, inside, total(s.counts for s in inside)))
    return Measurement(paragraphs, total(p.counts for p in paragraphs))
