"""Benchmark: newsedit's sentence boundaries against pySBD's; prints one JSON document.

- `golden_rules`: the 48 English Golden Rules (tests/data/golden_rules_en.json), how many of them
  each segmenter splits into exactly the expected sentences;
- per source (the BBC corpus and each folder of the published corpora): every body paragraph of
  every piece (as newsedit's article model finds them, Markdown read as Markdown) is split by both;
  `paragraphs_agreeing` is the share of paragraphs with the same number of sentences,
  `articles_agreeing` the share of pieces with the same total, with both totals;
- `ms_per_article`: each segmenter's time over the body paragraphs of a piece, averaged over the
  pieces measured (pySBD's segmenter built once beforehand).

pySBD (0.3.4, rule-based, the Pragmatic Segmenter's Python port) is the reference; it is a
benchmark dependency only: `pip install pysbd`.

Run: .venv/bin/python bench/sentences.py [--corpora DIR] [--every N]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

import pysbd

from newsedit import sentences
from newsedit.article import parse

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT.parent / "shared" / "corpora"
GOLDEN = ROOT / "tests" / "data" / "golden_rules_en.json"


def main() -> None:
    """Measure and print the JSON document."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=CORPORA)
    parser.add_argument("--every", type=int, default=4, help="measure every Nth piece of each source")
    args = parser.parse_args()
    segmenter = pysbd.Segmenter(language="en", clean=False)
    result: dict[str, Any] = {"golden_rules": golden_rules(segmenter), "sources": {}}
    for name, files in sources(args.corpora).items():
        result["sources"][name] = compare(files[:: args.every], segmenter)
    print(json.dumps(result, indent=2))


def sources(corpora: Path) -> dict[str, list[Path]]:
    """The BBC corpus and each published source, their article files in order."""
    found = {"bbc": sorted((corpora / "bbc").rglob("*.txt"))}
    for folder in sorted(p for p in (corpora / "published").iterdir() if p.is_dir()):
        found[folder.name] = sorted(p for p in folder.iterdir() if p.suffix in (".txt", ".md"))
    return {k: v for k, v in found.items() if v}


def golden_rules(segmenter: pysbd.Segmenter) -> dict[str, int]:
    """How many Golden Rules each segmenter gets exactly right."""
    cases = json.loads(GOLDEN.read_text("utf-8"))["cases"]
    ours = sum(_ours(c["text"]) == c["sentences"] for c in cases)
    theirs = sum([s.strip() for s in segmenter.segment(c["text"])] == c["sentences"] for c in cases)
    return {"cases": len(cases), "newsedit": ours, "pysbd": theirs}


def _ours(text: str) -> list[str]:
    return [text[s:e] for s, e in sentences.split(text, 0, len(text))]


def compare(files: list[Path], segmenter: pysbd.Segmenter) -> dict[str, Any]:
    """Sentence counts of both segmenters over the body paragraphs of these pieces, and their speed."""
    same_paragraphs = paragraphs = same_articles = ours_total = theirs_total = 0
    ours_s = theirs_s = 0.0
    for path in files:
        text = path.read_text("utf-8", errors="replace")
        article = parse(text, str(path), markdown=path.suffix == ".md")
        pieces = [p.slice(text) for p in article.paragraphs]
        started = time.perf_counter()
        ours = [len(sentences.split(p, 0, len(p))) for p in pieces]
        ours_s += time.perf_counter() - started
        started = time.perf_counter()
        theirs = [len([s for s in segmenter.segment(p) if s.strip()]) for p in pieces]
        theirs_s += time.perf_counter() - started
        paragraphs += len(pieces)
        same_paragraphs += sum(a == b for a, b in zip(ours, theirs, strict=True))
        same_articles += sum(ours) == sum(theirs)
        ours_total, theirs_total = ours_total + sum(ours), theirs_total + sum(theirs)
    n = max(len(files), 1)
    return {
        "articles": len(files),
        "paragraphs": paragraphs,
        "paragraphs_agreeing": round(same_paragraphs / max(paragraphs, 1), 3),
        "articles_agreeing": round(same_articles / n, 3),
        "sentences": {"newsedit": ours_total, "pysbd": theirs_total},
        "ms_per_article": {"newsedit": round(1000 * ours_s / n, 2), "pysbd": round(1000 * theirs_s / n, 2)},
    }


if __name__ == "__main__":
    main()
