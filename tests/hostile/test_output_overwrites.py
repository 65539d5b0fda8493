"""`-o` never overwrites what the run reads: the config, the archive, the baseline, the manifest."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli_helpers import FAST, newsedit

CLEAN = (Path(__file__).resolve().parents[2] / "fixtures" / "clean.txt").read_text("utf-8")


@pytest.fixture
def desk(tmp_path: Path) -> Path:
    """A folder with an article, a config naming an archive, a baseline and a manifest."""
    (tmp_path / "a.txt").write_text(CLEAN, "utf-8")
    index = newsedit("index", "add", str(tmp_path / "a.txt"), "--index", str(tmp_path / "archive.db"))
    assert index.code == 0, index.err
    (tmp_path / "newsedit.toml").write_text('[dupes]\nindex = "archive.db"\n', "utf-8")
    (tmp_path / "baseline.json").write_text('{"version": 1, "findings": []}\n', "utf-8")
    (tmp_path / "list.txt").write_text("a.txt\n", "utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("name", "what"),
    [
        ("newsedit.toml", "the config"),
        ("archive.db", "the archive"),
        ("baseline.json", "the baseline"),
        ("list.txt", "the manifest"),
    ],
)
def test_a_report_over_another_input_is_refused(desk: Path, name: str, what: str) -> None:
    before = (desk / name).read_bytes()
    args = ["--baseline", str(desk / "baseline.json"), "--manifest", str(desk / "list.txt")]
    result = newsedit("check", *FAST, *args, "-f", "json", "-o", str(desk / name))
    assert result.code == 2
    assert f"is {what} " in result.err and "would overwrite it" in result.err
    assert (desk / name).read_bytes() == before
