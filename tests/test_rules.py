"""Rule ids and prefixes, and the selection config and options make: what is reported, at what severity."""

from __future__ import annotations

from newsedit.article import parse
from newsedit.findings import Severity
from newsedit.rules import Rule, Selection, matches

ARTICLE = parse("Headline here\n\nDue of the storm, the port shut. The port shut.\n", "a.txt")


def test_a_prefix_matches_its_family_and_nothing_beside_it() -> None:
    assert matches("grammar/due-of", ["grammar"])
    assert matches("grammar/due-of", ["grammar/"])
    assert matches("grammar/due-of", ["grammar/due-of"])
    assert not matches("grammar/due-of", ["gram"])
    assert not matches("grammar/due-off", ["grammar/due-of"])
    assert matches("grammar/lt-WHITESPACE_RULE", ["grammar/lt-"])  # an open family ends in "-"


def test_ignore_wins_over_select() -> None:
    selection = Selection(select=["grammar"], ignore=["grammar/informal"])
    assert selection.wants("grammar/due-of")
    assert not selection.wants("grammar/informal")
    assert not selection.wants("dupes/boilerplate")
    assert Selection().wants("dupes/boilerplate")


def test_selecting_one_member_of_an_open_family_runs_the_family() -> None:
    family = [Rule("grammar/lt-", "LanguageTool", Severity.WARNING, "LanguageTool's rules.")]
    assert Selection(select=["grammar/lt-WHITESPACE_RULE"]).wants_any(family)
    assert not Selection(select=["dupes"]).wants_any(family)


def test_the_longest_matching_severity_override_wins() -> None:
    finding = ARTICLE.finding(15, 21, "grammar/due-of", "m", severity=Severity.ERROR)
    overrides = (("grammar", Severity.INFO), ("grammar/due-of", Severity.WARNING))
    (changed,) = Selection(severity=overrides).apply([finding])
    assert changed.severity == Severity.WARNING
    assert changed.rule == finding.rule and changed.start == finding.start
    (general,) = Selection(severity=(("grammar", Severity.INFO),)).apply([finding])
    assert general.severity == Severity.INFO
    assert Selection(ignore=["grammar"]).apply([finding]) == []
