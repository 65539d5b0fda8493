"""House rules as data: [[rule]] tables checked against their own examples when they load, run by the grammar
check on the real LanguageTool server, chosen per desk, and tried on an archive first (`newsedit rules test`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_helpers import newsedit
from conftest import SHARED
from newsedit import house_rules
from newsedit.article import parse
from newsedit.config import Config, load
from newsedit.errors import ConfigError

MLN = """
[[rule]]
id = "house/mln"
pattern = '\\bmln\\b'
replacement = "million"
message = 'Write "{right}", not "{found}" (house style).'
severity = "warning"
tags = ["numbers", "wire"]
link = "https://style.example/numbers#million"
examples = { fail = ["Profit rose to 12 mln dlrs."], pass = ["Profit rose to 12 million dollars."] }
"""
IN_ORDER_TO = """
[[rule]]
id = "house/in-order-to"
phrase = ["in order to"]
replacement = "to"
message = 'Write "{right}": "{found}" says it twice.'
severity = "info"
tags = ["style"]
examples = { fail = ["In order to win, they attacked.", "They left in order to rest."], pass = ["They left to rest."] }
"""
REUTERS = SHARED / "corpora" / "published" / "reuters21578"


def desk(tmp_path: Path, rules: str, extra: str = "") -> Path:
    """A desk's folder: newsedit.toml naming house.toml (relative to it), and the rules file."""
    (tmp_path / "house.toml").write_text(rules, "utf-8")
    (tmp_path / "newsedit.toml").write_text(f'house-rules = ["house.toml"]\n{extra}', "utf-8")
    return tmp_path / "newsedit.toml"


def loaded(tmp_path: Path, rules: str) -> list[house_rules.HouseRule]:
    return house_rules.load_all(load(desk(tmp_path, rules)))


def flagged(rules: list[house_rules.HouseRule], text: str) -> list[tuple[str, str, tuple[str, ...]]]:
    found, _ = house_rules.findings(parse(text, "a.txt"), rules)
    return [(f.rule, f.text, f.replacements) for f in found]


def test_a_rule_flags_its_pattern_and_suggests_its_replacement(tmp_path: Path) -> None:
    rules = loaded(tmp_path, MLN + IN_ORDER_TO)
    assert [r.id for r in rules] == ["house/mln", "house/in-order-to"]
    assert flagged(rules, "Headline\n\nSales were 5 mln tonnes, and mlnx is no word.\n") == [
        ("house/mln", "mln", ("million",))
    ]
    mln = rules[0].entry
    assert (mln.link, mln.tags, str(mln.severity)) == (
        "https://style.example/numbers#million",
        ("numbers", "wire"),
        "warning",
    )


def test_a_phrase_keeps_the_case_of_a_sentence_start_and_leaves_quotations_alone(tmp_path: Path) -> None:
    rules = loaded(tmp_path, IN_ORDER_TO)
    text = "Headline\n\nIn order to win, they attacked. They left in order to rest. "
    text += '"We did it in order to win," he said.\n'
    assert flagged(rules, text) == [
        ("house/in-order-to", "In order to", ("To",)),
        ("house/in-order-to", "in order to", ("to",)),
    ]


@pytest.mark.parametrize(
    ("rules", "problem"),
    [
        (
            MLN.replace("Profit rose to 12 mln dlrs.", "Profit rose sharply."),
            "rule house/mln does not flag its fail example",
        ),
        (MLN.replace("12 million dollars", "12 mln dollars"), "rule house/mln flags its pass example"),
        (MLN.replace("\\bmln\\b", "(a+)+$"), "rule house/mln: its pattern repeats a repetition ((a+)+)"),
        (
            MLN.replace("\\bmln\\b", "mln" + "|x" * 600),
            "rule house/mln: its pattern has 1,203 characters (at most 1,000)",
        ),
        (MLN.replace("\\bmln\\b", "(mln"), "rule house/mln: bad pattern"),
        (MLN.replace('id = "house/mln"', 'id = "mln"'), "'id' must be house/ and a kebab-case name"),
        (MLN.replace("severity", "sevrity"), "rule house/mln: unknown key 'sevrity'"),
        (MLN.replace('replacement = "million"', 'replacement = "\\\\2"'), "rule house/mln: bad replacement"),
        (MLN + MLN, "rule house/mln is defined twice"),
        (
            MLN.replace("examples = {", "examples = { fail = [], x = 1 } #"),
            "'examples' must be { fail = [...], pass = [...] }",
        ),
        (MLN.replace("pattern", "phrase = 'mln'\npattern"), "give 'pattern' (a regular expression) or 'phrase'"),
    ],
)
def test_a_bad_rule_is_a_config_error_naming_the_rule(tmp_path: Path, rules: str, problem: str) -> None:
    with pytest.raises(ConfigError, match=None) as raised:
        loaded(tmp_path, rules)
    assert problem in str(raised.value)
    assert str(tmp_path / "house.toml") in str(raised.value)


def test_a_bad_rules_file_stops_a_run_with_exit_code_2(tmp_path: Path) -> None:
    desk(tmp_path, MLN.replace("12 million dollars", "12 mln dollars"))
    (tmp_path / "a.txt").write_text("Headline\n\nSales were 5 mln tonnes.\n", "utf-8")
    result = newsedit("readability", "a.txt", cwd=tmp_path)
    assert result.code == 2
    assert "rule house/mln flags its pass example: 'Profit rose to 12 mln dollars.'" in result.err


def test_a_pattern_that_runs_too_long_on_an_article_gives_up_with_a_notice(tmp_path: Path) -> None:
    slow = MLN.replace("\\bmln\\b", "(?:x|xx)+y").replace("Profit rose to 12 mln dlrs.", "xxy")
    rules = loaded(tmp_path, slow)
    found, notices = house_rules.findings(parse("Headline\n\n" + "x" * 60 + "\n", "a.txt"), rules)
    assert found == [] and notices == [
        f"a.txt: house/mln: gave up after {house_rules.MATCH_SECONDS} s (simplify its pattern)"
    ]


def test_tags_choose_a_desks_rules_and_the_cache_sees_the_file(tmp_path: Path) -> None:
    config = load(desk(tmp_path, MLN + IN_ORDER_TO, 'house-tags = ["style"]\n'))
    assert [r.id for r in house_rules.load_all(config)] == ["house/in-order-to"]
    before = house_rules.digest(config)
    (tmp_path / "house.toml").write_text(MLN, "utf-8")
    assert house_rules.digest(config) != before
    assert house_rules.digest(Config()) == ""


def test_the_config_names_its_house_rules_in_the_rules_list_and_explains_them(tmp_path: Path) -> None:
    desk(tmp_path, MLN)
    listed = newsedit("rules", "--tag", "wire", cwd=tmp_path)
    assert [line.split()[:2] for line in listed.out.splitlines()] == [["house/mln", "warning"]]
    explained = newsedit("rules", "--explain", "house/mln", cwd=tmp_path).out.splitlines()
    assert explained[:3] == [
        "house/mln: mln",
        "severity: warning",
        'why: Write "{right}", not "{found}" (house style).',
    ]
    assert "link: https://style.example/numbers#million" in explained
    assert explained[explained.index("fails:") + 1] == "  Profit rose to 12 mln dlrs."


def test_rules_test_counts_pieces_and_matches_with_samples_in_context(tmp_path: Path) -> None:
    desk(tmp_path, MLN + IN_ORDER_TO)
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "1.txt").write_text("Grain\n\nExports rose to 4 mln tonnes from 3 mln.\n", "utf-8")
    (archive / "2.txt").write_text("Oil\n\nOutput was 2 mln barrels a day.\n", "utf-8")
    (archive / "3.txt").write_text("Rates\n\nRates were left unchanged.\n", "utf-8")
    result = newsedit("rules", "test", "house.toml", "archive", "--format", "json", cwd=tmp_path)
    assert result.code == 0, result.err
    tally = json.loads(result.out)
    assert tally["articles"] == 3
    mln, in_order = tally["rules"]
    assert (mln["id"], mln["articles"], mln["matches"], in_order["matches"]) == ("house/mln", 2, 3, 0)
    assert [s["context"] for s in mln["samples"]] == [
        "…Grain Exports rose to 4 [mln] tonnes from 3 mln.…",
        "…Oil Output was 2 [mln] barrels a day.…",
    ]
    one = newsedit("rules", "test", "house.toml", "archive", "--rule", "house/in-order-to", cwd=tmp_path)
    assert one.out.splitlines() == ["3 articles read", "house/in-order-to: 0 matches in 0 articles"]


def test_rules_test_on_the_reuters_archive_reports_house_mln(tmp_path: Path) -> None:
    if not REUTERS.is_dir():
        pytest.skip("../shared/corpora is not beside this checkout")
    desk(tmp_path, MLN)
    result = newsedit("rules", "test", "house.toml", str(REUTERS), cwd=tmp_path)
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    head = next(line for line in lines if line.startswith("house/mln: "))
    matches, articles = int(head.split()[1]), int(head.split()[4])
    assert matches > articles > 100  # wire copy writes "mln" throughout
    samples = lines[lines.index(head) + 1 : lines.index(head) + 6]
    assert len(samples) == 5 and all("[mln]" in s and s.endswith("-> 'million'") for s in samples)


@pytest.mark.slow
def test_house_rules_run_in_the_grammar_check_and_select_per_desk(lt_cache: Path, tmp_path: Path) -> None:
    desk(tmp_path, MLN + IN_ORDER_TO)
    (tmp_path / "a.txt").write_text("Grain exports\n\nExports rose to 4 mln tonnes in order to meet demand.\n", "utf-8")
    report = newsedit("grammar", "a.txt", "--format", "json", cwd=tmp_path).json()
    rules = [(f["rule"], f["text"]) for f in report["articles"][0]["findings"] if f["rule"].startswith("house/")]
    assert rules == [("house/mln", "mln"), ("house/in-order-to", "in order to")]
    only = newsedit("check", "a.txt", "--select", "house/mln", "--format", "json", cwd=tmp_path).json()
    assert [f["rule"] for f in only["articles"][0]["findings"]] == ["house/mln"]
    ignored = newsedit("grammar", "a.txt", "--ignore", "house", "--format", "json", cwd=tmp_path).json()
    assert not [f for f in ignored["articles"][0]["findings"] if f["rule"].startswith("house/")]
