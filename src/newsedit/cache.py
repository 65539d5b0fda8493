"""Content-hash cache of check outputs, so that an unchanged article is not checked again.

One SQLite file in the user cache folder (`NEWSEDIT_CACHE_DIR` overrides the folder) in WAL mode,
so a hook and a CI run can read while another writes; each batch of writes is one transaction.
Values are JSON, never pickle. An entry belongs to one article and one check; its key covers
the article's text and kind, the check's name and version (`VERSION` and `fingerprint(config)`
where the check module has them), newsedit's own code, and the config values the check sees.
Findings are stored as offsets and rebuilt on the article, so a renamed or copied file hits too.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

from newsedit import __version__, checks, paths, stamp
from newsedit.article import Article
from newsedit.checks import CheckOutput
from newsedit.config import Config
from newsedit.findings import Finding, Severity

FILENAME = "results.sqlite3"
SCHEMA = 1  # bump when the stored form changes; older files are emptied, not misread
MAX_AGE_S = 30 * 24 * 3600  # entries older than this are pruned, at most once a day
_PRUNE_EVERY_S = 24 * 3600
_SQL_PARAMS = 500  # keys per SELECT, well under SQLite's limit on bound parameters


def folder() -> Path:
    """Where the cache lives: newsedit's cache folder."""
    return paths.cache_dir()


class Cache:
    """Check outputs by key, in one SQLite file."""

    def __init__(self, path: Path) -> None:
        paths.private_folder(path.parent)
        # Private before SQLite opens it: its -wal and -shm files take the database's mode.
        paths.private_file(path)
        self.path = path
        self.problem: str | None = None
        self.damaged = False  # the file is corrupt: closing removes it, and the next run starts afresh
        self._db = sqlite3.connect(path, timeout=10.0, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")  # WAL keeps the file consistent after a crash
        self._migrate()
        self._prune()

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """One write transaction, taken at once so that concurrent runs queue instead of failing."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def _migrate(self) -> None:
        with self._transaction():  # read and change the version together: another run may be here too
            if self._db.execute("PRAGMA user_version").fetchone()[0] != SCHEMA:
                self._db.execute("DROP TABLE IF EXISTS outputs")
                self._db.execute("DROP TABLE IF EXISTS meta")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS outputs (key TEXT PRIMARY KEY, engine TEXT NOT NULL,"
                " value TEXT NOT NULL, created REAL NOT NULL) WITHOUT ROWID"
            )
            self._db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value REAL NOT NULL)")
            self._db.execute(f"PRAGMA user_version={SCHEMA}")

    def _prune(self) -> None:
        now = time.time()
        row = self._db.execute("SELECT value FROM meta WHERE name = 'pruned'").fetchone()
        if row is not None and now - row[0] < _PRUNE_EVERY_S:
            return
        with self._transaction():
            self._db.execute("DELETE FROM outputs WHERE created < ?", (now - MAX_AGE_S,))
            self._db.execute("INSERT OR REPLACE INTO meta VALUES ('pruned', ?)", (now,))

    def get_many(self, keys: Sequence[str]) -> dict[str, str]:
        """The stored values of those keys that are present (none when the database fails)."""
        found: dict[str, str] = {}
        try:
            for i in range(0, len(keys), _SQL_PARAMS):
                part = keys[i : i + _SQL_PARAMS]
                marks = ",".join("?" * len(part))
                found.update(self._db.execute(f"SELECT key, value FROM outputs WHERE key IN ({marks})", part))
        except sqlite3.Error as exc:
            self._failed(exc)
        return found

    def put_many(self, entries: Iterable[tuple[str, str, str]]) -> None:
        """Store (key, check, value) entries in one transaction (skipped when the database fails)."""
        now = time.time()
        try:
            with self._transaction():
                self._db.executemany(
                    "INSERT OR REPLACE INTO outputs VALUES (?, ?, ?, ?)", [(k, e, v, now) for k, e, v in entries]
                )
        except sqlite3.Error as exc:
            self._failed(exc)

    def _failed(self, exc: sqlite3.Error) -> None:
        # A cache that fails (a full disk, a lock held too long) costs time, never a result.
        self.problem = self.problem or f"cache {self.path}: {exc}; results were checked without it"
        if damaged(exc):
            self.damaged = True

    def clear(self) -> int:
        """Remove every entry and give the space back; returns how many there were."""
        with self._transaction():
            removed = self._db.execute("DELETE FROM outputs").rowcount
        # Another run reading at the same time keeps the file from shrinking; the entries are gone.
        with contextlib.suppress(sqlite3.OperationalError):
            self._db.execute("VACUUM")
        return removed

    def count(self) -> int:
        """How many entries the cache holds."""
        return int(self._db.execute("SELECT count(*) FROM outputs").fetchone()[0])

    def close(self) -> None:
        """Close the database (and remove it when it was found damaged: it holds nothing worth keeping)."""
        self._db.close()
        if self.damaged:
            remove(self.path)
            self.problem = f"{self.problem}; the damaged cache was removed (the next run makes a new one)"


def damaged(exc: sqlite3.Error) -> bool:
    """Whether an SQLite error means a corrupt file ("malformed", "not a database"), not a busy or
    full one (those are OperationalError)."""
    return isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError)


def remove(path: Path) -> None:
    """Delete a cache database with its write-ahead log and shared-memory file."""
    for part in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        part.unlink(missing_ok=True)


def open_default(where: Path | None = None) -> tuple[Cache | None, str | None]:
    """The cache in `where` (default: `folder()`), or None and why it cannot be used; a damaged
    file is replaced by a new one (a cache costs time, never a result)."""
    path = (where or folder()) / FILENAME
    try:
        return Cache(path), None
    except sqlite3.Error as exc:
        if not damaged(exc):
            return None, f"cache disabled: cannot use {path}: {exc}"
        try:
            remove(path)
            return Cache(path), f"cache {path} was damaged ({exc}): replaced by an empty one"
        except (OSError, sqlite3.Error) as again:
            return None, f"cache disabled: cannot use {path}: {again}"
    except OSError as exc:
        return None, f"cache disabled: cannot use {path}: {exc}"


# ---- keys -------------------------------------------------------------------------------------


def article_hash(article: Article) -> str:
    """The article as the checks see it: its text and whether it was parsed as Markdown."""
    digest = hashlib.sha256(b"md\0" if article.markdown else b"txt\0")
    digest.update(article.text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def key(article_digest: str, token: str) -> str:
    """The cache key of one article for one check (token from `check_token`)."""
    return hashlib.sha256(f"{article_digest}\0{token}".encode()).hexdigest()


def settings(name: str, config: Config) -> str:
    """The config values one check sees, without the file they came from (JSON text).

    Two configs with equal settings for a check share one instance of it in a run. Rule
    selection and severity overrides are left out: checks report every rule they have and the
    runner selects and grades their findings afterwards, so one stored output serves them all.
    """
    values = {"section": _plain(getattr(config, name, None)), "labels": sorted(config.labels)}
    return json.dumps(values, sort_keys=True, default=str)


def _plain(section: object) -> Any:
    if dataclasses.is_dataclass(section) and not isinstance(section, type):
        return dataclasses.asdict(section)
    return None


def check_token(name: str, config: Config) -> str:
    """Everything besides the article that a check's output depends on, as one string."""
    module = checks.module(name)
    fingerprint = getattr(module, "fingerprint", None)
    parts = {
        "newsedit": build_id(),
        "check": name,
        "version": str(getattr(module, "VERSION", "")),
        "fingerprint": str(fingerprint(config)) if callable(fingerprint) else "",
        "settings": settings(name, config),
    }
    return json.dumps(parts, sort_keys=True)


@cache
def build_id() -> str:
    """newsedit's version and a stamp of its code and data: any change to either misses the cache.

    Each file counts by path, size and modification time, not content: reading the package
    slowed every cached run, and an edit or a reinstall changes the modification time.
    """
    digest = hashlib.sha256(__version__.encode())
    for row in stamp.package_files():
        digest.update(f"{row}\0".encode())
    return digest.hexdigest()[:32]


# ---- values -----------------------------------------------------------------------------------


def encode(output: CheckOutput, article: Article) -> str | None:
    """The JSON form of one check's output, or None when it must not be cached."""
    if output.error is not None:
        return None  # a failure is retried next time
    rows = [_row(f) for f in output.findings]
    try:
        value = json.dumps(
            {"findings": rows, "data": output.data, "notices": output.notices},
            ensure_ascii=False,
            separators=(",", ":"),
        )
    except (TypeError, ValueError):
        return None  # data that JSON cannot hold is shown this once, not stored
    # Store only what comes back identical: a check that built a finding by hand is not cached.
    rebuilt = decode(value, article)
    if rebuilt is None or rebuilt.findings != output.findings:
        return None
    return value


def decode(value: str, article: Article) -> CheckOutput | None:
    """A stored output rebuilt on this article (line, column, text and path derived anew)."""
    try:
        stored = json.loads(value)
        findings = [_finding(row, article) for row in stored["findings"]]
        data, notices = stored["data"], stored["notices"]
        texts = isinstance(notices, list) and all(isinstance(n, str) for n in notices)
        if not (isinstance(data, dict | None) and texts):
            raise TypeError("data or notices of the wrong type")
    except (ValueError, KeyError, TypeError, IndexError):
        return None  # unreadable entries count as misses
    return CheckOutput(findings=findings, data=data, notices=list(notices))


def _row(f: Finding) -> list[Any]:
    return [f.start, f.end, f.rule, f.message, int(f.severity), list(f.replacements), f.check]


def _finding(row: list[Any], article: Article) -> Finding:
    start, end, rule, message, severity, replacements, _check = row  # check follows from the rule id
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(article.text)):
        raise ValueError("offsets outside the article")
    if not (isinstance(rule, str) and isinstance(message, str) and all(isinstance(r, str) for r in replacements)):
        raise TypeError("a rule, message or replacement that is not text")
    return article.finding(start, end, rule, message, severity=Severity(severity), replacements=replacements)
