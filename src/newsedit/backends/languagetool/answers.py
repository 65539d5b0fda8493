"""LanguageTool's answers read defensively: every match validated, its offsets made code points."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeGuard

from newsedit.errors import BackendError


@dataclass(frozen=True)
class Match:
    """One LanguageTool match; start and end are code-point offsets into the checked text."""

    start: int
    end: int
    rule: str
    category: str
    issue_type: str
    message: str
    replacements: tuple[str, ...]


# More matches than this for one article is not copy a person wrote, or not a server that works:
# the article is reported as not checked instead of holding every match (and its line) in memory.
MAX_MATCHES = 10_000
# LanguageTool's rule and category ids: letters, digits, _ . - (a newline or "::" would reach a CI log).
_RULE_ID = re.compile(r"[A-Za-z0-9_.\-]{1,200}")


class Malformed(ValueError):
    """A LanguageTool answer that is not what its API promises."""


def matches(raw: Sequence[Any], text: str) -> list[Match]:
    """Matches with LanguageTool's UTF-16 offsets turned into code-point offsets; a malformed one
    (offsets outside the text, a rule id that is not one, a null where a list goes) is this
    article's error, never the run's."""
    if len(raw) > MAX_MATCHES:
        raise BackendError(f"LanguageTool sent {len(raw):,} matches for one article (at most {MAX_MATCHES:,} are read)")
    index = _code_points(text)
    units = len(index) - 1 if index is not None else len(text)
    try:
        return [_match(m, index, units) for m in raw]
    except Malformed as exc:
        raise BackendError(f"LanguageTool sent a malformed match: {exc}") from None


def _match(m: Any, index: list[int] | None, units: int) -> Match:
    """One raw match, validated."""
    if not isinstance(m, dict):
        raise Malformed(f"a {type(m).__name__}, not an object")
    offset, length = m.get("offset"), m.get("length")
    # A match covers at least one character: an empty one at the end would append its suggestion.
    if not (_count(offset) and _count(length) and length > 0 and offset + length <= units):
        raise Malformed(f"offset {offset!r} and length {length!r} outside a text of {units} UTF-16 units")
    start, end = offset, offset + length
    if index is not None:
        start, end = index[start], index[end]
    rule = _table(m.get("rule"), "rule")
    rule_id, category = rule.get("id"), _table(rule.get("category"), "rule.category").get("id", "")
    if not (isinstance(rule_id, str) and _RULE_ID.fullmatch(rule_id)):
        raise Malformed(f"rule id {rule_id!r}")
    if not (isinstance(category, str) and (category == "" or _RULE_ID.fullmatch(category))):
        raise Malformed(f"category id {category!r}")
    issue, message = rule.get("issueType", ""), m.get("message", "")
    if not (isinstance(issue, str) and isinstance(message, str)):
        raise Malformed(f"issue type {issue!r} or message {message!r} that is not text")
    return Match(start, end, rule_id, category, issue, message, _replacements(m.get("replacements")))


def _count(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _table(value: Any, what: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise Malformed(f"{what} {value!r}, not an object")
    return value


def _replacements(value: Any) -> tuple[str, ...]:
    """The suggested replacements: a list of {"value": text}; null counts as none."""
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(r, dict) for r in value):
        raise Malformed(f"replacements {value!r:.80}, not a list of objects")
    found = tuple(r["value"] for r in value if "value" in r)
    if not all(isinstance(v, str) for v in found):
        raise Malformed("a replacement that is not text")
    return found


def _code_points(text: str) -> list[int] | None:
    """UTF-16 offset -> code-point offset, or None when the two agree (no astral characters)."""
    if text.isascii() or max(text) <= "\uffff":
        return None
    index = []
    for i, char in enumerate(text):
        index.extend([i, i] if ord(char) > 0xFFFF else [i])
    index.append(len(text))
    return index
