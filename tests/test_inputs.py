"""Reading inputs: paths, folders, globs, decoding and refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsedit import inputs
from newsedit.config import Config
from newsedit.errors import InputError
from newsedit.findings import InputProblem


def _expand(paths: list[str]) -> tuple[list[str], list[InputProblem]]:
    found, problems = [], []
    for item in inputs.expand(paths, [".txt", ".md"]):
        if isinstance(item, InputProblem):
            problems.append(item)
        else:
            found.append(item.path)
    return found, problems


def test_folders_are_searched_recursively_in_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    for name in ["b/two.md", "one.txt", "skip.json", "b/three.txt"]:
        (tmp_path / name).write_text("x", "utf-8")
    found, problems = _expand([str(tmp_path)])
    assert [Path(p).relative_to(tmp_path).as_posix() for p in found] == ["b/three.txt", "b/two.md", "one.txt"]
    assert problems == []


def test_globs_and_missing_paths(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x", "utf-8")
    found, problems = _expand([str(tmp_path / "*.txt"), str(tmp_path / "nope.txt"), str(tmp_path / "*.md")])
    assert found == [str(tmp_path / "a.txt")]
    assert [p.message for p in problems] == ["no such file or directory", "no files match this pattern"]


def test_empty_folder_says_so(tmp_path: Path) -> None:
    found, problems = _expand([str(tmp_path)])
    assert found == []
    assert "no articles here" in problems[0].message


def test_decode_utf16_with_bom() -> None:
    text, notices = inputs.decode("Headline\n\nBody.".encode("utf-16"))
    assert text == "Headline\n\nBody." and notices == []


def test_decode_drops_a_utf8_bom() -> None:
    assert inputs.decode("\ufeffHi".encode())[0] == "Hi"


def test_binary_is_refused() -> None:
    with pytest.raises(InputError, match="binary file"):
        inputs.decode(b"PK\x03\x04\x00\x00")


def test_invalid_utf8_is_replaced_with_a_warning_or_rejected() -> None:
    data = b"Caf\xe9 opens.\n"
    text, notices = inputs.decode(data, "replace")
    assert text == "Caf\ufffd opens.\n"
    assert notices == ["invalid UTF-8 at byte 3 (0xe9); bad bytes replaced with U+FFFD"]
    with pytest.raises(InputError, match="invalid UTF-8 at byte 3"):
        inputs.decode(data, "reject")


@pytest.mark.parametrize(("content", "message"), [(b"", "empty file"), (" \n\u00a0\t\n".encode(), "empty article")])
def test_empty_inputs_are_refused(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        inputs.load(inputs.Source(str(path), path), Config())


def test_too_large_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("word " * 100, "utf-8")
    config = Config(max_bytes=100)
    with pytest.raises(InputError, match="too large"):
        inputs.load(inputs.Source(str(path), path), config)
