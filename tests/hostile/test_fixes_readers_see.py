"""A safe fix never changes what a reader sees (rendered Markdown included), and fixes do not undo
each other from one run to the next."""

from __future__ import annotations

import json
import re
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cli_helpers import newsedit
from stand_in_server import LANGUAGES, JsonHandler, serving

BODY = "The city council approved three new bus routes on Tuesday, officials said after a long meeting.\n"
NO_GRAMMAR = ["fix", "--skip", "grammar", "--no-cache"]


class _Speller(JsonHandler):
    """LanguageTool as it answers these texts: every run of spaces is CONSECUTIVE_SPACES (one space
    suggested), "café" is spelt "cafe" and "cafe" is spelt "café"."""

    def do_GET(self) -> None:
        self.answer(LANGUAGES)

    def do_POST(self) -> None:
        form = urllib.parse.parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode("utf-8"))
        text = "".join(p.get("text", p.get("markup", "")) for p in json.loads(form["data"][0])["annotation"])
        matches = [_match(m, "CONSECUTIVE_SPACES", " ") for m in re.finditer(r"(?<=\S) {2,}", text)]
        matches += [_match(m, "MORFOLOGIK_RULE_EN_US", _OTHER[m.group()]) for m in re.finditer(r"caf[eé]", text)]
        self.answer({"matches": matches})


_OTHER = {"café": "cafe", "cafe": "café"}


def _match(found: re.Match[str], rule: str, replacement: str) -> dict[str, Any]:
    return {"offset": found.start(), "length": len(found.group()), "message": "m",
            "replacements": [{"value": replacement}],
            "rule": {"id": rule, "category": {"id": "TYPOS"}, "issueType": "misspelling"}}  # fmt: skip


@pytest.fixture
def speller() -> Iterator[str]:
    with serving(_Speller) as url:
        yield url


def _fix(url: str, path: Path, *extra: str) -> str:
    result = newsedit("fix", "--no-cache", "--skip", "dupes", "--lt-url", url, *extra, str(path))
    assert result.code in (0, 1), result.err
    return path.read_text("utf-8")


def test_spacing_fixes_keep_hard_breaks_tables_and_indents(tmp_path: Path, speller: str) -> None:
    article = tmp_path / "results.md"
    table = "Arsenal      3   Chelsea     1\nSpurs        0   Fulham      2\n"
    text = f"Weekend results\n\nFirst line of the address  \nsecond line of it.\n\n{table}\n{BODY}"
    article.write_text(text.replace("three new", "three  new"), "utf-8")  # and one plain typo
    assert _fix(speller, article) == text  # the typo fixed; the hard break and the table kept


def test_fixes_do_not_flip_back_and_forth(tmp_path: Path, speller: str) -> None:
    article = tmp_path / "a.txt"
    text = "New bus routes on the high street\n\n" + BODY.replace("approved", "met in a café and approved")
    article.write_text(text, "utf-8")
    first = _fix(speller, article, "--unsafe-fixes")
    assert _fix(speller, article, "--unsafe-fixes") == first == text


TOP = "# Council approves new bus routes\n\n"
HEADINGS = {
    "atx": TOP + "## Council approves new bus routes ##\n\n",
    "setext": TOP + "Council approves new bus routes\n-------------------------------\n\n",
}


@pytest.mark.parametrize("opening", HEADINGS.values(), ids=HEADINGS.keys())
def test_deleting_a_repeated_heading_takes_its_marks_too(tmp_path: Path, opening: str) -> None:
    article = tmp_path / "a.md"
    article.write_text(opening + BODY + "\nThe routes start in March, the transport office said.\n", "utf-8")
    result = newsedit(*NO_GRAMMAR, str(article))
    assert result.code == 0, result.err
    fixed = article.read_text("utf-8")
    assert (
        fixed
        == "# Council approves new bus routes\n\n" + BODY + "\nThe routes start in March, the transport office said.\n"
    )


def test_a_replacement_that_only_changes_accents_has_no_fix() -> None:
    from newsedit.article import parse
    from newsedit.fixes import UNSAFE, safety

    article = parse("Bus routes\n\nThey met in a café and a cafe.\n", "a.txt")
    cafe = article.text.index("café")
    accented = article.finding(cafe, cafe + 4, "grammar/lt-MORFOLOGIK_RULE_EN_US", "m", replacements=["cafe"])
    assert safety(accented) is None  # run 1 would write "cafe", run 2 "café" again
    typo = article.finding(cafe, cafe + 4, "grammar/lt-MORFOLOGIK_RULE_EN_US", "m", replacements=["cake"])
    assert safety(typo) == UNSAFE
