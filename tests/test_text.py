"""Line/column lookup and span trimming."""

from __future__ import annotations

from newsedit.text import LineIndex, Position, trim


def test_positions_are_one_based_and_count_characters() -> None:
    index = LineIndex("ab\ncdé😀f\n")
    assert index.position(0) == Position(1, 1)
    assert index.position(3) == Position(2, 1)
    assert index.position(7) == Position(2, 5)  # the emoji is one column


def test_crlf_and_lone_cr_are_one_line_break_each() -> None:
    text = "one\r\ntwo\rthree\nfour"
    index = LineIndex(text)
    assert index.position(text.index("two")) == Position(2, 1)
    assert index.position(text.index("three")) == Position(3, 1)
    assert index.position(text.index("four")) == Position(4, 1)
    assert index.line_text(1) == "one"
    assert index.line_text(2) == "two"


def test_a_tab_is_one_column() -> None:
    assert LineIndex("\tx").position(1) == Position(1, 2)


def test_end_of_text_is_a_valid_position() -> None:
    assert LineIndex("ab\n").position(3) == Position(2, 1)
    assert LineIndex("ab\n").line_count == 1


def test_trim_strips_non_breaking_and_unicode_spaces() -> None:
    text = "\u00a0\u2003 word \u00a0"
    start, end = trim(text, 0, len(text))
    assert text[start:end] == "word"
