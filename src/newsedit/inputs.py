"""Command-line paths -> files to check, and files -> decoded, parsed articles."""

from __future__ import annotations

import glob
import itertools
import os
import stat
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from newsedit import article as article_model
from newsedit.article import Article
from newsedit.config import Config
from newsedit.errors import InputError
from newsedit.findings import InputProblem

STDIN = "-"
# Set (to 1) by `newsedit hook install`'s hook: files are read as staged in the git index, not
# from the working tree, so the commit is checked as it will be made.
STAGED_ENV = "NEWSEDIT_STAGED"
_GLOB_CHARS = set("*?[")
_MARKDOWN = (".md", ".markdown", ".mdx")
# git as run on folders newsedit is given: a scanned repository's own config must not run a program.
# core.fsmonitor names a command git runs on every index read (check-ignore included); hooks are
# switched off too, for any git that would run one.
GIT = ("git", "-c", "core.fsmonitor=", "-c", "core.hooksPath=/dev/null", "-c", "core.untrackedCache=false")
# Variables that point git at another repository than the folder's own (set inside a git hook).
_GIT_REDIRECTS = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR", "GIT_OBJECT_DIRECTORY")


@dataclass(frozen=True)
class Source:
    """One input: a file, or standard input when `file` is None."""

    path: str
    file: Path | None


class Listed(str):
    """A path from a list (a --manifest file): read only where it leads inside the list's folder,
    `root`, so a hostile list cannot name ../../etc/shadow or a link out of its tree."""

    root: str

    def __new__(cls, path: str, root: str) -> Listed:
        """The path, remembering the folder it must stay inside."""
        listed = super().__new__(cls, path)
        listed.root = root
        return listed

    def __reduce__(self) -> tuple[type[Listed], tuple[str, str]]:
        return (Listed, (str(self), self.root))


def expand(
    paths: Sequence[str],
    extensions: Sequence[str],
    notices: list[str] | None = None,
    stdin_name: str | None = None,
) -> Iterator[Source | InputProblem]:
    """Files named, found under folders (recursively) or matched by globs, in a stable order.

    Folder scans skip hidden entries, `node_modules`, what git ignores (in a git work tree);
    scans and globs skip symlinks that lead out of the folder and what is not a regular file (a
    FIFO, a device), each named in `notices`; a file named itself is read even when it is a
    symlink. A Listed path (from a manifest) must lead inside its list's folder. Standard input is
    shown as stdin_name (--stdin-filename) when given, and read as that file would be.
    """
    seen: set[str] = set()
    for raw in paths:
        if raw == STDIN and stdin_name:
            yield Source(stdin_name, None)
            continue
        for item in _expand_one(raw, tuple(e.lower() for e in extensions), notices if notices is not None else []):
            key = item.path if isinstance(item, InputProblem) else str(item.file or STDIN)
            if key not in seen:
                seen.add(key)
                yield item


def _expand_one(raw: str, extensions: tuple[str, ...], notices: list[str]) -> Iterator[Source | InputProblem]:
    if raw == STDIN:
        yield Source("<stdin>", None)
        return
    root = getattr(raw, "root", None)
    for item in _resolve(str(raw), extensions, notices):
        if root is not None and isinstance(item, Source) and item.file is not None and not _within(root, item.file):
            yield InputProblem(item.path, f"not read: it leads outside {root}, the folder of the list that names it")
        else:
            yield item


def _resolve(raw: str, extensions: tuple[str, ...], notices: list[str]) -> Iterator[Source | InputProblem]:
    """One path, folder or glob -> its files: the one place the symlink and special-file rules apply."""
    path = Path(raw)
    if path.is_dir():
        found = sorted(_unignored(path, _admitted(path, _walk(path, extensions), notices)))
        if not found:
            yield InputProblem(raw, f"no articles here (looked for {', '.join('*' + e for e in extensions)})")
        yield from (Source(str(f), f) for f in found)
    elif path.exists() or path.is_symlink():
        yield Source(raw, path)
    elif _GLOB_CHARS & set(raw):
        matches = [Path(m) for m in sorted(glob.glob(raw, recursive=True))]
        files = _admitted(_glob_base(raw), [m for m in matches if m.exists() and not m.is_dir()], notices)
        if not files:
            yield InputProblem(raw, "no files match this pattern")
        yield from (Source(str(f), f) for f in files)
    else:
        yield InputProblem(raw, "no such file or directory")


def _glob_base(pattern: str) -> Path:
    """The folder a glob searches: its path up to the first part with a wildcard."""
    parts = Path(pattern).parts
    fixed = [p for p in itertools.takewhile(lambda part: not (_GLOB_CHARS & set(part)), parts)]
    return Path(*fixed) if fixed else Path(".")


def _within(root: str, file: Path) -> bool:
    """Whether a file, every link followed, lies inside a folder."""
    top = os.path.realpath(root)
    return os.path.commonpath([top, os.path.realpath(file)]) == top


def clashes(paths: Sequence[str], extensions: Sequence[str], output: Path) -> str | None:
    """The input that `output` would overwrite (the same file, through any link), or None."""
    from newsedit.atomic import same_file

    if not output.exists():
        return None
    for item in expand(paths, extensions):
        if isinstance(item, Source) and item.file is not None and same_file(item.file, output):
            return item.path
    return None


# Folders a scan never enters: they hold other people's files, never articles.
SKIPPED_FOLDERS = frozenset({"node_modules"})


def _walk(folder: Path, extensions: tuple[str, ...]) -> Iterator[Path]:
    # os.walk without followlinks cannot loop on a symlinked folder; hidden folders (.git) are skipped.
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIPPED_FOLDERS)
        for name in files:
            if name.lower().endswith(extensions) and not name.startswith("."):
                yield Path(root) / name


def _admitted(folder: Path, files: Iterable[Path], notices: list[str]) -> list[Path]:
    """The files a scan or glob of a folder reads: regular files that stay inside it. A symlink out
    of it (to /etc/passwd...) and a FIFO or device (a read would hang or never end) are skipped."""
    kept = []
    for file in files:
        if file.is_symlink() and not _within(str(folder), file):
            notices.append(f"{file}: skipped: a symlink to {os.path.realpath(file)}, outside {folder}")
        elif not _regular(file):
            notices.append(f"{file}: skipped: not a regular file (a FIFO, a device or a socket)")
        else:
            kept.append(file)
    return kept


def _regular(file: Path) -> bool:
    """A regular file (through links); a broken link counts, so the run reports it as missing."""
    try:
        return stat.S_ISREG(file.stat().st_mode)
    except OSError:
        return True


def _unignored(folder: Path, files: list[Path]) -> list[Path]:
    """The files git does not ignore, in a git work tree; all of them elsewhere (git is not run),
    and all of them when the folder named is itself ignored (it was asked for)."""
    if not files or not _in_git_tree(folder):
        return files
    import subprocess

    here = os.path.abspath(folder)
    names = [os.path.relpath(f, folder) for f in files]
    try:
        done = subprocess.run(
            [*GIT, "check-ignore", "-z", "--stdin"],
            cwd=folder,
            env={k: v for k, v in os.environ.items() if k not in _GIT_REDIRECTS},
            input=b"\0".join(os.fsencode(n) for n in [here, *names]) + b"\0",
            capture_output=True,
            check=False,
        )
    except OSError:
        return files  # no git: nothing is known to be ignored
    if done.returncode not in (0, 1):  # 1: nothing ignored; anything else: git could not tell
        return files
    ignored = {os.fsdecode(n) for n in done.stdout.split(b"\0") if n}
    if here in ignored:
        return files
    return [f for f, name in zip(files, names, strict=True) if name not in ignored]


def _in_git_tree(folder: Path) -> bool:
    """Whether a folder is inside a git work tree (a .git above it), found without running git."""
    here = Path(os.path.abspath(folder))
    return any((p / ".git").exists() for p in (here, *here.parents))


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
    if os.environ.get(STAGED_ENV) == "1":
        return _read_staged(file)
    try:
        if file.is_dir():
            raise InputError("is a directory")
        with _open_article(file) as handle:
            return handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError("no such file (or a broken link)") from None
    except PermissionError:
        raise InputError("permission denied") from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}") from None


def _open_article(file: Path) -> BinaryIO:
    """A file opened for reading, refused unless it is a regular file or a pipe: a device never ends
    or blocks. Scans and globs never get here with a FIFO; one that is named (`<(command)`, a
    manifest line) is waited on, as `cat` would; anything else is opened without waiting."""
    flags = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0)
    if not stat.S_ISFIFO(file.stat().st_mode):
        flags |= getattr(os, "O_NONBLOCK", 0)  # no effect on a regular file; a device is refused unread
    fd = os.open(file, flags)
    try:
        mode = os.fstat(fd).st_mode
        if not (stat.S_ISREG(mode) or stat.S_ISFIFO(mode)):
            raise InputError("not a regular file (a device or a socket): not read")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _read_staged(file: Path) -> bytes:
    """The file's content as staged in the git index (`git cat-file blob :./NAME` in its folder)."""
    import subprocess

    try:
        done = subprocess.run(
            [*GIT, "cat-file", "blob", f":./{file.name}"],  # the leading ":" keeps any name from being an option
            cwd=file.parent,
            capture_output=True,
            check=False,
        )
    except OSError as exc:
        raise InputError(f"cannot read the staged file: {exc.strerror or exc}") from None
    if done.returncode != 0:
        raise InputError("not staged (not in the git index)")
    return done.stdout


def decode(data: bytes, invalid_utf8: str = "replace") -> tuple[str, list[str]]:
    """Bytes -> text: UTF-32 or UTF-16 by its BOM, else UTF-8 (BOM dropped); binary data is refused."""
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):  # before UTF-16: FF FE starts both
        try:
            return data.decode("utf-32"), []
        except UnicodeDecodeError as exc:
            raise InputError(f"invalid UTF-32 at byte {exc.start}") from None
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
