"""Command-line paths -> files to check, and files -> decoded, parsed articles."""

from __future__ import annotations

import glob
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from newsedit import article as article_model
from newsedit.article import Article
from newsedit.config import Config
from newsedit.errors import InputError
from newsedit.findings import InputProblem

STDIN = "-"
_GLOB_CHARS = set("*?[")
_MARKDOWN = (".md", ".markdown", ".mdx")


@dataclass(frozen=True)
class Source:
    """One input: a file, or standard input when `file` is None."""

    path: str
    file: Path | None


def expand(
    paths: Sequence[str], extensions: Sequence[str], stdin_name: str | None = None
) -> Iterator[Source | InputProblem]:
    """Files named, found under folders (recursively) or matched by globs, in a stable order.

    Standard input is shown as stdin_name (--stdin-filename) when given, and read as that file would be.
    """
    seen: set[str] = set()
    for raw in paths:
        if raw == STDIN and stdin_name:
            yield Source(stdin_name, None)
            continue
        for item in _expand_one(raw, tuple(e.lower() for e in extensions)):
            key = item.path if isinstance(item, InputProblem) else str(item.file or STDIN)
            if key not in seen:
                seen.add(key)
                yield item


def _expand_one(raw: str, extensions: tuple[str, ...]) -> Iterator[Source | InputProblem]:
    if raw == STDIN:
        yield Source("<stdin>", None)
        return
    path = Path(raw)
    if path.is_dir():
        found = sorted(_walk(path, extensions))
        if not found:
            yield InputProblem(raw, f"no articles here (looked for {', '.join('*' + e for e in extensions)})")
        yield from (Source(str(f), f) for f in found)
    elif path.exists() or path.is_symlink():
        yield Source(raw, path)
    elif _GLOB_CHARS & set(raw):
        matches = sorted(glob.glob(raw, recursive=True))
        files = [Path(m) for m in matches if Path(m).is_file()]
        if not files:
            yield InputProblem(raw, "no files match this pattern")
        yield from (Source(str(f), f) for f in files)
    else:
        yield InputProblem(raw, "no such file or directory")


def _walk(folder: Path, extensions: tuple[str, ...]) -> Iterator[Path]:
    # os.walk without followlinks cannot loop on a symlinked folder; hidden folders (.git) are skipped.
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            if name.lower().endswith(extensions) and not name.startswith("."):
                yield Path(root) / name


def load(source: Source, config: Config) -> Article:
    """Read, decode and parse one input, or raise InputError saying why it cannot be checked."""
    data = _read_bytes(source, config.max_bytes)
    text, notices = decode(data, config.invalid_utf8)
    if not text.strip():
        raise InputError("empty article (nothing but whitespace)" if text else "empty file")
    markdown = Path(source.path if source.file is None else source.file).suffix.lower() in _MARKDOWN
    parsed = article_model.parse(text, source.path, markdown=markdown, labels=config.labels)
    parsed.notices.extend(notices)
    return parsed


def _read_bytes(source: Source, max_bytes: int) -> bytes:
    if source.file is None:
        data = sys.stdin.buffer.read(max_bytes + 1)
    else:
        data = _read_file(source.file, max_bytes)
    if len(data) > max_bytes:
        raise InputError(f"too large: over {max_bytes:,} bytes (raise max-bytes in the config to check it)")
    return data


def _read_file(file: Path, max_bytes: int) -> bytes:
    try:
        if file.is_dir():
            raise InputError("is a directory")
        with file.open("rb") as handle:
            return handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError("no such file (or a broken link)") from None
    except PermissionError:
        raise InputError("permission denied") from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}") from None


def decode(data: bytes, invalid_utf8: str = "replace") -> tuple[str, list[str]]:
    """Bytes -> text: UTF-16 by its BOM, else UTF-8 (BOM dropped); binary data is refused."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError as exc:
            raise InputError(f"invalid UTF-16 at byte {exc.start}") from None
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError(f"binary file (NUL byte at offset {nul}), not an article")
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        where = f"invalid UTF-8 at byte {exc.start} (0x{data[exc.start]:02x})"
        if invalid_utf8 == "reject":
            raise InputError(where) from None
        return data.decode("utf-8-sig", errors="replace"), [f"{where}; bad bytes replaced with U+FFFD"]
