"""`newsedit fix`: safe fixes applied from the end backwards, atomically, never over a changed file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cli_helpers import newsedit
from newsedit import article, fixes
from newsedit.commands.fix import Snapshot, _write
from newsedit.findings import Finding

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
NO_GRAMMAR = ["--skip", "grammar", "--no-cache"]


def _find(text: str, needle: str, rule: str, replacement: str, nth: int = 0) -> Finding:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return article.parse(text, "a.txt").finding(start, start + len(needle), rule, "m", replacements=[replacement])


def _fixed(text: str, *findings: Finding) -> str:
    return fixes.apply(text, fixes.plan(text, findings).edits)


def test_a_deleted_line_takes_the_blank_lines_below_it_and_keeps_those_above() -> None:
    text = "Head\n\nOne.\n\n\nShare this\n\n\n\nTwo.\n"
    assert _fixed(text, _find(text, "Share this", "dupes/boilerplate", "")) == "Head\n\nOne.\n\n\nTwo.\n"


def test_deletions_at_the_top_and_at_the_end_leave_no_blank_edges() -> None:
    text = "Top Stories\n\nHead\n\nBody.\n\n\nNo comments:"
    label = _find(text, "Top Stories", "dupes/section-label", "")
    tail = _find(text, "No comments:", "dupes/boilerplate", "")
    assert _fixed(text, label, tail) == "Head\n\nBody."
    assert _fixed(text + "\n", tail) == "Top Stories\n\nHead\n\nBody.\n"


def test_neighbouring_deleted_lines_merge_into_one_edit() -> None:
    text = "Head\n\nOne.\n\nTeaser one\n\nTeaser two\n\nTwo.\n"
    teasers = [_find(text, t, "dupes/teaser", "") for t in ("Teaser one", "Teaser two")]
    plan = fixes.plan(text, teasers, unsafe=True)
    assert len(plan.edits) == 1 and len(plan.fixed) == 2
    assert fixes.apply(text, plan.edits) == "Head\n\nOne.\n\nTwo.\n"


def test_in_line_fixes_keep_line_endings_and_offsets() -> None:
    text = "Head\r\n\r\nDue of rain, the game  was off. Due of snow too.\r\n"
    found = [
        _find(text, "Due of", "grammar/due-of", "Due to"),
        _find(text, "Due of", "grammar/due-of", "Due to", nth=1),
        _find(text, "  ", "grammar/lt-CONSECUTIVE_SPACES", " "),
    ]
    assert _fixed(text, *found) == "Head\r\n\r\nDue to rain, the game was off. Due to snow too.\r\n"


def test_only_safe_rules_are_fixed_and_spacing_rules_only_change_spacing() -> None:
    text = "Head\n\nThe ammo ran out , they said.\n"
    informal = _find(text, "ammo", "grammar/informal", "ammunition")
    comma = _find(text, " ,", "grammar/lt-COMMA_PARENTHESIS_WHITESPACE", ",")
    sneaky = _find(text, "out ,", "grammar/lt-COMMA_PARENTHESIS_WHITESPACE", "in,")
    assert [fixes.safe(f) for f in (informal, comma, sneaky)] == [False, True, False]
    plan = fixes.plan(text, [informal, comma])
    assert plan.remaining == [informal] and plan.fixed == [comma]


def test_case_changes_and_suggestions_are_unsafe_and_applied_only_when_asked() -> None:
    text = "Head\n\nBrent crude rose and the ammo ran out.\n"
    brent = _find(text, "Brent crude", "grammar/lt-EN_SPECIFIC_CASE", "Brent Crude")
    ammo = _find(text, "ammo", "grammar/informal", "ammunition")
    assert [fixes.safety(f) for f in (brent, ammo)] == ["unsafe", "unsafe"]
    assert _fixed(text, brent, ammo) == text
    plan = fixes.plan(text, [brent, ammo], unsafe=True)
    assert fixes.apply(text, plan.edits) == "Head\n\nBrent Crude rose and the ammunition ran out.\n"


def test_only_exact_repeats_and_shipped_fixed_wording_are_safe_deletions() -> None:
    text = "Top Stories\n\nHead line here\n\nHead line here\n\nBody.\n\n"
    text += "We use cookies to improve it\n\nShare this\n\nOdd\n"
    label = _find(text, "Top Stories", "dupes/section-label", "")
    repeat = _find(text, "Head line here", "dupes/repeated-headline", "", nth=1)
    cookies = _find(text, "We use cookies to improve it", "dupes/boilerplate", "")
    share = _find(text, "Share this", "dupes/boilerplate", "")
    user = _find(text, "Odd", "dupes/boilerplate", "")  # a pattern from the config, not the shipped list
    teaser = _find(text, "Body.", "dupes/teaser", "")
    headline = "Head line here"
    found = [fixes.safety(f, headline) for f in (label, repeat, cookies, share, user, teaser)]
    assert found == ["safe", "safe", "unsafe", "safe", "unsafe", "unsafe"]
    assert fixes.safety(repeat, "Head line, here") == "unsafe"  # a near repeat
    assert fixes.safety(article.parse(text, "a.txt").finding(0, 3, "grammar/x", "m")) is None  # no fix at all


def test_overlapping_fixes_leave_the_later_one_for_next_time() -> None:
    text = "Head\n\nDue of  rain.\n"
    due = _find(text, "Due of", "grammar/due-of", "Due to")
    wide = _find(text, "of  ", "grammar/lt-CONSECUTIVE_SPACES", "of ")
    plan = fixes.plan(text, [wide, due])
    assert plan.fixed == [due] and plan.remaining == [wide]


def test_a_fix_inside_a_deleted_line_counts_as_done() -> None:
    text = "Head\n\nBody.\n\nDue of more:  see this\n\nEnd.\n"
    teaser = _find(text, "Due of more:  see this", "dupes/teaser", "")
    due = _find(text, "Due of", "grammar/due-of", "Due to")
    plan = fixes.plan(text, [due, teaser], unsafe=True)
    assert set(plan.fixed) == {due, teaser} and fixes.apply(text, plan.edits) == "Head\n\nBody.\n\nEnd.\n"


def test_deleting_every_line_is_not_a_fix() -> None:
    text = "No comments:\n"
    plan = fixes.plan(text, [_find(text, "No comments:", "dupes/boilerplate", "")])
    assert plan.edits == [] and len(plan.remaining) == 1


def test_remaining_findings_move_with_the_text() -> None:
    text = "Top Stories\n\nHead\n\nThe ammo ran out.\n"
    label = _find(text, "Top Stories", "dupes/section-label", "")
    ammo = _find(text, "ammo", "grammar/informal", "ammunition")
    plan = fixes.plan(text, [label, ammo])
    new = fixes.apply(text, plan.edits)
    [moved] = fixes.moved(plan.remaining, plan.edits, new)
    assert (moved.line, moved.column, moved.text) == (3, 5, "ammo")


def test_a_file_changed_after_it_was_read_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Head\n\nDue of rain.\n", "utf-8")
    snapshot = Snapshot.take(path)
    path.write_text("Head\n\nDue of rain, edited.\n", "utf-8")
    assert not _write(path, b"Head\n\nDue to rain.\n", snapshot)
    assert path.read_text("utf-8") == "Head\n\nDue of rain, edited.\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]  # no temporary file left
    assert _write(path, b"fixed\n", Snapshot.take(path)) and path.read_bytes() == b"fixed\n"


def test_diff_previews_and_writes_nothing_then_fix_applies(tmp_path: Path) -> None:
    path = tmp_path / "bridge.txt"
    shutil.copy(FIXTURES / "boilerplate.txt", path)
    original = path.read_bytes()
    preview = newsedit("fix", *NO_GRAMMAR, "--diff", str(path))
    assert preview.code == 1 and path.read_bytes() == original
    assert "-Share this\n" in preview.out and "-Top Stories\n" in preview.out and preview.out.startswith("--- a/")
    done = newsedit("fix", *NO_GRAMMAR, str(path))
    assert done.code == 0, done.err
    assert "fixed 4 findings" in done.err
    text = path.read_text("utf-8")
    assert text.startswith("Harbour bridge reopens after repairs\n\n")
    assert not {"Share this", "Advertisement", "No comments:", "Top Stories"} & set(text.splitlines())
    again = newsedit("fix", *NO_GRAMMAR, str(path))
    assert again.code == 0 and "Fixed 0 findings in 0 files" in again.err


def test_byte_order_mark_and_crlf_survive_a_fix(tmp_path: Path) -> None:
    path = tmp_path / "bridge.txt"
    text = (FIXTURES / "boilerplate.txt").read_text("utf-8").replace("\n", "\r\n")
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert newsedit("fix", *NO_GRAMMAR, str(path)).code == 0
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfHarbour bridge") and b"\n" not in data.replace(b"\r\n", b"")


def test_files_that_cannot_round_trip_are_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "bridge.txt"
    path.write_bytes((FIXTURES / "boilerplate.txt").read_text("utf-8").encode("utf-16"))
    before = path.read_bytes()
    result = newsedit("fix", *NO_GRAMMAR, str(path))
    assert result.code == 2 and "only UTF-8 files are fixed in place" in result.err
    assert path.read_bytes() == before
    assert newsedit("fix", "-").code == 2


SCRAPED = {
    # fixture: (lines of the story a careless fix took for teasers, certain boilerplate)
    "scraped-market-report.txt": (
        ["Simon Jack, Business editor", "Ten-year Treasury yields slipped to 4.1%"],
        ["Business", "Share this", "Advertisement"],
    ),
    "scraped-analysis.txt": (
        ["By Anna Petrova, housing correspondent", "Mortgage rates remain stubbornly high"],
        ["Analysis", "No comments:"],
    ),
}


@pytest.mark.parametrize("name", sorted(SCRAPED))
def test_fix_deletes_no_line_of_the_story_and_still_removes_certain_boilerplate(tmp_path: Path, name: str) -> None:
    story, debris = SCRAPED[name]
    path = tmp_path / name
    shutil.copy(FIXTURES / name, path)
    before = [line for line in path.read_text("utf-8").splitlines() if line.strip()]
    report = newsedit("dupes", "--no-cache", "-f", "json", str(path)).json()
    safety = {f["text"]: f["fix"] for f in report["articles"][0]["findings"]}
    assert {line: safety.get(line) for line in story} == dict.fromkeys(story, "unsafe")
    assert {line: safety.get(line) for line in debris} == dict.fromkeys(debris, "safe")
    preview = newsedit("fix", *NO_GRAMMAR, "--diff", str(path))
    note = "unsafe fix [dupes/teaser] (not applied without --unsafe-fixes): delete"
    assert all(f"{note} {line!r}" in preview.err for line in story)
    assert not any(f"-{line}\n" in preview.out for line in story)
    result = newsedit("fix", *NO_GRAMMAR, str(path))
    assert result.code == 0, result.err
    assert "2 unsafe fixes are available with --unsafe-fixes" in result.err
    after = [line for line in path.read_text("utf-8").splitlines() if line.strip()]
    assert after == [line for line in before if line not in debris]  # every line of the story kept, in order
    unsafe = newsedit("fix", *NO_GRAMMAR, "--unsafe-fixes", str(path))
    assert unsafe.code == 0, unsafe.err
    assert not set(story) & set(path.read_text("utf-8").splitlines())


@pytest.mark.slow
def test_fix_on_the_sample_removes_the_debris_and_corrects_due_of(
    lt_cache: Path, sample_path: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "lavrov.txt"
    shutil.copy(sample_path, copy)
    gone = {"dupes/repeated-headline", "dupes/boilerplate", "dupes/section-label", "dupes/teaser", "grammar/due-of"}
    before = newsedit("check", "--skip", "summary", "--no-cache", "-f", "json", str(copy)).json()
    assert gone <= {f["rule"] for f in before["articles"][0]["findings"]}
    safe_only = newsedit("fix", str(copy))
    assert safe_only.code == 1, safe_only.err
    text = copy.read_text("utf-8")
    assert "Kim Jong Un extends his trip" in text and "Russian federation" in text  # unsafe: left alone
    assert "Due to its ongoing war" in text and "No comments:" not in text
    checked = newsedit("check", "--skip", "summary", "--no-cache", "-f", "json", str(copy)).json()
    remaining = [line for line in safe_only.out.splitlines() if line.startswith(str(copy)) and "[grammar/" in line]
    found = checked["articles"][0]["findings"]
    shown = [f"{copy}:{f['line']}:{f['column']}:" for f in found if f["engine"] == "grammar"]
    assert [line.split(" ", 1)[0] for line in remaining] == shown  # positions refer to the fixed file
    result = newsedit("fix", "--unsafe-fixes", str(copy))
    assert result.code in (0, 1), result.err
    text = copy.read_text("utf-8")
    headline = "Lavrov praises stronger relations after visiting North Korea"
    assert text.startswith(headline + "\n\nNorth Korean leader") and text.count(headline) == 1
    assert "Due to its ongoing war" in text and "Due of" not in text
    assert 'a "war against the Russian Federation."' in text  # a proper noun's capitals, in a quotation
    assert "No comments:" not in text and "Kim Jong Un extends his trip" not in text
    after = newsedit("check", "--skip", "summary", "--no-cache", "-f", "json", str(copy)).json()
    assert not gone & {f["rule"] for f in after["articles"][0]["findings"]}
