"""`newsedit rules --explain ID`: a rule's entry, with the examples its check records."""

from __future__ import annotations

from cli_helpers import newsedit
from newsedit import checks
from newsedit.checks import grammar


def test_a_news_rule_is_explained_with_its_severity_and_examples() -> None:
    result = newsedit("rules", "--explain", "grammar/due-of")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    rule = checks.explain("grammar/due-of")
    assert rule is not None
    assert lines[:3] == ["grammar/due-of: due of", "severity: error", f"why: {rule.explanation}"]
    passing, failing = grammar.examples("grammar/due-of")
    assert passing and failing
    assert lines[3:] == ["passes:", *(f"  {x}" for x in passing), "fails:", *(f"  {x}" for x in failing)]


def test_every_rule_of_every_check_can_be_explained() -> None:
    for rule in checks.all_rules():
        found = checks.explain(rule.id)
        assert found == rule
        passing, failing = checks.examples(rule)
        assert all(isinstance(x, str) for x in [*passing, *failing])
    informal = checks.explain("grammar/informal")
    assert informal is not None
    assert checks.examples(informal) != ([], [])


def test_a_rule_without_examples_says_so() -> None:
    result = newsedit("rules", "--explain", "dupes/boilerplate")
    assert result.code == 0, result.err
    assert result.out.splitlines()[-2:] == ["passes: no example recorded", "fails: no example recorded"]


def test_an_unknown_id_or_a_prefix_is_a_usage_error() -> None:
    unknown = newsedit("rules", "--explain", "grammar/due-off")
    assert unknown.code == 2
    assert "did you mean grammar/due-of?" in unknown.err
    prefix = newsedit("rules", "--explain", "grammar")
    assert prefix.code == 2
    assert "a prefix, not one rule" in prefix.err
