"""The standard readability formulas over counts gathered in one pass over the text."""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from typing import Any

from newsedit.readability import words

# Names of the grade-level formulas (Dale-Chall is a score whose bands map to grades, so it
# is not among them), in the order the text output shows them.
GRADES = ("flesch_kincaid_grade", "gunning_fog", "smog", "coleman_liau", "ari")


@dataclass
class Counts:
    """Totals the formulas are made of; they add up from sentences to paragraphs to articles."""

    words: int = 0
    sentences: int = 0
    syllables: int = 0
    letters: int = 0
    polysyllables: int = 0
    difficult_words: int = 0

    def add(self, other: Counts) -> None:
        """Add another piece of text's counts to these."""
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))


def count(text: str, start: int = 0, end: int | None = None) -> Counts:
    """The counts of text[start:end], taken as one sentence."""
    found = Counts(sentences=1)
    for token in words.tokens(text, start, end):
        w = words.stats(token)
        found.words += 1
        found.syllables += w.syllables
        found.letters += w.letters
        found.polysyllables += w.polysyllabic
        found.difficult_words += w.difficult
    if not found.words:
        found.sentences = 0  # a run of punctuation or symbols is no sentence to read
    return found


def score(c: Counts, words_per_minute: float) -> dict[str, Any]:
    """Every count and score, rounded for output; formulas are None for text without words."""
    out: dict[str, Any] = {f.name: getattr(c, f.name) for f in fields(c)}
    out["reading_time_seconds"] = round(c.words * 60 / words_per_minute) if words_per_minute > 0 else None
    if not c.words:
        return out | dict.fromkeys(_FORMULA_NAMES)
    sentences = max(c.sentences, 1)  # words always make at least one sentence
    wps, spw = c.words / sentences, c.syllables / c.words
    out |= {
        "words_per_sentence": round(wps, 2),
        "syllables_per_word": round(spw, 3),
        "complex_share": round(c.polysyllables / c.words, 3),
        "difficult_share": round(c.difficult_words / c.words, 3),
    }
    out |= {name: round(formula(c, sentences), 2) for name, formula in _FORMULAS.items()}
    return out


def flesch_reading_ease(c: Counts, sentences: int) -> float:
    """Flesch (1948): 206.835 - 1.015 words/sentence - 84.6 syllables/word; higher is easier."""
    return 206.835 - 1.015 * c.words / sentences - 84.6 * c.syllables / c.words


def flesch_kincaid_grade(c: Counts, sentences: int) -> float:
    """Kincaid et al. (1975): 0.39 words/sentence + 11.8 syllables/word - 15.59."""
    return 0.39 * c.words / sentences + 11.8 * c.syllables / c.words - 15.59


def gunning_fog(c: Counts, sentences: int) -> float:
    """Gunning (1952): 0.4 (words/sentence + 100 complex words/words)."""
    return 0.4 * (c.words / sentences + 100 * c.polysyllables / c.words)


def smog(c: Counts, sentences: int) -> float:
    """McLaughlin (1969): 1.043 sqrt(polysyllables x 30/sentences) + 3.1291."""
    return 1.043 * math.sqrt(c.polysyllables * 30 / sentences) + 3.1291


def coleman_liau(c: Counts, sentences: int) -> float:
    """Coleman and Liau (1975): 0.0588 letters/100 words - 0.296 sentences/100 words - 15.8."""
    return 0.0588 * 100 * c.letters / c.words - 0.296 * 100 * sentences / c.words - 15.8


def ari(c: Counts, sentences: int) -> float:
    """Automated Readability Index (Smith and Senter, 1967): 4.71 chars/word + 0.5 words/sentence - 21.43."""
    return 4.71 * c.letters / c.words + 0.5 * c.words / sentences - 21.43


def dale_chall(c: Counts, sentences: int) -> float:
    """Dale-Chall (1948): 0.1579 % difficult words + 0.0496 words/sentence, + 3.6365 past 5 %."""
    percent = 100 * c.difficult_words / c.words
    return 0.1579 * percent + 0.0496 * c.words / sentences + (3.6365 if percent > 5 else 0.0)


_FORMULAS = {
    "flesch_reading_ease": flesch_reading_ease,
    "flesch_kincaid_grade": flesch_kincaid_grade,
    "gunning_fog": gunning_fog,
    "smog": smog,
    "coleman_liau": coleman_liau,
    "ari": ari,
    "dale_chall": dale_chall,
}
_FORMULA_NAMES = ("words_per_sentence", "syllables_per_word", "complex_share", "difficult_share", *_FORMULAS)
