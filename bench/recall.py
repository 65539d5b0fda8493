"""Benchmark: grammar recall on error sets and CWEB, newsedit against raw LanguageTool in the same run; prints JSON.

Three error sets (see bench/data/README.md), each sentence holding exactly one error or none:

- `news_errors.tsv`: the team's set, written beside the rule pack (en-GB);
- `independent_errors.tsv`: errors placed one at a time into published sentences by someone who
  never read the rules, plus sentences left as published (each in its source's English). Its
  matches count as evidence in bench/precision.py, and rules have since been written after
  reading its misses: it is development data now;
- `heldout_errors.tsv`: a second such set, written the same way by another helper who never read
  the rules, after every rule of this tree; nothing reads it but this benchmark, so its figures
  are the out-of-sample ones.

Each sentence is checked as an article's body:

- by newsedit's grammar check (LanguageTool with newsedit's rule pack, newsedit's Python news
  rules and its reporting policy), on its local server in a cache folder of the benchmark's own;
- by raw LanguageTool: the same jars without the rule pack, default rules, one plain request per
  sentence; its matches are also given the severity newsedit's table gives them.

An error is caught at a level when a finding of that severity or above overlaps its wrong words
("error": it blocks a commit; "warning": it is shown); a correct sentence is a false alarm at a
level when any finding of that severity or above is reported on it. "pack_as_error" counts the
rule pack's findings as errors whatever their severity (what the pack catches if all of it blocks).

CWEB dev (`--cweb`, ../shared/corpora/cweb-dev, en-US) is scored at sentence level: a sentence is
wrong when either annotator edits it; precision is the share of sentences with an error finding
that are wrong, recall the share of wrong sentences with one.

Targets on the independent set: at least 50% of errors block, 70% are shown, false alarms (warning
or above) on at most 3% of the correct sentences; on CWEB, error precision 0.85 with recall 0.3.

Run: .venv/bin/python bench/recall.py [--set PATH ...] [--cweb [N]] [--misses]
"""

from __future__ import annotations

import argparse
import json
import sys
import urllib.parse
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import lt_dump
from own_languagetool import cache_folder, plain_server

from newsedit.article import parse
from newsedit.backends import languagetool
from newsedit.backends.languagetool import answers
from newsedit.checks import grammar
from newsedit.config import GrammarConfig
from newsedit.findings import Severity

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "bench" / "data"
SETS = [DATA / "news_errors.tsv", DATA / "independent_errors.tsv", DATA / "heldout_errors.tsv"]
CWEB = ROOT.parent / "shared" / "corpora" / "cweb-dev"
HEAD = "Headline\n\n"  # the sentence is the article's body, not its headline
PACK = f"{grammar.LT_PREFIX}NEWS_"
# The English of each source of the independent set (its sentences keep their source's spelling).
SOURCE_ENGLISH = {
    "govuk-content-examples": "en-GB", "nltk-abc-australia": "en-AU", "dta-service-manual-au": "en-AU",
    "cds-digital-canada-blog": "en-CA",
}  # fmt: skip
TARGETS = {"error_at_least": 0.50, "warning_at_least": 0.70, "false_alarms_at_most": 0.03}
CWEB_TARGETS = {"precision_at_least": 0.85, "recall_at_least": 0.30}


@dataclass(frozen=True)
class Item:
    """One sentence of a set: its kind ("correct" for none), its wrong words, its English."""

    kind: str
    wrong: str
    sentence: str
    language: str = "en-GB"
    original: str = ""  # the independent set: the sentence as published

    @property
    def span(self) -> tuple[int, int]:
        """Where the wrong words are in the sentence (where it parts from the original, when there is one:
        the wrong words may stand earlier too, "says he ... against he")."""
        if self.original:
            span = lt_dump.error_span(self.sentence, self.original, self.wrong)
            if span is not None:
                return span
        start = self.sentence.index(self.wrong)
        return start, start + len(self.wrong)


@dataclass(frozen=True)
class Found:
    """One finding on a sentence: where, which rule, how severe."""

    start: int
    end: int
    rule: str
    severity: Severity


Level = Callable[[Found], bool]
LEVELS: dict[str, Level] = {
    "error": lambda f: f.severity >= Severity.ERROR,
    "warning": lambda f: f.severity >= Severity.WARNING,
    "pack_as_error": lambda f: f.severity >= Severity.ERROR or f.rule.startswith(PACK),
}


def load(path: Path) -> list[Item]:
    """A set's sentences: the team's three columns, or the independent set's seven (by its header)."""
    rows = [line.split("\t") for line in path.read_text("utf-8").splitlines() if line and not line.startswith("#")]
    header, rows = rows[0], rows[1:]
    if "error" in header:
        col = {name: n for n, name in enumerate(header)}
        items = [_independent(row, col) for row in rows]
    else:
        items = [Item(*row) for row in rows]
    for item in items:
        if item.kind != "correct" and item.wrong not in item.sentence:
            sys.exit(f"{path}: the wrong words {item.wrong!r} are not in {item.sentence!r}")
    return items


def _independent(row: list[str], col: dict[str, int]) -> Item:
    kind = row[col["kind"]]
    language = SOURCE_ENGLISH.get(row[col["source"]].split("/")[0], "en-US")
    sentence, original = row[col["sentence"]], row[col["original"]]
    return Item("correct" if kind == "none" else kind, row[col["error"]], sentence, language, original)


def main() -> None:
    """Run both checkers over the sets (and CWEB) and print the JSON document."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, action="append", help="an error set (default: the three in bench/data)")
    parser.add_argument("--cweb", type=int, nargs="?", const=-1, default=0, help="also CWEB dev (N: first N)")
    parser.add_argument("--misses", action="store_true", help="list the sentences each side gets wrong")
    args = parser.parse_args()
    if not languagetool.installed():
        sys.exit("LanguageTool is not set up: run `newsedit setup` first")
    sets = {path: load(path) for path in args.set or SETS if path.is_file()}
    cweb = cweb_sentences(args.cweb) if args.cweb else []
    with cache_folder("newsedit-recall-"), plain_server("newsedit-raw-lt-") as raw_url:
        result: dict[str, Any] = {
            "languagetool": languagetool.VERSION, "rule_pack": languagetool.news_rules_digest(),
            "targets": TARGETS, "sets": {},
        }  # fmt: skip
        for path, items in sets.items():
            result["sets"][path.name] = score_set(items, raw_url, args.misses)
        if cweb:
            result["cweb_dev"] = score_cweb(cweb, raw_url)
    print(json.dumps(result, indent=2, ensure_ascii=False))


def score_set(items: Sequence[Item], raw_url: str, misses: bool) -> dict[str, Any]:
    """Both sides on one set: recall by kind and false alarms, at each level."""
    sentences = [(item.sentence, item.language) for item in items]
    sides = {"newsedit": newsedit_found(sentences), "languagetool_raw": raw_found(raw_url, sentences)}
    out: dict[str, Any] = {
        "error_sentences": sum(i.kind != "correct" for i in items),
        "correct_sentences": sum(i.kind == "correct" for i in items),
    }
    for name, found in sides.items():
        out[name] = {level: score(items, found, test, misses) for level, test in LEVELS.items()}
    every = [[Found(f.start, f.end, f.rule, Severity.ERROR) for f in per] for per in sides["languagetool_raw"]]
    out["languagetool_raw"]["every_match"] = score(items, every, LEVELS["error"], misses)
    return out


Findings = list[list[Found]]  # per sentence


def newsedit_found(sentences: Sequence[tuple[str, str]]) -> Findings:
    """newsedit's grammar findings per sentence, each sentence checked in its own English."""
    out: dict[int, list[Found]] = {}
    for language in sorted({lang for _, lang in sentences}):
        indices = [n for n, (_, lang) in enumerate(sentences) if lang == language]
        check = grammar.GrammarCheck(GrammarConfig(language=language, timeout=600.0))
        try:
            articles = [parse(HEAD + sentences[n][0] + "\n", f"{n}.txt") for n in indices]
            outputs = check.check_many(articles)
        finally:
            check.close()
        for n, output in zip(indices, outputs, strict=True):
            if output.error:
                sys.exit(f"newsedit could not check a sentence: {output.error}")
            out[n] = [Found(f.start - len(HEAD), f.end - len(HEAD), f.rule, f.severity) for f in output.findings]
    return [out[n] for n in range(len(sentences))]


def raw_found(url: str, sentences: Sequence[tuple[str, str]]) -> Findings:
    """Raw LanguageTool's matches per sentence, with the severity newsedit's table gives each."""
    policy = grammar.lt_policy(GrammarConfig())

    def one(sentence: str, language: str) -> list[Found]:
        data = urllib.parse.urlencode({"language": language, "text": sentence}).encode()
        with languagetool._opener().open(f"{url}/v2/check", data, timeout=120) as response:
            matches = answers.matches(json.load(response)["matches"], sentence)
        return [Found(m.start, m.end, m.rule, policy.severity_of(m)) for m in matches]

    with ThreadPoolExecutor(3) as pool:
        return list(pool.map(lambda pair: one(*pair), sentences))


def score(items: Sequence[Item], found: Findings, level: Level, misses: bool) -> dict[str, Any]:
    """Recall on the error sentences and the false-alarm rate on the correct ones, overall and per kind."""
    caught: dict[str, list[bool]] = defaultdict(list)
    alarms, missed, alarmed = [], [], []
    for item, per in zip(items, found, strict=True):
        shown = [f for f in per if level(f)]
        if item.kind == "correct":
            alarms.append(bool(shown))
            if shown:
                alarmed.append({"sentence": item.sentence, "rules": sorted({f.rule for f in shown})})
            continue
        start, end = item.span
        hit = any(f.start < end and start < f.end for f in shown)
        caught[item.kind].append(hit)
        if not hit:
            missed.append({"kind": item.kind, "wrong": item.wrong, "sentence": item.sentence})
    total = [hit for hits in caught.values() for hit in hits]
    out: dict[str, Any] = {
        "caught": sum(total),
        "recall": _share(total),
        "false_alarms": sum(alarms),
        "false_alarm_rate": _share(alarms),
        "recall_by_kind": {kind: f"{sum(h)}/{len(h)}" for kind, h in sorted(caught.items())},
    }
    if misses:
        out["missed"] = missed
        out["false_alarm_sentences"] = alarmed
    return out


def _share(flags: Sequence[bool]) -> float:
    return round(sum(flags) / len(flags), 3) if flags else 0.0


# ---- CWEB dev, at sentence level ----------------------------------------------------------------


def cweb_sentences(limit: int) -> list[tuple[str, bool]]:
    """(sentence, wrong) for CWEB dev's sentences: wrong when either annotator edits it."""
    if not CWEB.is_dir():
        sys.exit(f"{CWEB} is not there")
    out = []
    for part in ("CWEB-G", "CWEB-S"):
        sources = (CWEB / f"{part}.dev.source").read_text("utf-8").splitlines()
        flags = list(_edited((CWEB / f"{part}.dev.m2").read_text("utf-8").split("\n\n")))
        if len(sources) != len(flags):
            sys.exit(f"{part}: {len(sources)} sentences but {len(flags)} annotated")
        out.extend(zip(sources, flags, strict=True))
    return out[:limit] if limit > 0 else out


def _edited(blocks: Iterable[str]) -> Iterable[bool]:
    for block in blocks:
        lines = block.strip().splitlines()
        if lines and lines[0].startswith("S "):
            yield any("|||noop|||" not in line for line in lines[1:] if line.startswith("A "))


def score_cweb(sentences: Sequence[tuple[str, bool]], raw_url: str) -> dict[str, Any]:
    """Sentence-level precision and recall of error findings (and warning or above), both sides."""
    asked = [(text, "en-US") for text, _ in sentences]
    wrong = [flag for _, flag in sentences]
    sides = {"newsedit": newsedit_found(asked), "languagetool_raw": raw_found(raw_url, asked)}
    out: dict[str, Any] = {"sentences": len(sentences), "wrong_sentences": sum(wrong), "targets": CWEB_TARGETS}
    for name, found in sides.items():
        out[name] = {level: _sentence_scores(found, wrong, test) for level, test in LEVELS.items()}
    return out


def _sentence_scores(found: Findings, wrong: Sequence[bool], level: Level) -> dict[str, Any]:
    flagged = [any(level(f) for f in per) for per in found]
    right = sum(f and w for f, w in zip(flagged, wrong, strict=True))
    return {
        "flagged": sum(flagged),
        "precision": round(right / sum(flagged), 3) if any(flagged) else 0.0,
        "recall": round(right / sum(wrong), 3) if any(wrong) else 0.0,
    }


if __name__ == "__main__":
    main()
