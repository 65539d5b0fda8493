"""`newsedit rules`: every rule that can fire, listed and filtered; `--explain ID` prints a rule's entry."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from cli_helpers import newsedit
from newsedit import checks
from newsedit.backends import languagetool
from newsedit.checks import grammar
from newsedit.checks.grammar.policy import precision_table

PACK = languagetool.news_rules_dir() / languagetool.NEWS_RULES_FILE


def pack_ids() -> list[str]:
    """The rule (group) ids of the news pack, read from its XML."""
    root = ET.parse(PACK).getroot()
    return [c.get("id", "") for cat in root.iter("category") for c in cat if c.tag in ("rule", "rulegroup")]


def test_a_news_rule_is_explained_with_its_severity_and_examples() -> None:
    result = newsedit("rules", "--explain", "grammar/due-of")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    rule = checks.explain("grammar/due-of")
    assert rule is not None
    assert lines[:3] == ["grammar/due-of: due of", "severity: error", f"why: {rule.explanation}"]
    passing, failing = checks.examples(rule)
    assert passing and failing
    at = lines.index("passes:")
    assert lines[at : at + len(passing) + len(failing) + 2] == [
        "passes:", *(f"  {x}" for x in passing), "fails:", *(f"  {x}" for x in failing)
    ]  # fmt: skip
    assert 'switch off: ignore = ["grammar/due-of"] under [tool.newsedit] (or --ignore grammar/due-of)' in lines


def test_the_list_holds_the_news_packs_rules_and_every_measured_languagetool_rule() -> None:
    result = newsedit("rules")
    assert result.code == 0, result.err
    ids = [line.split()[0] for line in result.out.splitlines()]
    assert len(ids) == len(set(ids))
    assert {f"grammar/lt-{i}" for i in pack_ids()} <= set(ids)
    assert {f"grammar/lt-{i}" for i in precision_table()} <= set(ids)
    assert {r.id for r in checks.all_rules()} <= set(ids)
    row = next(line for line in result.out.splitlines() if line.startswith("grammar/lt-A_NNS "))
    assert row.split()[1:3] == ["warning", f"{precision_table()['A_NNS']['precision']:.0%}"]


def test_filters_by_check_severity_and_tag() -> None:
    pack = newsedit("rules", "--tag", "news-pack")
    assert sorted(line.split()[0] for line in pack.out.splitlines()) == sorted(f"grammar/lt-{i}" for i in pack_ids())
    readability = newsedit("rules", "--check", "readability", "--severity", "info").out.splitlines()
    assert [line.split()[0] for line in readability] == ["readability/long-paragraph", "readability/paragraph-grade"]
    rows = json.loads(newsedit("rules", "--check", "dupes", "--format", "json").out)
    assert {r["id"].split("/")[0] for r in rows} == {"dupes"} and all(r["examples"]["fail"] for r in rows)


def test_a_news_pack_rule_is_explained_with_the_examples_of_its_xml() -> None:
    result = newsedit("rules", "--explain", "grammar/lt-NEWS_UNCOUNTABLE")
    assert result.code == 0, result.err
    out = result.out
    measured = grammar.measured_severities()[
        "NEWS_UNCOUNTABLE"
    ].name.lower()  # the pack is graded like LanguageTool's rules
    assert out.startswith(f"grammar/lt-NEWS_UNCOUNTABLE: An uncountable noun used as countable\nseverity: {measured}\n")
    assert "measured: precision" in out
    assert "  It was the pope's first [travel] to Asia. -> trip | journey" in out.splitlines()
    assert "  The first travel restrictions were lifted." in out.splitlines()
    for rule_id in pack_ids():  # each rule of the pack, with examples both ways
        explained = newsedit("rules", "--explain", f"grammar/lt-{rule_id}")
        assert explained.code == 0 and "no example recorded" not in explained.out, rule_id


def test_a_threshold_rule_names_its_config_key_and_value(tmp_path: Path) -> None:
    default = newsedit("rules", "--explain", "readability/long-sentence", cwd=tmp_path)
    assert "config: readability.max-sentence-words = 50 (the default)" in default.out.splitlines()
    (tmp_path / "newsedit.toml").write_text("[readability]\nmax-sentence-words = 28\n", "utf-8")
    mine = newsedit("rules", "--explain", "readability/long-sentence", cwd=tmp_path)
    assert f"config: readability.max-sentence-words = 28 (default 50; {tmp_path / 'newsedit.toml'})" in mine.out


def test_a_measured_languagetool_rule_shows_its_precision_and_how_to_switch_it() -> None:
    out = newsedit("rules", "--explain", "grammar/lt-A_NNS").out.splitlines()
    measured = precision_table()["A_NNS"]
    assert "severity: warning" in out
    assert (
        f"measured: precision {measured['precision']:.1%} on published copy "
        f"({measured['true']} of {measured['matches']} matches in"
        in (next(line for line in out if line.startswith("measured:"))[:70])
    )
    assert 'raise or lower: [tool.newsedit.severity] "grammar/lt-A_NNS" = "error" (or "warning", "info")' in out


def test_an_unmeasured_languagetool_rule_says_where_its_severity_comes_from() -> None:
    result = newsedit("rules", "--explain", "grammar/lt-SOME_RULE_NEVER_SEEN")
    assert result.code == 0
    assert "never matched on the measured corpus" in result.out


def test_an_unknown_id_or_a_prefix_is_a_usage_error() -> None:
    unknown = newsedit("rules", "--explain", "grammar/due-off")
    assert unknown.code == 2
    assert "did you mean grammar/due-of?" in unknown.err
    prefix = newsedit("rules", "--explain", "grammar")
    assert prefix.code == 2
    assert "a prefix, not one rule" in prefix.err
