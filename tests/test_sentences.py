"""Sentence spans and quotations: offsets into the text, never a break inside a quotation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsedit import sentences


def spans_text(text: str) -> list[str]:
    return [text[s:e] for s, e in sentences.split(text, 0, len(text))]


def test_sentences_are_trimmed_spans_of_the_text() -> None:
    text = "  The port reopened. Workers returned on Monday.  "
    assert spans_text(text) == ["The port reopened.", "Workers returned on Monday."]


def test_a_quotation_with_several_sentences_stays_in_one_sentence() -> None:
    text = 'He said: "We will not stop. Never." Then he left.'
    assert spans_text(text) == ['He said: "We will not stop. Never."', "Then he left."]


def test_quote_spans_take_the_marks_and_skip_apostrophes() -> None:
    text = "“Don’t go,” she said, ‘twice’."
    assert [text[a:b] for a, b in sentences.quote_spans(text)] == ["“Don’t go,”", "‘twice’"]
    inner = "O‘Brien’s ‘plan’"  # a ‘ inside a word opens nothing; a ’ before a letter closes nothing
    assert [inner[a:b] for a, b in sentences.quote_spans(inner)] == ["‘plan’"]


def test_a_quotation_that_opens_again_in_its_paragraph_runs_to_the_new_mark() -> None:
    # Copy whose paragraph breaks were lost keeps the convention: each paragraph of a quote opens a mark.
    text = 'He said: "I dealt with it months ago. I said so. "What matters are the issues."'
    assert [text[a:b] for a, b in sentences.quote_spans(text)] == ['"What matters are the issues."']
    reopened = [text[a:b] for a, b in sentences.quote_spans(text, reopened=True)]
    assert reopened == ['"I dealt with it months ago. I said so. ', '"What matters are the issues."']


def test_inside_means_within_the_marks() -> None:
    text = 'A "quoted phrase" here'
    quotes = sentences.quote_spans(text)
    open_at = text.index('"')
    assert sentences.inside(quotes, open_at + 1, open_at + 7)
    assert not sentences.inside(quotes, open_at, open_at + 7)  # the opening mark itself is outside
    assert not sentences.inside(quotes, 0, 1)


GOLDEN_RULES = Path(__file__).parent / "data" / "golden_rules_en.json"


def test_the_english_golden_rules_give_the_right_sentences() -> None:
    """The Pragmatic Segmenter's 48 English cases (source named in the data file): at least 45 exactly right."""
    data = json.loads(GOLDEN_RULES.read_text("utf-8"))
    assert "Pragmatic Segmenter" in data["source"]
    cases = data["cases"]
    wrong = [c["text"] for c in cases if spans_text(c["text"]) != c["sentences"]]
    assert len(cases) == 48
    assert len(cases) - len(wrong) >= 45, wrong


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A dateline and an agency in brackets, an abbreviation before a name, decimals and money.
        (
            "LONDON, Jan. 5 (AP) — Shares rose 2.5% to $1.13bn. J.K. Rowling met George W. Bush at No. 10.",
            ["LONDON, Jan. 5 (AP) — Shares rose 2.5% to $1.13bn.", "J.K. Rowling met George W. Bush at No. 10."],
        ),
        # An initialism ends the sentence before a word that starts one; it does not before a name.
        (
            "The plan was backed by the U.S. The vote was close. The U.S. Senate agreed.",
            ["The plan was backed by the U.S.", "The vote was close.", "The U.S. Senate agreed."],
        ),
        ("It was 11 p.m. Then police arrived.", ["It was 11 p.m.", "Then police arrived."]),
        # A quotation's own stop ends the sentence only when what follows starts one.
        (
            '"We could see it," she said. "It was huge." He agreed.',
            ['"We could see it," she said.', '"It was huge."', "He agreed."],
        ),
        ('"Is it over?" she asked. Nobody knew.', ['"Is it over?" she asked.', "Nobody knew."]),
        # Lists written on one line.
        ("1. Book a slot 2. Bring your ID 3. Vote", ["1. Book a slot", "2. Bring your ID", "3. Vote"]),
    ],
)
def test_news_copy_sentences(text: str, expected: list[str]) -> None:
    assert spans_text(text) == expected


def test_a_sentence_count_needs_no_final_stop() -> None:
    assert spans_text("Storm closes roads across the north") == ["Storm closes roads across the north"]
