"""newsedit's phrase rules (data/news_rules.toml) and their data files, without LanguageTool."""

from __future__ import annotations

import re
from importlib import resources

import pytest

from newsedit.article import parse
from newsedit.checks import grammar
from newsedit.findings import Severity

RULE_TABLES = [name for name in grammar.data() if name != "languagetool"]


def findings(text: str, house_style: dict[str, str] | None = None) -> list[tuple[str, str, tuple[str, ...]]]:
    article = parse(text, "a.txt")
    found = grammar.news_findings(article, grammar.news_rules(house_style))
    return [(f.rule, f.text, f.replacements) for f in found]


@pytest.mark.parametrize("name", RULE_TABLES)
def test_every_rule_has_pass_and_fail_examples_that_behave(name: str) -> None:
    table = grammar.data()[name]
    assert table["pass"] and table["fail"]
    for example in table["fail"]:
        assert f"grammar/{name}" in [rule for rule, _, _ in findings(example)], example
    for example in table["pass"]:
        assert [f for f in findings(example) if f[0] == f"grammar/{name}"] == [], example


def test_every_rule_table_is_a_documented_rule() -> None:
    ids = {rule.id for rule in grammar.RULES}
    assert {f"grammar/{name}" for name in RULE_TABLES} <= ids
    # The grammar check also runs a desk's house rules: their family, house/, is among its rules.
    assert all(rule.id.startswith(("grammar/", "house/")) and rule.explanation for rule in grammar.RULES)


@pytest.mark.parametrize("name", RULE_TABLES)
def test_each_rule_table_is_the_rules_entry(name: str) -> None:
    """The catalogue's entry is read from the table: name, severity, why, tags, config keys and examples."""
    table = grammar.data()[name]
    rule = next(r for r in grammar.RULES if r.id == f"grammar/{name}")
    assert (rule.name, str(rule.severity), rule.explanation) == (table["name"], table["severity"], table["why"])
    assert rule.examples.passing == tuple(table["pass"]) and rule.examples.failing == tuple(table["fail"])
    assert rule.tags == tuple(table["tags"]) and rule.config == tuple(table["config"])


def test_phrase_tables_are_clean() -> None:
    for name in RULE_TABLES:
        for wrong, right in grammar.data()[name].get("phrases", {}).items():
            assert wrong == wrong.strip() and right == right.strip() and wrong != right, (name, wrong)
            assert wrong == " ".join(wrong.split()), (name, wrong)
        assert "{found}" in grammar.data()[name]["message"] or "{right}" in grammar.data()[name]["message"]


def test_languagetool_table_is_valid() -> None:
    table = grammar.data()["languagetool"]
    assert {Severity.parse(level) for level in table["severity"].values()} == set(Severity)
    entries = [entry for entries in table["skip"].values() for entry in entries]
    assert entries and all(set(entry) <= {"text", "then"} and "text" in entry for entry in entries)
    assert all(re.compile(pattern) for entry in entries for pattern in entry.values())
    assert set(table["in_quotes"]) and not set(table["in_quotes"]) & set(table["spelling"])
    assert table["spelling"]


def test_accept_list_is_one_capitalised_name_per_line_without_repeats() -> None:
    names = sorted(grammar.accept_list())
    assert len(names) > 50
    assert all(re.fullmatch(r"[A-Z][\w]*", name) for name in names), [n for n in names if not n[:1].isupper()]
    lines = [line.strip() for line in resources.files("newsedit.data").joinpath("accept.txt").open()]
    entries = [line for line in lines if line and not line.startswith("#")]
    assert len(entries) == len(set(entries))
    assert {"Lavrov", "Pyongyang", "Shoigu", "Tikhoretsk", "Hwasong"} <= set(names)


def test_due_of_on_the_sample_sentence_keeps_the_case() -> None:
    text = "Due of its ongoing war with the South, North Korea possesses a sizable arsenal."
    assert findings(text) == [("grammar/due-of", "Due of", ("Due to",))]


def test_phrases_match_across_line_breaks_and_in_capitals() -> None:
    assert findings("THE HWASONG INTERCITY\nBALLISTIC MISSILE") == [
        ("grammar/wrong-word", "INTERCITY\nBALLISTIC", ("INTERCONTINENTAL BALLISTIC",))
    ]


def test_phrases_match_whole_words_only() -> None:
    assert findings("The ammonia plant and the ammo dump.") == [("grammar/informal", "ammo", ("ammunition",))]


def test_quotations_are_left_alone() -> None:
    assert findings('He said: "We have no ammo left." The ammo ran out.') == [
        ("grammar/informal", "ammo", ("ammunition",))
    ]


def test_house_style_from_config_extends_the_defaults() -> None:
    style = {"cease-fire": "ceasefire", "Internet": "internet"}
    found = findings("A Cease-fire was agreed on the Internet and by e-mail; the internet is fine.", style)
    assert sorted(found) == [
        ("grammar/house-style", "Cease-fire", ("Ceasefire",)),
        ("grammar/house-style", "Internet", ("internet",)),  # a pair that differs in case matches exactly
        ("grammar/house-style", "e-mail", ("email",)),
    ]


def test_section_labels_are_not_checked() -> None:
    article = parse("Top Stories\n\nAmmo dump explodes\n\nThe ammo dump exploded.\n", "a.txt")
    found = grammar.news_findings(article, grammar.news_rules())
    assert [(f.line, f.text) for f in found] == [(3, "Ammo"), (5, "ammo")]
