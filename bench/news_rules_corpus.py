"""Benchmark: the news rule pack's hits on published copy; prints one JSON document.

Every article of the corpus goes to the local LanguageTool server (started by newsedit, with the
rule pack on its classpath) with only the NEWS_ rules enabled, as newsedit sends it (headlines,
labels and markup marked as such), and the matches go through newsedit's own policy (quotations,
headline style). Published, edited copy should give almost no hits: the JSON lists every hit with
its sentence, so that a person can judge each one, and counts them per rule.

Run: .venv/bin/python bench/news_rules_corpus.py [--corpus DIR] [--limit N] > hits.json
"""

from __future__ import annotations

import argparse
import json
import time
import urllib.parse
import xml.etree.ElementTree as ET
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from newsedit.article import Article, parse
from newsedit.checks import grammar
from newsedit.config import GrammarConfig
from newsedit.engines import languagetool

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "bbc"


def rule_ids() -> list[str]:
    """The ids of the rule pack's rules and rule groups."""
    root = ET.parse(languagetool.news_rules_dir() / languagetool.NEWS_RULES_FILE).getroot()
    return [el.get("id", "") for cat in root.iter("category") for el in cat if el.tag in ("rule", "rulegroup")]


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
        return languagetool._matches(json.load(response)["matches"], article.text)


def hits(path: Path, url: str, ids: str, language: str) -> list[dict[str, Any]]:
    """The news rules' findings in one file, with the sentence around each."""
    article = parse(path.read_text("utf-8", errors="replace"), str(path))
    policy = grammar.lt_policy(GrammarConfig())
    found = grammar.lt_findings(article, news_matches(url, article, ids, language), policy, [])
    out = []
    for f in found:
        text = article.text
        left = max(text.rfind(". ", 0, f.start) + 2, text.rfind("\n", 0, f.start) + 1, 0)
        right = min(x for x in (text.find(". ", f.end), text.find("\n", f.end), len(text)) if x >= 0)
        out.append(
            {
                "file": str(path.relative_to(path.parents[1])),
                "line": f.line,
                "rule": f.rule,
                "text": f.text,
                "sentence": text[left : right + 1].strip(),
                "suggestions": f.replacements[:3],
            }
        )
    return out


def main() -> None:
    """Run the corpus through the rule pack and print the JSON document."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--language", default="en-GB")
    args = parser.parse_args()
    files = sorted(args.corpus.rglob("*.txt"))[: args.limit or None]
    url = languagetool.ensure_server(idle_minutes=30).url
    ids = ",".join(rule_ids())
    started = time.monotonic()
    with ThreadPoolExecutor(3) as pool:
        found = [h for per_file in pool.map(lambda p: hits(p, url, ids, args.language), files) for h in per_file]
    words = sum(len(p.read_text("utf-8", errors="replace").split()) for p in files)
    per_rule = Counter(h["rule"] for h in found)
    report = {
        "corpus": str(args.corpus), "articles": len(files), "words": words, "language": args.language,
        "server": languagetool.server_version(), "seconds": round(time.monotonic() - started, 1),
        "hits": len(found), "articles_with_hits": len({h["file"] for h in found}),
        "per_rule": dict(per_rule.most_common()), "all_hits": found,
    }  # fmt: skip
    print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
