"""Benchmark: false alarms of newsedit's grammar on published copy; prints one JSON document.

Every article of the news corpus (published, edited BBC copy) goes through newsedit's grammar
check with the default config (or the one named with --config), through the Python API, on a
LanguageTool server of the benchmark's own (its own cache folder; the jars are those
`newsedit setup` installed). Published copy is taken to be right: an error finding there is a
false alarm unless a person has verified it is a real typo (bench/data/lt_judgements.toml).

Printed: articles with at least one error finding (count and share; target at most 10%), errors
by rule id, warnings per 1,000 words (target at most 3), infos, and which variant was chosen
for how many articles. --list adds every error finding (path, line, rule, text) so that a
person can judge them.

--dump FILE writes every finding of the run (all severities) as JSON lines; --derive FILE reads
such a dump and prints the measured precision of every LanguageTool rule id in it, as the data
file `src/newsedit/data/lt_precision.toml` keeps it (--write puts it there). To re-derive the
defaults, e.g. after a LanguageTool upgrade:

    python bench/precision.py --dump /tmp/findings.jsonl --all-errors
    python bench/precision.py --derive /tmp/findings.jsonl --write

(--all-errors reports every LanguageTool rule at the severity of its category, as if the
measured table were empty, so that the dump sees every rule at full strength.)

Run: .venv/bin/python bench/precision.py [--corpus DIR] [--limit N] [--every N] [--list] [--config FILE]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from own_languagetool import cache_folder

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "bbc"
JUDGEMENTS = ROOT / "bench" / "data" / "lt_judgements.toml"
TABLE = ROOT / "src" / "newsedit" / "data" / "lt_precision.toml"
TARGET_ERROR_SHARE = 0.10
TARGET_WARNINGS_PER_1000 = 3.0
ARTICLES_PER_CALL = 24  # articles per check_many call (LanguageTool gets them as concurrent requests)


def main() -> None:
    """Measure (or derive) and print the JSON document."""
    args = _arguments()
    if args.derive:
        table = derive(_read_dump(args.derive), _judgements())
        if args.write:
            TABLE.write_text(render_table(table), "utf-8")
        print(json.dumps(table, indent=2))
        return
    result = measure(args)
    print(json.dumps(result, indent=2, ensure_ascii=False))


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--limit", type=int, default=0, help="check only the first N articles")
    parser.add_argument("--every", type=int, default=1, help="check every Nth article")
    parser.add_argument("--list", action="store_true", help="list every error finding")
    parser.add_argument("--config", type=Path, help="a newsedit config (default: newsedit's defaults)")
    parser.add_argument("--dump", type=Path, help="write every finding as JSON lines to this file")
    parser.add_argument("--all-errors", action="store_true", help="ignore the measured severities")
    parser.add_argument("--derive", type=Path, help="derive the precision table from a dump")
    parser.add_argument("--write", action="store_true", help="with --derive: write the data file")
    return parser.parse_args()


# ---- measuring -------------------------------------------------------------------------------


def measure(args: argparse.Namespace) -> dict[str, Any]:
    """Run the grammar check over the corpus and tally its findings."""
    from newsedit import config as config_mod
    from newsedit import inputs

    config = config_mod.load(args.config)
    sources = [s for s in inputs.expand([str(args.corpus)], config.extensions) if isinstance(s, inputs.Source)]
    sources = sources[:: args.every][: args.limit or None]
    started = time.monotonic()
    rows, words, variants = [], 0, Counter[str]()
    with _server(), _all_errors(args.all_errors):
        from newsedit.checks import grammar

        check = grammar.create(config)
        try:
            for chunk in _chunks(sources, ARTICLES_PER_CALL):
                articles = [inputs.load(s, config) for s in chunk]
                words += sum(_body_words(a) for a in articles)
                for article, output in zip(articles, check.check_many(articles), strict=True):
                    if output.error:
                        print(f"{article.path}: {output.error}", file=sys.stderr)
                    variants[str((output.data or {}).get("language", "-"))] += 1
                    rows.append((article.path, [f.to_dict() for f in output.findings]))
        finally:
            check.close()
    if args.dump:
        with args.dump.open("w", encoding="utf-8") as handle:
            for path, findings in rows:
                handle.write(json.dumps({"path": path, "findings": findings}, ensure_ascii=False) + "\n")
    return _tally(rows, words, variants, time.monotonic() - started, args.list)


def _tally(
    rows: Sequence[tuple[str, list[dict[str, Any]]]], words: int, variants: Counter[str], seconds: float, listed: bool
) -> dict[str, Any]:
    by_severity: dict[str, Counter[str]] = defaultdict(Counter)
    with_error = 0
    for _, findings in rows:
        for f in findings:
            by_severity[f["severity"]][f["rule"]] += 1
        with_error += any(f["severity"] == "error" for f in findings)
    warnings = sum(by_severity["warning"].values())
    result: dict[str, Any] = {
        "articles": len(rows),
        "words": words,
        "seconds": round(seconds, 1),
        "articles_with_error": with_error,
        "articles_with_error_share": round(with_error / max(1, len(rows)), 4),
        "target_error_share": TARGET_ERROR_SHARE,
        "errors": sum(by_severity["error"].values()),
        "errors_by_rule": dict(by_severity["error"].most_common()),
        "warnings": warnings,
        "warnings_per_1000_words": round(1000 * warnings / max(1, words), 2),
        "target_warnings_per_1000_words": TARGET_WARNINGS_PER_1000,
        "warnings_by_rule": dict(by_severity["warning"].most_common(40)),
        "infos": sum(by_severity["info"].values()),
        "infos_by_rule": dict(by_severity["info"].most_common(20)),
        "variants": dict(variants.most_common()),
    }
    if listed:
        result["error_findings"] = [
            {"path": path, "line": f["line"], "rule": f["rule"], "text": f["text"], "message": f["message"]}
            for path, findings in rows
            for f in findings
            if f["severity"] == "error"
        ]
    return result


def _body_words(article: Any) -> int:
    """Words in the body paragraphs (the denominator of warnings per 1,000 words)."""
    return sum(len(re.findall(r"\w+", p.slice(article.text))) for p in article.paragraphs)


def _chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for lo in range(0, len(items), size):
        yield items[lo : lo + size]


@contextmanager
def _server() -> Iterator[None]:
    """A LanguageTool server of the benchmark's own, in a cache folder of its own."""
    from newsedit.backends import languagetool

    with cache_folder("newsedit-precision-"):
        languagetool.ensure_server(idle_minutes=30)
        yield


@contextmanager
def _all_errors(on: bool) -> Iterator[None]:
    """With on: the measured severities are left out (every rule at its category's severity)."""
    if not on:
        yield
        return
    from newsedit.checks import grammar

    measured = getattr(grammar, "measured_severities", None)
    if measured is None:
        yield
        return
    measured.cache_clear()
    original = grammar.measured_severities
    grammar.measured_severities = lambda: {}  # type: ignore[assignment]
    try:
        yield
    finally:
        grammar.measured_severities = original  # type: ignore[assignment]


# ---- deriving the precision table ------------------------------------------------------------


def _read_dump(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _judgements() -> dict[str, set[tuple[str, str]]]:
    """Verified real errors in the corpus: rule id -> {(file name, matched text)}."""
    import tomllib

    if not JUDGEMENTS.is_file():
        return {}
    data = tomllib.loads(JUDGEMENTS.read_text("utf-8"))
    out: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for entry in data.get("true", []):
        out[entry["rule"]].add((entry["file"], entry["text"]))
    return out


def derive(rows: Sequence[dict[str, Any]], true: dict[str, set[tuple[str, str]]]) -> dict[str, Any]:
    """Per LanguageTool rule id: matches, articles, verified true errors, precision, severity."""
    from newsedit.checks.grammar import LT_PREFIX, rule_family, severity_for_precision

    matches: Counter[str] = Counter()
    articles: dict[str, set[str]] = defaultdict(set)
    hits: Counter[str] = Counter()
    for row in rows:
        name = _short(row["path"])
        for f in row["findings"]:
            if not f["rule"].startswith(LT_PREFIX):
                continue
            exact = f["rule"].removeprefix(LT_PREFIX)
            rule = rule_family(exact)  # the spell checker's variants are one rule
            matches[rule] += 1
            articles[rule].add(row["path"])
            hits[rule] += (name, f["text"]) in true.get(exact, set())
    out = {}
    for rule, n in sorted(matches.items()):
        precision = hits[rule] / n
        out[rule] = {
            "matches": n,
            "articles": len(articles[rule]),
            "true": hits[rule],
            "precision": round(precision, 3),
            "severity": severity_for_precision(precision),
        }
    return out


def _short(path: str) -> str:
    """A corpus file as the judgements name it: section/file."""
    parts = Path(path).parts
    return "/".join(parts[-2:])


def render_table(table: dict[str, Any]) -> str:
    """The data file's text."""
    head = (
        "# Measured precision of LanguageTool's rules on published news copy (the BBC corpus,\n"
        "# 2,225 edited articles), as newsedit reports them. Published copy is taken to be right:\n"
        "# a match counts as a true error only when a person verified it (bench/data/lt_judgements.toml).\n"
        "# severity: error only at precision >= 0.95; warning >= 0.5; info below that. The spell checker's\n"
        "# ids for each English (MORFOLOGIK_RULE_EN_GB, _EN_US...) are measured together as MORFOLOGIK_RULE_EN.\n"
        "# Regenerate: python bench/precision.py --dump F --all-errors; python bench/precision.py --derive F --write\n"
        "# A rule not listed here takes its category's severity (news_rules.toml).\n\n"
    )
    lines = [
        f"{rule} = {{ matches = {e['matches']}, articles = {e['articles']}, true = {e['true']}, "
        f'precision = {e["precision"]}, severity = "{e["severity"]}" }}'
        for rule, e in table.items()
    ]
    return head + "[rules]\n" + "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
