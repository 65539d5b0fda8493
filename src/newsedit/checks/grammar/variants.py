"""Which language an article is written in: its English (en-GB, en-US...), or not English at all.

The variant comes from the article's own spellings (-our/-or, -re/-er, -ise/-ize, programme,
defence...; data/variants.toml), counted only in words written in lower case, since names keep
their spelling ("Labour", "World Trade Center"). A British-spelling article set in Australia,
New Zealand, South Africa or Canada (by the places and institutions it names) gets that
country's English. An article with no evidence takes the fallback it is given (the archive's
majority, else en-US: see `choose`).

An article that is not English is told by its common words: few of English's, many of another
language's. Both checks are one pass of a regular expression over the text, so that a one-file
pre-commit hook does not notice them.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from newsedit.tokens import LETTER_WORD

FALLBACK = "en-US"  # no evidence and no archive: LanguageTool's default English
MIN_WORDS_FOR_LANGUAGE = 20  # shorter texts are too few words to tell a language by
MAX_ENGLISH_SHARE = 0.08  # an English article has a third of its words among the English list
LANGUAGE_NAMES = {"fr": "French", "de": "German", "es": "Spanish", "it": "Italian", "pt": "Portuguese", "nl": "Dutch"}


@dataclass(frozen=True)
class Evidence:
    """What an article's spellings say: weighted British and American counts, and place mentions."""

    british: float
    american: float
    ize: int
    regions: dict[str, int]

    @property
    def variant(self) -> str | None:
        """en-GB (or a Commonwealth English), en-US, or None when the spellings do not tell."""
        if self.british > self.american:
            return self._commonwealth() or "en-GB"
        if self.american > self.british:
            return "en-US"
        return None

    def _commonwealth(self) -> str | None:
        table = data()["regions"]
        if not self.regions:
            return None
        (best, count), *rest = Counter(self.regions).most_common()
        if count < table["min_mentions"] or (rest and rest[0][1] == count):
            return None
        return best


@dataclass(frozen=True)
class Spellings:
    """The data file turned into lookups: word -> (variant, weight); marker word -> region."""

    words: dict[str, tuple[str, float]]
    markers: dict[str, str]
    stopwords: dict[str, frozenset[str]]


@cache
def data() -> dict[str, Any]:
    """The variants data file, parsed."""
    return tomllib.loads(resources.files("newsedit.data").joinpath("variants.toml").read_text("utf-8"))


def pairs() -> list[tuple[str, str]]:
    """Every (British, American) word pair the data file gives, stems expanded."""
    table = data()
    out = [(gb, us) for gb, us in table["pairs"].items()]
    for stems in table["stems"].values():
        out.extend((stem + gb, stem + us) for stem in stems["stems"] for gb, us in stems["suffixes"])
    return out


@cache
def spellings() -> Spellings:
    """The lookups, built once per process."""
    table = data()
    not_us, not_gb = set(table["one_sided"]["not_american"]), set(table["one_sided"]["not_british"])
    us_weight = {id(s): float(s.get("weight_american", 1.0)) for s in table["stems"].values()}
    words: dict[str, tuple[str, float]] = {}
    for gb, us in table["pairs"].items():
        _add(words, gb, us, not_gb, not_us, 1.0)
    for stems in table["stems"].values():
        for stem in stems["stems"]:
            for gb, us in stems["suffixes"]:
                _add(words, stem + gb, stem + us, not_gb, not_us, us_weight[id(stems)])
    markers = {word: region for region, entry in table["regions"].items() if isinstance(entry, dict)
               for word in entry["markers"]}  # fmt: skip
    stop = {lang: frozenset(words_) for lang, words_ in table["stopwords"].items()}
    return Spellings(words, markers, stop)


def _add(words: dict[str, tuple[str, float]], gb: str, us: str, not_gb: set[str], not_us: set[str], w: float) -> None:
    if gb not in not_gb:
        words[gb] = ("en-GB", 1.0)
    if us not in not_us and " " not in us:
        words[us] = ("en-US", w)


def evidence(text: str) -> Evidence:
    """Count the article's British and American spellings and its place mentions."""
    lookups = spellings()
    british = american = 0.0
    ize = 0
    regions: Counter[str] = Counter()
    for word in LETTER_WORD.findall(text):
        if word[0].isupper():
            region = lookups.markers.get(word)
            if region:
                regions[region] += 1
            continue
        found = lookups.words.get(word)
        if found is None:
            continue
        if found[0] == "en-GB":
            british += found[1]
        else:
            american += found[1]
            ize += "iz" in word
    return Evidence(british, american, ize, dict(regions))


def choose(text: str, fallback: str | None = None) -> str:
    """The English to check text in: its own evidence, else the fallback, else en-US."""
    return evidence(text).variant or fallback or FALLBACK


def foreign_language(text: str) -> str | None:
    """The language code ("fr") of a text that is not English, "und" when it is none of those
    newsedit knows, or None for English (and for texts too short to tell)."""
    words = [w.lower() for w in LETTER_WORD.findall(text)]
    if len(words) < MIN_WORDS_FOR_LANGUAGE:
        return None
    stop = spellings().stopwords
    share = {lang: sum(w in listed for w in words) / len(words) for lang, listed in stop.items()}
    if share["en"] > MAX_ENGLISH_SHARE:
        return None
    best = max((lang for lang in share if lang != "en"), key=share.__getitem__)
    return best if share[best] > 2 * share["en"] else "und"


def language_name(code: str) -> str:
    """A language code in words, for messages."""
    return LANGUAGE_NAMES.get(code, "another language")
