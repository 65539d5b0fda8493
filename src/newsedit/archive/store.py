"""The archive index: published articles' headlines and body signatures in an embedded SQLite file.

`newsedit index add` records articles; `newsedit check` asks it whether a new headline or body
was published before. Headlines are found by their folded text (exact) and by LSH bands of
character-shingle MinHash signatures (near), then confirmed on the stored text; bodies by LSH
bands of word-shingle signatures, confirmed by the stored signature's estimate.

Adds are transactional: each group of rows commits as one transaction (WAL journal, full
sync), so a crash loses at most the group in flight and never leaves half an article behind; a
row whose content digest is already there is skipped, so adding a file twice is a no-op.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from newsedit.errors import ConfigError

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from newsedit.config import Config

T = TypeVar("T")
SCHEMA_VERSION = "1"
DEFAULT_NAME = "newsedit-archive.sqlite"
ROWS_PER_TRANSACTION = 200  # articles added in one transaction
# Band keys are stored as their low 32 bits: a tenth smaller and faster to add; the chance
# matches that adds (one candidate per seven lookups at a million headlines) are dropped when
# candidates are confirmed.
KEY_MASK = 0xFFFFFFFF

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    id INTEGER PRIMARY KEY,
    digest TEXT NOT NULL UNIQUE,
    path TEXT NOT NULL,
    headline TEXT NOT NULL,
    headline_key TEXT NOT NULL,
    published TEXT NOT NULL,
    added TEXT NOT NULL,
    body_words INTEGER NOT NULL,
    body_sig BLOB
);
CREATE INDEX IF NOT EXISTS articles_headline_key ON articles (headline_key);
CREATE INDEX IF NOT EXISTS articles_path ON articles (path);
CREATE TABLE IF NOT EXISTS headline_bands (
    key INTEGER NOT NULL, article INTEGER NOT NULL, PRIMARY KEY (key, article)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS body_bands (
    key INTEGER NOT NULL, article INTEGER NOT NULL, PRIMARY KEY (key, article)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS vocabulary (word TEXT PRIMARY KEY, articles INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS variants (variant TEXT PRIMARY KEY, articles INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS readability (id INTEGER PRIMARY KEY, digest TEXT NOT NULL UNIQUE, counts TEXT NOT NULL);
"""


@dataclass(frozen=True)
class ArchiveRow:
    """One article as the archive keeps it; band keys and the body signature come precomputed."""

    digest: str
    path: str
    headline: str
    headline_key: str
    published: str  # ISO date
    body_words: int
    headline_bands: Sequence[int]
    body_bands: Sequence[int]
    body_sig: bytes | None


@dataclass(frozen=True)
class Record:
    """An archived article, as a match reports it."""

    id: int
    path: str
    headline: str
    headline_key: str
    published: str


@dataclass(frozen=True)
class Stats:
    """What the archive holds."""

    path: Path
    articles: int
    first: str | None
    last: str | None
    bytes: int


def default_path(root: Path) -> Path:
    """Where the archive lives when config does not say: beside the config file."""
    return root / DEFAULT_NAME


def location(config: Config) -> Path:
    """The archive file config names (relative to the config's folder), else the default."""
    if not config.dupes.index:
        return default_path(config.root)
    path = Path(config.dupes.index).expanduser()
    return path if path.is_absolute() else config.root / path


class Archive:
    """An open archive database."""

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self._conn = conn

    @classmethod
    def open(cls, path: Path, *, create: bool = False, schemes: dict[str, str] | None = None) -> Archive:
        """Open (or, with create, make) the archive; refuse one built with other signature schemes."""
        if not create and not path.is_file():
            raise ConfigError(f"{path}: no archive here (build one with: newsedit index add DIR)")
        try:
            conn = sqlite3.connect(path, timeout=30.0, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            # 256 MiB at most: an add of a million headlines then touches the disk far less.
            conn.execute("PRAGMA cache_size=-262144")
            conn.executescript(_SCHEMA)
        except sqlite3.Error as exc:
            raise ConfigError(f"{path}: cannot open the archive: {exc}") from None
        archive = cls(path, conn)
        try:
            archive._check_meta(schemes or {})
        except sqlite3.Error as exc:
            conn.close()
            if isinstance(exc, sqlite3.OperationalError):
                raise ConfigError(f"{path}: cannot read the archive: {exc}") from None
            raise ConfigError(f"{path}: the archive is damaged ({exc}); delete it, then index add again") from None
        return archive

    def _check_meta(self, schemes: dict[str, str]) -> None:
        wanted = {"schema": SCHEMA_VERSION, **schemes}
        stored = dict(self._conn.execute("SELECT key, value FROM meta").fetchall())
        for name, value in wanted.items():
            if name in stored and stored[name] != value:
                raise ConfigError(
                    f"{self.path}: archive built with {name} {stored[name]!r}, this newsedit uses "
                    f"{value!r}; rebuild it (delete the file, then newsedit index add again)"
                )
        missing = [(k, v) for k, v in wanted.items() if k not in stored]
        if missing:
            with self._transaction():
                self._conn.executemany("INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)", missing)

    def close(self) -> None:
        """Close the database."""
        self._conn.close()

    def check_intact(self) -> None:
        """Refuse a damaged archive (SQLite's quick check): adding to it would misreport what is there."""
        try:
            verdict = str(self._conn.execute("PRAGMA quick_check").fetchone()[0])
        except sqlite3.DatabaseError as exc:
            verdict = str(exc)
        if verdict != "ok":
            raise ConfigError(f"{self.path}: the archive is damaged ({verdict}); delete it, then index add again")

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _transaction(self) -> _Transaction:
        return _Transaction(self._conn)

    def has(self, digest: str) -> bool:
        """Whether an article with this content digest is archived."""
        return self._conn.execute("SELECT 1 FROM articles WHERE digest = ?", (digest,)).fetchone() is not None

    def add(
        self, rows: Iterable[ArchiveRow], per_transaction: int = ROWS_PER_TRANSACTION
    ) -> Iterator[tuple[ArchiveRow, bool]]:
        """Record rows, `per_transaction` to a transaction; yields (row, added) once its transaction commits."""
        it = iter(rows)
        while batch := list(islice(it, per_transaction)):
            with self._transaction():
                ids = [self._insert(row) for row in batch]
                self._insert_bands(batch, ids)
            yield from ((row, article is not None) for row, article in zip(batch, ids, strict=True))

    def _insert(self, entry: ArchiveRow) -> int | None:
        """The new article's id, or None when its digest is already archived."""
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        cursor = self._conn.execute(
            "INSERT OR IGNORE INTO articles (digest, path, headline, headline_key, published, added,"
            " body_words, body_sig) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                entry.digest,
                entry.path,
                entry.headline,
                entry.headline_key,
                entry.published,
                now,
                entry.body_words,
                entry.body_sig,
            ),
        )
        return cursor.lastrowid if cursor.rowcount == 1 else None

    def _insert_bands(self, batch: Sequence[ArchiveRow], ids: Sequence[int | None]) -> None:
        import numpy as np

        added = [(e, article) for e, article in zip(batch, ids, strict=True) if article is not None]
        for table in ("headline_bands", "body_bands"):
            keys = [np.asarray(getattr(e, table), dtype=np.int64) for e, _ in added]
            if not sum(len(k) for k in keys):
                continue
            owners = np.repeat([article for _, article in added], [len(k) for k in keys])
            flat = np.concatenate(keys) & KEY_MASK
            order = np.argsort(flat, kind="stable")  # in key order the B-tree fills page by page
            rows = zip(flat[order].tolist(), owners[order].tolist(), strict=True)
            self._conn.executemany(f"INSERT OR IGNORE INTO {table} (key, article) VALUES (?, ?)", rows)

    def learn(self, words: Iterable[Iterable[str]], variants: Iterable[str | None]) -> None:
        """Count newly added articles' distinct words and English variants (grammar's house vocabulary)."""
        counts: Counter[str] = Counter()
        for article_words in words:
            counts.update(set(article_words))
        chosen = Counter(v for v in variants if v)
        with self._transaction():
            for table, column, rows in (("vocabulary", "word", counts), ("variants", "variant", chosen)):
                self._conn.executemany(
                    f"INSERT INTO {table} ({column}, articles) VALUES (?, ?) "
                    f"ON CONFLICT ({column}) DO UPDATE SET articles = articles + excluded.articles",
                    rows.items(),
                )

    def record_readability(self, counts: Iterable[tuple[str, Sequence[int]]]) -> None:
        """Keep newly added articles' readability counts by digest (any grade formula can be read off them)."""
        with self._transaction():
            self._conn.executemany(
                "INSERT OR IGNORE INTO readability (digest, counts) VALUES (?, ?)",
                ((digest, json.dumps(list(c))) for digest, c in counts),
            )

    def same_headline(self, headline_keys: Sequence[str]) -> dict[str, list[Record]]:
        """Archived articles whose folded headline equals one of these."""
        out: dict[str, list[Record]] = {}
        for row in rows_in(self._conn, _RECORD_SQL + " WHERE headline_key IN ({marks})", headline_keys):
            out.setdefault(row[3], []).append(Record(*row))
        return out

    def candidates(self, table: str, probes: Sequence[Sequence[int]]) -> list[set[int]]:
        """Per probe, the archived articles sharing at least one band key with it."""
        if table not in ("headline_bands", "body_bands"):
            raise ValueError(table)
        out: list[set[int]] = [set() for _ in probes]
        with _Transaction(self._conn, "BEGIN"):  # deferred: a lookup takes no write lock on the archive
            self._conn.execute("CREATE TEMP TABLE IF NOT EXISTS probe (probe INTEGER, key INTEGER)")
            self._conn.execute("DELETE FROM temp.probe")
            self._conn.executemany(
                "INSERT INTO temp.probe VALUES (?, ?)",
                ((i, int(k) & KEY_MASK) for i, keys in enumerate(probes) for k in keys),
            )
            rows = self._conn.execute(
                f"SELECT DISTINCT p.probe, b.article FROM temp.probe AS p CROSS JOIN {table} AS b ON b.key = p.key"
            )
            for probe, article in rows:
                out[probe].add(article)
            self._conn.execute("DELETE FROM temp.probe")
        return out

    def records(self, ids: Iterable[int]) -> dict[int, Record]:
        """Archived articles by id."""
        rows = rows_in(self._conn, _RECORD_SQL + " WHERE id IN ({marks})", sorted(set(ids)))
        return {row[0]: Record(*row) for row in rows}

    def body_signatures(self, ids: Iterable[int]) -> dict[int, bytes]:
        """Stored body signatures by article id."""
        query = "SELECT id, body_sig FROM articles WHERE id IN ({marks}) AND body_sig IS NOT NULL"
        return dict(rows_in(self._conn, query, sorted(set(ids))))

    def recent(self, limit: int) -> list[Record]:
        """The latest-published articles first."""
        return [
            Record(*row)
            for row in self._conn.execute(f"{_RECORD_SQL} ORDER BY published DESC, id DESC LIMIT ?", (limit,))
        ]

    def stats(self) -> Stats:
        """How many articles, which dates, how big the file is."""
        count, first, last = self._conn.execute(
            "SELECT COUNT(*), MIN(published), MAX(published) FROM articles"
        ).fetchone()
        size = sum(p.stat().st_size for p in self.path.parent.glob(self.path.name + "*") if p.is_file())
        return Stats(self.path, count, first, last, size)


_RECORD_SQL = "SELECT id, path, headline, headline_key, published FROM articles"


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any error (the connection is in autocommit mode)."""

    def __init__(self, conn: sqlite3.Connection, begin: str = "BEGIN IMMEDIATE") -> None:
        self._conn = conn
        self._begin = begin

    def __enter__(self) -> None:
        self._conn.execute(self._begin)

    def __exit__(self, kind: object, *rest: object) -> None:
        self._conn.execute("ROLLBACK" if kind is not None else "COMMIT")


# Values bound in one IN (...) query, well under SQLite's limit on bound parameters.
IN_BATCH = 500


def rows_in(conn: sqlite3.Connection, query: str, values: Sequence[Any], *after: Any) -> Iterator[Any]:
    """The rows of a query whose `{marks}` is an IN list of values, asked in batches of IN_BATCH;
    each value is asked once (duplicates dropped), and `after` binds the parameters past the list."""
    unique = list(dict.fromkeys(values))
    for part in _parts(unique, IN_BATCH):
        yield from conn.execute(query.format(marks=",".join("?" * len(part))), [*part, *after])


def _parts(items: list[T], size: int) -> Iterator[list[T]]:
    for lo in range(0, len(items), size):
        yield items[lo : lo + size]


def signature_bytes(sig: npt.NDArray[np.uint32]) -> bytes:
    """A signature as stored (little-endian uint32)."""
    return sig.astype("<u4").tobytes()
