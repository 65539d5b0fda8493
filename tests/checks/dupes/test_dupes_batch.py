"""Across a run: duplicate headlines, near-duplicate bodies and, optionally, the same story."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsedit import article as article_model
from newsedit.backends import semantic
from newsedit.checks import dupes
from newsedit.config import Config, DupesConfig
from newsedit.findings import Finding

BODY = (
    "The harbour bridge reopened to traffic on Friday after six months of repairs that cost the city "
    "more than twelve million pounds, officials said at a ceremony attended by the mayor and crowds. "
    "Engineers replaced the suspension cables and repainted the steel frame, which had begun to rust "
    "after years of salt spray and heavy lorry traffic crossing the estuary every single day."
)
OTHER = (
    "The council approved its budget for next year on Tuesday, raising spending on schools and roads "
    "while cutting the money set aside for parks, libraries and swimming pools across the district. "
    "Opposition councillors said the cuts would fall hardest on families who rely on free services."
)


def _run(articles: dict[str, tuple[str, str]], **options: object) -> list[Finding]:
    config = Config(dupes=DupesConfig(index="/nonexistent/archive.sqlite", **options))  # type: ignore[arg-type]
    check = dupes.create(config)
    try:
        for path, (headline, body) in articles.items():
            check.check(article_model.parse(f"{headline}\n\n{body}\n", path))
        return check.finish()
    finally:
        check.close()


def _by(findings: list[Finding], rule: str) -> dict[str, str]:
    return {f.path: f.message for f in findings if f.rule == rule}


def test_same_and_near_headlines_group_across_the_run() -> None:
    findings = _run(
        {
            "a.txt": ("Harbour bridge reopens after repairs", BODY),
            "b.txt": ("Harbour Bridge reopens after repairs!", OTHER),
            "c.txt": ("Harbour bridge re-opens after repair", OTHER + " More."),
            "d.txt": ("Council approves new budget", OTHER + " Even more words here."),
        }
    )
    headlines = _by(findings, "dupes/batch-headline")
    assert set(headlines) == {"a.txt", "b.txt", "c.txt"}
    assert "b.txt, c.txt" in headlines["a.txt"] and "similarity 0.9" in headlines["a.txt"]
    assert all(f.line == 1 and f.text.startswith("Harbour") for f in findings if f.rule == "dupes/batch-headline")


def test_near_duplicate_bodies_group_with_their_similarity() -> None:
    edited = BODY.replace("twelve million", "12 million").replace("every single day", "every day")
    findings = _run(
        {
            "a.txt": ("Harbour bridge reopens after repairs", BODY),
            "b.txt": ("Bridge back in use after six months", edited),
            "c.txt": ("Council approves new budget", OTHER),
        }
    )
    bodies = _by(findings, "dupes/batch-body")
    assert set(bodies) == {"a.txt", "b.txt"}
    similarity = re.search(r"nearly the same body as b\.txt in this run \(similarity (\d\.\d\d)\)", bodies["a.txt"])
    assert similarity and 0.8 <= float(similarity.group(1)) < 1.0
    assert all(f.line == 3 for f in findings if f.rule == "dupes/batch-body")
    assert _by(findings, "dupes/batch-headline") == {}


def test_a_single_article_has_no_batch_findings() -> None:
    assert _run({"a.txt": ("Harbour bridge reopens after repairs", BODY)}) == []


@pytest.mark.slow
@pytest.mark.skipif(not semantic.available(), reason="the semantic extra is not installed")
def test_semantic_headlines_tell_the_same_story() -> None:
    articles = {
        "a.txt": ("Jones files Conte lawsuit", BODY),
        "b.txt": ("Jones files lawsuit against Conte", OTHER),
        "c.txt": ("Ad sales boost Time Warner profit", OTHER + " Other words."),
    }
    assert _by(_run(articles), "dupes/same-story") == {}  # off by default
    same = _by(_run(articles, semantic=True), "dupes/same-story")
    assert set(same) == {"a.txt", "b.txt"}
    assert "same story (headline meaning) as b.txt" in same["a.txt"]


@pytest.mark.corpus
def test_corpus_groups_pin_real_duplicates(corpus_dir: Path) -> None:
    check = dupes.create(Config(dupes=DupesConfig(index="/nonexistent/archive.sqlite")))
    files = sorted(corpus_dir.glob("*/*.txt"))
    try:
        for file in files:
            check.check(article_model.parse(file.read_text("utf-8"), file.relative_to(corpus_dir).as_posix()))
        findings = check.finish()
    finally:
        check.close()
    headlines, bodies = _by(findings, "dupes/batch-headline"), _by(findings, "dupes/batch-body")
    # Byte-identical copies: same headline, same body.
    assert "same headline as business/253.txt" in headlines["business/007.txt"]
    assert "same body as business/253.txt" in bodies["business/007.txt"]
    # A republication whose headline gained a word.
    assert "nearly the same headline as tech/333.txt" in headlines["tech/037.txt"]
    # The same report under two headlines: only the bodies match.
    assert "sport/433.txt" in bodies["sport/425.txt"] and "sport/425.txt" not in headlines.get("sport/433.txt", "")
    assert "tech/341.txt" in bodies["tech/045.txt"]
    # Different stories are not grouped.
    assert "business/001.txt" not in headlines and "business/001.txt" not in bodies
    assert len(bodies) < len(files) // 5
