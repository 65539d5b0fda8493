"""The built-in extractive summary: whole sentences picked from the article, no model needed."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from newsedit.article import Article, Span
from newsedit.tokens import STOPWORDS, WORD

# A sentence that ends like one (links to related stories and captions do not).
_ENDS_LIKE_SENTENCE = re.compile(r"[.!?][\"'”’)\]]*$")
_LEAD_WEIGHT = 0.35  # news puts the most important facts first
_REDUNDANT = 0.6  # content-word overlap above which a sentence repeats one already picked


@dataclass(frozen=True)
class Extract:
    """An extractive summary: the picked sentences (in article order) and their joined text."""

    spans: tuple[Span, ...]
    text: str

    @property
    def words(self) -> int:
        """Words in the summary."""
        return len(WORD.findall(self.text))


def summarize(article: Article, max_words: int) -> Extract:
    """The best-scoring sentences that fit in max_words (at least one), in article order."""
    candidates = _candidates(article)
    if not candidates:
        return Extract((), "")
    scores = _scores(article, candidates)
    order = sorted(range(len(candidates)), key=lambda i: (-scores[i], i))
    picked = _pick(article, candidates, order, max_words)
    spans = tuple(candidates[i] for i in sorted(picked))
    return Extract(spans, " ".join(_flat(s.slice(article.text)) for s in spans))


def _candidates(article: Article) -> list[Span]:
    """Body sentences that read as sentences and do not just repeat the headline."""
    headline = _content(article.headline.slice(article.text)) if article.headline else set()
    spans = [s for s in article.sentences if not _same(_content(s.slice(article.text)), headline)]
    proper = [s for s in spans if _ENDS_LIKE_SENTENCE.search(s.slice(article.text))]
    return proper or spans


def _scores(article: Article, spans: list[Span]) -> list[float]:
    """Frequency of a sentence's content words across the article, plus a bonus for coming early."""
    bags = [_content(s.slice(article.text)) for s in spans]
    counts = Counter(w for bag in bags for w in bag)
    top = max(counts.values(), default=1)
    out = []
    for index, bag in enumerate(bags):
        weight = sum(counts[w] for w in bag) / top / max(len(bag), 1) ** 0.5
        out.append(weight + _LEAD_WEIGHT * (1 - index / len(spans)))
    return out


def _pick(article: Article, spans: list[Span], order: list[int], max_words: int) -> list[int]:
    """Best first, skipping sentences that overflow max_words or repeat a picked one."""
    picked: list[int] = []
    total = 0
    for i in order:
        text = spans[i].slice(article.text)
        words = len(WORD.findall(text))
        fits = total + words <= max_words or not picked
        if fits and not any(_redundant(text, spans[j].slice(article.text)) for j in picked):
            picked.append(i)
            total += words
        if total >= max_words:
            break
    return picked


def _content(text: str) -> set[str]:
    return {w for w in (m.group().casefold() for m in WORD.finditer(text)) if w not in STOPWORDS}


def _same(a: set[str], b: set[str]) -> bool:
    return bool(a) and bool(b) and len(a & b) / len(a | b) >= 0.8


def _redundant(a: str, b: str) -> bool:
    x, y = _content(a), _content(b)
    return bool(x) and len(x & y) / max(len(x), 1) > _REDUNDANT


def _flat(text: str) -> str:
    """A sentence on one line: line breaks and runs of spaces become single spaces."""
    return " ".join(text.split())
