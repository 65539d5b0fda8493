"""Inline suppressions: `<!-- newsedit: ignore ... -->` for a line, disable/enable for a block."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli_helpers import FAST, newsedit
from newsedit import article, suppress
from newsedit.findings import Finding

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _finding(text: str, needle: str, rule: str) -> Finding:
    parsed = article.parse(text, "a.txt")
    start = text.index(needle)
    return parsed.finding(start, start + len(needle), rule, "m")


def _kept(text: str, *hits: tuple[str, str]) -> list[str]:
    """Which of the (needle, rule) findings survive the text's suppressions, as 'rule@needle'."""
    found = [_finding(text, needle, rule) for needle, rule in hits]
    suppressions, _ = suppress.parse(text)
    return [f"{f.rule}@{f.text}" for f in suppressions.apply(found)]


def test_ignore_drops_every_finding_on_the_next_non_blank_line_only() -> None:
    text = "Head\n\n<!-- newsedit: ignore -->\n\nDue of rain.\nDue of snow.\n"
    kept = _kept(text, ("Due of rain", "grammar/due-of"), ("rain", "grammar/lt-X"), ("Due of snow", "grammar/due-of"))
    assert kept == ["grammar/due-of@Due of snow"]


def test_ignore_with_rules_takes_ids_and_prefixes() -> None:
    text = "<!-- newsedit: ignore grammar/due-of, dupes -->\nDue of rain. No comments:\n"
    hits = [("Due of", "grammar/due-of"), ("rain", "grammar/lt-MORFOLOGIK"), ("No comments:", "dupes/boilerplate")]
    assert _kept(text, *hits) == ["grammar/lt-MORFOLOGIK@rain"]


def test_stacked_comments_all_apply_to_the_line_below_them() -> None:
    text = "<!-- newsedit: ignore grammar -->\n<!-- newsedit: ignore dupes -->\nDue of rain. No comments:\n"
    assert _kept(text, ("Due of", "grammar/due-of"), ("No comments:", "dupes/boilerplate")) == []


def test_disable_and_enable_bracket_a_block() -> None:
    lines = ["One bad.", "<!-- newsedit: disable grammar -->", "Two bad.", "", "Three bad."]
    text = "\n".join([*lines, "<!-- newsedit: enable -->", "Four bad.", ""])
    hits = [(w, "grammar/x") for w in ("One", "Two", "Three", "Four")] + [("Three bad", "dupes/y")]
    assert _kept(text, *hits) == ["grammar/x@One", "grammar/x@Four", "dupes/y@Three bad"]


def test_a_disable_without_enable_runs_to_the_end() -> None:
    text = "One bad.\n<!-- newsedit: disable -->\nTwo bad.\n\nThree bad.\n"
    assert _kept(text, ("One", "a/b"), ("Two", "a/b"), ("Three", "c/d")) == ["a/b@One"]


def test_enable_with_rules_ends_only_the_blocks_naming_them() -> None:
    text = (
        "<!-- newsedit: disable grammar -->\n<!-- newsedit: disable dupes -->\nTwo.\n"
        "<!-- newsedit: enable grammar -->\nThree.\n"
    )
    hits = [("Two", "grammar/x"), ("Two", "dupes/y"), ("Three", "grammar/x"), ("Three", "dupes/y")]
    assert _kept(text, *hits) == ["grammar/x@Three"]


def test_an_unknown_directive_is_a_notice_not_a_crash() -> None:
    suppressions, notices = suppress.parse("Head\n\n<!-- newsedit: ignroe grammar -->\nText.\n")
    assert not suppressions
    assert notices == ["line 3: unknown newsedit comment 'ignroe' (allowed: ignore, disable, enable)"]


def test_text_without_directives_costs_nothing() -> None:
    suppressions, notices = suppress.parse("Head\n\n<!-- just a note -->\nText.\n")
    assert not suppressions and notices == []


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_comment_lines_in_plain_text_are_not_prose(newline: str) -> None:
    text = newline.join(["Headline here", "", "<!-- newsedit: ignore -->", "First paragraph.", "", "Second."]) + newline
    parsed = article.parse(text, "a.txt")
    assert [(b.kind, b.slice(text)) for b in parsed.blocks] == [
        ("headline", "Headline here"),
        ("paragraph", "First paragraph."),
        ("paragraph", "Second."),
    ]


def test_comments_inside_a_line_of_plain_text_stay_part_of_it() -> None:
    text = "Headline here\n\nSome <!-- note --> prose.\n"
    assert article.parse(text, "a.txt").paragraphs[0].slice(text) == "Some <!-- note --> prose."


@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_cli_honours_suppressions_in_text_and_markdown(tmp_path: Path, suffix: str) -> None:
    body = (FIXTURES / "boilerplate.txt").read_text("utf-8")
    body = body.replace("Share this", "<!-- newsedit: ignore dupes/boilerplate -->\nShare this")
    body = body.replace("Advertisement", "<!-- newsedit: disable -->\nAdvertisement\n<!-- newsedit: enable -->")
    path = tmp_path / f"bridge{suffix}"
    path.write_text(body, "utf-8")
    report = newsedit("check", *FAST, "--no-cache", "-f", "json", str(path)).json()
    found = {(f["rule"], f["text"]) for f in report["articles"][0]["findings"]}
    assert ("dupes/boilerplate", "No comments:") in found
    assert not {text for _, text in found} & {"Share this", "Advertisement"}
    assert not any("newsedit:" in text for _, text in found)  # the comments themselves are not prose
