"""Benchmark: grammar recall on the team's news-error set, newsedit against raw LanguageTool; prints JSON.

The set (bench/data/news_errors.tsv, see bench/data/README.md) holds sentences with exactly one
error each, of seven kinds, and correct sentences. Each sentence is checked:

- by newsedit's grammar check (LanguageTool with newsedit's rule pack, newsedit's Python news
  rules and its reporting policy), on its local server in a cache folder of the benchmark's own;
- by raw LanguageTool: the same jars, started here without the rule pack, default rules, one
  plain HTTP request per sentence.

Both in en-GB (the set's spelling). An error sentence counts as caught when a reported match
overlaps its wrong words; a correct sentence is a false alarm when anything is reported on it.
"Reported" means what reaches an editor as an error or a warning: newsedit's findings of those
severities, and raw LanguageTool's matches whose category newsedit's severity table does not
make `info` (style and typography advice). Raw LanguageTool's every match is counted too.
Targets: newsedit catches at least 80% with false alarms on at most 5% of the correct sentences.

Run: .venv/bin/python bench/recall.py [--set PATH] [--misses]
"""

from __future__ import annotations

import argparse
import json
import sys
import urllib.parse
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from own_languagetool import cache_folder, plain_server

from newsedit.article import parse
from newsedit.backends import languagetool
from newsedit.checks import grammar
from newsedit.config import GrammarConfig
from newsedit.findings import Severity

ROOT = Path(__file__).resolve().parents[1]
SET = ROOT / "bench" / "data" / "news_errors.tsv"
LANGUAGE = "en-GB"
HEAD = "Headline\n\n"  # the sentence is the article's body, not its headline
TARGET_RECALL = 0.80
TARGET_FALSE_ALARMS = 0.05


@dataclass(frozen=True)
class Item:
    """One sentence of the set: its kind ("correct" for none), its wrong words, and where they are."""

    kind: str
    wrong: str
    sentence: str

    @property
    def span(self) -> tuple[int, int]:
        """Where the wrong words are in the sentence."""
        start = self.sentence.index(self.wrong)
        return start, start + len(self.wrong)


def load(path: Path) -> list[Item]:
    """The set's sentences (the header row and # comments skipped)."""
    lines = [line.rstrip("\n") for line in path.read_text("utf-8").splitlines() if line and not line.startswith("#")]
    items = [Item(*line.split("\t")) for line in lines[1:]]
    for item in items:
        if item.kind != "correct" and item.wrong not in item.sentence:
            sys.exit(f"{path}: the wrong words {item.wrong!r} are not in {item.sentence!r}")
    return items


def main() -> None:
    """Run both checkers over the set and print the JSON document."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, default=SET)
    parser.add_argument("--misses", action="store_true", help="list the sentences each side gets wrong")
    args = parser.parse_args()
    if not languagetool.installed():
        sys.exit("LanguageTool is not set up: run `newsedit setup` first")
    items = load(args.set)
    with cache_folder("newsedit-recall-"), plain_server("newsedit-raw-lt-") as raw_url:
        ours = newsedit_spans(items)
        raw_all, raw_reported = raw_spans(raw_url, items)
    sides = {"newsedit": ours, "languagetool_raw": raw_reported, "languagetool_raw_every_match": raw_all}
    result: dict[str, Any] = {
        "set": str(args.set.relative_to(ROOT) if args.set.is_relative_to(ROOT) else args.set),
        "languagetool": languagetool.VERSION,
        "rule_pack": languagetool.news_rules_digest(),
        "language": LANGUAGE,
        "error_sentences": sum(i.kind != "correct" for i in items),
        "correct_sentences": sum(i.kind == "correct" for i in items),
        "targets": {"recall_at_least": TARGET_RECALL, "false_alarm_rate_at_most": TARGET_FALSE_ALARMS},
    }
    for name, spans in sides.items():
        result[name] = score(items, spans, args.misses)
    result["met"] = (
        result["newsedit"]["recall"] >= TARGET_RECALL and result["newsedit"]["false_alarm_rate"] <= TARGET_FALSE_ALARMS
    )
    print(json.dumps(result, indent=2, ensure_ascii=False))


Spans = list[list[tuple[int, int, str]]]  # per sentence: (start, end, rule) of what was reported


def newsedit_spans(items: Sequence[Item]) -> Spans:
    """What newsedit's grammar check reports as errors or warnings, per sentence."""
    check = grammar.GrammarCheck(GrammarConfig(language=LANGUAGE))
    try:
        outputs = check.check_many([parse(HEAD + item.sentence + "\n", f"{n}.txt") for n, item in enumerate(items)])
    finally:
        check.close()
    out = []
    for output in outputs:
        if output.error:
            sys.exit(f"newsedit could not check a sentence: {output.error}")
        reported = [f for f in output.findings if f.severity != Severity.INFO]
        out.append([(f.start - len(HEAD), f.end - len(HEAD), f.rule) for f in reported])
    return out


def raw_spans(url: str, items: Sequence[Item]) -> tuple[Spans, Spans]:
    """Raw LanguageTool's matches per sentence: all of them, and those newsedit would not make `info`."""
    policy = grammar.lt_policy(GrammarConfig(language=LANGUAGE))
    every, reported = [], []
    for item in items:
        data = urllib.parse.urlencode({"language": LANGUAGE, "text": item.sentence}).encode()
        with languagetool._opener().open(f"{url}/v2/check", data, timeout=120) as response:
            matches = languagetool._matches(json.load(response)["matches"], item.sentence)
        every.append([(m.start, m.end, m.rule) for m in matches])
        reported.append([(m.start, m.end, m.rule) for m in matches if policy.severity_of(m) != Severity.INFO])
    return every, reported


def score(items: Sequence[Item], spans: Spans, misses: bool) -> dict[str, Any]:
    """Recall on the error sentences and the false-alarm rate on the correct ones, overall and per kind."""
    caught: dict[str, list[bool]] = defaultdict(list)
    alarms, missed, alarmed = [], [], []
    for item, found in zip(items, spans, strict=True):
        if item.kind == "correct":
            alarms.append(bool(found))
            if found:
                alarmed.append({"sentence": item.sentence, "rules": sorted({r for _, _, r in found})})
            continue
        start, end = item.span
        hit = any(s < end and start < e for s, e, _ in found)
        caught[item.kind].append(hit)
        if not hit:
            missed.append({"kind": item.kind, "wrong": item.wrong, "sentence": item.sentence})
    total = [hit for hits in caught.values() for hit in hits]
    out: dict[str, Any] = {
        "caught": sum(total),
        "recall": round(sum(total) / len(total), 3),
        "false_alarms": sum(alarms),
        "false_alarm_rate": round(sum(alarms) / len(alarms), 3),
        "recall_by_kind": {kind: f"{sum(h)}/{len(h)}" for kind, h in sorted(caught.items())},
    }
    if misses:
        out["missed"] = missed
        out["false_alarm_sentences"] = alarmed
    return out


if __name__ == "__main__":
    main()
