"""Whose files may steer newsedit: the user's own and root's, where no other user may write."""

from __future__ import annotations

import os
from pathlib import Path


def untrusted(path: Path) -> str | None:
    """Why a file or folder is not trusted to steer newsedit, or None: only the user's own and
    root's are, and only where no other user may write them."""
    try:
        info = path.stat()
    except OSError:
        return None
    if info.st_uid not in (_uid(), 0):
        return f"owned by another user (uid {info.st_uid})"
    if info.st_mode & 0o002:
        return "every user may write it"
    return None


def open_to_others(folder: Path) -> bool:
    """A folder every user may write and the user does not own: anyone could put a config there."""
    try:
        info = folder.stat()
    except OSError:
        return False
    return bool(info.st_mode & 0o002) and info.st_uid != _uid()


def _uid() -> int:
    return os.getuid() if hasattr(os, "getuid") else 0
