"""A desk's names list (`grammar.names`): names that are never misspellings, and their near misses.

Each line of a names file is a canonical name, optionally followed by its accepted variants after
`|` ("Volodymyr Zelensky | Zelenskyy"); `#` starts a comment. A run of words that matches a listed
name of two or more words in all words but one, where that one is a letter or two off (an edit or a
swap of neighbours: "Kier" for "Keir", "Kahn" for "Khan"), is a misspelling of the listed name. The
misspellings are found from the list's structure; nobody lists them.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from newsedit.errors import ConfigError

if TYPE_CHECKING:
    from newsedit.article import Article
    from newsedit.config import Config
    from newsedit.findings import Finding, Severity

RULE = "grammar/name-spelling"
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
MIN_LETTERS = 3  # shorter words ("Ed", "Li") are too close to too many others to call a near miss
# Letters the words written as listed must have between them: "Ed" alone does not make "Ed Dave" a Davey.
MIN_SHARED = 4


@dataclass(frozen=True)
class Token:
    """A word of the text and where it is."""

    start: int
    end: int
    word: str


@dataclass(frozen=True)
class NameList:
    """The names of one or more names files, indexed by word for near-miss search."""

    canonical: dict[tuple[str, ...], str] = field(default_factory=dict)  # a name's words -> its canonical form
    index: dict[str, tuple[tuple[tuple[str, ...], int], ...]] = field(default_factory=dict)  # word -> (name, place)

    @property
    def words(self) -> frozenset[str]:
        """Every word of every listed name and variant: never a misspelling."""
        return frozenset(w for name in self.canonical for w in name)

    def near_misses(self, text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int, str]]:
        """(start, end, canonical name) of each listed multi-word name written with one word a letter or two off."""
        tokens = [Token(m.start(), m.end(), m.group()) for m in _WORD.finditer(text, start, end or len(text))]
        seen: set[tuple[int, int]] = set()
        for i, token in enumerate(tokens):
            for name, place in self.index.get(token.word, ()):
                run = tokens[i - place : i - place + len(name)] if i >= place else []
                if (
                    len(run) == len(name)
                    and (run[0].start, run[-1].end) not in seen
                    and self._misspells(text, run, name)
                ):
                    seen.add((run[0].start, run[-1].end))
                    yield run[0].start, run[-1].end, self.canonical[name]

    def _misspells(self, text: str, run: Sequence[Token], name: tuple[str, ...]) -> bool:
        if any(not text[a.end : b.start].isspace() for a, b in itertools.pairwise(run)):
            return False
        words = tuple(t.word for t in run)
        differ = [(w, n) for w, n in zip(words, name, strict=True) if w != n]
        shared = sum(len(w) for w, n in zip(words, name, strict=True) if w == n)
        if len(differ) != 1 or shared < MIN_SHARED or words in self.canonical:
            return False
        written, listed = differ[0]
        # A word of another listed name ("Ian" of "Ian Blair" beside "Dan Brown") is another person.
        return written not in self._words and near(written, listed)

    @cached_property
    def _words(self) -> frozenset[str]:
        return self.words


def near(written: str, listed: str) -> bool:
    """Whether a capitalised word is a letter or two off a listed one (case alone does not count)."""
    # An acronym ("MSP", "MPs") is no name to misspell.
    if not written[:1].isupper() or written.isupper() or min(len(written), len(listed)) < MIN_LETTERS:
        return False
    low, other = written.lower(), listed.lower()
    # One word the other's start: a plural, a demonym, a derived word ("Africans", "Federations", "Dave").
    if low.startswith(other) or other.startswith(low):
        return False
    if low.replace("z", "s") == other.replace("z", "s"):
        return False  # British and American spelling of one name: "Organisation", "Organization"
    return distance(low, other) <= (1 if max(len(written), len(listed)) < 8 else 2)


def distance(a: str, b: str) -> int:
    """Edits (insert, delete, replace, swap of neighbours) from a to b: optimal string alignment."""
    rows = [list(range(len(b) + 1))]
    for i, ca in enumerate(a, 1):
        row = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            row[j] = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], rows[-2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


def parse(text: str) -> dict[tuple[str, ...], str]:
    """A names file's names and variants (as their words) -> the canonical name."""
    out: dict[tuple[str, ...], str] = {}
    for line in text.splitlines():
        forms = [" ".join(f.split()) for f in line.split("#", 1)[0].split("|")]
        if forms[0]:
            out.update({tuple(_WORD.findall(form)): forms[0] for form in forms if _WORD.findall(form)})
    return out


def build(canonical: dict[tuple[str, ...], str]) -> NameList:
    """The list, indexed by each word of each name of two words or more."""
    index: dict[str, list[tuple[tuple[str, ...], int]]] = {}
    for name in canonical:
        for place, word in enumerate(name if len(name) > 1 else ()):
            index.setdefault(word, []).append((name, place))
    return NameList(canonical, {w: tuple(v) for w, v in index.items()})


def load_all(config: Config) -> NameList:
    """The names of every file `grammar.names` lists (paths relative to the config file)."""
    merged: dict[tuple[str, ...], str] = {}
    for name in config.grammar.names:
        merged.update(_read(config.root / Path(name).expanduser()))
    return build(merged)


def _read(path: Path) -> dict[tuple[str, ...], str]:
    try:
        stat = path.stat()
    except OSError as exc:
        raise ConfigError(f"grammar.names: cannot read {path}: {exc.strerror or exc}") from None
    return _parsed(path.resolve(), stat.st_mtime_ns, stat.st_size)


@cache
def _parsed(path: Path, _mtime: int, _size: int) -> dict[tuple[str, ...], str]:
    try:
        return parse(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"grammar.names: cannot read {path}: {exc}") from None


def digest(config: Config) -> str:
    """What the names files hold, for result caches."""
    import hashlib

    h = hashlib.sha256()
    for name in config.grammar.names:
        path = config.root / Path(name).expanduser()
        h.update(str(path).encode() + b"\0" + (path.read_bytes() if path.is_file() else b""))
    return h.hexdigest()[:16] if config.grammar.names else ""


def findings(article: Article, names: NameList, severity: Severity) -> list[Finding]:
    """A finding for each near miss of a listed name in the article's prose (quotations too: spelling)."""
    out = []
    for block in (b for b in article.blocks if b.kind != "label"):
        for start, end, right in names.near_misses(article.text, block.start, block.end):
            if article.in_markup(start, end):
                continue
            found = article.text[start:end]
            message = f'"{found}" looks like a misspelling of "{right}" (the names list).'
            out.append(article.finding(start, end, RULE, message, severity=severity, replacements=[right]))
    return out


# ---- proposing names from an archive ---------------------------------------------------------

MAX_NAME_WORDS = 4  # longer capitalised runs are titles and headlines, not names


def capitalised_runs(article: Article) -> Iterator[tuple[tuple[str, ...], bool]]:
    """Each run of two or more capitalised words in the article's paragraphs (headlines are title case),
    and whether it opens a sentence (its first word may be capitalised only for that)."""
    from newsedit import sentences

    for block in (b for b in article.blocks if b.kind in ("paragraph", "standfirst")):
        for start, end in sentences.split(article.text, block.start, block.end):
            yield from _runs(article.text, start, end)


def _runs(text: str, start: int, end: int) -> Iterator[tuple[tuple[str, ...], bool]]:
    run: list[Token] = []
    for m in [*_WORD.finditer(text, start, end), None]:
        token = Token(m.start(), m.end(), m.group()) if m else None
        joined = token is not None and bool(run) and text[run[-1].end : token.start] == " "
        if token is not None and token.word[:1].isupper() and (joined or not run):
            run.append(token)
            continue
        if len(run) >= 2:
            yield tuple(t.word for t in run), run[0].start == _first_word(text, start)
        run = [token] if token is not None and token.word[:1].isupper() else []


def _first_word(text: str, start: int) -> int:
    m = _WORD.search(text, start)
    return m.start() if m else -1


def propose(articles: Iterator[Article], min_articles: int) -> list[tuple[str, int]]:
    """Names the articles use again and again (capitalised runs in `min_articles` or more), most used first.

    A sentence's first word is dropped from a run when the articles mostly write it in lower case
    ("The", "But"): corpus statistics, not a stop list.
    """
    seen: dict[tuple[str, ...], set[int]] = {}
    openers: list[tuple[tuple[str, ...], int]] = []
    lower: dict[str, int] = {}
    upper: dict[str, int] = {}
    for n, article in enumerate(articles):
        for word in _WORD.findall(article.text):
            table = upper if word[:1].isupper() else lower
            table[word.lower()] = table.get(word.lower(), 0) + 1
        for run, opens in capitalised_runs(article):
            (openers.append((run, n)) if opens else seen.setdefault(run, set()).add(n))
    for run, n in openers:
        name = run[1:] if lower.get(run[0].lower(), 0) > upper.get(run[0].lower(), 0) else run
        if len(name) >= 2:
            seen.setdefault(name, set()).add(n)
    found = [
        (" ".join(name), len(where))
        for name, where in seen.items()
        if len(where) >= min_articles and len(name) <= MAX_NAME_WORDS
    ]
    return sorted(found, key=lambda x: (-x[1], x[0]))
