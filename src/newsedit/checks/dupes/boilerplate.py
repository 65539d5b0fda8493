"""Page furniture left in an article: section labels and lines from the curated boilerplate list."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from newsedit.article import Article, Block, default_labels, normalise
from newsedit.article import boilerplate_patterns as shipped
from newsedit.errors import ConfigError
from newsedit.text import trim


@dataclass(frozen=True)
class Line:
    """One line of a block, trimmed: [start, end) into the article's text."""

    start: int
    end: int
    text: str


def compile_patterns(extra: Iterable[str] = ()) -> re.Pattern[str]:
    """One whole-line, case-insensitive pattern from the shipped list plus config's own."""
    extra = list(extra)
    # Only config's own are tried alone, to name the bad one: the shipped list is tested, and compiling costs each run.
    for pattern in extra:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ConfigError(f"dupes.boilerplate: bad pattern {pattern!r}: {exc}") from None
    return re.compile("|".join(f"(?:{pattern})" for pattern in [*shipped(), *extra]), re.IGNORECASE)


def lines(article: Article, block: Block) -> Iterator[Line]:
    """The non-blank lines of a block, each trimmed of surrounding whitespace (U+00A0 too)."""
    offset = block.start
    for raw in article.text[block.start : block.end].splitlines(keepends=True):
        start, end = trim(article.text, offset, offset + len(raw))
        if start < end:
            yield Line(start, end, article.text[start:end])
        offset += len(raw)


def matches(pattern: re.Pattern[str], text: str) -> bool:
    """Whether a whole line is boilerplate (whitespace folded first)."""
    return pattern.fullmatch(" ".join(text.split())) is not None


def section_labels(article: Article, extra: Iterable[str] = ()) -> list[Block]:
    """Label blocks above the headline, and body lines that hold nothing but a section label."""
    labels = default_labels() | {normalise(x) for x in extra}
    return [b for b in article.blocks if b.kind == "label" or (_one_line(article, b) and _is_label(article, b, labels))]


def _one_line(article: Article, block: Block) -> bool:
    return block.kind == "paragraph" and "\n" not in block.slice(article.text)


def _is_label(article: Article, block: Block, labels: frozenset[str]) -> bool:
    return normalise(block.slice(article.text)) in labels
