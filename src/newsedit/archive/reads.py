"""What checks and reports read from the archive: read-only, since a check never writes to it.

Each read is bounded, and an archive from before a table existed reads as empty; a damaged file
is an error, never an empty answer.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from newsedit.archive.store import rows_in
from newsedit.errors import BackendError


def _read_only(path: Path) -> sqlite3.Connection | None:
    if not path.is_file():
        return None
    try:
        return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5.0)
    except sqlite3.Error:
        return None


def house_words(path: Path, words: Iterable[str], min_articles: int) -> set[str]:
    """Those of words that occur in at least min_articles archived articles."""
    wanted = list(dict.fromkeys(words))
    conn = _read_only(path) if wanted else None
    if conn is None:
        return set()
    try:
        query = "SELECT word FROM vocabulary WHERE word IN ({marks}) AND articles >= ?"
        return {row[0] for row in rows_in(conn, query, wanted, min_articles)}
    except sqlite3.Error as exc:
        _raise_if_damaged(path, exc)
        return set()  # an archive from before vocabulary was learnt
    finally:
        conn.close()


def majority_variant(path: Path) -> str | None:
    """The English most archived articles are written in, if the archive knows."""
    conn = _read_only(path)
    if conn is None:
        return None
    try:
        query = "SELECT variant FROM variants WHERE variant LIKE 'en-%' ORDER BY articles DESC, variant LIMIT 1"
        row = conn.execute(query).fetchone()
        return str(row[0]) if row else None
    except sqlite3.Error as exc:
        _raise_if_damaged(path, exc)
        return None  # an archive from before variants were counted
    finally:
        conn.close()


def readability_counts(path: Path, limit: int) -> list[tuple[int, ...]]:
    """The readability counts of the last `limit` articles added, newest first (none: no archive)."""
    conn = _read_only(path)
    if conn is None:
        return []
    try:
        rows = conn.execute("SELECT counts FROM readability ORDER BY id DESC LIMIT ?", (limit,)).fetchall()
    except sqlite3.Error as exc:
        _raise_if_damaged(path, exc)
        return []  # an archive from before readability was recorded
    finally:
        conn.close()
    return [counts for (text,) in rows if (counts := _counts(text)) is not None]


def _counts(text: object) -> tuple[int, ...] | None:
    """A stored row of counts; anything but a list of non-negative integers is skipped, not trusted."""
    try:
        value = json.loads(text) if isinstance(text, str) else None
    except ValueError:
        return None
    if not isinstance(value, list) or not all(type(v) is int and v >= 0 for v in value):
        return None
    return tuple(value)


def damaged(path: Path, exc: sqlite3.Error) -> BackendError:
    """The error of a check that met a damaged archive: the article's, not the run's."""
    return BackendError(f"the archive {path} is damaged ({exc}); rebuild it (delete it, then newsedit index add)")


def _raise_if_damaged(path: Path, exc: sqlite3.Error) -> None:
    """A corrupt file, as opposed to a table an older archive lacks (an OperationalError), must not
    pass for an empty table: the results would change without a word."""
    if isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError):
        raise damaged(path, exc) from None
