"""Articles -> archive rows, and lookups of new headlines and bodies among archived ones."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz

from newsedit.archive.store import Archive, ArchiveRow, Record, signature_bytes
from newsedit.article import Article
from newsedit.checks.dupes import fingerprints
from newsedit.checks.dupes.batch import MIN_BODY_WORDS


@dataclass(frozen=True)
class Match:
    """An archived article that a new one repeats, and how closely."""

    record: Record
    similarity: float


def digest(article: Article) -> str:
    """The content digest that makes re-adding the same article a no-op."""
    return hashlib.sha256(article.text.encode("utf-8", "surrogatepass")).hexdigest()


def stored_path(path: str) -> str:
    """Paths are kept absolute, so lookups from any folder recognise the article itself; a name that
    is not UTF-8 is kept with its bad bytes as escapes (SQLite takes UTF-8 only)."""
    kept = str(Path(path).resolve()) if path != "<stdin>" else path
    return kept.encode("utf-8", "backslashreplace").decode("utf-8")


def archive_rows(articles: Sequence[Article], dates: Sequence[dt.date]) -> list[ArchiveRow]:
    """Archive rows for articles published on the given dates."""
    heads = fingerprints.headlines([fingerprints.headline_text(a) for a in articles])
    words = [fingerprints.body_words(a) for a in articles]
    bodies = fingerprints.bodies(words)
    return [
        ArchiveRow(
            digest=digest(a),
            path=stored_path(a.path),
            headline=fingerprints.headline_text(a),
            headline_key=heads.keys[i],
            published=dates[i].isoformat(),
            body_words=bodies.sizes[i],
            headline_bands=heads.bands[i].tolist() if heads.sets.sizes()[i] else [],
            body_bands=bodies.bands[i].tolist() if bodies.sizes[i] >= MIN_BODY_WORDS else [],
            body_sig=signature_bytes(bodies.sigs[i]) if bodies.sizes[i] >= MIN_BODY_WORDS else None,
        )
        for i, a in enumerate(articles)
    ]


def headline_matches(
    archive: Archive, heads: fingerprints.Headlines, paths: Sequence[str], threshold: float
) -> list[list[Match]]:
    """Per headline, archived articles (other than the same file) whose headline matches it."""
    exact = archive.same_headline([k for k in heads.keys if k])
    probes = [heads.bands[i].tolist() if heads.sets.sizes()[i] else [] for i in range(len(heads.keys))]
    candidates = archive.candidates("headline_bands", probes)
    records = archive.records(x for c in candidates for x in c)
    out = []
    for i, query in enumerate(heads.keys):
        found = {r.id: Match(r, 1.0) for r in exact.get(query, [])} if query else {}
        for rid in candidates[i] - found.keys():
            score = fuzz.ratio(query, records[rid].headline_key) / 100
            if score >= threshold:
                found[rid] = Match(records[rid], score)
        out.append(_others(found.values(), paths[i]))
    return out


def body_matches(
    archive: Archive, bodies: fingerprints.Bodies, paths: Sequence[str], threshold: float
) -> list[list[Match]]:
    """Per body, archived articles (other than the same file) whose body nearly equals it."""
    import numpy as np

    probes = [bodies.bands[i].tolist() if bodies.sizes[i] >= MIN_BODY_WORDS else [] for i in range(len(paths))]
    candidates = archive.candidates("body_bands", probes)
    stored = archive.body_signatures(x for c in candidates for x in c)
    records = archive.records(stored)
    out = []
    for i, ids in enumerate(candidates):
        found = []
        for rid in ids & stored.keys():
            score = float(np.mean(np.frombuffer(stored[rid], dtype="<u4") == bodies.sigs[i]))
            if score >= threshold:
                found.append(Match(records[rid], score))
        out.append(_others(found, paths[i]))
    return out


def _others(matches: Iterable[Match], path: str) -> list[Match]:
    """Matches less the article's own earlier record, best and oldest first."""
    own = stored_path(path)
    kept = [m for m in matches if m.record.path != own]
    return sorted(kept, key=lambda m: (-m.similarity, m.record.published, m.record.id))
