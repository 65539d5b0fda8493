"""Untrusted text (article text, file names, check messages) made harmless for terminals and CI logs.

Control characters (ESC, BEL, ...) would drive the terminal and bidi overrides would reorder what
is shown, so both are written as visible escapes (`\\x1b`, `\\u202e`). A line that starts with `::`
(spaces ignored, as the runner trims them) would be run by GitHub Actions as a workflow command
(`::error ...`, `::add-mask::`), so its first colon is written as `\\x3a`.
"""

from __future__ import annotations

import re

# C0 and C1 controls, DEL, bidi embeddings/overrides/isolates and marks, line/paragraph separators.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_COMMAND = re.compile(r"^(\s*):(?=:)", re.MULTILINE)


def _code(match: re.Match[str]) -> str:
    point = ord(match.group())
    return f"\\x{point:02x}" if point < 0x100 else f"\\u{point:04x}"


def visible(text: str, keep: str = "") -> str:
    """The text with every control character and bidi control (less those in `keep`) written as a
    visible escape."""
    return _UNSAFE.sub(lambda m: m.group() if m.group() in keep else _code(m), text)


def file_name(name: str) -> str:
    """A file name for a line of output: quoted, with escapes, when it holds a control character."""
    if not _UNSAFE.search(name):
        return name
    return "'" + visible(name).replace("'", "\\'") + "'"


def no_commands(text: str) -> str:
    """Lines that GitHub Actions would take for workflow commands, neutralised (`::` -> `\\x3a:`)."""
    return _COMMAND.sub(r"\1\\x3a", text)
