"""newsedit's own files as they are installed, each by path, size and modification time.

What a change of code or data changes: the results cache keys on it (cache.build_id) and the warm
worker's socket is named by it (launch.key). Size and time, not content: reading the package would
slow every run, and an edit or a reinstall changes the time. Only `os`: the hand-over imports this.
"""

from __future__ import annotations

import os

ROOT = os.path.dirname(os.path.abspath(__file__))


def package_files() -> list[str]:
    """One line per file of the package (bytecode aside): its path from the package's folder, in
    `/` form, then its size and its modification time in nanoseconds, NUL-separated; in path order."""
    rows = []
    for folder, subfolders, files in os.walk(ROOT):
        subfolders[:] = [d for d in subfolders if d != "__pycache__"]
        for name in files:
            if name.endswith(".pyc"):
                continue
            path = os.path.join(folder, name)
            stat = os.stat(path)
            relative = os.path.relpath(path, ROOT).replace(os.sep, "/")
            rows.append((relative.split("/"), f"{relative}\0{stat.st_size}\0{stat.st_mtime_ns}"))
    return [row for _, row in sorted(rows)]  # by path part after part, as paths sort
