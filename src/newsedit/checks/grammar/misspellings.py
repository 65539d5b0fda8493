"""codespell's curated dictionary of common misspellings ("goverment->government"), read as data.

codespell's list is built to have almost no false positives: each entry is a word people misspell, never
a word of English. It is looked up only for words LanguageTool's spell checker already flagged, so one
more source agreeing is what makes a lower-case unknown word a misspelling. The package is not imported
(it is a command-line tool): its data file is found and searched as text, once per run at most.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path


@cache
def _dictionary() -> str:
    """The dictionary's text with a newline in front (every entry is then "\\nword->"), or "" without it."""
    spec = importlib.util.find_spec("codespell_lib")
    if spec is None or not spec.submodule_search_locations:
        return ""
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "dictionary.txt"
    return "\n" + path.read_text("utf-8") if path.is_file() else ""


def correction(word: str) -> str | None:
    """The first correction codespell gives for a lower-case word, or None when it lists none."""
    if not word.islower():
        return None
    text = _dictionary()
    key = f"\n{word}->"
    at = text.find(key)
    if at < 0:
        return None
    end = text.find("\n", at + 1)
    fixes = [fix.strip() for fix in text[at + len(key) : end if end >= 0 else None].split(",")]
    return next((fix for fix in fixes if fix), None)
