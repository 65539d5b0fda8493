"""Checks whose rules are all deselected do not run: no server start, no blocks of their own."""

from __future__ import annotations

from pathlib import Path

from cli_helpers import newsedit
from newsedit.findings import Severity
from newsedit.rules import Rule, Selection

ARTICLE = "Council backs bus plan\n\nCouncil backs bus plan\n\nThe council backed it on Monday.\n"


def test_select_dupes_runs_only_dupes(tmp_path: Path) -> None:
    """With LanguageTool not set up in this cache folder, starting it would be an error (exit 2)."""
    (tmp_path / "a.txt").write_text(ARTICLE, "utf-8")
    env = {"NEWSEDIT_CACHE_DIR": str(tmp_path / "cache"), "NEWSEDIT_LT_URL": ""}
    done = newsedit("check", "--select", "dupes", "--no-cache", str(tmp_path / "a.txt"), env=env)
    assert done.code == 0, done.err
    assert "[dupes/repeated-headline]" in done.out
    assert "readability:" not in done.out and "summary" not in done.out
    assert "LanguageTool" not in done.out + done.err
    report = newsedit("check", "--select", "dupes", "--no-cache", "-f", "json", str(tmp_path / "a.txt"), env=env)
    assert report.json()["engines"] == ["dupes"]


def test_ignoring_every_rule_of_a_check_leaves_it_out(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, "utf-8")
    env = {"NEWSEDIT_CACHE_DIR": str(tmp_path / "cache"), "NEWSEDIT_LT_URL": ""}
    args = ["--ignore", "grammar", "--ignore", "summary", "--ignore", "readability", "--no-cache", "-f", "json"]
    report = newsedit("check", *args, str(tmp_path / "a.txt"), env=env).json()
    assert report["engines"] == ["dupes"]
    assert set(report["articles"][0].get("data", {})) <= {"dupes"}


def test_an_open_rule_family_is_selected_by_one_member() -> None:
    rules = [Rule("grammar/lt-", "LanguageTool", Severity.WARNING, "")]
    assert Selection(select=["grammar/lt-WHITESPACE_RULE"]).wants_any(rules)
    assert Selection(select=["grammar"]).wants_any(rules)
    assert not Selection(select=["dupes"]).wants_any(rules)
    assert not Selection(ignore=["grammar/lt-"]).wants_any(rules)
    assert Selection(ignore=["grammar/lt-WHITESPACE_RULE"]).wants_any(rules)
