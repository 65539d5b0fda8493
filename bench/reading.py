"""Benchmark: how often readability (and every check) warns on published copy, per source; prints JSON.

Published copy is presumed right: a readability warning that fires on most published pieces
tells an editor nothing. Per source (the BBC corpus and each folder of the published corpora),
with newsedit's default config:

- `article_warning_share`: pieces with an article-level readability warning (`article-grade`,
  `reading-ease`); target at most 10%;
- `readability_warnings_per_1000_words`: readability findings of warning severity; target at most 1;
- `all_warnings_per_1000_words` (with --all-checks): every check's warnings, as `newsedit check
  --skip summary` reports them (grammar on a LanguageTool server of the benchmark's own, duplicates
  across each source's batch); target at most 3.

Words are the body's words as the readability formulas count them (Markdown read without its markup).

--derive prints the distributions the default targets come from, over the derivation sources
(DERIVE below; the others are held out): the article grade and Reading Ease per piece, and the
sentence length per sentence, at the percentiles the README states.

Run: .venv/bin/python bench/reading.py [--corpora DIR] [--every N] [--all-checks] [--derive]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from newsedit import checks, inputs, runner
from newsedit.article import Article
from newsedit.checks.readability import scores
from newsedit.checks.readability.measure import measure
from newsedit.config import Config
from newsedit.findings import Severity

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
CORPORA = ROOT.parent / "shared" / "corpora"
# The targets are derived on these (news wires, a broadcaster, a government newsroom); the rest are held out.
DERIVE = ("bbc", "reuters21578", "nltk-abc-australia", "govuk-content-examples")
ARTICLE_RULES = ("readability/article-grade", "readability/reading-ease")
TARGET_ARTICLE_SHARE = 0.10
TARGET_READABILITY_PER_1000 = 1.0
TARGET_ALL_PER_1000 = 3.0


def main() -> None:
    """Measure (or derive) and print the JSON document."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=CORPORA)
    parser.add_argument("--every", type=int, default=1, help="measure every Nth piece of each source")
    parser.add_argument("--all-checks", action="store_true", help="also run grammar and duplicates")
    parser.add_argument("--derive", action="store_true", help="print the distributions the targets come from")
    args = parser.parse_args()
    found = {name: files[:: args.every] for name, files in sources(args.corpora).items()}
    if args.derive:
        print(json.dumps(derive({k: v for k, v in found.items() if k in DERIVE}), indent=2))
        return
    result: dict[str, Any] = {"derived_on": list(DERIVE), "sources": {}}
    for name, files in found.items():
        result["sources"][name] = measure_source(files, args.all_checks)
        print(name, json.dumps(result["sources"][name]["summary"]), file=sys.stderr)
    print(json.dumps(result, indent=2))


def sources(corpora: Path) -> dict[str, list[Path]]:
    """The BBC corpus and each published source, their article files in order."""
    if not corpora.is_dir():
        sys.exit(f"no corpora at {corpora}")
    found = {"bbc": sorted((corpora / "bbc").rglob("*.txt"))}
    for folder in sorted(p for p in (corpora / "published").iterdir() if p.is_dir()):
        found[folder.name] = sorted(p for p in folder.iterdir() if p.suffix in (".txt", ".md"))
    return {k: v for k, v in found.items() if v}


def load(path: Path, config: Config) -> Article:
    """One piece, read as `newsedit check` reads it."""
    return inputs.load(inputs.Source(str(path), path), config)


def body_words(article: Article) -> int:
    """The body's words as the readability formulas count them."""
    return measure(article).counts.words


def measure_source(files: list[Path], all_checks: bool) -> dict[str, Any]:
    """Warnings of the readability check (and of every check but summary, with all_checks) on these pieces."""
    config = Config()
    words = sum(body_words(load(p, config)) for p in files)
    started = time.monotonic()
    names = [c for c in checks.available() if c != "summary"] if all_checks else ["readability"]
    if "grammar" in names:
        from own_languagetool import cache_folder

        with cache_folder("newsedit-reading-"):
            report = runner.run(runner.Job(paths=[str(p) for p in files], config=config, checks=names))
    else:
        report = runner.run(runner.Job(paths=[str(p) for p in files], config=config, checks=names))
    return tally(report, len(files), words, time.monotonic() - started, names)


def tally(report: Any, pieces: int, words: int, seconds: float, names: list[str]) -> dict[str, Any]:
    """The shares and rates of one source's report."""
    warnings = [f for f in report.findings() if f.severity == Severity.WARNING]
    readability = [f for f in warnings if f.rule.startswith("readability/")]
    flagged = {f.path for f in readability if f.rule in ARTICLE_RULES}
    per_1000 = 1000 / max(words, 1)
    summary: dict[str, Any] = {
        "article_warning_share": round(len(flagged) / max(pieces, 1), 3),
        "readability_warnings_per_1000_words": round(len(readability) * per_1000, 2),
    }
    if len(names) > 1:
        summary["all_warnings_per_1000_words"] = round(len(warnings) * per_1000, 2)
    return {
        "pieces": pieces,
        "words": words,
        "checks": names,
        "seconds": round(seconds, 1),
        "summary": summary,
        "targets": {
            "article_warning_share": TARGET_ARTICLE_SHARE,
            "readability_warnings_per_1000_words": TARGET_READABILITY_PER_1000,
            "all_warnings_per_1000_words": TARGET_ALL_PER_1000,
        },
        "warnings_by_rule": dict(Counter(f.rule for f in warnings).most_common(25)),
        "infos_by_rule": dict(
            Counter(f.rule for f in report.findings() if f.severity == Severity.INFO).most_common(10)
        ),
    }


def derive(found: dict[str, list[Path]]) -> dict[str, Any]:
    """Percentiles of the article grade, Reading Ease and sentence length over the derivation sources,
    pooled and per source (the targets take the loosest source, so that none is flagged too often)."""
    config = Config()
    pooled: dict[str, list[float]] = {"grade": [], "ease": [], "sentence": [], "paragraph": []}
    per_source = {}
    for name, files in found.items():
        values = _distributions([measure(load(path, config)) for path in files])
        per_source[name] = {
            "article_grade": _percentiles(values["grade"], (90,)),
            "reading_ease": _percentiles(values["ease"], (5, 10)),
        }
        for key, got in values.items():
            pooled[key] += got
    return {
        "sources": list(found),
        "pieces": len(pooled["grade"]),
        "sentences": len(pooled["sentence"]),
        "article_grade": _percentiles(pooled["grade"], (50, 80, 90, 95)),
        "reading_ease": _percentiles(pooled["ease"], (5, 10, 20, 50)),
        "paragraph_grade": _percentiles(pooled["paragraph"], (50, 90, 95, 99)),
        "sentence_words": _percentiles(pooled["sentence"], (50, 90, 95, 98, 99, 99.5)),
        "per_source": per_source,
    }


def _distributions(measured: list[Any]) -> dict[str, list[float]]:
    """Per piece its grade and ease, per sentence its words, per paragraph its grade."""
    out: dict[str, list[float]] = {"grade": [], "ease": [], "sentence": [], "paragraph": []}
    for m in measured:
        if not m.counts.words:
            continue
        out["grade"].append(scores.flesch_kincaid_grade(m.counts))
        out["ease"].append(scores.flesch_reading_ease(m.counts))
        out["sentence"] += [s.counts.words for p in m.paragraphs for s in p.sentences if s.counts.words]
        out["paragraph"] += [scores.flesch_kincaid_grade(p.counts) for p in m.paragraphs if p.counts.words]
    return out


def _percentiles(values: list[float], points: tuple[float, ...]) -> dict[str, float]:
    cuts = statistics.quantiles(values, n=1000, method="inclusive")
    return {f"p{p:g}": round(cuts[round(p * 10) - 1], 1) for p in points}


if __name__ == "__main__":
    main()
