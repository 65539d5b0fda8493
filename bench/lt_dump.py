"""LanguageTool's raw matches on the benchmark corpora, dumped once and replayed through newsedit's policy.

`dump` sends every piece of every source to a LanguageTool server of the benchmark's own (the way the
grammar check does: same parts, same English) and writes one JSON line per piece with its matches.
`replay` turns a dump back into newsedit's findings without a server, with any severity table: deriving,
judging and cross-validating severities then take seconds, not the minutes the server needs.

Sources: the BBC corpus (one source), each folder of ../shared/corpora/published (nine), and CWEB dev
(its sentences put 40 to a piece, one paragraph each, so that findings map back to sentences).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# ../shared/corpora beside the checkout (or beside a folder above it, for a worktree)
CORPORA = next((p / "shared" / "corpora" for p in ROOT.parents if (p / "shared" / "corpora").is_dir()), ROOT.parent)
DUMP = ROOT / "bench" / "results" / "lt_matches.jsonl"
CWEB_PER_PIECE = 40
CWEB_HEADLINE = "Sentences from the web"
PER_CALL = 24
NOT_PIECES = ("PROVENANCE.md", "README.md")  # the corpora's own notes, not published copy


Edits = list[tuple[int, int]]  # character spans of a sentence that an annotator (or the set) marks wrong


@dataclass
class Piece:
    """One piece of a source: its article, and for CWEB the sentences' spans and truth."""

    source: str
    path: str
    article: Any
    sentences: list[tuple[int, int, Edits]] | None = None  # CWEB, the independent set: (start, end, edits)
    ids: list[str] | None = None  # the independent set: its sentences' ids


def published_sources() -> list[tuple[str, Path]]:
    """(name, folder) of the published sources: the BBC corpus and the nine outside folders."""
    outside = sorted(p for p in (CORPORA / "published").iterdir() if p.is_dir())
    return [("bbc", CORPORA / "bbc"), *((p.name, p) for p in outside)]


def pieces(limit: int = 0, skip: frozenset[str] = frozenset(), only: str | None = None) -> list[Piece]:
    """Every piece of every source (limit: at most this many per source), less those in skip, in the order
    a dump takes them: round robin over the sources, each source in a fixed shuffled order, so that a dump
    stopped early is still an even sample of every source."""
    from newsedit import config as config_mod
    from newsedit import inputs

    config = config_mod.load(None)
    queues = []
    for name, folder in published_sources():
        found = [s for s in inputs.expand([str(folder)], config.extensions) if isinstance(s, inputs.Source)]
        found = [s for s in found if Path(s.path).name not in NOT_PIECES]
        found = sorted(found, key=lambda s: _shuffled(s.path))[: limit or None]
        queues.append([Piece(name, s.path, inputs.load(s, config)) for s in found if s.path not in skip])
    cweb = sorted(cweb_pieces(), key=lambda p: _shuffled(p.path))[: limit or None]
    queues.append([p for p in cweb if p.path not in skip])
    queues.append([p for p in independent_pieces() if p.path not in skip])
    ordered = [p for row in itertools.zip_longest(*queues) for p in row if p is not None]
    return [p for p in ordered if only is None or p.source == only]


def _shuffled(path: str) -> str:
    return hashlib.sha1(path.encode()).hexdigest()


def cweb_pieces() -> Iterator[Piece]:
    """CWEB dev's sentences, 40 to a piece, each its own paragraph, with the annotators' edits."""
    for part in ("CWEB-G", "CWEB-S"):
        sentences = _cweb_sentences(
            CORPORA / "cweb-dev" / f"{part}.dev.m2", CORPORA / "cweb-dev" / f"{part}.dev.source"
        )
        for n, lo in enumerate(range(0, len(sentences), CWEB_PER_PIECE)):
            yield _sentence_piece("cweb-dev", f"{part}/{n:03d}", sentences[lo : lo + CWEB_PER_PIECE])


def independent_pieces() -> Iterator[Piece]:
    """The independent error set (bench/data/independent_errors.tsv), 40 sentences to a piece: an error
    sentence's edit is where its error stands; a sentence left as published has none."""
    import csv

    with (ROOT / "bench" / "data" / "independent_errors.tsv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    sentences = [(r["sentence"], _edits(r["sentence"], r["original"], r["error"]), r["id"]) for r in rows]
    for n, lo in enumerate(range(0, len(sentences), CWEB_PER_PIECE)):
        chunk = sentences[lo : lo + CWEB_PER_PIECE]
        piece = _sentence_piece("independent", f"independent/{n:03d}", [(s, e) for s, e, _ in chunk])
        piece.ids = [i for _, _, i in chunk]
        yield piece


def _edits(sentence: str, original: str, error: str) -> Edits:
    span = error_span(sentence, original, error)
    return [span] if span is not None else []


def error_span(sentence: str, original: str, error: str) -> tuple[int, int] | None:
    """Where the placed error stands: the occurrence of its wrong words that covers the first character
    where the sentence parts from the original ("says he ... against he": the second "he")."""
    if not error or error not in sentence:
        return None
    pairs = enumerate(zip(sentence, original, strict=False))
    parted = next((i for i, (a, b) in pairs if a != b), min(len(sentence), len(original)))
    starts = [i for i in range(len(sentence)) if sentence.startswith(error, i)]
    at = next((i for i in starts if i <= parted <= i + len(error)), starts[0])
    return at, at + len(error)


def _cweb_sentences(m2: Path, source: Path) -> list[tuple[str, Edits]]:
    """(raw sentence, the spans of it that an annotator corrected)."""
    blocks = [b for b in m2.read_text("utf-8").split("\n\n") if b.strip()]
    raw = source.read_text("utf-8").splitlines()
    return [(sentence, _m2_spans(sentence, block)) for sentence, block in zip(raw, blocks, strict=True)]


def _m2_spans(sentence: str, block: str) -> Edits:
    """The M2 edits of a sentence as character spans of its raw text (tokens found in order)."""
    lines = block.splitlines()
    offsets, at = [], 0
    for token in lines[0][2:].split(" "):
        found = sentence.find(token, at)
        offsets.append((found, found + len(token)) if found >= 0 else (at, at))
        at = offsets[-1][1]
    spans = []
    for line in lines[1:]:
        if "|||noop|||" in line or not line.startswith("A "):
            continue
        lo, hi = (int(x) for x in line[2:].split("|||")[0].split())
        if lo < hi:
            spans.append((offsets[lo][0], offsets[hi - 1][1]))
        else:  # an insertion: the gap between two tokens
            point = offsets[lo][0] if lo < len(offsets) else len(sentence)
            spans.append((max(0, point - 1), point + 1))
    return spans


def _sentence_piece(source: str, path: str, sentences: Sequence[tuple[str, Edits]]) -> Piece:
    from newsedit import article as article_model

    text, spans = CWEB_HEADLINE + "\n\n", []
    for sentence, edits in sentences:
        base = len(text)
        spans.append((base, base + len(sentence), [(base + a, base + b) for a, b in edits]))
        text += sentence + "\n\n"
    return Piece(source, path, article_model.parse(text, path), spans)


# ---- dumping ---------------------------------------------------------------------------------


def dump(out: Path = DUMP, limit: int = 0, only: str | None = None) -> None:
    """Check every piece with LanguageTool (the benchmark's own server) and add its matches to the dump
    (pieces already there are kept: a dump stopped part way resumes)."""
    from own_languagetool import cache_folder

    from newsedit import config as config_mod
    from newsedit.backends import languagetool
    from newsedit.checks import grammar

    out.parent.mkdir(parents=True, exist_ok=True)
    started, done = time.monotonic(), 0
    have = frozenset(r["path"] for r in read(out)) if out.is_file() else frozenset()
    with cache_folder("newsedit-dump-"), out.open("a", encoding="utf-8") as handle:
        languagetool.ensure_server(idle_minutes=30)
        check = grammar.create(config_mod.load(None))
        try:
            for chunk in _chunks(pieces(limit, have, only), PER_CALL):
                for record in _check_chunk(check, chunk):
                    handle.write(json.dumps(record, ensure_ascii=False) + "\n")
                handle.flush()
                done += len(chunk)
                print(f"{done} pieces, {time.monotonic() - started:.0f} s", file=sys.stderr)
        finally:
            check.close()


def _check_chunk(check: Any, chunk: Sequence[Piece]) -> list[dict[str, Any]]:
    from newsedit.checks.grammar import lt_parts

    languages = [check.language(p.article) for p in chunk]
    english = [i for i, lang in enumerate(languages) if lang.english]
    asked = [lt_parts(chunk[i].article) for i in english]
    outcomes = dict(zip(english, check.client().check(asked, [languages[i].code for i in english]), strict=True))
    return [_record(p, lang, outcomes.get(i)) for i, (p, lang) in enumerate(zip(chunk, languages, strict=True))]


def _record(piece: Piece, language: Any, outcome: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "source": piece.source,
        "path": piece.path,
        "language": [language.code, language.source, language.english],
        "words": _body_words(piece.article),
    }
    if isinstance(outcome, Exception):
        record["error"] = str(outcome)
    elif outcome is not None:
        record["matches"] = [
            [m.start, m.end, m.rule, m.category, m.issue_type, m.message, list(m.replacements)] for m in outcome
        ]
    return record


def _body_words(article: Any) -> int:
    """Words in the body paragraphs (the denominator of warnings per 1,000 words)."""
    import re

    return sum(len(re.findall(r"\w+", p.slice(article.text))) for p in article.paragraphs)


def _chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for lo in range(0, len(items), size):
        yield items[lo : lo + size]


# ---- replaying -------------------------------------------------------------------------------


def read(path: Path = DUMP) -> list[dict[str, Any]]:
    """The dump's records."""
    if not path.is_file():
        sys.exit(f"no dump at {path}: run python bench/precision.py --dump first")
    with path.open(encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    return [r for r in records if Path(r["path"]).name not in NOT_PIECES]


def rebuilt(records: Sequence[dict[str, Any]]) -> dict[str, Piece]:
    """path -> the piece, re-read from the corpora (the sentence sets' pieces rebuilt the same way)."""
    from newsedit import config as config_mod
    from newsedit import inputs

    config = config_mod.load(None)
    built = {p.path: p for p in (*cweb_pieces(), *independent_pieces())}
    out = {}
    for r in records:
        if r["path"] in built:
            out[r["path"]] = built[r["path"]]
        else:
            article = inputs.load(inputs.Source(r["path"], Path(r["path"])), config)
            out[r["path"]] = Piece(r["source"], r["path"], article)
    return out


def findings(check: Any, record: dict[str, Any], article: Any) -> list[dict[str, Any]]:
    """The findings newsedit gives a dumped piece, through the check's policy as it stands."""
    from newsedit.backends.languagetool import Match
    from newsedit.checks.grammar import Language

    code, source, english = record["language"]
    outcome: Any = None
    if "matches" in record:
        outcome = [
            Match(s, e, rule, cat, kind, msg, tuple(reps)) for s, e, rule, cat, kind, msg, reps in record["matches"]
        ]
    elif "error" in record:
        outcome = RuntimeError(record["error"])
    output = check._output(article, Language(code, source, english), outcome)
    return [f.to_dict() | {"start": f.start, "end": f.end} for f in output.findings]
