"""Words as the formulas count them: tokens, syllables, letters and the Dale-Chall familiar list."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from newsedit.readability import syllables

# A word: letters or digits, joined by inner apostrophes, hyphens, periods (U.S, 1.13bn) and
# digit-group commas (464,000), so each of those counts once. A trailing apostrophe stays
# with the word (analysts'), other punctuation is not part of it.
WORD = re.compile(r"[^\W_]+(?:(?:['’\-.]|(?<=\d),(?=\d{3}))[^\W_]+)*(?:['’](?![^\W_]))?")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'"})


@dataclass(frozen=True)
class WordStats:
    """What the formulas need to know about one word."""

    syllables: int
    letters: int  # letters and digits, the "characters" of ARI and the letters of Coleman-Liau
    polysyllabic: bool  # three syllables or more: SMOG, Gunning fog
    difficult: bool  # not on the Dale-Chall list of familiar words


@lru_cache(maxsize=1)
def familiar_words() -> frozenset[str]:
    """The Dale-Chall list of familiar words shipped with newsedit."""
    text = resources.files("newsedit.data").joinpath("dale_chall_easy_words.txt").read_text("utf-8")
    return frozenset(w for w in (line.strip() for line in text.splitlines()) if w and not w.startswith("#"))


def tokens(text: str, start: int = 0, end: int | None = None) -> list[str]:
    """The words of text[start:end], in order."""
    return WORD.findall(text, start, len(text) if end is None else end)


@lru_cache(maxsize=65536)
def stats(word: str) -> WordStats:
    """Syllables, letters and difficulty of one word (cached: news copy repeats its words)."""
    n = syllables.count(word)
    folded = word.lower().translate(_APOSTROPHES)
    letters = sum(c.isalnum() for c in word)
    return WordStats(n, letters, n >= 3, folded not in familiar_words())
