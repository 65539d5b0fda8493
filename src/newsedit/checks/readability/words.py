"""Words as the formulas count them: tokens, syllables, letters and the Dale-Chall familiar list."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import NamedTuple

from newsedit.checks.readability import syllables
from newsedit.tokens import COUNTED_WORD


class WordStats(NamedTuple):
    """What the formulas need to know about one word; flags are 0 or 1 so that they add up."""

    syllables: int
    letters: int  # letters and digits: the letters of Coleman-Liau
    polysyllabic: int  # three syllables or more (SMOG)
    complex: int  # polysyllabic and not a familiar word (Gunning fog)
    difficult: int  # not on the Dale-Chall list of familiar words


@lru_cache(maxsize=1)
def familiar_words() -> frozenset[str]:
    """The Dale-Chall list of familiar words shipped with newsedit."""
    text = resources.files("newsedit.data").joinpath("dale_chall_easy_words.txt").read_text("utf-8")
    return frozenset(w for w in (line.strip() for line in text.splitlines()) if w and not w.startswith("#"))


def tokens(text: str) -> list[str]:
    """The words of a text, in order."""
    return COUNTED_WORD.findall(text)


# News copy repeats its words; a plain dict beats lru_cache in the per-word loop. Bounded by
# clearing, since a batch of thousands of articles has a long tail of names.
CACHE: dict[str, WordStats] = {}
CACHE_LIMIT = 200_000


def stats(word: str) -> WordStats:
    """Syllables, letters and difficulty of one word."""
    found = CACHE.get(word)
    if found is None:
        if len(CACHE) >= CACHE_LIMIT:
            CACHE.clear()
        found = CACHE[word] = _measure(word)
    return found


def _measure(word: str) -> WordStats:
    n = syllables.count(word)
    poly = int(n >= 3)
    folded = word.lower().translate(syllables.APOSTROPHES)
    familiar = familiar_words()
    # The list spells "mr." and "mrs." with their stop, which never belongs to a word here.
    difficult = int(folded not in familiar and folded + "." not in familiar)
    return WordStats(n, sum(c.isalnum() for c in word), poly, poly & difficult, difficult)
