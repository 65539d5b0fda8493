"""Benchmark: what reading Markdown with a CommonMark parser (markdown-it-py) costs; prints one JSON document.

The corpus articles are written out as Markdown (a `# ` headline, and inline code, a tag, a link
and bold text in every third paragraph), then parsed three ways in the same run:
- `plain`: the article model on the text as plain text (no Markdown at all): the floor;
- `regex_baseline`: the regular expressions newsedit used before the parser (front matter, fences
  and comments masked, then the inline pattern the grammar check used), a baseline for the cost
  of Markdown handling alone, with the plain-text parse added;
- `commonmark`: `article.parse(markdown=True)` as shipped: markdown-it-py, exact offsets.
Plus the one-off cost of importing markdown_it (a Markdown hook run pays it, a plain-text run does
not), and the wall time of `newsedit readability` on one .txt and one .md article (median of 5).

Run: .venv/bin/python bench/markdown.py [--corpus DIR] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from newsedit import article

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "bbc"

# The regular expressions newsedit used for Markdown before it had a parser (the baseline).
_FRONT_MATTER = re.compile(r"\A(?:\ufeff)?(---|\+\+\+)[^\S\r\n]*\r?\n.*?\r?\n\1[^\S\r\n]*(?:\r?\n|\Z)", re.S)
_FENCE = re.compile(r"^[ ]{0,3}(```+|~~~+).*?(?:^[ ]{0,3}\1[^\S\r\n]*$|\Z)", re.S | re.M)
_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_MD_INLINE = re.compile(r"`[^`\n]+`|!?\[|\]\([^)\s]*\)|<[^>\n]+>|\*\*|__|(?<![\w*])[*_](?=\S)|(?<=\S)[*_](?![\w*])")


def as_markdown(text: str) -> str:
    """A plain corpus article written as Markdown with some inline syntax."""
    head, _, body = text.strip().partition("\n")
    paragraphs = [p.strip() for p in body.split("\n\n") if p.strip()]
    for i in range(0, len(paragraphs), 3):
        paragraphs[i] += " Run `newsedit check` on <b>every</b> [story](https://example.org/x) **today**."
    return f"# {head.strip()}\n\n" + "\n\n".join(paragraphs) + "\n"


def regex_baseline(text: str) -> None:
    """What Markdown handling cost before: the masks, the inline scan, and the plain-text parse."""
    for pattern in (_FRONT_MATTER, _FENCE, _HTML_COMMENT, _MD_INLINE):
        sum(1 for _ in pattern.finditer(text))
    article.parse(text, markdown=False)


def per_article_ms(texts: list[str], run: Callable[[str], object]) -> float:
    """Mean milliseconds of CPU time per article, after a warm-up pass over a few."""
    for text in texts[:5]:
        run(text)
    start = time.process_time()
    for text in texts:
        run(text)
    return round((time.process_time() - start) / len(texts) * 1000, 3)


def import_ms() -> float:
    """Median milliseconds to import markdown_it in a fresh interpreter."""
    code = "import time; t = time.perf_counter(); import markdown_it; print(time.perf_counter() - t)"
    runs = [
        float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout) for _ in range(5)
    ]
    return round(statistics.median(runs) * 1000, 1)


def command_s(path: Path) -> float:
    """Median wall seconds of `newsedit readability --no-cache PATH`."""
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "newsedit", "readability", "--no-cache", str(path)], capture_output=True)
        runs.append(time.perf_counter() - start)
    return round(statistics.median(runs), 3)


def main() -> None:
    """Run the measurements and print them as JSON."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--limit", type=int, default=500)
    args = parser.parse_args()
    files = sorted(args.corpus.rglob("*.txt"))[: args.limit]
    if not files:
        sys.exit(f"no corpus at {args.corpus}")
    texts = [as_markdown(f.read_text("utf-8", errors="replace")) for f in files]
    with tempfile.TemporaryDirectory() as folder:
        txt, md = Path(folder, "a.txt"), Path(folder, "a.md")
        txt.write_text(texts[0], "utf-8")
        md.write_text(texts[0], "utf-8")
        wall = {"txt": command_s(txt), "md": command_s(md)}
    result = {
        "articles": len(texts),
        "parse_ms_per_article": {
            "plain": per_article_ms(texts, lambda t: article.parse(t, markdown=False)),
            "regex_baseline": per_article_ms(texts, regex_baseline),
            "commonmark": per_article_ms(texts, lambda t: article.parse(t, markdown=True)),
        },
        "import_markdown_it_ms": import_ms(),
        "readability_command_s": wall,
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
