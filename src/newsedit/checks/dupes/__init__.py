"""The duplicates check: repeats, teasers and boilerplate inside an article, duplicates across a run
and against the archive of published articles (`newsedit index add`).

Inside one article (each fix deletes the line or sentence):
- the headline repeated in the body, exactly or nearly (case, punctuation, U+00A0 folded);
- repeated paragraphs and sentences;
- related-story teasers: headline-like lines among the paragraphs (see teasers.py);
- section labels ("Top Stories") and page boilerplate ("No comments:", "Share this", ...) from
  data/boilerplate.txt, which config `dupes.boilerplate` extends.

Across the run (reported when every article has been seen): articles with the same or nearly the
same headline, near-duplicate bodies (word-shingle MinHash, LSH candidates) and, with
`dupes.semantic`, headlines that tell the same story in other words.

Against the archive (`dupes.index`, default beside the config file): a headline or body that was
published before, naming the earlier article and its date.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsedit.checks.dupes.rules import RULES

__all__ = ["RULES", "VERSION", "create", "fingerprint"]

if TYPE_CHECKING:
    from newsedit.checks import Context
    from newsedit.checks.dupes.check import DupesCheck
    from newsedit.config import Config


VERSION = "1"


def fingerprint(config: Config) -> str:
    """The archive's state, so that cached results go stale when `newsedit index add` changes it."""
    from newsedit import archive

    path = archive.location(config)
    files = [path, path.with_name(path.name + "-wal")]
    return ";".join(f"{f}:{f.stat().st_mtime_ns}:{f.stat().st_size}" for f in files if f.is_file()) or f"{path}:none"


def create(config: Config, context: Context | None = None) -> DupesCheck:
    """The check for this config (the boilerplate patterns are validated here), grouping the batch
    with the context's duplicate pass (a cluster's), else in this process."""
    from newsedit.checks.dupes.check import DupesCheck

    return DupesCheck(config, context.grouping if context else None)
