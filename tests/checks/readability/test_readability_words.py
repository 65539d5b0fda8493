"""The Dale-Chall familiar-word list shipped in data/, and what counts as a word."""

from __future__ import annotations

import re
from importlib import resources

import pytest

from newsedit.checks.readability import words

LIST = "dale_chall_easy_words.txt"


def _raw() -> str:
    return resources.files("newsedit.data").joinpath(LIST).read_text("utf-8")


def test_the_list_says_where_it_comes_from_and_under_which_licence() -> None:
    header = "\n".join(line for line in _raw().splitlines() if line.startswith("#"))
    assert "textstat" in header and "0.7.13" in header and "sha256" in header
    assert "MIT License" in header and "Permission is hereby granted" in header
    assert "Dale" in header and "Chall" in header


def test_the_list_holds_unique_lower_case_words() -> None:
    entries = [line for line in _raw().splitlines() if line and not line.startswith("#")]
    assert len(entries) == 2941
    assert len(set(entries)) == len(entries)
    assert all(re.fullmatch(r"[a-z]+(?:['-][a-z]+)*\.?", w) for w in entries), "one plain word per line"
    assert words.familiar_words() == frozenset(entries)


def test_the_list_is_textstats_list_unchanged() -> None:
    textstat = pytest.importorskip("textstat")
    theirs = resources.files(textstat).joinpath("resources/en/easy_words.txt").read_text("utf-8")
    assert words.familiar_words() == frozenset(theirs.split())


@pytest.mark.parametrize(
    ("word", "difficult"),
    [("said", 0), ("Said", 0), ("don’t", 0), ("government", 0), ("Mr", 0), ("minister", 1), ("2004", 1)],
)
def test_familiarity_ignores_case_curly_apostrophes_and_abbreviation_stops(word: str, difficult: int) -> None:
    assert words.stats(word).difficult == difficult


def test_complex_words_are_long_and_unfamiliar() -> None:
    assert words.stats("beautiful").polysyllabic == 1
    assert words.stats("beautiful").complex == 0  # on the familiar list
    assert words.stats("infrastructure").complex == 1
