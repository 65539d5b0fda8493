"""A LanguageTool server that sends malformed matches costs only the article they were for."""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest

from cli_helpers import newsedit
from stand_in_server import LANGUAGES, JsonHandler, serving

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
CLEAN = (FIXTURES / "clean.txt").read_text("utf-8")
GOOD = (FIXTURES / "british.txt").read_text("utf-8")
MATCH = {"offset": 0, "length": 4, "message": "m", "replacements": [{"value": "X"}],
         "rule": {"id": "STAND_IN", "category": {"id": "TYPOS"}, "issueType": "misspelling"}}  # fmt: skip
GRAMMAR_ONLY = ["grammar", "--no-cache", "-f", "json"]


class _Poisoned(JsonHandler):
    """Answers `bad` for the text that holds "bus routes", and no matches for any other."""

    bad: ClassVar[list[Any]] = []

    def do_GET(self) -> None:
        self.answer(LANGUAGES)

    def do_POST(self) -> None:
        form = urllib.parse.parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode("utf-8"))
        text = "".join(p.get("text", p.get("markup", "")) for p in json.loads(form["data"][0])["annotation"])
        self.answer({"matches": type(self).bad if "bus routes" in text else []})


@pytest.fixture
def poisoned() -> Iterator[str]:
    with serving(_Poisoned) as url:
        yield url


def _batch(tmp_path: Path) -> list[str]:
    (tmp_path / "a.txt").write_text(CLEAN, "utf-8")  # "bus routes": the poisoned one
    (tmp_path / "b.txt").write_text(GOOD, "utf-8")
    return [str(tmp_path / "a.txt"), str(tmp_path / "b.txt")]


BAD_MATCHES = {
    "null replacements and rule": [{**MATCH, "replacements": None, "rule": None}],
    "a negative offset": [{**MATCH, "offset": -5}],
    "an offset past the end": [{**MATCH, "offset": 10**6}],
    "a length past the end": [{**MATCH, "length": 10**6}],
    "a rule id holding a workflow command": [{**MATCH, "rule": {"id": "X\n::error::pwned", "category": {}}}],
    "a string offset": [{**MATCH, "offset": "3"}],
    "a match that is not an object": ["match"],
}


@pytest.mark.parametrize("matches", BAD_MATCHES.values(), ids=BAD_MATCHES.keys())
def test_a_malformed_match_costs_only_its_article(tmp_path: Path, poisoned: str, matches: list[Any]) -> None:
    _Poisoned.bad = matches
    paths = _batch(tmp_path)
    for fmt in ("json", "github", "sarif"):
        result = newsedit("grammar", "--no-cache", "--lt-url", poisoned, "-f", fmt, *paths)
        assert result.code == 2, result.err
        assert "internal error" not in result.err
        assert not any(line.lstrip().startswith("::error::pwned") for line in result.out.splitlines())
    report = newsedit(*GRAMMAR_ONLY, "--lt-url", poisoned, *paths).json()  # validated against the schema
    by_name = {Path(a["path"]).name: a for a in report["articles"]}
    assert "LanguageTool sent a malformed match" in " ".join(by_name["a.txt"]["errors"])
    assert "errors" not in by_name["b.txt"]


def test_unsafe_fixes_never_apply_a_match_past_the_end(tmp_path: Path, poisoned: str) -> None:
    _Poisoned.bad = [{**MATCH, "offset": len(CLEAN.encode("utf-16-le")) // 2, "length": 0}]
    article = tmp_path / "a.txt"
    article.write_text(CLEAN, "utf-8")
    newsedit("fix", "--unsafe-fixes", "--no-cache", "--lt-url", poisoned, "--skip", "dupes", str(article))
    assert article.read_text("utf-8") == CLEAN


def test_a_flood_of_matches_is_the_articles_error_not_the_runs_memory(tmp_path: Path, poisoned: str) -> None:
    _Poisoned.bad = [MATCH] * 20_000
    paths = _batch(tmp_path)
    result = newsedit(*GRAMMAR_ONLY, "--lt-url", poisoned, *paths)
    assert result.code == 2, result.err
    by_name = {Path(a["path"]).name: a for a in result.json()["articles"]}
    assert "20,000 matches for one article" in " ".join(by_name["a.txt"]["errors"])
    assert by_name["a.txt"]["findings"] == [] and "errors" not in by_name["b.txt"]
