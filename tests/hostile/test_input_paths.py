"""Every input (folder, glob, manifest line, named file) goes through one set of rules: no reading
through a link out of the folder given, no FIFO or device read, no manifest line outside its folder."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from cli_helpers import FAST, newsedit

CLEAN = (Path(__file__).resolve().parents[2] / "fixtures" / "clean.txt").read_text("utf-8")
SECRET = "Secret salaries\n\nThe editor earns a great deal of money, the payroll file says.\n"


def _tree(tmp_path: Path) -> tuple[Path, Path]:
    """arts/ with one article and a link to a secret outside it; returns (arts, secret)."""
    secret = tmp_path / "private" / "payroll.md"
    secret.parent.mkdir()
    secret.write_text(SECRET, "utf-8")
    arts = tmp_path / "arts" / "world"
    arts.mkdir(parents=True)
    (arts / "good.md").write_text(CLEAN, "utf-8")
    (arts / "payroll.md").symlink_to(secret)
    return tmp_path / "arts", secret


def _paths(report: dict) -> list[str]:  # type: ignore[type-arg]
    return sorted(Path(a["path"]).name for a in report["articles"])


def test_a_glob_never_reads_through_a_symlink_out_of_its_folder(tmp_path: Path) -> None:
    arts, _ = _tree(tmp_path)
    for fmt in ("json", "sarif", "markdown", "text"):
        result = newsedit("check", *FAST, "-f", fmt, f"{arts}/**/*.md")
        assert "payroll file" not in result.out and "Secret" not in result.out
    report = newsedit("check", *FAST, "-f", "json", f"{arts}/**/*.md").json()
    assert _paths(report) == ["good.md"]
    relative = newsedit("check", *FAST, "-f", "json", "arts/**/*.md", cwd=tmp_path)
    assert _paths(relative.json()) == ["good.md"]
    assert "payroll.md: skipped: a symlink to" in relative.err + relative.out


def test_fix_on_a_glob_never_writes_through_a_symlink_out_of_its_folder(tmp_path: Path) -> None:
    arts, secret = _tree(tmp_path)
    secret.write_text("Top Stories\n\n" + CLEAN, "utf-8")  # a section label: a safe fix would delete it
    before = secret.read_text("utf-8")
    newsedit("fix", *FAST, f"{arts}/**/*.md")
    assert secret.read_text("utf-8") == before


def test_a_manifest_line_outside_its_folder_is_not_read(tmp_path: Path) -> None:
    arts, _ = _tree(tmp_path)
    listing = arts / "list.txt"
    depth = "../" * len(arts.resolve().parts)
    listing.write_text(f"world/good.md\n{depth}etc/passwd\n../private/payroll.md\nworld/payroll.md\n", "utf-8")
    result = newsedit("check", *FAST, "-f", "json", "--manifest", str(listing))
    assert result.code == 2
    report = result.json()
    assert _paths(report) == ["good.md"]
    assert "root:" not in result.out and "Secret" not in result.out
    refused = [p["message"] for p in report["errors"]]
    assert len(refused) == 3 and all("leads outside" in m for m in refused)


def test_a_manifest_with_a_bom_keeps_its_first_path(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(CLEAN, "utf-8")
    listing = tmp_path / "list.txt"
    listing.write_bytes(b"\xef\xbb\xbfa.txt\n")
    result = newsedit("check", *FAST, "-f", "json", "--manifest", str(listing))
    assert result.code == 0, result.err
    assert _paths(result.json()) == ["a.txt"]


def test_a_fifo_in_a_scanned_folder_is_skipped_not_waited_on(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(CLEAN, "utf-8")
    os.mkfifo(tmp_path / "b.txt")
    result = newsedit("check", *FAST, "-f", "json", str(tmp_path), timeout=120)  # a hang ends in TimeoutExpired
    assert result.code == 0, result.err
    assert _paths(result.json()) == ["a.txt"]
    assert "b.txt: skipped: not a regular file" in result.err + result.out
    glob = newsedit("check", *FAST, "-f", "json", f"{tmp_path}/*.txt", timeout=120)
    assert _paths(glob.json()) == ["a.txt"]


@pytest.mark.skipif(not Path("/dev/zero").exists() or shutil.which("ln") is None, reason="needs /dev/zero")
def test_a_device_named_or_linked_is_not_read(tmp_path: Path) -> None:
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    result = newsedit("check", *FAST, str(tmp_path / "zero.txt"))
    assert result.code == 2 and "not a regular file" in result.out + result.err
