"""The archive of published articles (`newsedit index add`): one SQLite file, and the one way in.

The duplicates check asks it whether a headline or body was published before, the grammar check
reads the newsroom's house vocabulary and majority English from it, and `newsedit index` fills it.
- `store.py`: the SQLite file (schema, transactional adds, band lookups, vocabulary);
- `lookup.py`: articles turned into archive rows, and matches of new headlines and bodies;
- `reads.py`: what checks and reports read (read-only): house vocabulary, majority English, readability.
"""

from newsedit.archive.lookup import Match, archive_rows, body_matches, digest, headline_matches, stored_path
from newsedit.archive.reads import damaged, house_words, majority_variant, readability_counts
from newsedit.archive.store import (
    DEFAULT_NAME,
    Archive,
    ArchiveRow,
    Record,
    Stats,
    default_path,
    location,
    signature_bytes,
)

__all__ = [
    "DEFAULT_NAME",
    "Archive",
    "ArchiveRow",
    "Match",
    "Record",
    "Stats",
    "archive_rows",
    "body_matches",
    "damaged",
    "default_path",
    "digest",
    "headline_matches",
    "house_words",
    "location",
    "majority_variant",
    "readability_counts",
    "signature_bytes",
    "stored_path",
]
