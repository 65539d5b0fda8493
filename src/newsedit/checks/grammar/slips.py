"""Slips of the keyboard: a lower-case word no dictionary knows, a letter added, dropped or two swapped
inside a common word ("environmment", "campaiging", "previuosly"): `grammar/typo`.

The spell checker's other lower-case near misses in published copy are mostly coined words
("adorkable", "barfier"), code ("fopen", "epoll"), passages in another language ("avocates") and old
spellings ("paynted"). What tells a slip from those is read from the edit and from word-frequency
lists, not from a list of words:

- the edit: letters added, dropped or swapped strictly inside the word, its first and last letters
  standing. A changed letter makes another word-like word as often as a slip ("reverbed",
  "paynted"), and an edit at either end makes a code name or a form ("fopen", "throughs");
- the word: not a known English word plus an English ending (coined forms: "closured");
  in no other language's list, and not in a sentence with other words of another language;
  used once in the article (coined and technical words recur); at least MIN_LETTERS long;
- what it misses: a common word (Zipf at least TYPO_ZIPF), one word, in lower case.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from newsedit.checks.grammar import vocabulary

MIN_LETTERS = 7  # shorter near misses are most often slang, code or another language's words
TWO_EDIT_LETTERS = 9  # from this length, two added or dropped letters still leave the word plain
TYPO_ZIPF = 3.5  # "campaigning" 3.6, "missionaries" 3.6: about three uses per million words
# Latin-script languages whose passages and loanwords turn up in English copy (wordfreq has their lists).
OTHER_LANGUAGES = ("fr", "es", "de", "it", "pt", "nl", "ca", "sv", "nb", "da", "fi", "pl", "cs", "ro", "hu", "tr",
                   "id", "ms", "fil")  # fmt: skip
FOREIGN_NEIGHBOURS = 2  # other words of the sentence that only another language knows
# English endings that make a coined form of a known word: "reverb" + "ed", "barf" + "ier".
ENDINGS = ("s", "es", "d", "ed", "ing", "er", "r", "ier", "iest", "est", "able", "ly", "ness", "ment", "y", "ish",
           "ure", "al", "ist", "ism", "ity", "ize", "ise", "ship", "ful", "less", "ous", "ive", "ion")  # fmt: skip
_WORD = re.compile(r"[^\W\d_]+")


def slip(word: str, suggestions: Sequence[str], sentence: str, uses: int) -> str | None:
    """The common word this one is a slip of, or None: see the module's docstring."""
    if uses != 1 or len(word) < MIN_LETTERS or not (word.isascii() and word.isalpha() and word.islower()):
        return None
    try:
        if vocabulary.zipf(word) > 0 or _coined(word):
            return None
        fix = next((s for s in suggestions[:3] if _slipped(word, s) and vocabulary.zipf(s) >= TYPO_ZIPF), None)
        # Other languages' lists last: loading them all costs more than the rest of a hook run.
        if fix is None or _foreign(word) or _foreign_sentence(sentence, word):
            return None
    except vocabulary.FrequencyListMissing:
        return None  # without the lists nothing tells a slip from a coined word
    return fix


def _slipped(word: str, suggestion: str) -> bool:
    """Letters added, dropped or swapped inside the word (one slip; two in a long word), ends standing;
    never one letter changed in place."""
    from rapidfuzz.distance import OSA, Indel, Levenshtein

    if not (suggestion.isalpha() and suggestion.islower()) or word[0] != suggestion[0] or word[-1] != suggestion[-1]:
        return False
    indel = Indel.distance(word, suggestion)  # letters added and dropped: a changed letter counts two
    if indel == 1 or (indel == 2 and OSA.distance(word, suggestion) == 1 and sorted(word) == sorted(suggestion)):
        return True  # one letter added or dropped ("campaiging"), or two swapped ("previuosly")
    return len(word) >= TWO_EDIT_LETTERS and indel == 2 and Levenshtein.distance(word, suggestion) != 1


def _coined(word: str, endings: int = 2) -> bool:
    """A known English word with English endings (two at most): "reverbed", "closured", "domainers"
    (the stem restored: a dropped e, y made i, a doubled consonant)."""
    for ending in ENDINGS:
        stem = word[: -len(ending)]
        if not word.endswith(ending) or len(stem) < 3:
            continue
        stems = {stem, stem + "e", stem[:-1] + "y" if stem.endswith("i") else stem}
        if stem[-1] == stem[-2]:
            stems.add(stem[:-1])
        if any(vocabulary.zipf(s) > 0 for s in stems) or (endings > 1 and _coined(stem, endings - 1)):
            return True
    return False


@cache
def _foreign(word: str) -> bool:
    """Whether another language's list knows the word."""
    return any(_listed(word, language) for language in OTHER_LANGUAGES)


def _listed(word: str, language: str) -> bool:
    try:
        return vocabulary.zipf(word, language) > 0
    except vocabulary.FrequencyListMissing:
        return False  # a list this wordfreq lacks


def foreign_passage(word: str, sentence: str) -> bool:
    """Whether a misspelling of English is a word of another language, written beside another word
    only that language knows: "Langue des signes québécoise", "(environnement, emploi)"."""
    try:  # the neighbours first: in an English sentence they load no other language's list
        return _foreign_sentence(sentence, word, neighbours=1) and _foreign(word)
    except vocabulary.FrequencyListMissing:
        return False


def _foreign_sentence(sentence: str, word: str, neighbours: int = FOREIGN_NEIGHBOURS) -> bool:
    """Whether other words of the sentence belong to another language: a passage quoted in it (words in
    lower case: a name tells no language, and looking one up would load every list)."""
    others = {w for w in _WORD.findall(sentence) if w.islower()} - {word}
    foreign = (w for w in others if len(w) > 2 and vocabulary.zipf(w) == 0 and _foreign(w))
    return sum(1 for _ in zip(range(neighbours), foreign, strict=False)) >= neighbours
