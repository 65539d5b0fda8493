"""Sentence spans and quotations: offsets into the text, never a break inside a quotation."""

from __future__ import annotations

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


def test_inside_means_within_the_marks() -> None:
    text = 'A "quoted phrase" here'
    quotes = sentences.quote_spans(text)
    open_at = text.index('"')
    assert sentences.inside(quotes, open_at + 1, open_at + 7)
    assert not sentences.inside(quotes, open_at, open_at + 7)  # the opening mark itself is outside
    assert not sentences.inside(quotes, 0, 1)
