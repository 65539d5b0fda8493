"""Shared test fixtures: the project's fixtures folder and, where present, ../shared."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpora" / "bbc"
SAMPLE = FIXTURES / "lavrov-north-korea.txt"


@pytest.fixture
def sample_path() -> Path:
    """The user's sample article."""
    return SAMPLE


@pytest.fixture
def corpus_dir() -> Path:
    """The BBC news corpus; tests that use it run only where ../shared exists (CI has it)."""
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpora is not beside this checkout")
    return CORPUS


# ---- LanguageTool ----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def languagetool_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A real LanguageTool server for the whole session, recorded in a cache folder of its own.

    The jars are those `newsedit setup` installed (linked, not copied); the server's state file
    and log live in the session's folder, so tests never touch the user's own server. Yields
    that cache folder; tests point NEWSEDIT_CACHE_DIR at it through `lt_cache`.
    """
    import os

    from newsedit.engines import languagetool

    if not languagetool.installed():
        pytest.skip("LanguageTool is not set up here: run `newsedit setup` first")
    folder = tmp_path_factory.mktemp("newsedit-cache")
    (folder / languagetool.home().name).symlink_to(languagetool.home(), target_is_directory=True)
    previous = os.environ.get(languagetool.CACHE_ENV)
    os.environ[languagetool.CACHE_ENV] = str(folder)
    try:
        languagetool.ensure_server(idle_minutes=30)
        yield folder
        languagetool.stop_server()
    finally:
        if previous is None:
            os.environ.pop(languagetool.CACHE_ENV, None)
        else:
            os.environ[languagetool.CACHE_ENV] = previous


@pytest.fixture
def lt_cache(languagetool_server: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """NEWSEDIT_CACHE_DIR set to the session's LanguageTool folder (its server is running)."""
    monkeypatch.setenv("NEWSEDIT_CACHE_DIR", str(languagetool_server))
    monkeypatch.delenv("NEWSEDIT_LT_URL", raising=False)
    return languagetool_server


# ---- hypothesis ------------------------------------------------------------------------------

# The property tests must not depend on luck: the same examples on every run (derandomize) and
# no example database, so a failure stored on one machine can never make a clean checkout fail.
# HYPOTHESIS_PROFILE=explore searches randomly, with more examples, for finding new failures.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.register_profile("explore", max_examples=2000, database=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
