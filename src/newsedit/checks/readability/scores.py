"""The standard readability formulas over counts gathered in one pass over the text."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from typing import Any, NamedTuple

from newsedit.checks.readability import words


class Counts(NamedTuple):
    """Totals the formulas are made of; they add up from sentences to paragraphs to articles."""

    words: int = 0
    sentences: int = 0
    syllables: int = 0
    letters: int = 0  # letters and digits of the words (Coleman-Liau)
    characters: int = 0  # every character but spaces: the keystrokes of ARI
    polysyllables: int = 0
    complex_words: int = 0
    difficult_words: int = 0


def count(text: str, start: int = 0, end: int | None = None) -> Counts:
    """The counts of text[start:end], taken as one sentence (none if it holds no word)."""
    piece = text[start:end]
    known = words.CACHE.get  # the per-word loop is the hot path: look up before calling
    rows = [known(token) or words.stats(token) for token in words.tokens(piece)]
    if not rows:
        return Counts()  # a run of punctuation or symbols is no sentence to read
    syllables, letters, poly, complex_words, difficult = map(sum, zip(*rows, strict=True))
    characters = len("".join(piece.split()))
    return Counts(len(rows), 1, syllables, letters, characters, poly, complex_words, difficult)


def total(parts: Iterable[Counts]) -> Counts:
    """The counts of several pieces of text together."""
    return Counts(*map(sum, zip(*parts, strict=True)))


def score(c: Counts, words_per_minute: float) -> dict[str, Any]:
    """Every count and score, rounded for output; the ratios and formulas are None without words."""
    out: dict[str, Any] = c._asdict()
    out["reading_time_seconds"] = math.ceil(c.words * 60 / words_per_minute) if words_per_minute > 0 else None
    if not c.words:
        return out | dict.fromkeys(RATIOS) | dict.fromkeys(FORMULAS)
    out |= {name: round(ratio(c), 3) for name, ratio in RATIOS.items()}
    out |= {name: round(formula(c), 2) for name, formula in FORMULAS.items()}
    return out


def grade(counts: Sequence[int], formula: str) -> float | None:
    """The grade of stored counts (an archived article's), rounded as `score` rounds it; None when
    they hold no sentence or are not counts of this shape."""
    if len(counts) != len(Counts._fields):
        return None
    c = Counts(*counts)
    return round(FORMULAS[formula](c), 2) if c.words and c.sentences else None


# Each formula below needs at least one word, and so one sentence (see `count`).


def flesch_reading_ease(c: Counts) -> float:
    """Flesch (1948): 206.835 - 1.015 words/sentence - 84.6 syllables/word; higher is easier."""
    return 206.835 - 1.015 * c.words / c.sentences - 84.6 * c.syllables / c.words


def flesch_kincaid_grade(c: Counts) -> float:
    """Kincaid et al. (1975): 0.39 words/sentence + 11.8 syllables/word - 15.59."""
    return 0.39 * c.words / c.sentences + 11.8 * c.syllables / c.words - 15.59


def gunning_fog(c: Counts) -> float:
    """Gunning (1952): 0.4 (words/sentence + 100 complex words/words)."""
    return 0.4 * (c.words / c.sentences + 100 * c.complex_words / c.words)


def smog(c: Counts) -> float:
    """McLaughlin (1969): 1.043 sqrt(polysyllables x 30/sentences) + 3.1291."""
    return 1.043 * math.sqrt(c.polysyllables * 30 / c.sentences) + 3.1291


def coleman_liau(c: Counts) -> float:
    """Coleman and Liau (1975): 0.0588 letters/100 words - 0.296 sentences/100 words - 15.8."""
    return 0.0588 * 100 * c.letters / c.words - 0.296 * 100 * c.sentences / c.words - 15.8


def ari(c: Counts) -> float:
    """Smith and Senter (1967): 4.71 characters/word + 0.5 words/sentence - 21.43."""
    # Characters are keystrokes, as the typewriter counter of the original counted them:
    # letters, digits and punctuation marks, not spaces.
    return 4.71 * c.characters / c.words + 0.5 * c.words / c.sentences - 21.43


def dale_chall(c: Counts) -> float:
    """Dale-Chall (1948): 0.1579 % difficult words + 0.0496 words/sentence, + 3.6365 past 5 %."""
    percent = 100 * c.difficult_words / c.words
    return 0.1579 * percent + 0.0496 * c.words / c.sentences + (3.6365 if percent > 5 else 0.0)


RATIOS: dict[str, Callable[[Counts], float]] = {
    "words_per_sentence": lambda c: c.words / c.sentences,
    "syllables_per_word": lambda c: c.syllables / c.words,
    "complex_share": lambda c: c.complex_words / c.words,
    "difficult_share": lambda c: c.difficult_words / c.words,
}
FORMULAS: dict[str, Callable[[Counts], float]] = {
    "flesch_reading_ease": flesch_reading_ease,
    "flesch_kincaid_grade": flesch_kincaid_grade,
    "gunning_fog": gunning_fog,
    "smog": smog,
    "coleman_liau": coleman_liau,
    "ari": ari,
    "dale_chall": dale_chall,
}
