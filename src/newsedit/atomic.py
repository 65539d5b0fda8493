"""Safe file writes: atomic replace for regular files, in place for everything else.

A regular file is replaced atomically: readers see the old file or the new one, never half of
one. The new content is written to an unnamed file (Linux O_TMPFILE) that only gets a name for
the instant before the rename, so a process killed while writing (kill -9 included) leaves
nothing behind; where O_TMPFILE is missing, a named temporary file that is removed on any exit
Python sees. A symlink is written through to its target and stays a link. Anything that is not
a regular file (/dev/null, a FIFO, /dev/stdout, a shell's process substitution) is written in
place: replacing it would break it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

# Where writing in place is right even for what stat() calls a regular file: /dev/stdout
# redirected to a file is a link into /proc, whose entries cannot be renamed over.
_PSEUDO = ("/proc/", "/dev/")


def write_text(path: Path, text: str, mode: int | None = None) -> None:
    """Write text so that readers see the old file or the new one, never half of one."""
    write_bytes(path, text.encode("utf-8"), mode)


def write_bytes(path: Path, data: bytes, mode: int | None = None) -> None:
    """Write bytes atomically; on any failure the target is untouched and no temp file is left."""
    with replacing(path, mode=mode) as handle:
        handle.write(data)


def write_chunks(path: Path, chunks: Iterable[str]) -> None:
    """Write text that comes in pieces (a long report), holding one piece at a time."""
    with replacing(path) as handle:
        for chunk in chunks:
            handle.write(chunk.encode("utf-8", "backslashreplace"))  # a file name that is not UTF-8: \udce9


def in_place(path: Path) -> bool:
    """Whether `path` is written in place: it exists and is not a regular file (device, FIFO, /proc link)."""
    try:
        st = os.stat(path)
    except OSError:
        return False
    return not stat.S_ISREG(st.st_mode) or os.path.realpath(path).startswith(_PSEUDO)


@contextmanager
def replacing(path: Path, still: Callable[[], bool] | None = None, mode: int | None = None) -> Iterator[BinaryIO]:
    """A file that replaces `path` when the block ends (in place for non-regular files).

    The new file gets `mode`, else the target's mode, else the usual mode of a new file.
    `still` is asked just before the rename; when it answers False the new content is dropped
    and `Unchanged` is raised, so a file edited meanwhile is left as it is.
    """
    path = Path(path)
    if in_place(path):
        with open(path, "wb") as handle:
            yield handle
        return
    target = Path(os.path.realpath(path))  # through a symlink: the link stays a link
    with _unnamed(target) as (handle, commit):
        yield handle
        handle.flush()
        os.fsync(handle.fileno())
        if mode is None:  # keep the target's mode, or give a new file the usual one
            mode = target.stat().st_mode & 0o7777 if target.exists() else 0o666 & ~_umask()
        os.fchmod(handle.fileno(), mode)
        if still is not None and not still():
            raise Unchanged(str(path))
        commit()


class Unchanged(Exception):
    """The target changed while its new content was written: nothing was replaced."""


@contextmanager
def _unnamed(target: Path) -> Iterator[tuple[BinaryIO, Callable[[], None]]]:
    """A file in the target's folder with no name until commit() renames it over the target."""
    folder = target.parent
    fd = _tmpfile(folder)
    if fd is None:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "wb") as handle:
                yield handle, lambda: os.replace(tmp, target)
        finally:
            Path(tmp).unlink(missing_ok=True)  # gone already when the rename happened
        return
    with os.fdopen(fd, "wb") as handle:

        def commit() -> None:
            tmp = folder / f".{target.name}.{secrets.token_hex(6)}.tmp"
            # linkat(AT_SYMLINK_FOLLOW) of the open file; a dir fd makes os.link call linkat.
            dir_fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
            try:
                os.link(f"/proc/self/fd/{handle.fileno()}", tmp.name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
            finally:
                os.close(dir_fd)
            try:
                os.replace(tmp, target)
            except BaseException:
                tmp.unlink(missing_ok=True)
                raise

        yield handle, commit


def _tmpfile(folder: Path) -> int | None:
    """An unnamed file in `folder` (Linux O_TMPFILE), or None where that is not supported."""
    flag = getattr(os, "O_TMPFILE", 0)
    if not flag or not os.path.isdir("/proc/self/fd"):
        return None
    try:
        return os.open(folder, flag | os.O_WRONLY | getattr(os, "O_CLOEXEC", 0), 0o600)
    except OSError as exc:
        if exc.errno in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL, errno.ENOENT):
            return None  # a file system without it (or an old kernel): a named temporary file instead
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name the same existing file (hard and symbolic links included)."""
    with contextlib.suppress(OSError):
        return os.path.samefile(a, b)
    return False
