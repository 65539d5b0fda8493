"""Where newsedit keeps its files: one cache folder for LanguageTool, results and summaries."""

from __future__ import annotations

import os
from pathlib import Path

CACHE_ENV = "NEWSEDIT_CACHE_DIR"


def cache_dir() -> Path:
    """newsedit's cache folder: $NEWSEDIT_CACHE_DIR, else the user cache folder."""
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override)
    import platformdirs  # here: a hook that never needs the folder does not import it

    return Path(platformdirs.user_cache_dir("newsedit"))
