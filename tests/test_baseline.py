"""Baselines: record today's findings, then report and fail only on new ones."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from cli_helpers import FAST, newsedit
from newsedit import article, baseline
from newsedit.findings import Finding

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
DUPES = ["--skip", "grammar", "--skip", "summary", "--skip", "readability", "--no-cache"]


@pytest.fixture
def desk(tmp_path: Path) -> Path:
    """A folder of two articles with page debris in them."""
    news = tmp_path / "news"
    news.mkdir()
    shutil.copy(FIXTURES / "boilerplate.txt", news / "bridge.txt")
    shutil.copy(FIXTURES / "lavrov-north-korea.txt", news / "lavrov.txt")
    return tmp_path


def _check(desk: Path, *args: str) -> tuple[int, list[tuple[str, str]], dict[str, Any]]:
    result = newsedit("check", *DUPES, "-f", "json", "--fail-on", "warning", *args, str(desk / "news"), cwd=desk)
    report = result.json()
    found = [(Path(f["path"]).name, f["text"]) for a in report["articles"] for f in a["findings"]]
    return result.code, found, report


def test_recorded_findings_are_not_reported_again(desk: Path) -> None:
    code, found, _ = _check(desk, "--baseline", "base.json", "--update-baseline")
    assert code == 0 and found == []
    recorded = json.loads((desk / "base.json").read_text("utf-8"))
    assert {e["path"] for e in recorded["findings"]} == {"news/bridge.txt", "news/lavrov.txt"}
    code, found, report = _check(desk, "--baseline", "base.json")
    assert code == 0 and found == []
    assert any("known findings in the baseline" in n for n in report["notices"])


def test_only_new_findings_are_reported_and_fail(desk: Path) -> None:
    _check(desk, "--baseline", "base.json", "--update-baseline")
    bridge = desk / "news" / "bridge.txt"
    bridge.write_text(bridge.read_text("utf-8").replace("Advertisement", "Advertisement\n\nSubscribe now"), "utf-8")
    code, found, _ = _check(desk, "--baseline", "base.json")
    assert code == 1
    assert found == [("bridge.txt", "Subscribe now")]


def test_edits_above_a_finding_do_not_bring_it_back(desk: Path) -> None:
    _check(desk, "--baseline", "base.json", "--update-baseline")
    bridge = desk / "news" / "bridge.txt"
    text = bridge.read_text("utf-8")
    extra = "The city said the bridge would stay open all winter.\n\nTolls will not change this year.\n\n"
    bridge.write_text(text.replace("Engineers replaced", extra + "Engineers replaced"), "utf-8")
    code, found, _ = _check(desk, "--baseline", "base.json")
    assert (code, found) == (0, [])


def test_a_second_copy_of_a_known_finding_is_new(desk: Path) -> None:
    _check(desk, "--baseline", "base.json", "--update-baseline")
    bridge = desk / "news" / "bridge.txt"
    bridge.write_text(bridge.read_text("utf-8").replace("Drivers said", "Share this\n\nDrivers said"), "utf-8")
    code, found, _ = _check(desk, "--baseline", "base.json")
    assert (code, found) == (1, [("bridge.txt", "Share this")])


def test_updating_from_one_file_keeps_the_entries_of_the_others(desk: Path) -> None:
    _check(desk, "--baseline", "base.json", "--update-baseline")
    before = json.loads((desk / "base.json").read_text("utf-8"))["findings"]
    one = newsedit("check", *DUPES, "--baseline", "base.json", "--update-baseline", "news/bridge.txt", cwd=desk)
    assert one.code == 0
    after = json.loads((desk / "base.json").read_text("utf-8"))["findings"]
    assert after == before


def test_paths_are_relative_to_the_baseline_so_any_folder_works(desk: Path) -> None:
    (desk / "ci").mkdir()
    _check(desk, "--baseline", "ci/base.json", "--update-baseline")
    paths = {e["path"] for e in json.loads((desk / "ci" / "base.json").read_text("utf-8"))["findings"]}
    assert paths == {"../news/bridge.txt", "../news/lavrov.txt"}
    elsewhere = newsedit("check", *DUPES, "--baseline", str(desk / "ci" / "base.json"), str(desk / "news"))
    assert elsewhere.code == 0 and "Found" not in elsewhere.out


def test_a_missing_baseline_or_a_lone_update_flag_is_a_usage_error(desk: Path) -> None:
    missing = newsedit("check", *FAST, "--baseline", "nope.json", "news", cwd=desk)
    assert missing.code == 2 and "no such baseline (create it with --update-baseline)" in missing.err
    lone = newsedit("check", *FAST, "--update-baseline", "news", cwd=desk)
    assert lone.code == 2 and "--update-baseline needs --baseline FILE" in lone.err


def test_a_finding_whose_words_around_changed_still_matches_one_recorded(tmp_path: Path) -> None:
    before = "Head\n\nDue of rain, the match was off. Due of snow, the road was shut.\n"
    after = "Head\n\nDue of heavy rain, the game was off. Due of snow, the road was shut.\n"

    def due_of(text: str) -> list[Finding]:
        parsed = article.parse(text, str(tmp_path / "a.txt"))
        return [parsed.finding(i, i + 6, "grammar/due-of", "m") for i in _all(text, "Due of")]

    entries = [baseline.baseline_finding(f, tmp_path) for f in due_of(before)]
    assert baseline.new_findings(due_of(after), entries, tmp_path) == []
    third = after + "\nDue of fog, flights were late.\n"
    assert [f.line for f in baseline.new_findings(due_of(third), entries, tmp_path)] == [5]


def _all(text: str, needle: str) -> list[int]:
    out, at = [], text.find(needle)
    while at >= 0:
        out.append(at)
        at = text.find(needle, at + 1)
    return out
