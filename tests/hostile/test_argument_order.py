"""The exit code does not depend on the order of the paths: each article is gated by its own config."""

from __future__ import annotations

from pathlib import Path

from cli_helpers import FAST, newsedit

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
CLEAN = (FIXTURES / "british.txt").read_text("utf-8")
WARNED = "Top Stories\n\n" + (FIXTURES / "clean.txt").read_text("utf-8")  # a section label: one warning


def _folders(tmp_path: Path, strict_text: str, lax_text: str) -> tuple[Path, Path]:
    strict, lax = tmp_path / "strict", tmp_path / "lax"
    for folder, text in ((strict, strict_text), (lax, lax_text)):
        folder.mkdir()
        (folder / "a.txt").write_text(text, "utf-8")
    (strict / "newsedit.toml").write_text('fail-on = "warning"\n', "utf-8")
    return strict, lax


def test_a_folder_that_fails_on_warnings_gates_the_run_in_either_position(tmp_path: Path) -> None:
    strict, lax = _folders(tmp_path, WARNED, CLEAN)
    assert newsedit("check", *FAST, str(strict), str(lax)).code == 1
    assert newsedit("check", *FAST, str(lax), str(strict)).code == 1
    assert newsedit("fix", *FAST, str(lax), str(strict)).code == 0  # the fix removes the label


def test_a_warning_in_a_folder_that_fails_on_errors_passes_in_either_position(tmp_path: Path) -> None:
    strict, lax = _folders(tmp_path, CLEAN, WARNED)
    assert newsedit("check", *FAST, str(strict), str(lax)).code == 0
    assert newsedit("check", *FAST, str(lax), str(strict)).code == 0
    assert newsedit("check", *FAST, "--fail-on", "warning", str(strict), str(lax)).code == 1  # the option wins
