"""`index add` and `index list` print article text and file names escaped, as the check output does."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from cli_helpers import newsedit

BODY = "The council approved the new routes on Tuesday after a long debate about costs.\n"
HOSTILE = "Rates \x1b]0;owned\x07 rise \u202eevil\n\n" + BODY  # an OSC title change, BEL and a bidi override
RAW = ("\x1b", "\x07", "\u202e")


@pytest.mark.skipif(sys.platform == "win32", reason="control characters in file names")
def test_index_add_and_list_escape_text_and_names(tmp_path: Path) -> None:
    folder = tmp_path / "published"
    folder.mkdir()
    (folder / "a.txt").write_text(HOSTILE, "utf-8")
    (folder / "b\x1b[2J.txt").write_text("::error::pwned\n\n" + BODY.replace("council", "board"), "utf-8")
    (folder / "c\x07.txt").write_bytes(b"\x00binary")
    index = tmp_path / "archive.db"
    added = newsedit("index", "add", str(folder), "--index", str(index))
    listed = newsedit("index", "list", "--index", str(index))
    assert listed.code == 0, listed.err
    for shown in (added.out, added.err, listed.out, listed.err):
        assert not any(c in shown for c in RAW), shown
    assert "\\x1b]0;owned\\x07" in listed.out and "\\u202eevil" in listed.out
    assert not any(line.lstrip().startswith("::") for line in listed.out.splitlines())
