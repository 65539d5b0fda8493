"""Related-story teasers: headline-like lines among the paragraphs that belong to another story.

A scraped page carries its links to other stories into the body ("Kim Jong Un displays missiles
to Shoigu of Russia"). No single sign gives a teaser away, so a line must first pass every gate
(a line that fails one reads as the story's own prose) and then earn THRESHOLD points.

Gates: one line of 3 to 16 words that starts with a capital letter and has a meaningful
lower-case word; not a list (one comma at most, no semicolon) and no exclamation; no opening
quotation and no attribution ("said", "according to"); no "is/has/did" (headlines drop them:
"Kim extends trip", never "Kim has extended his trip"), and no modal in a line that ends like
a sentence; no opening pronoun or connective that carries the story on ("He", "This", "But"),
no closing function word ("... as"), and no "this", "we", "our", "I" (the story's own voice);
not the first paragraph (the lede), not one that runs on into a lower-case paragraph, and not
mostly the words of this story's own headline.

Points: no closing punctuation (2); no word in common with the headline (1); at most half as
long as the article's typical paragraph (1); a neighbour passes the gates too, as teasers come
in lists (1); blank lines around it unlike the article's usual spacing, as it was scraped from
another part of the page (1); Title Case (1); a present-tense verb after a name, headline style
("Kim Jong Un extends") (1); most of its words absent from the paragraphs around it (1); full
paragraphs of prose above and below it (1).

On the BBC corpus (2,225 clean articles, 10,548 paragraphs) 6 paragraphs score 5 or more
(0.06%); other stories' headlines dropped into its bodies are found 9 times in 10.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from newsedit.article import Article, Block, Span
from newsedit.tokens import STOPWORDS, TEASER_WORD

THRESHOLD = 4
SUBHEAD_RUNS = 4  # separate places holding headline-shaped lines, from which they are a document's subheads
MIN_WORDS, MAX_WORDS, MAX_CHARS = 3, 16, 120

_QUOTE = re.compile(r"[\"“”«»‘]|(?<!\w)'|'(?!\w)")
_CLOSING = (".", "!", "?", "…")
_ATTRIBUTION = frozenset("said says say saying told tells according added adds asked claimed".split())
# Headlinese drops these ("Kim extends trip"); prose keeps them ("Kim has extended his trip").
_AUXILIARY = frozenset(
    """is are was were am has have had having do does did isn't aren't wasn't weren't hasn't
    haven't hadn't doesn't didn't""".split()
)
# Headlines keep a modal ("UKIP could sue"), so these count only in a line that ends like prose.
_MODAL = frozenset(
    """will would shall should can could may might must be been being won't can't wouldn't
    couldn't shouldn't""".split()
)
# The story's own voice, pointing at itself or its reader.
_DEICTIC = frozenset("this these here we our ours us i i'm my me".split())
_CONTINUATION = frozenset(
    """he she it they we i you his her its their our my your this that these those there here
    but and or so yet however meanwhile also then now still instead nevertheless moreover
    furthermore indeed both such other another many most some few all last next while although
    though because since if when as where what which who why how mr mrs ms dr""".split()
)


@dataclass(frozen=True)
class Candidate:
    """A paragraph scored as a possible teaser."""

    block: Block
    gated: bool
    points: dict[str, int]

    @property
    def score(self) -> int:
        """Total points (0 when a gate failed)."""
        return sum(self.points.values()) if self.gated else 0


def find(article: Article, skip: Sequence[Span] = (), threshold: int = THRESHOLD) -> list[Block]:
    """The paragraphs that read as teasers for other stories."""
    return [c.block for c in score(article, skip) if c.score >= threshold]


def score(article: Article, skip: Sequence[Span] = ()) -> list[Candidate]:
    """Every body paragraph (less those in `skip`, already reported) with its gates and points."""
    paragraphs = [p for p in article.paragraphs if p not in skip]
    texts = [p.slice(article.text) for p in paragraphs]
    gated = [i > 0 and passes_gates(t) and not _continued(texts, i) for i, t in enumerate(texts)]
    context = _Context.of(article, paragraphs, texts)
    gated = [g and not _retells_headline(t, context) for g, t in zip(gated, texts, strict=True)]
    if _sectioned(gated):
        gated = [False] * len(gated)
    return [Candidate(p, gated[i], _points(i, context, gated) if gated[i] else {}) for i, p in enumerate(paragraphs)]


def _sectioned(gated: list[bool]) -> bool:
    """Whether headline-shaped lines recur all through the body: a document's subheads, not teasers
    (a scraped page leaves its links to other stories in one or two places)."""
    runs = sum(1 for g, _ in itertools.groupby(gated) if g)
    return runs >= SUBHEAD_RUNS


def passes_gates(text: str) -> bool:
    """Whether a paragraph is shaped like a headline and does not read like the story's prose."""
    words = TEASER_WORD.findall(text)
    return _headline_shaped(text, words) and not _prose(text, words)


def _headline_shaped(text: str, words: list[str]) -> bool:
    """One short line, capitalised, with a meaningful lower-case word and no list punctuation."""
    return (
        "\n" not in text
        and "\r" not in text
        and MIN_WORDS <= len(words) <= MAX_WORDS
        and len(text) <= MAX_CHARS
        and text[0].isupper()
        and any(w[0].islower() and w.casefold() not in STOPWORDS and len(w) > 2 for w in words)
        and text.count(",") <= 1
        and ";" not in text
        and "!" not in text
        and not text.rstrip().endswith((":", ","))
    )


def _prose(text: str, words: list[str]) -> bool:
    """Signs of the story's own sentences: quotes, attribution, auxiliaries, its own voice."""
    lowered = [w.casefold().strip(".") for w in words]
    own_voice = {w.casefold() for w in words if w.islower() or w in ("I", "I'm", "I’m")} & _DEICTIC
    return bool(
        _QUOTE.match(text)
        or lowered[0] in _CONTINUATION
        or lowered[-1] in STOPWORDS | _CONTINUATION
        or (_ATTRIBUTION | _AUXILIARY) & set(lowered)
        or own_voice
        or (text.rstrip().endswith(_CLOSING) and _MODAL & set(lowered))
    )


@dataclass(frozen=True)
class _Context:
    """What the points compare a paragraph with."""

    texts: list[str]
    headline_words: frozenset[str]
    typical_words: float
    gaps: list[int]  # line breaks before each paragraph
    usual_gap: int | None

    @classmethod
    def of(cls, article: Article, paragraphs: list[Block], texts: list[str]) -> _Context:
        headline = article.headline
        words = [len(TEASER_WORD.findall(t)) for t in texts]
        gaps = _gaps_before(article, paragraphs)
        return cls(
            texts=texts,
            headline_words=content_words(headline.slice(article.text)) if headline else frozenset(),
            typical_words=_median(words) if words else 0.0,
            gaps=gaps,
            usual_gap=_usual(gaps),
        )


def _points(i: int, ctx: _Context, gated: list[bool]) -> dict[str, int]:
    text = ctx.texts[i]
    words = content_words(text)
    points = {
        "no-closing-punctuation": 2 * (not text.rstrip().endswith(_CLOSING)),
        "apart-from-headline": int(bool(ctx.headline_words) and not words & ctx.headline_words),
        "short": int(len(TEASER_WORD.findall(text)) * 2 <= ctx.typical_words),
        "in-a-list": int(any(gated[j] for j in (i - 1, i + 1) if 0 <= j < len(gated))),
        "odd-spacing": int(ctx.usual_gap is not None and _odd_spacing(i, ctx)),
        "title-case": int(_title_case(text)),
        "headline-verb": int(_headline_verb(text)),
        "new-words": int(_new_words(i, ctx, gated, words)),
        "between-prose": int(_between_prose(i, ctx, gated)),
    }
    return {k: v for k, v in points.items() if v}


def _retells_headline(text: str, ctx: _Context) -> bool:
    """Half its words or more come from this story's headline: a subhead, not another story."""
    words = content_words(text)
    return bool(words) and len(words & ctx.headline_words) * 2 >= len(words)


def _continued(texts: list[str], i: int) -> bool:
    """The next paragraph carries on the sentence (it starts in lower case)."""
    return i + 1 < len(texts) and texts[i + 1][:1].islower()


def content_words(text: str) -> frozenset[str]:
    """Lower-cased words that carry meaning (stopwords and short words dropped), crudely stemmed."""
    words = (w.casefold().strip(".'’") for w in TEASER_WORD.findall(text))
    return frozenset(_stem(w) for w in words if len(w) > 2 and w not in STOPWORDS)


def _stem(word: str) -> str:
    """Enough stemming to match "missiles" with "missile" and "days" with "day"."""
    for suffix in ("'s", "’s", "ies", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def _gaps_before(article: Article, paragraphs: list[Block]) -> list[int]:
    """Line breaks between each paragraph and the block above it."""
    above, previous_end = {}, 0
    for block in article.blocks:
        above[block.start] = article.text.count("\n", previous_end, block.start)
        previous_end = block.end
    return [above[p.start] for p in paragraphs]


def _usual(gaps: list[int]) -> int | None:
    """The spacing most paragraphs share, if a clear majority do."""
    if len(gaps) < 4:
        return None
    ((common, count),) = Counter(gaps).most_common(1)  # as statistics.mode: the first of equals
    return common if count * 3 >= len(gaps) * 2 else None


def _median(values: list[int]) -> float:
    """As statistics.median, whose import (decimal, fractions, random) a hook run would pay for."""
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def _odd_spacing(i: int, ctx: _Context) -> bool:
    after = ctx.gaps[i + 1] if i + 1 < len(ctx.gaps) else ctx.usual_gap
    return ctx.gaps[i] != ctx.usual_gap or after != ctx.usual_gap


def _headline_verb(text: str) -> bool:
    """A present-tense verb right after a name, as headlines have it ("Kim Jong Un extends")."""
    words = TEASER_WORD.findall(text)
    return any(
        before[0].isupper()
        and word.islower()
        and len(word) > 3
        and word.endswith("s")
        and not word.endswith(("ss", "us", "is", "'s", "’s"))
        for before, word in itertools.pairwise(words)
    )


def _title_case(text: str) -> bool:
    words = [w for w in TEASER_WORD.findall(text) if len(w) > 3]
    return len(words) >= 3 and all(w[0].isupper() for w in words)


def _neighbours(i: int, ctx: _Context, gated: list[bool]) -> tuple[str, str]:
    """The closest paragraphs above and below that are not teaser-shaped themselves."""
    before = next((ctx.texts[j] for j in range(i - 1, -1, -1) if not gated[j]), "")
    after = next((ctx.texts[j] for j in range(i + 1, len(ctx.texts)) if not gated[j]), "")
    return before, after


def _between_prose(i: int, ctx: _Context, gated: list[bool]) -> bool:
    """Full paragraphs of the story above and below: a line that stands out, not a list item."""
    return all(
        len(TEASER_WORD.findall(t)) >= max(15, ctx.typical_words / 2) and t.rstrip().endswith(_CLOSING)
        for t in _neighbours(i, ctx, gated)
    )


def _new_words(i: int, ctx: _Context, gated: list[bool], words: frozenset[str]) -> bool:
    """Most of the line's words appear in neither neighbouring paragraph of the story."""
    before, after = _neighbours(i, ctx, gated)
    around = content_words(before) | content_words(after)
    return bool(words) and len(words & around) * 2 < len(words)
