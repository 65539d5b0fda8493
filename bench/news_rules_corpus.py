"""Benchmark: the news rule pack's matches on published copy, per rule and per source; prints one JSON document.

Every article of the corpora (plain text and Markdown) goes to the local LanguageTool server
(started by newsedit, with the rule pack on its classpath) with only the NEWS_ rules enabled, as
newsedit sends it (headlines, labels and markup marked as such, in the English newsedit picks for
it), and the matches go through newsedit's own policy (quotations, headline style). Published,
edited copy should give almost no matches: the JSON counts them per rule (overall and per source,
with the articles and words of each source, for the severity table) and lists every match with its
sentence, so that a person can judge each one.

Run: .venv/bin/python bench/news_rules_corpus.py [--corpus DIR ...] [--limit N] [--no-hits] > matches.json
"""

from __future__ import annotations

import argparse
import json
import time
import urllib.parse
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from newsedit.article import Article, parse
from newsedit.backends import languagetool
from newsedit.backends.languagetool import answers
from newsedit.checks import grammar
from newsedit.config import GrammarConfig

ROOT = Path(__file__).resolve().parents[1]
CORPORA = [ROOT.parent / "shared" / "corpora" / "published", ROOT.parent / "shared" / "corpora" / "bbc"]
NOT_ARTICLES = {"README.md", "PROVENANCE.md"}


def rule_ids() -> list[str]:
    """The ids of the rule pack's rules and rule groups."""
    root = ET.parse(languagetool.news_rules_dir() / languagetool.NEWS_RULES_FILE).getroot()
    return [el.get("id", "") for cat in root.iter("category") for el in cat if el.tag in ("rule", "rulegroup")]


def articles(corpus: Path, limit: int) -> list[tuple[str, Path]]:
    """(source, file) of a corpus's articles: a folder of sources, or one source (BBC: its topics)."""
    files = sorted(p for p in corpus.rglob("*") if p.suffix in (".txt", ".md") and p.name not in NOT_ARTICLES)
    nested = (corpus / "README.md").is_file() and any((d / "PROVENANCE.md").is_file() for d in corpus.iterdir())
    by_source: dict[str, list[Path]] = defaultdict(list)
    for path in files:
        by_source[path.relative_to(corpus).parts[0] if nested else corpus.name].append(path)
    return [(source, p) for source, paths in by_source.items() for p in paths[: limit or None]]


def news_matches(url: str, article: Article, ids: str, language: str) -> list[languagetool.Match]:
    """The rule pack's matches on one article, as newsedit sends it."""
    fields = {
        "language": language,
        "data": json.dumps({"annotation": grammar.lt_parts(article)}, ensure_ascii=False),
        "enabledRules": ids,
        "enabledOnly": "true",
    }
    data = urllib.parse.urlencode(fields).encode()
    with languagetool._opener().open(f"{url}/v2/check", data, timeout=600) as response:
        return answers.matches(json.load(response)["matches"], article.text)


def hits(source: str, path: Path, url: str, ids: str) -> list[dict[str, Any]]:
    """The news rules' findings in one file, with the sentence around each."""
    text = path.read_text("utf-8", errors="replace")
    article = parse(text, str(path), markdown=path.suffix == ".md")
    check = grammar.GrammarCheck(GrammarConfig())
    language = check.language(article)
    if not language.english:
        return []
    try:
        matches = news_matches(url, article, ids, language.code)
    except OSError as error:  # LanguageTool refused the text or dropped the request: counted, not fatal
        return [{"source": source, "file": path.name, "rule": "(not checked)", "text": str(error)}]
    found = grammar.lt_findings(article, matches, check.policy, [])
    return [_hit(source, path, article, f) for f in found]


def _hit(source: str, path: Path, article: Article, f: Any) -> dict[str, Any]:
    text = article.text
    left = max(text.rfind(". ", 0, f.start) + 2, text.rfind("\n", 0, f.start) + 1, 0)
    right = min(x for x in (text.find(". ", f.end), text.find("\n", f.end), len(text)) if x >= 0)
    return {
        "source": source, "file": path.name, "line": f.line, "rule": f.rule, "text": f.text,
        "sentence": text[left : right + 1].strip(), "suggestions": f.replacements[:3],
    }  # fmt: skip


def main() -> None:
    """Run the corpora through the rule pack and print the JSON document."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, action="append", help="a corpus folder (default: published and bbc)")
    parser.add_argument("--limit", type=int, default=0, help="at most this many articles per source")
    parser.add_argument("--no-hits", action="store_true", help="counts only, without the list of matches")
    args = parser.parse_args()
    files = [item for corpus in args.corpus or CORPORA for item in articles(corpus, args.limit)]
    url = languagetool.ensure_server(idle_minutes=30).url
    ids = ",".join(rule_ids())
    started = time.monotonic()
    with ThreadPoolExecutor(3) as pool:
        found = [h for per_file in pool.map(lambda item: hits(*item, url, ids), files) for h in per_file]
    print(json.dumps(report(files, found, time.monotonic() - started, not args.no_hits), indent=2, ensure_ascii=False))


def report(files: list[tuple[str, Path]], found: list[dict[str, Any]], seconds: float, listed: bool) -> dict[str, Any]:
    """The JSON document: sizes and counts per source and per rule, and every match when listed."""
    sources: dict[str, dict[str, Any]] = {}
    for source, path in files:
        entry = sources.setdefault(source, {"articles": 0, "words": 0})
        entry["articles"] += 1
        entry["words"] += len(path.read_text("utf-8", errors="replace").split())
    per_source: dict[str, Counter[str]] = defaultdict(Counter)
    for h in found:
        per_source[h["rule"]][h["source"]] += 1
    out: dict[str, Any] = {
        "server": languagetool.server_version(), "rule_pack": languagetool.news_rules_digest(),
        "seconds": round(seconds, 1), "articles": len(files), "words": sum(s["words"] for s in sources.values()),
        "sources": sources, "matches": len(found),
        "articles_with_matches": len({(h["source"], h["file"]) for h in found}),
        "per_rule": {rule: dict(n.most_common()) | {"all": sum(n.values())} for rule, n in sorted(per_source.items())},
    }  # fmt: skip
    if listed:
        out["all_matches"] = found
    return out


if __name__ == "__main__":
    main()
