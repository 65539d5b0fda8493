"""Where newsedit keeps its files: one cache folder for LanguageTool, results and summaries.

The folder holds article text (cached results, summaries, the server's log), so it is private:
0700, whatever the umask, and the files newsedit writes there are 0600.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

CACHE_ENV = "NEWSEDIT_CACHE_DIR"
FOLDER_MODE, FILE_MODE = 0o700, 0o600


def cache_dir() -> Path:
    """newsedit's cache folder ($NEWSEDIT_CACHE_DIR, else the user cache folder), made private."""
    override = os.environ.get(CACHE_ENV)
    if override:
        return private_folder(Path(override))
    import platformdirs  # here: a hook that never needs the folder does not import it

    return private_folder(Path(platformdirs.user_cache_dir("newsedit")))


def private_folder(folder: Path) -> Path:
    """Create a folder 0700 (or make ours 0700 where others could read it, unless others may write
    it: a shared folder, such as a sticky 1777 one, stays open, and newsedit's files there are 0600);
    errors are left to whoever writes there next."""
    try:
        folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
        info = folder.stat()
        shared = info.st_mode & (stat.S_ISVTX | 0o022)
        if info.st_mode & 0o077 and info.st_uid == os.getuid() and not shared:
            os.chmod(folder, FOLDER_MODE)  # mkdir's mode is cut by the umask, and old folders were 0755
    except OSError:
        pass
    return folder


def private_file(path: Path) -> Path:
    """Create a file 0600 if it is missing, and make it 0600 if it is not (umask-independent)."""
    fd = os.open(path, os.O_CREAT | os.O_WRONLY | getattr(os, "O_CLOEXEC", 0), FILE_MODE)
    try:
        os.fchmod(fd, FILE_MODE)
    finally:
        os.close(fd)
    return path
