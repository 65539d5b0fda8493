"""What newsedit accepts, in one place: config keys and command-line options both check here.

Each check returns what is wrong in words ("must be at least 1 (it is 0)") or None; the caller
adds where the value came from: the config file and key, or the option.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any


@dataclass(frozen=True)
class Range:
    """The numbers a key accepts: low (or above it, when `above`) up to high."""

    low: float
    high: float
    above: bool = False  # the value must be greater than low, not equal to it

    def problem(self, value: float) -> str | None:
        """What is wrong with value, or None."""
        too_low = value <= self.low if self.above else value < self.low
        if math.isfinite(value) and not too_low and value <= self.high:
            return None
        return f"must be {self.describe()} (it is {_show(value)})"

    def describe(self) -> str:
        """The allowed numbers in words."""
        if self.above:
            return f"greater than {_show(self.low)} and at most {_show(self.high)}"
        return f"between {_show(self.low)} and {_show(self.high)}"


# Keys as written in the config (kebab-case, dotted by section). The bounds are sanity limits:
# a value past them is a typo, not a choice.
RANGES: dict[str, Range] = {
    "max-bytes": Range(1, 100_000_000),  # 100 MB: far past any article, still fits in memory
    "grammar.timeout": Range(0, 3600, above=True),
    # Below six seconds the server can stop between its start and the first request.
    "grammar.idle-minutes": Range(0.1, 7 * 24 * 60),
    "grammar.concurrency": Range(0, 256),
    "dupes.headline-similarity": Range(0, 1, above=True),
    "dupes.body-similarity": Range(0, 1, above=True),
    "dupes.semantic-similarity": Range(0, 1, above=True),
    "dupes.repeat-similarity": Range(0, 1, above=True),
    "dupes.repeat-min-words": Range(1, 10_000),
    "dupes.teaser-score": Range(1, 100),
    "readability.max-grade": Range(0, 30, above=True),
    "readability.max-paragraph-grade": Range(0, 30, above=True),
    "readability.max-sentence-words": Range(1, 10_000),
    "readability.min-reading-ease": Range(0, 100),
    "readability.max-paragraph-words": Range(1, 100_000),
    "readability.words-per-minute": Range(1, 2_000),
    "summary.max-words": Range(1, 10_000),
    "summary.min-words": Range(0, 10_000),
    "summary.num-beams": Range(1, 64),
    "summary.batch-size": Range(1, 1_024),
    "summary.window-tokens": Range(0, 1_000_000),
}

CHOICES: dict[str, tuple[str, ...]] = {
    "fail-on": ("error", "warning", "info"),
    "invalid-utf8": ("replace", "reject"),
    "readability.grade-formula": ("flesch_kincaid_grade", "gunning_fog", "smog", "coleman_liau", "ari"),
}

# Keys whose value must match a pattern: (the pattern, what it allows in words).
PATTERNS: dict[str, tuple[re.Pattern[str], str]] = {
    "summary.device": (re.compile(r"auto|cpu|cuda(?::\d+)?|mps"), "auto, cpu, cuda, cuda:N (a GPU number) or mps"),
}

SEVERITIES = ("error", "warning", "info")
COLORS = ("auto", "always", "never")

# Rule ids under these prefixes are LanguageTool's own and a desk's house rules: any id there is accepted.
OPEN_FAMILIES = ("grammar/lt-", "house/")

TYPE_NAMES = {int: "an integer", float: "a number", str: "a string", bool: "true or false"}


def value_problem(key: str, value: Any) -> str | None:
    """What is wrong with a config key's value (already of the right type), or None."""
    if key in RANGES and isinstance(value, int | float) and not isinstance(value, bool):
        return RANGES[key].problem(value)
    if key in CHOICES and value not in CHOICES[key]:
        return f"must be one of {_or(CHOICES[key])} (it is {_show(value)})"
    if key in PATTERNS and isinstance(value, str) and not PATTERNS[key][0].fullmatch(value):
        return f"must be {PATTERNS[key][1]} (it is {_show(value)})"
    if key == "extensions" and isinstance(value, list):
        bad = next((e for e in value if not (isinstance(e, str) and e.startswith(".") and len(e) > 1)), None)
        return None if bad is None else f"must list extensions that start with a dot, such as .md (it has {bad!r})"
    return None


def type_problem(expected: str, value: Any) -> str:
    """The message for a value of the wrong type."""
    return f"must be {expected} (it is {_show(value)})"


def rule_problem(prefix: str) -> str | None:
    """What is wrong with a rule id or prefix (in select, ignore or severity), or None."""
    if not isinstance(prefix, str) or not prefix.strip():
        return "an empty rule id: name a rule or prefix such as grammar or grammar/due-of"
    if _known_rule(prefix):
        return None
    close = difflib.get_close_matches(prefix, _rule_names(), n=1, cutoff=0.6)
    hint = f"did you mean {close[0]}?" if close else "`newsedit rules` lists them"
    return f"{prefix}: no such rule or prefix; {hint}"


def check_problem(name: str) -> str | None:
    """What is wrong with a check name (in --skip), or None."""
    from newsedit import checks

    if name in checks.available():
        return None
    close = difflib.get_close_matches(name, checks.available(), n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]}?" if close else ""
    return f"{name}: no such check (allowed: {_or(checks.available())}){hint}"


def rule_problems(prefixes: Iterable[str]) -> str | None:
    """The first problem among several rule ids or prefixes."""
    return next((p for p in map(rule_problem, prefixes) if p), None)


def option_problem(option: str, value: Any) -> str | None:
    """What is wrong with a command-line option's value, or None; option as in `--select`."""
    if option in ("--select", "--ignore"):
        return rule_problems(value)
    if option == "--skip":
        return next((p for p in map(check_problem, value) if p), None)
    if option == "--color" and value not in COLORS:
        return f"must be one of {_or(COLORS)} (it is {_show(value)})"
    key = OPTION_KEYS.get(option)
    return value_problem(key, value) if key else None


# Command-line options that set a config key, checked as that key.
OPTION_KEYS = {
    "--max-words": "summary.max-words",
    "--min-words": "summary.min-words",
    "--idle-minutes": "grammar.idle-minutes",
}


def _known_rule(prefix: str) -> bool:
    from newsedit.rules import matches

    p = prefix.rstrip("/")
    if any(p.startswith(family) for family in OPEN_FAMILIES):
        return True
    return any(matches(rule_id, [prefix]) for rule_id in _rule_names())


@cache
def _rule_names() -> tuple[str, ...]:
    """Every rule id and every check name (the prefixes users write most)."""
    from newsedit import checks

    return (*checks.available(), *(rule.id for rule in checks.all_rules()))


def _or(choices: Iterable[str]) -> str:
    items = list(choices)
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} or {items[-1]}"


def _show(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return repr(value)
    return f"{int(value):,}" if math.isfinite(value) and value == int(value) else str(value)
