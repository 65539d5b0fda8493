"""Rule metadata (id, name, severity, explanation) and selection by id prefix."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cached_property

from newsedit.findings import Finding, Severity


@dataclass(frozen=True)
class Examples:
    """Text a rule must flag (`failing`) and text it must leave alone (`passing`).

    A rule that compares articles gives each example as several articles, one after another,
    split by a line that holds only `---` (for an archive rule the last one is checked, the
    others are the archive; for a summary rule the last part is the summary).
    """

    passing: tuple[str, ...] = ()
    failing: tuple[str, ...] = ()


@dataclass(frozen=True)
class Measured:
    """How precise a rule was on published copy: matches found, in how many articles, how many were errors."""

    matches: int
    articles: int
    true: int
    precision: float


@dataclass(frozen=True)
class Rule:
    """A check newsedit can report: `id` is `check/kebab-name`, e.g. `grammar/due-of`.

    The entry is the rule's one description: `newsedit rules --explain` prints it, the formats
    read it. `config` names the config keys that tune the rule (its thresholds).
    """

    id: str
    name: str
    severity: Severity
    explanation: str
    examples: Examples = Examples()
    config: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    link: str = ""
    measured: Measured | None = None

    @property
    def check(self) -> str:
        """The check that owns this rule (the id's first part)."""
        return self.id.split("/", 1)[0]


class RuleList(list[Rule]):
    """A check's rules, in the order `newsedit rules` lists them; severities are read from here."""

    @cached_property
    def _by_id(self) -> dict[str, Rule]:
        return {rule.id: rule for rule in self}

    def severity(self, rule_id: str) -> Severity:
        """The severity in this rule's own entry (KeyError for a rule the check does not list)."""
        return self._by_id[rule_id].severity


def matches(rule_id: str, prefixes: Iterable[str]) -> bool:
    """Whether a rule id falls under any prefix: `grammar` and `grammar/` match `grammar/due-of`."""
    for prefix in prefixes:
        p = prefix.rstrip("/")
        if rule_id == p or rule_id.startswith(p + "/") or (p.endswith("-") and rule_id.startswith(p)):
            return True
    return False


@dataclass(frozen=True)
class Selection:
    """Which rules are reported and at what severity: from config and the command line."""

    select: Sequence[str] = ()
    ignore: Sequence[str] = ()
    severity: tuple[tuple[str, Severity], ...] = ()

    def wants(self, rule_id: str) -> bool:
        """Selected (or nothing selected) and not ignored."""
        return (not self.select or matches(rule_id, self.select)) and not matches(rule_id, self.ignore)

    def wants_any(self, rules: Iterable[Rule]) -> bool:
        """Whether any of these rules can be reported: a check with none is not worth running.

        A rule id ending in "-" (`grammar/lt-`) or "/" (`house/`) stands for an open family:
        selecting one of its members (`grammar/lt-WHITESPACE_RULE`, `house/mln`) selects the family.
        """
        # A family ending in "/" (house/) runs its check only when selected: `--ignore grammar` stops grammar.
        wanted = [r for r in rules if not r.id.endswith("/") or self.select]
        return any(self._selects(r.id) and not matches(r.id, self.ignore) for r in wanted)

    def _selects(self, rule_id: str) -> bool:
        if not self.select or matches(rule_id, self.select):
            return True
        return rule_id.endswith(("-", "/")) and any(p.startswith(rule_id) for p in self.select)

    def apply(self, findings: Iterable[Finding]) -> list[Finding]:
        """Drop unwanted findings and apply severity overrides (longest matching prefix wins)."""
        out = []
        for f in findings:
            if not self.wants(f.rule):
                continue
            override = self._override(f.rule)
            out.append(f if override is None or override == f.severity else _with_severity(f, override))
        return out

    def _override(self, rule_id: str) -> Severity | None:
        hits = [(len(p), s) for p, s in self.severity if matches(rule_id, [p])]
        return max(hits)[1] if hits else None


def _with_severity(finding: Finding, severity: Severity) -> Finding:
    return replace(finding, severity=severity)
