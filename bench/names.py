"""Benchmark: the names list's near-miss rule (grammar/name-spelling) on published copy; prints one JSON document.

The names an archive proposes (`newsedit index names`: capitalised runs in at least --min-articles
articles) become the names list; every article of the corpus is then searched for near misses of
those names. Published copy is taken to be right: each near miss is a false alarm unless a person
agrees it is a misspelling (--list prints them all to judge). Also printed: how many names were
proposed, and the share of articles with a near miss (the target is as close to none as possible).

Run: .venv/bin/python bench/names.py [--corpus DIR] [--min-articles N] [--list]
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path
from typing import Any

from newsedit import inputs, namelist
from newsedit.article import Article
from newsedit.config import Config

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "bbc"


def articles(corpus: Path) -> list[Article]:
    """The corpus's articles, parsed as `newsedit check` parses them."""
    config = Config()
    return [
        inputs.load(s, config) for s in inputs.expand([str(corpus)], config.extensions) if isinstance(s, inputs.Source)
    ]


def measure(corpus: Path, min_articles: int, listing: bool) -> dict[str, Any]:
    """Propose names from the corpus, then count their near misses in it."""
    started = time.perf_counter()
    parsed = articles(corpus)
    proposed = namelist.propose(iter(parsed), min_articles)
    names = namelist.build(namelist.parse("\n".join(name for name, _ in proposed)))
    misses = [(a.path, a.text[s:e], right) for a in parsed for s, e, right in names.near_misses(a.text)]
    out: dict[str, Any] = {
        "corpus": str(corpus),
        "articles": len(parsed),
        "names_proposed": len(proposed),
        "min_articles": min_articles,
        "near_misses": len(misses),
        "articles_with_near_miss": len({p for p, _, _ in misses}),
        "by_pair": Counter(f"{found} -> {right}" for _, found, right in misses).most_common(20),
        "seconds": round(time.perf_counter() - started, 1),
    }
    if listing:
        out["list"] = [{"path": p, "found": f, "listed": r} for p, f, r in misses]
    return out


def main() -> None:
    """Parse the options, measure, print JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--min-articles", type=int, default=3)
    parser.add_argument("--list", action="store_true")
    args = parser.parse_args()
    print(json.dumps(measure(args.corpus, args.min_articles, args.list), indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
