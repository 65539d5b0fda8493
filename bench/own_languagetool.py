"""A cache folder of a benchmark's own for LanguageTool: the installed jars, a server that stops at the end."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def cache_folder(prefix: str) -> Iterator[Path]:
    """NEWSEDIT_CACHE_DIR set to a new folder sharing the installed jars; its server stops at the end."""
    from newsedit.backends import languagetool

    if not languagetool.installed():
        sys.exit("LanguageTool is not set up: run `newsedit setup` first")
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    (folder / languagetool.home().name).symlink_to(languagetool.home(), target_is_directory=True)
    previous = os.environ.get(languagetool.CACHE_ENV)
    os.environ[languagetool.CACHE_ENV] = str(folder)
    try:
        yield folder
    finally:
        languagetool.stop_server()
        if previous is None:
            os.environ.pop(languagetool.CACHE_ENV, None)
        else:
            os.environ[languagetool.CACHE_ENV] = previous
        shutil.rmtree(folder, ignore_errors=True)
