"""Manifest files: the paths of a batch listed one a line (`--manifest FILE` or `@FILE` among the paths)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from newsedit.errors import InputError


def expand(paths: Sequence[str], manifest: Path | None = None) -> list[str]:
    """The paths with each `@FILE` (and the --manifest file) replaced by the paths it lists."""
    out: list[str] = []
    for path in paths:
        out.extend(read(Path(path[1:])) if path.startswith("@") else [path])
    if manifest is not None:
        out.extend(read(manifest))
    return out


def read(manifest: Path) -> list[str]:
    """The paths a manifest lists: one a line, blank lines and # comments left out, relative to its folder."""
    try:
        lines = manifest.read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{manifest}: cannot read the manifest: {exc}") from None
    base = manifest.parent
    found = []
    for line in lines:
        entry = line.strip()
        if entry and not entry.startswith("#"):
            found.append(entry if Path(entry).is_absolute() else str(base / entry))
    return found
