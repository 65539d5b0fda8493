"""Manifest files: the paths of a batch listed one a line (`--manifest FILE`).

Only the option names a manifest: a path is always a path (a staged file named `@list.txt` must
not make newsedit read the files it lists), so there is no `@FILE` shorthand.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from newsedit.errors import InputError
from newsedit.inputs import Listed


def expand(paths: Sequence[str], manifest: Path | None = None) -> list[str]:
    """The paths, then those the --manifest file lists."""
    return [*paths, *(read(manifest) if manifest is not None else [])]


def read(manifest: Path) -> list[str]:
    """The paths a manifest lists: one a line, blank lines and # comments left out, relative to its
    folder; each is read only where it leads inside that folder."""
    try:
        lines = manifest.read_text("utf-8-sig").splitlines()  # an editor's BOM is not part of the first path
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{manifest}: cannot read the manifest: {exc}") from None
    base = manifest.parent
    found: list[str] = []
    for line in lines:
        entry = line.strip()
        if entry and not entry.startswith("#"):
            found.append(Listed(entry if Path(entry).is_absolute() else str(base / entry), str(base)))
    return found
