"""Markdown that hides copy from the checks: a directive quoted as code, a thematic break taken for front matter."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cli_helpers import newsedit

# Sixty words in one sentence: over the long-sentence target, so readability reports it.
LONG = " ".join(["The council said the new road would open next spring after a long delay"] * 4) + " today."


def _readability(path: Path) -> dict[str, Any]:
    done = newsedit("readability", "--no-cache", "-f", "json", str(path))
    [result] = done.json()["articles"]
    return result


@pytest.mark.parametrize(
    "shown",
    [
        "To hide a paragraph, write `<!-- newsedit: disable readability -->` above it.",
        "To hide a paragraph, write this above it:\n\n```html\n<!-- newsedit: disable readability -->\n```",
        "To hide a paragraph, write this above it:\n\n    <!-- newsedit: disable readability -->",
    ],
    ids=["code span", "fence", "indented block"],
)
def test_a_suppression_quoted_in_markdown_code_switches_nothing_off(tmp_path: Path, shown: str) -> None:
    path = tmp_path / "guide.md"
    path.write_text(f"# How to use newsedit\n\n{shown}\n\n{LONG}\n", "utf-8")
    rules = [f["rule"] for f in _readability(path)["findings"]]
    assert "readability/long-sentence" in rules


def test_a_suppression_outside_code_still_works(tmp_path: Path) -> None:
    path = tmp_path / "story.md"
    path.write_text(f"# Road delayed\n\n<!-- newsedit: disable readability -->\n\n{LONG}\n", "utf-8")
    assert "readability/long-sentence" not in [f["rule"] for f in _readability(path)["findings"]]


def test_an_article_opening_with_a_thematic_break_is_not_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "story.md"
    path.write_text(f"---\n\nRoad opening delayed again\n\n{LONG}\n\n---\n\nMore to follow.\n", "utf-8")
    result = _readability(path)
    assert result["headline"] == "Road opening delayed again"
    assert "readability/long-sentence" in [f["rule"] for f in result["findings"]]


def test_front_matter_is_still_front_matter_and_its_title_is_the_headline(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    path.write_text(f"---\nlayout: post\ntitle: 'Road opening delayed'\ntags:\n  - roads\n---\n\n{LONG}\n", "utf-8")
    result = _readability(path)
    assert result["headline"] == "Road opening delayed"
    assert "layout" not in str(result["findings"])
