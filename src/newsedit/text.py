"""Offsets into the original text: line/column lookup and whitespace-aware span trimming."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

# \r\n first so a CRLF pair counts as one line break, then lone \r (old Mac) and \n.
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class Position:
    """A 1-based line and column; columns count characters (code points), not bytes."""

    line: int
    column: int


class LineIndex:
    """Maps character offsets to line/column by bisecting the offsets where lines start."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]

    def position(self, offset: int) -> Position:
        """Line and column of a character offset (the end of the text is a valid offset)."""
        offset = max(0, min(offset, len(self._text)))
        line = bisect.bisect_right(self._starts, offset) - 1
        return Position(line + 1, offset - self._starts[line] + 1)

    def offset(self, line: int) -> int:
        """The offset where a 1-based line starts."""
        return self._starts[line - 1]

    def line_text(self, line: int) -> str:
        """The text of a 1-based line, without its line break."""
        start = self._starts[line - 1]
        end = self._starts[line] if line < len(self._starts) else len(self._text)
        return self._text[start:end].rstrip("\r\n")

    @property
    def line_count(self) -> int:
        """How many lines the text has (a trailing break does not start an empty extra line)."""
        count = len(self._starts)
        return count - 1 if count > 1 and self._starts[-1] == len(self._text) else count


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) past surrounding whitespace, U+00A0 and other Unicode spaces included."""
    while start < end and (text[start].isspace() or text[start] in "\ufeff\u200b"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in "\ufeff\u200b"):
        end -= 1
    return start, end
