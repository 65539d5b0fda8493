"""File names that are not UTF-8 and texts in UTF-32: reported, never a crash or a wrong reading."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from cli_helpers import FAST, newsedit

CLEAN = (Path(__file__).resolve().parents[2] / "fixtures" / "clean.txt").read_text("utf-8")
BAD_NAME = os.fsdecode(b"caf\xe9.txt")  # Latin-1 on disk: a surrogate in Python's str

needs_bytes_names = pytest.mark.skipif(sys.platform in ("darwin", "win32"), reason="the file system takes any bytes")


@needs_bytes_names
@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "markdown", "junit"])
def test_a_file_name_that_is_not_utf8_is_reported_in_every_format(tmp_path: Path, fmt: str) -> None:
    (tmp_path / BAD_NAME).write_text("Top Stories\n\n" + CLEAN, "utf-8")  # a finding: every format names the file
    report = tmp_path / "report.out"
    # XML cannot hold a lone surrogate; a SARIF URI names the very bytes on disk.
    shown = {"junit": "caf\ufffd.txt", "sarif": "caf%E9.txt"}.get(fmt, "caf\\udce9.txt")
    to_file = newsedit("check", *FAST, "-f", fmt, "-o", str(report), ".", cwd=tmp_path)  # SARIF: a relative URI
    assert to_file.code == 0, to_file.err
    assert shown in report.read_text("utf-8")
    strict = newsedit("check", *FAST, "-f", fmt, ".", cwd=tmp_path, env={"PYTHONIOENCODING": "utf-8:strict"})
    assert strict.code == 0, strict.err
    assert shown in strict.out


@needs_bytes_names
def test_index_add_takes_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    folder = tmp_path / "published"
    folder.mkdir()
    (folder / BAD_NAME).write_text(CLEAN, "utf-8")
    index = tmp_path / "archive.db"
    added = newsedit("index", "add", str(folder), "--index", str(index), env={"NEWSEDIT_CACHE_DIR": str(tmp_path)})
    assert added.code == 0, added.err
    assert "1 added" in added.out + added.err
    listed = newsedit("index", "list", "--index", str(index))
    assert "caf\\udce9.txt" in listed.out


@pytest.mark.parametrize("codec", ["utf-32", "utf-32-be"])
def test_utf32_with_a_bom_is_read_as_utf32(tmp_path: Path, codec: str) -> None:
    data = CLEAN.encode(codec)
    if codec == "utf-32-be":
        data = b"\x00\x00\xfe\xff" + data
    (tmp_path / "a.txt").write_bytes(data)
    report = newsedit("check", *FAST, "-f", "json", str(tmp_path / "a.txt")).json()
    assert report["articles"][0]["headline"] == CLEAN.splitlines()[0]
