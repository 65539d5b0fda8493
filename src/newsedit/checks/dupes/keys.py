"""Comparison keys: text folded for case, Unicode forms, punctuation and whitespace (U+00A0 too)."""

from __future__ import annotations

import re
import unicodedata

_NOT_WORD = re.compile(r"[^\w\s]+")


def key(text: str) -> str:
    """The text as duplicates are compared: NFKC, case-folded, punctuation dropped, spaces folded."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    # Apostrophes join ("Russia's" -> "russias"); other punctuation separates words.
    folded = folded.replace("'", "").replace("’", "")
    return " ".join(_NOT_WORD.sub(" ", folded).split())


def words(text: str) -> list[str]:
    """The words of a key, in order."""
    return key(text).split()  # a key is words joined by single spaces
