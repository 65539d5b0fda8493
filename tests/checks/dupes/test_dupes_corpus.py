"""The in-article checks on real BBC copy: almost silent on clean articles, and teasers still found."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from newsedit import article as article_model
from newsedit.checks import dupes
from newsedit.checks.dupes import teasers
from newsedit.config import Config, DupesConfig

pytestmark = pytest.mark.corpus


def _texts(corpus_dir: Path) -> dict[str, str]:
    return {f.relative_to(corpus_dir).as_posix(): f.read_text("utf-8") for f in sorted(corpus_dir.glob("*/*.txt"))}


def test_clean_corpus_is_almost_silent(corpus_dir: Path) -> None:
    check = dupes.create(Config(dupes=DupesConfig(index="/nonexistent/archive.sqlite")))
    by_rule: dict[str, list[str]] = {}
    paragraphs = 0
    try:
        for path, text in _texts(corpus_dir).items():
            article = article_model.parse(text, path)
            paragraphs += len(article.paragraphs)
            for f in check.check(article).findings:
                by_rule.setdefault(f.rule, []).append(f"{path}:{f.line}")
    finally:
        check.close()
    # BBC copy has no page furniture; the one repeated sentence is real (tech/301.txt says it twice).
    assert "dupes/boilerplate" not in by_rule and "dupes/section-label" not in by_rule
    assert by_rule.get("dupes/repeated-sentence") == ["tech/301.txt:29"]
    assert "dupes/repeated-headline" not in by_rule
    # Teasers: measured 6 lines of 10,548 paragraphs (0.06%), in 4 of 2,225 articles.
    assert len(by_rule.get("dupes/teaser", [])) / paragraphs < 0.001


def test_other_stories_headlines_dropped_into_bodies_are_found(corpus_dir: Path) -> None:
    texts = _texts(corpus_dir)
    headlines = [t.split("\n", 1)[0] for t in texts.values()]
    rng = random.Random(11)
    found = trials = 0
    for path in rng.sample(sorted(texts), 300):
        paragraphs = texts[path].split("\n\n")
        if len(paragraphs) < 4:
            continue
        at = rng.randrange(2, len(paragraphs))
        teaser = rng.choice(headlines)
        article = article_model.parse("\n\n".join([*paragraphs[:at], teaser, *paragraphs[at:]]), path)
        trials += 1
        found += teaser in {b.slice(article.text) for b in teasers.find(article)}
    # Measured about 0.9: the misses are headlines shaped like prose ("X is to ...", questions).
    assert found / trials > 0.8
