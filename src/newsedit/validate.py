"""What newsedit accepts: rule ids, check names, option values, and the `Allowed` that config
fields declare (their ranges, choices and patterns live beside them, in config.py).

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


@dataclass(frozen=True)
class Allowed:
    """What a config field accepts, declared on the field itself (see `config._within`): a range of
    numbers, a set of choices or a pattern."""

    range: Range | None = None
    choices: tuple[str, ...] = ()
    pattern: re.Pattern[str] | None = None
    words: str = ""  # the pattern's values in words

    def problem(self, value: Any) -> str | None:
        """What is wrong with a value of the field's type, or None."""
        if self.range is not None and isinstance(value, int | float) and not isinstance(value, bool):
            return self.range.problem(value)
        if self.choices and value not in self.choices:
            return f"must be one of {_or(dict.fromkeys(self.choices))} (it is {_show(value)})"
        if self.pattern is not None and isinstance(value, str) and not self.pattern.fullmatch(value):
            return f"must be {self.words} (it is {_show(value)})"
        return None


SEVERITIES = ("error", "warning", "info")
COLORS = ("auto", "always", "never")

# Rule ids under these prefixes are LanguageTool's own and a desk's house rules: any id there is accepted.
OPEN_FAMILIES = ("grammar/lt-", "house/")

TYPE_NAMES = {int: "an integer", float: "a number", str: "a string", bool: "true or false"}


def value_problem(key: str, value: Any) -> str | None:
    """What is wrong with the value of a config key that no field declaration covers, or None."""
    if key == "extensions" and isinstance(value, list):
        bad = next((e for e in value if not (isinstance(e, str) and _EXTENSION.fullmatch(e))), None)
        return None if bad is None else f"must list extensions that start with a dot, such as .md (it has {bad!r})"
    if key == "grammar.house-style" and isinstance(value, dict):
        blank = next((k for k, v in value.items() if not k.strip() or not isinstance(v, str)), None)
        return None if blank is None else f"must map phrases to their house form (it has the empty phrase {blank!r})"
    return None


# A file name's ending: a dot, then no path separator (".txt/../../etc" is not an extension) and no "..".
_EXTENSION = re.compile(r"(?!.*\.\.)\.[^/\\\x00\s]+")


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
    return None


# Command-line options that set a config key, checked as that key (`config.option_problem`).
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
    """A value as the config writes it (TOML's true, 1e+300), not as Python prints it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if not isinstance(value, int | float):
        return repr(value)
    if isinstance(value, float) and (not math.isfinite(value) or value != int(value)):
        return str(value)
    return f"{value:g}" if isinstance(value, float) and abs(value) >= 1e15 else f"{int(value):,}"  # 1e+300
