"""Shared test fixtures: the project's fixtures folder and, where present, ../shared."""

from __future__ import annotations

from pathlib import Path

import pytest

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
