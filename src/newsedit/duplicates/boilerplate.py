"""Page furniture left in an article: section labels and lines from the curated boilerplate list."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from newsedit.article import Article, Block, default_labels, normalise
from newsedit.errors import ConfigError
from newsedit.text import trim


@dataclass(frozen=True)
class Line:
    """One line of a block, trimmed: [start, end) into the article's text."""

    start: int
    end: int
    text: str


@lru_cache(maxsize=1)
def shipped() -> tuple[str, ...]:
    """The patterns newsedit ships (data/boilerplate.txt), comments and blank lines dropped."""
    data = resources.files("newsedit.data").joinpath("boilerplate.txt").read_text("utf-8")
    return tuple(x.strip() for x in data.splitlines() if x.strip() and not x.lstrip().startswith("#"))


def compile_patterns(extra: Iterable[str] = ()) -> re.Pattern[str]:
    """One whole-line, case-insensitive pattern from the shipped list plus config's own."""
    parts = []
    for pattern in [*shipped(), *extra]:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ConfigError(f"dupes.boilerplate: bad pattern {pattern!r}: {exc}") from None
        parts.append(f"(?:{pattern})")
    return re.compile("|".join(parts), re.IGNORECASE)


# Pattern pieces that match open-ended text: a line they match is not certainly boilerplate.
_OPEN = re.compile(r"\.[*+{]")


@lru_cache(maxsize=1)
def _exact() -> re.Pattern[str]:
    """The shipped patterns that match only fixed wording (no `.*`, `.+` or `.{m,n}`)."""
    return _compile(p for p in shipped() if not _OPEN.search(p))


def _compile(patterns: Iterable[str]) -> re.Pattern[str]:
    """One whole-line, case-insensitive pattern from these patterns alone."""
    return re.compile("|".join(f"(?:{p})" for p in patterns) or "(?!)", re.IGNORECASE)


def certain(line: str) -> bool:
    """Whether a line is certainly boilerplate: it matches a shipped pattern of fixed wording."""
    return matches(_exact(), line)


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
