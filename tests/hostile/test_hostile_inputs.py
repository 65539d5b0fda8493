"""Whatever lands in a repository gets a result or a one-line error, and the others still get checked."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cli_helpers import FAST, Result, newsedit

CLEAN = (Path(__file__).resolve().parents[2] / "fixtures" / "clean.txt").read_text("utf-8")


def _run(folder: Path, *extra: str) -> tuple[Result, dict[str, str], list[str]]:
    """Check a folder; return the result, errors by file name and the names of checked articles."""
    result = newsedit("check", *FAST, "-f", "json", *extra, str(folder))
    assert "Traceback" not in result.err
    report = result.json()
    errors = {Path(e["path"]).name: e["message"] for e in report["errors"]}
    checked = [Path(a["path"]).name for a in report["articles"]]
    return result, errors, checked


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder that holds one good article beside whatever the test adds."""
    (tmp_path / "good.txt").write_text(CLEAN, "utf-8")
    return tmp_path


def test_invalid_utf8_is_decoded_with_a_warning_naming_the_byte(folder: Path) -> None:
    (folder / "latin1.txt").write_bytes("Café opens\n\nThe café opened on Monday.\n".encode("latin-1"))
    result, _errors, checked = _run(folder)
    assert checked == ["good.txt", "latin1.txt"]
    article = next(a for a in result.json()["articles"] if a["path"].endswith("latin1.txt"))
    assert article["notices"][0].startswith("invalid UTF-8 at byte 3 (0xe9)")


def test_invalid_utf8_is_rejected_when_the_config_says_so(folder: Path) -> None:
    (folder / "latin1.txt").write_bytes("Café opens\n\nThe café opened.\n".encode("latin-1"))
    (folder / "newsedit.toml").write_text('invalid-utf8 = "reject"\n', "utf-8")
    result, errors, checked = _run(folder, "--config", str(folder / "newsedit.toml"))
    assert result.code == 2
    assert errors == {"latin1.txt": "invalid UTF-8 at byte 3 (0xe9)"}
    assert checked == ["good.txt"]


def test_utf16_with_a_bom_is_read(folder: Path) -> None:
    (folder / "utf16.txt").write_bytes(CLEAN.encode("utf-16"))
    result, errors, checked = _run(folder)
    assert errors == {} and checked == ["good.txt", "utf16.txt"]
    headlines = {a["headline"] for a in result.json()["articles"]}
    assert headlines == {"City council approves new bus routes"}


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("binary.txt", b"\x7fELF\x02\x01\x01\x00\x00\x00", "binary file (NUL byte at offset 7), not an article"),
        ("empty.txt", b"", "empty file"),
        ("blank.txt", " \r\n\t\n\u00a0\n".encode(), "empty article (nothing but whitespace)"),
    ],
)
def test_unusable_files_get_one_line_errors(folder: Path, name: str, content: bytes, message: str) -> None:
    (folder / name).write_bytes(content)
    result, errors, checked = _run(folder)
    assert result.code == 2
    assert errors == {name: message}
    assert checked == ["good.txt"]


def test_a_50_mb_file_is_skipped_with_its_size(folder: Path) -> None:
    with (folder / "huge.txt").open("wb") as handle:
        handle.write(b"Headline\n\n")
        handle.write(b"All work and no play. " * (50 * 1024 * 1024 // 22))
    _result, errors, checked = _run(folder)
    assert errors == {"huge.txt": "too large: over 5,000,000 bytes (raise max-bytes in the config to check it)"}
    assert checked == ["good.txt"]


def test_a_1_mb_single_line_is_checked(folder: Path) -> None:
    (folder / "line.txt").write_text("The council met again today. " * 36000, "utf-8")
    _result, errors, checked = _run(folder)
    assert errors == {} and checked == ["good.txt", "line.txt"]


def test_symlink_loops_do_not_hang(folder: Path) -> None:
    (folder / "a.txt").symlink_to(folder / "b.txt")
    (folder / "b.txt").symlink_to(folder / "a.txt")
    (folder / "sub").mkdir()
    (folder / "sub" / "loop").symlink_to(folder)
    _result, errors, checked = _run(folder)
    assert errors == {
        "a.txt": "cannot read: Too many levels of symbolic links",
        "b.txt": "cannot read: Too many levels of symbolic links",
    }
    assert checked == ["good.txt"]


def test_names_with_spaces_and_unicode(folder: Path) -> None:
    (folder / "Ünïcode name — 1.txt").write_text(CLEAN, "utf-8")
    _result, errors, checked = _run(folder)
    assert errors == {} and checked == ["good.txt", "Ünïcode name — 1.txt"]


def test_cr_and_crlf_endings_give_the_same_lines(folder: Path) -> None:
    text = "Pool reopens\n\nThe pool reopened.\n\nMr. Day said the water was warm. It was.\n"
    (folder / "cr.txt").write_bytes(text.replace("\n", "\r").encode())
    (folder / "crlf.txt").write_bytes(text.replace("\n", "\r\n").encode())
    (folder / "lf.txt").write_bytes(text.encode())
    result, errors, _checked = _run(folder, "--select", "dupes/archived-body")
    assert errors == {}
    headlines = {a["path"].rsplit("/", 1)[-1]: a["headline"] for a in result.json()["articles"]}
    assert headlines == {n: "Pool reopens" for n in ["cr.txt", "crlf.txt", "lf.txt"]} | {
        "good.txt": "City council approves new bus routes"
    }


def _without_root_file_powers() -> list[str]:
    """A command prefix under which root obeys file permissions, as an ordinary user does."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.fail("running as root needs util-linux's setpriv to drop CAP_DAC_OVERRIDE for this test")
    drop = "-dac_override,-dac_read_search"
    return [setpriv, f"--inh-caps={drop}", f"--bounding-set={drop}"]


def test_unreadable_files_are_reported(folder: Path) -> None:
    secret = folder / "secret.txt"
    secret.write_text(CLEAN, "utf-8")
    secret.chmod(0o000)
    command = [*_without_root_file_powers(), sys.executable, "-m", "newsedit", "check", *FAST, "-f", "json"]
    proc = subprocess.run([*command, str(folder)], capture_output=True, text=True, timeout=300)
    assert "Traceback" not in proc.stderr
    report = Result(proc.returncode, proc.stdout, proc.stderr).json()
    assert report["errors"] == [{"path": str(secret), "message": "permission denied"}]
    assert [Path(a["path"]).name for a in report["articles"]] == ["good.txt"]
    assert proc.returncode == 2
