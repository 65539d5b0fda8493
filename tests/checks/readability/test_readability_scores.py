"""Words, counts and the seven formulas, on counts worked out by hand."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsedit.checks.readability import scores, words
from newsedit.checks.readability.scores import Counts

# 100 words in 5 sentences, 150 syllables, 450 letters, 500 keystrokes, 10 words of three
# syllables or more (8 of them unfamiliar), 20 words off the Dale-Chall list.
HAND = Counts(
    words=100,
    sentences=5,
    syllables=150,
    letters=450,
    characters=500,
    polysyllables=10,
    complex_words=8,
    difficult_words=20,
)


def test_words_are_counted_as_flesch_counts_them() -> None:
    text = "It's a well-known fact: U.S. sales rose 7.5% to $1.13bn (464,000 units) — analysts' view, said O’Neill."
    assert words.tokens(text) == [
        "It's", "a", "well-known", "fact", "U.S", "sales", "rose", "7.5", "to", "1.13bn",
        "464,000", "units", "analysts'", "view", "said", "O’Neill",
    ]  # fmt: skip


def test_a_sentence_is_counted_once_per_word() -> None:
    counts = scores.count("The cat sat on the beautiful mat.")
    # "beautiful" is long but familiar, so it is no complex word.
    assert counts == Counts(words=7, sentences=1, syllables=9, letters=26, characters=27, polysyllables=1)


def test_text_without_words_is_no_sentence() -> None:
    assert scores.count(" -- ... !") == Counts()
    assert scores.count("") == Counts()


def test_counts_add_up() -> None:
    parts = [scores.count("One two three."), scores.count("Four five.")]
    assert scores.total(parts) == Counts(*(a + b for a, b in zip(*parts, strict=True)))
    assert scores.total([]) == Counts()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("flesch_reading_ease", 206.835 - 1.015 * 20 - 84.6 * 1.5),
        ("flesch_kincaid_grade", 0.39 * 20 + 11.8 * 1.5 - 15.59),
        ("gunning_fog", 0.4 * (20 + 8)),
        ("smog", 1.043 * math.sqrt(60) + 3.1291),
        ("coleman_liau", 0.0588 * 450 - 0.296 * 5 - 15.8),
        ("ari", 4.71 * 5 + 0.5 * 20 - 21.43),
        ("dale_chall", 0.1579 * 20 + 0.0496 * 20 + 3.6365),
    ],
)
def test_each_formula_on_hand_counts(name: str, expected: float) -> None:
    assert scores.FORMULAS[name](HAND) == pytest.approx(expected)


def test_dale_chall_adds_its_constant_only_past_five_percent() -> None:
    easy = HAND._replace(difficult_words=5)
    assert scores.dale_chall(easy) == pytest.approx(0.1579 * 5 + 0.0496 * 20)


def test_score_reports_every_count_ratio_and_formula() -> None:
    out = scores.score(HAND, words_per_minute=200)
    assert out["words"] == 100 and out["sentences"] == 5
    assert out["reading_time_seconds"] == 30
    assert out["words_per_sentence"] == 20.0 and out["syllables_per_word"] == 1.5
    assert out["complex_share"] == 0.08 and out["difficult_share"] == 0.2
    assert out["flesch_kincaid_grade"] == 9.91
    assert set(scores.FORMULAS) <= set(out)


def test_no_words_gives_none_not_a_division_error() -> None:
    out = scores.score(Counts(), words_per_minute=230)
    assert out["words"] == 0 and out["reading_time_seconds"] == 0
    assert all(out[name] is None for name in [*scores.FORMULAS, *scores.RATIOS])


def test_one_word_gives_defined_scores() -> None:
    out = scores.score(scores.count("Hello."), words_per_minute=230)
    assert out["words"] == 1 and out["sentences"] == 1
    assert all(isinstance(out[name], float) for name in scores.FORMULAS)


@given(st.text(max_size=400))
def test_any_text_scores_to_finite_json(text: str) -> None:
    out = scores.score(scores.count(text), words_per_minute=230)
    json.dumps(out, allow_nan=False)  # raises on NaN or infinity
