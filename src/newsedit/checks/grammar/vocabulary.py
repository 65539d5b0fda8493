"""Words that are not misspellings although LanguageTool's dictionary lacks them.

- Common English: the word-frequency list of the `wordfreq` package (its "small" English list:
  every word seen at least once per million words across Wikipedia, subtitles, news, books,
  web text and social media). Chosen because it is built from many kinds of text, news among
  them, so it knows words a spelling dictionary lags behind on ("reoffending", "crosscourt" are
  in it, as are brand and place names), it ships its data inside the wheel (no download at run
  time), it is a stable, widely used package, and its English list is one 125 kB file. newsedit
  reads that file directly (msgpack, gzip), without importing wordfreq itself, whose import
  pulls in language-tagging and text-fixing packages a pre-commit hook does not need.
- House vocabulary: words that occur in several published articles of the newsroom's archive
  (`newsedit index add` learns them; see archive.py).
"""

from __future__ import annotations

import contextlib
import importlib.util
import marshal
from functools import cache
from pathlib import Path

from newsedit.atomic import write_bytes
from newsedit.paths import cache_dir
from newsedit.tokens import COMPOUND

COMMON_ZIPF = 3.3  # at least ~2 uses per million words: "programme" 4.6, "tiebreak" 2.4, "teh" 3.0
# A word is taken for a typo of a suggestion that is this much more common (Zipf: log10 per
# billion words): "teh" (3.0) against "the" (7.7), not "criticised" (3.7) against "criticized" (3.5).
TYPO_MARGIN = 1.5
HOUSE_MIN_ARTICLES = 3  # a word in this many archived articles is house vocabulary


class FrequencyListMissing(RuntimeError):
    """The wordfreq package (or its English list) is not installed."""


@cache
def _zipf_table(language: str = "en") -> dict[str, float]:
    """wordfreq's small list of a language as word -> Zipf frequency (log10 of uses per billion words).

    The decoded table is kept in newsedit's cache folder (marshal, a few milliseconds to load,
    against ~60 ms to unpack the list): a pre-commit hook pays for unpacking once.
    """
    path = _list_file(language)
    stat = path.stat()
    kept = cache_dir() / f"wordfreq-small_{language}-{stat.st_size}-{int(stat.st_mtime)}.marshal"
    with contextlib.suppress(OSError, ValueError, EOFError, TypeError):
        table = marshal.loads(kept.read_bytes())
        if isinstance(table, dict):
            return table
    table = _unpack(path)
    with contextlib.suppress(OSError):
        write_bytes(kept, marshal.dumps(table))
    return table


def _list_file(language: str = "en") -> Path:
    spec = importlib.util.find_spec("wordfreq")
    if spec is None or not spec.submodule_search_locations:
        raise FrequencyListMissing("the wordfreq package is not installed")
    path = Path(next(iter(spec.submodule_search_locations)), "data", f"small_{language}.msgpack.gz")
    if not path.is_file():
        raise FrequencyListMissing(f"wordfreq's list of {language!r} is missing: {path}")
    return path


def _unpack(path: Path) -> dict[str, float]:
    import gzip

    import msgpack  # a wordfreq dependency: installed with it

    try:
        with gzip.open(path) as handle:
            packed = msgpack.load(handle, raw=False)
    except OSError as exc:
        raise FrequencyListMissing(f"cannot read wordfreq's list {path.name}: {exc}") from None
    # cBpack format: a header, then bins of words; bin i holds words of frequency 10 ** (-i / 100).
    return {word: 9 - i / 100 for i, words in enumerate(packed[1:]) for word in words}


def zipf(word: str, language: str = "en") -> float:
    """How common a word (or phrase, its rarest word) is in general English (or another language's
    text); 0 when unlisted, that is, under about one use per million words."""
    table = _zipf_table(language)
    parts = word.lower().replace("’", "'").split()
    return min((table.get(p, 0.0) for p in parts), default=0.0)


def is_common(word: str, suggestions: tuple[str, ...] = ()) -> bool:
    """Whether word is common English, and no suggestion is a far more common spelling of it."""
    own = zipf(word)
    if own < COMMON_ZIPF:
        return False
    for suggestion in suggestions[:3]:
        if split_with_short_piece(word, suggestion):
            return False  # "alot" for "a lot", "infact" for "in fact"
        if zipf(suggestion) >= own + TYPO_MARGIN:
            return False
    return True


def split_with_short_piece(word: str, suggestion: str) -> bool:
    """Whether suggestion is word split in two with a short piece: "a lot" for "alot"."""
    pieces = suggestion.split()
    return len(pieces) > 1 and "".join(pieces).lower() == word.lower() and min(map(len, pieces)) < 3


def compound_variant(word: str, suggestions: tuple[str, ...]) -> bool:
    """Whether a suggestion is the same word written open, closed or hyphenated ("tiebreak" for
    "tie-break", "wi-fi" for "Wi-Fi", "car maker" for "carmaker"), not a different word."""
    key = _letters(word)
    for suggestion in suggestions[:5]:
        if _letters(suggestion) != key or split_with_short_piece(word, suggestion):
            continue
        case_only = suggestion.replace("-", "").replace(" ", "") != word.replace("-", "").replace(" ", "")
        if case_only and word.lower() == word and "-" not in word:
            continue  # "english" for "English": the case is the error
        return True
    return False


def _letters(text: str) -> str:
    return text.replace("-", "").replace(" ", "").lower()


def words_of(text: str) -> set[str]:
    """The distinct words of a text, as written (hyphenated words whole), for house vocabulary."""
    return {w for w in COMPOUND.findall(text) if len(w) > 1}
