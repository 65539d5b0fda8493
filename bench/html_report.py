"""Benchmark: the HTML report's size and its load time in headless Chromium at 1,000 and 10,000 articles;
prints one JSON document.

The batches are synthetic but their findings are real: `newsedit check` (grammar, duplicates and
readability; no summary) runs once over a slice of the BBC corpus (the fixtures where the corpus is
missing), and its articles are repeated under new paths until the batch has N articles. For each N:
the page's bytes, the seconds `formats.render` takes, the seconds Chromium takes to load the page
and draw it (navigation to the load event; the page's script runs before it), and the seconds a
filter over the whole table and opening one article take in the page.

Run: .venv/bin/python bench/html_report.py [--sizes 1000 10000] [--source-articles 60] [--corpus DIR] [--skip grammar]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from newsedit import checks, formats
from newsedit.findings import ArticleResult, Finding, RunReport, Severity
from newsedit.formats import RenderOptions

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "bbc"
sys.path.insert(0, str(ROOT / "tests"))
import browser  # noqa: E402  (the tests' DevTools client: the same browser the tests use)


def sources(corpus: Path, limit: int) -> list[Path]:
    """Real articles to take findings from: the first of each BBC category in turn, or the fixtures."""
    if not corpus.is_dir():
        return sorted((ROOT / "fixtures").glob("*.txt"))
    folders = [sorted(d.glob("*.txt")) for d in sorted(corpus.iterdir()) if d.is_dir()]
    picked = [files[i] for i in range(max(len(f) for f in folders)) for files in folders if i < len(files)]
    return picked[:limit]


def real_results(paths: list[Path], skip: list[str]) -> list[ArticleResult]:
    """The articles as `newsedit check --format json` reports them, with each finding's source line."""
    args = [sys.executable, "-m", "newsedit", "check", "--format", "json", "--skip", "summary"]
    args += [a for check in skip for a in ("--skip", check)]
    proc = subprocess.run([*args, *map(str, paths)], capture_output=True, text=True, timeout=1800)
    if proc.returncode not in (0, 1):
        sys.exit(f"newsedit check failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return [_result(a) for a in json.loads(proc.stdout)["articles"]]


def _result(data: dict[str, Any]) -> ArticleResult:
    lines = Path(data["path"]).read_text("utf-8", "replace").splitlines()
    findings = [_finding(f, lines) for f in data["findings"]]
    extra = {k: v for k, v in data.items() if k in ("readability", "summary")}
    return ArticleResult(data["path"], data["headline"], findings, extra, data.get("notices", []))


def _finding(f: dict[str, Any], lines: list[str]) -> Finding:
    source = lines[f["line"] - 1] if 0 < f["line"] <= len(lines) else ""
    return Finding(
        f["rule"], Severity.parse(f["severity"]), f["message"], f["path"], f["start"], f["end"], f["line"],
        f["column"], f["end_line"], f["end_column"], f["text"], tuple(f["replacements"]), f["engine"], source,
    )  # fmt: skip


def batch(base: list[ArticleResult], n: int) -> RunReport:
    """N articles: the real ones again and again under new paths."""
    articles = []
    for i in range(n):
        one = base[i % len(base)]
        path = f"batch/{i:05}/{Path(one.path).name}"
        articles.append(replace(one, path=path, findings=[replace(f, path=path) for f in one.findings]))
    return RunReport(articles=articles, checks=["grammar", "dupes", "readability"])


def measure(chrome: browser.Browser, report: RunReport, folder: Path) -> dict[str, Any]:
    """Size, render time, load time and interaction times of one batch's page."""
    options = RenderOptions(rules=tuple(checks.all_rules()), max_grade=10.0)
    start = time.perf_counter()
    page_text = formats.render("html", report, options)
    render_s = time.perf_counter() - start
    target = folder / f"report-{len(report.articles)}.html"
    target.write_text(page_text, "utf-8")
    page = browser.Page(chrome)
    load_s = page.open(target.as_uri())
    assert page.evaluate("document.body.dataset.ready") == "1", page.errors()
    filter_ms = page.evaluate(
        "(() => { const s = document.getElementById('f-severity'); const t = performance.now();"
        " s.value = 'warning'; s.dispatchEvent(new Event('change')); return performance.now() - t; })()"
    )
    open_ms = page.evaluate(
        "(() => { const t = performance.now(); document.querySelector('#rows tr.article').click();"
        " return performance.now() - t; })()"
    )
    findings = sum(len(a.findings) for a in report.articles)
    return {
        "articles": len(report.articles),
        "findings": findings,
        "bytes": len(page_text.encode("utf-8")),
        "bytes_per_article": round(len(page_text.encode("utf-8")) / len(report.articles)),
        "render_s": round(render_s, 3),
        "browser_load_s": round(load_s, 3),
        "filter_ms": round(filter_ms, 1),
        "open_article_ms": round(open_ms, 1),
        "console_errors": len(page.errors()),
    }


def main() -> None:
    """Print the measurements as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--source-articles", type=int, default=60)
    parser.add_argument(
        "--corpus", type=Path, default=CORPUS, help="folders of .txt articles (default: the BBC corpus)"
    )
    parser.add_argument("--skip", action="append", default=[], help="a check to leave out (grammar: no LanguageTool)")
    args = parser.parse_args()
    binary = browser.find()
    if binary is None:
        sys.exit("bench/html_report.py needs chromium (Debian: apt-get install chromium)")
    base = real_results(sources(args.corpus, args.source_articles), args.skip)
    out: dict[str, Any] = {
        "source_articles": len(base),
        "corpus": str(args.corpus if args.corpus.is_dir() else "fixtures"),
    }
    with browser.chromium(binary) as chrome, tempfile.TemporaryDirectory() as folder:
        out["batches"] = [measure(chrome, batch(base, n), Path(folder)) for n in args.sizes]
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
