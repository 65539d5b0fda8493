"""The results of a run in path order: in memory for a few articles, on disk for a batch.

Every finding (with its source line) and every paragraph's scores of a batch of thousands would
otherwise stay in memory until the report is written. Past `SPILL_AFTER` articles, results go
as JSON lines to an unnamed temporary file (the system removes it when it is closed, however
the process ends) and only each article's path and place in the file stay in memory.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import IO, Any, overload

from newsedit.findings import ArticleResult, Finding, Severity, Totals

# A hook run or a folder of a few dozen articles stays in memory: no file, no encoding.
SPILL_AFTER = 200

Spilled = tuple[str, int, int]  # (path, offset, length) of one result in the file


class ResultStore(Sequence[ArticleResult]):
    """Article results appended as they come, read back in path order (each pass reads again)."""

    def __init__(self, spill_after: int = SPILL_AFTER, folder: Path | None = None) -> None:
        self.spill_after = spill_after
        self.folder = folder  # where the temporary file goes; None: the system's temporary folder
        self.notices: list[str] = []  # why results stayed in memory after all, if they did
        self._kept: list[ArticleResult] = []
        self._file: IO[bytes] | None = None
        self._index: list[Spilled] = []
        self._size = 0
        self._ordered = True
        self._extra: dict[int, list[Finding]] = {}  # offset -> cross-article findings, merged on reading
        self._totals = Totals()
        self._memory_only = False  # set when no temporary file could be made or written
        self._closed = False

    @property
    def spilled(self) -> bool:
        """Whether the results are on disk."""
        return self._file is not None

    def append(self, result: ArticleResult) -> None:
        """Keep one more result."""
        self._check_open()
        if self._file is None:
            self._kept.append(result)
            self._ordered = False
            if len(self._kept) > self.spill_after and not self._memory_only:
                self._spill()
            return
        self._write(result)

    def extend(self, results: Iterable[ArticleResult]) -> None:
        """Keep several results."""
        for result in results:
            self.append(result)

    def merge(self, extra: dict[str, list[Finding]]) -> None:
        """Add findings to the articles of their paths (the last one where a path repeats)."""
        if self._file is None:
            by_path = {r.path: r for r in self._kept}
            for path, findings in extra.items():
                if path in by_path:
                    by_path[path].findings = sorted([*by_path[path].findings, *findings], key=_order)
            return
        last = {path: offset for path, offset, _ in self._index}  # a stable sort keeps equal paths in order
        for path, findings in extra.items():
            if path in last and findings:
                self._extra.setdefault(last[path], []).extend(findings)
                self._totals.add_findings(findings)

    def totals(self) -> Totals:
        """Counts over every result held."""
        self._check_open()
        if self._file is None:
            return Totals.of(self._kept)
        return replace(self._totals, by_severity=dict(self._totals.by_severity))

    def __len__(self) -> int:
        self._check_open()
        return len(self._kept) if self._file is None else len(self._index)

    def __iter__(self) -> Iterator[ArticleResult]:
        self._check_open()
        self._order()
        if self._file is None:
            yield from list(self._kept)
            return
        for entry in list(self._index):
            yield self._read(entry)

    @overload
    def __getitem__(self, index: int) -> ArticleResult: ...

    @overload
    def __getitem__(self, index: slice) -> list[ArticleResult]: ...

    def __getitem__(self, index: int | slice) -> ArticleResult | list[ArticleResult]:
        if isinstance(index, slice):
            return list(self)[index]
        self._check_open()
        self._order()
        return self._kept[index] if self._file is None else self._read(self._index[index])

    def close(self) -> None:
        """Remove the temporary file and forget the results."""
        self._closed = True
        self._kept, self._index, self._extra = [], [], {}
        if self._file is not None:
            self._file.close()
            self._file = None

    def __enter__(self) -> ResultStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _check_open(self) -> None:
        if self._closed:
            raise ValueError("the results were closed")

    def _order(self) -> None:
        """Path order; a stable sort keeps the input order of equal paths."""
        if not self._ordered:
            self._kept.sort(key=lambda r: r.path)
            self._index.sort(key=lambda e: e[0])
            self._ordered = True

    def _spill(self) -> None:
        """Move the results to a temporary file; where none can be made, keep them in memory."""
        try:
            # Unbuffered: each write either lands whole or fails there, so the index stays true.
            self._file = tempfile.TemporaryFile(prefix="newsedit-results-", dir=self.folder, buffering=0)  # noqa: SIM115
        except OSError as exc:
            self._stay(f"no temporary file for the results ({exc.strerror or exc})")
            return
        kept, self._kept = self._kept, []
        for result in kept:
            if self._file is None:  # the disk filled up: back in memory
                self._kept.append(result)
            else:
                self._write(result)

    def _write(self, result: ArticleResult) -> None:
        """Append one result to the file; when the disk is full, read every result back instead."""
        assert self._file is not None
        line = encode(result)
        try:
            self._file.seek(self._size)
            _write_all(self._file, line)
        except OSError as exc:
            self._unspill(f"results no longer fit in the temporary folder ({exc.strerror or exc})")
            self._kept.append(result)
            return
        self._index.append((result.path, self._size, len(line)))
        self._size += len(line)
        self._ordered = False
        self._totals.add(result)

    def _unspill(self, why: str) -> None:
        """Bring every result back into memory and drop the file."""
        self._order()
        self._kept = list(self)
        assert self._file is not None
        self._file.close()
        self._file, self._index, self._extra, self._size, self._totals = None, [], {}, 0, Totals()
        self._stay(why)

    def _stay(self, why: str) -> None:
        self._memory_only = True
        self.notices.append(f"{why}: results kept in memory")

    def _read(self, entry: Spilled) -> ArticleResult:
        assert self._file is not None
        _, offset, length = entry
        self._file.seek(offset)
        result = decode(_read_all(self._file, length))
        extra = self._extra.get(offset)
        if extra:
            result.findings = sorted([*result.findings, *extra], key=_order)
        return result


def rewrite(
    articles: Sequence[ArticleResult], change: Callable[[ArticleResult], ArticleResult]
) -> Sequence[ArticleResult]:
    """The articles, each changed by `change`: a new store in place of a store (the old one closed)."""
    if not isinstance(articles, ResultStore):
        return [change(a) for a in articles]
    fresh = ResultStore(articles.spill_after, articles.folder)
    try:
        fresh.extend(change(a) for a in articles)
    except BaseException:
        fresh.close()
        raise
    fresh.notices = [*articles.notices, *fresh.notices]
    articles.close()
    return fresh


def encode(result: ArticleResult) -> bytes:
    """One result as a line of ASCII JSON (lone surrogates escaped, so any text survives)."""
    findings = [_finding_row(f) for f in result.findings]
    row = [result.path, result.headline, findings, result.data, result.notices, result.errors]
    return (json.dumps(row, separators=(",", ":")) + "\n").encode("ascii")


def decode(line: bytes) -> ArticleResult:
    """A result from its line."""
    path, headline, findings, data, notices, errors = json.loads(line)
    return ArticleResult(path, headline, [_finding(row) for row in findings], data, notices, errors)


def _finding_row(f: Finding) -> list[Any]:
    # `source` is not in the JSON report but text output (carets) and baselines need it.
    where = [f.start, f.end, f.line, f.column, f.end_line, f.end_column]
    return [f.rule, int(f.severity), f.message, f.path, *where, f.text, list(f.replacements), f.check, f.source]


def _finding(row: list[Any]) -> Finding:
    rule, severity, message, path, start, end, line, column, end_line, end_column, text, fixes, check, source = row
    return Finding(
        rule, Severity(severity), message, path, start, end, line, column, end_line, end_column, text,
        tuple(fixes), check, source,
    )  # fmt: skip


def _order(f: Finding) -> tuple[str, int, int, str, str]:
    return f.sort_key


def _write_all(handle: IO[bytes], data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = handle.write(view)
        if not written:
            raise OSError(f"could not write to {getattr(handle, 'name', 'the temporary file')}")
        view = view[written:]


def _read_all(handle: IO[bytes], length: int) -> bytes:
    chunks, left = [], length
    while left:
        chunk = handle.read(left)
        if not chunk:
            raise OSError("the temporary results file ended early")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)
