"""SARIF output: valid against the official 2.1.0 schema, with rules, regions, fixes and notifications."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from cli_helpers import FAST, newsedit
from golden_report import CATALOGUE, ROOT, golden_report
from newsedit import checks, formats
from newsedit.findings import RunReport
from newsedit.formats import sarif

SCHEMA = Path(__file__).parents[1] / "data" / "sarif-schema-2.1.0.json"


def validate(log: dict[str, Any]) -> None:
    """Fails with the first schema violation; the schema is draft-07 and self-contained."""
    schema = json.loads(SCHEMA.read_bytes())
    jsonschema.Draft7Validator.check_schema(schema)
    jsonschema.Draft7Validator(schema).validate(log)


def run_of(report: RunReport) -> dict[str, Any]:
    options = formats.RenderOptions(rules=tuple(checks.all_rules()))  # the catalogue the command line hands in
    log: dict[str, Any] = json.loads(formats.render("sarif", report, options))
    validate(log)
    run: dict[str, Any] = log["runs"][0]
    return run


def test_the_golden_report_is_valid_sarif() -> None:
    validate(sarif.to_dict(golden_report(), CATALOGUE))
    validate(json.loads(formats.render("sarif", golden_report())))


def test_sample_from_the_command_line_is_valid_sarif(sample_path: Path) -> None:
    result = newsedit("check", *FAST, "--format", "sarif", str(sample_path))
    assert result.code in (0, 1), result.err
    log = json.loads(result.out)
    validate(log)
    run = log["runs"][0]
    ids = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert len(ids) == len(set(ids))
    for res in run["results"]:
        assert ids[res["ruleIndex"]] == res["ruleId"]
        location = res["locations"][0]["physicalLocation"]
        assert location["artifactLocation"] == {"uri": str(sample_path.relative_to(ROOT)), "uriBaseId": "%SRCROOT%"}


def test_sample_with_every_fast_check_from_the_root(sample_path: Path) -> None:
    result = newsedit("check", *FAST, "-f", "sarif", str(sample_path.relative_to(ROOT)), cwd=ROOT)
    run = json.loads(result.out)["runs"][0]
    validate({"version": "2.1.0", "runs": [run]})
    assert run["invocations"][0]["executionSuccessful"] is True
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]}
    assert uris <= {"fixtures/lavrov-north-korea.txt"}


def test_rules_describe_every_installed_rule_and_every_id_seen() -> None:
    run = run_of(golden_report())
    rules = {rule["id"]: rule for rule in run["tool"]["driver"]["rules"]}
    levels = {"error": "error", "warning": "warning", "info": "note"}
    for rule in checks.all_rules():
        assert rules[rule.id]["defaultConfiguration"]["level"] == levels[str(rule.severity)]
        assert rules[rule.id]["shortDescription"]["text"]
    spelling = rules["grammar/lt-MORFOLOGIK_RULE_EN_US"]
    assert spelling["name"] == "MORFOLOGIK_RULE_EN_US"
    assert spelling["shortDescription"]["text"] == "Possible spelling mistake found."
    order = list(rules)
    assert all(order[r["ruleIndex"]] == r["ruleId"] for r in run["results"])


def test_a_rule_seen_only_in_results_is_explained_by_its_prefix_rule() -> None:
    rules = {r["id"]: r for r in sarif.to_dict(golden_report(), CATALOGUE)["runs"][0]["tool"]["driver"]["rules"]}
    spelling = rules["grammar/lt-MORFOLOGIK_RULE_EN_US"]
    assert spelling["fullDescription"]["text"] == "LanguageTool's own rules, as grammar/lt-<rule id>."
    # No known prefix rule: its message is all there is to say.
    assert rules["grammar/control-character"]["fullDescription"]["text"] == "A form feed (\f) in the text."


def test_the_driver_and_every_rule_link_to_what_they_mean() -> None:
    """Code-scanning pages link a rule to its explanation: informationUri, helpUri, fullDescription."""
    driver = run_of(golden_report())["tool"]["driver"]
    assert driver["informationUri"].startswith("https://")
    for rule in driver["rules"]:
        assert rule["helpUri"].startswith("https://") and rule["fullDescription"]["text"], rule["id"]
        assert rule["help"]["text"].startswith("newsedit rules --explain ")
    due = next(r for r in driver["rules"] if r["id"] == "grammar/due-of")
    assert due["help"]["text"] == "newsedit rules --explain grammar/due-of"
    spelling = next(r for r in driver["rules"] if r["id"] == "grammar/lt-MORFOLOGIK_RULE_EN_US")
    assert spelling["help"]["text"] == "newsedit rules --explain grammar/lt-"


def test_regions_slice_back_to_the_text_and_fixes_apply() -> None:
    text = (ROOT / "fixtures" / "lavrov-north-korea.txt").read_text("utf-8")
    run = run_of(golden_report())
    sample = [
        r
        for r in run["results"]
        if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].startswith("articles/lavrov")
    ]
    assert len(sample) == 5
    for res in sample:
        region = res["locations"][0]["physicalLocation"]["region"]
        start, length = region["charOffset"], region["charLength"]
        assert text[start : start + length] == region["snippet"]["text"]
        assert text.splitlines()[region["startLine"] - 1][region["startColumn"] - 1 :].startswith(
            region["snippet"]["text"][:5]
        )
    due = next(r for r in sample if r["ruleId"] == "grammar/due-of")
    assert due["level"] == "error" and due["message"]["text"] == 'Use "due to".'
    (change,) = due["fixes"][0]["artifactChanges"]
    (replacement,) = change["replacements"]
    deleted = replacement["deletedRegion"]
    fixed = (
        text[: deleted["charOffset"]]
        + replacement["insertedContent"]["text"]
        + text[deleted["charOffset"] + deleted["charLength"] :]
    )
    assert "Due to its ongoing war" in fixed and "Due of" not in fixed
    boilerplate = next(r for r in sample if r["ruleId"] == "dupes/boilerplate")
    assert boilerplate["fixes"][0]["description"]["text"] == "Delete 'No comments:'"
    assert next(r for r in sample if r["ruleId"] == "readability/long-sentence")["level"] == "note"


def test_input_and_check_errors_become_notifications() -> None:
    invocation = run_of(golden_report())["invocations"][0]
    assert invocation["executionSuccessful"] is False
    notes = [(n["level"], n["message"]["text"]) for n in invocation["toolExecutionNotifications"]]
    assert ("error", "no such file or directory") in notes
    assert ("error", "summary: not checked: the model timed out") in notes
    assert ("note", "front matter skipped") in notes
    clean = RunReport(articles=golden_report().articles[:1])
    assert run_of(clean)["invocations"] == [{"executionSuccessful": True}]
    assert run_of(clean)["results"] == []


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("articles/odd, name: 100%.md", {"uri": "articles/odd%2C%20name%3A%20100%25.md", "uriBaseId": "%SRCROOT%"}),
        ("./a/b.txt", {"uri": "a/b.txt", "uriBaseId": "%SRCROOT%"}),
        ("<stdin>", {"uri": "%3Cstdin%3E", "uriBaseId": "%SRCROOT%"}),
        ("/elsewhere/story.txt", {"uri": "file:///elsewhere/story.txt"}),
    ],
)
def test_artifact_locations_are_relative_uris_where_possible(path: str, expected: dict[str, str]) -> None:
    assert sarif.artifact_location(path) == expected


def test_an_absolute_path_under_the_working_folder_becomes_relative(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    location = sarif.artifact_location(str(ROOT / "fixtures" / "clean.txt"))
    assert location == {"uri": "fixtures/clean.txt", "uriBaseId": "%SRCROOT%"}


@pytest.mark.slow
def test_sample_with_grammar_is_valid_sarif(sample_path: Path, lt_cache: Path) -> None:
    result = newsedit("check", "--skip", "summary", "--format", "sarif", str(sample_path))
    assert result.code == 1, result.err
    log = json.loads(result.out)
    validate(log)
    run = log["runs"][0]
    found = {res["ruleId"] for res in run["results"]}
    assert "grammar/due-of" in found
    assert found <= {rule["id"] for rule in run["tool"]["driver"]["rules"]}


def test_a_desk_links_its_rules_to_its_own_pages(tmp_path: Path) -> None:
    """`report.help-url` gives each rule its own page; a house rule's own http(s) `link` wins, any
    other scheme is not linked; `report.junit-rest` stands when the command line says nothing."""
    (tmp_path / "house.toml").write_text(
        '[[rule]]\nid = "house/mln"\npattern = \'\\bmln\\b\'\nreplacement = "million"\nmessage = "Write million."\n'
        'link = "https://style.example/numbers#million"\n'
        'examples = { fail = ["It cost 12 mln dlrs."], pass = ["It cost 12 million dollars."] }\n'
        '[[rule]]\nid = "house/bn"\npattern = \'\\bbn\\b\'\nreplacement = "billion"\nmessage = "Write billion."\n'
        'link = "javascript:alert(1)"\n'
        'examples = { fail = ["It cost 12 bn dlrs."], pass = ["It cost 12 billion dollars."] }\n',
        "utf-8",
    )
    (tmp_path / "newsedit.toml").write_text(
        'house-rules = ["house.toml"]\n[report]\nhelp-url = "https://wiki.example/newsedit?rule={rule}"\n'
        'junit-rest = "system-out"\n',
        "utf-8",
    )
    (tmp_path / "a.txt").write_text("Costs rise\n\nIt cost 12 mln dlrs and 3 bn more. Yes.\n", "utf-8")
    # House rules run with grammar.
    result = newsedit("check", "--skip", "summary", "--format", "sarif", "a.txt", cwd=tmp_path)
    log = json.loads(result.out)
    validate(log)
    links = {r["id"]: r["helpUri"] for r in log["runs"][0]["tool"]["driver"]["rules"]}
    assert links["house/mln"] == "https://style.example/numbers#million"
    assert links["house/bn"] == "https://wiki.example/newsedit?rule=house%2Fbn"
    assert links["readability/article-grade"] == "https://wiki.example/newsedit?rule=readability%2Farticle-grade"
    junit = newsedit("check", "--skip", "summary", "--format", "junit", "a.txt", cwd=tmp_path)
    assert "<skipped" not in junit.out and "<system-out>" in junit.out  # the house rules' warnings, passing
    given = ("--junit-rest", "skipped")
    skipped = newsedit("check", "--skip", "summary", "--format", "junit", *given, "a.txt", cwd=tmp_path)
    assert "<skipped" in skipped.out and "<system-out>" not in skipped.out


def test_a_help_url_of_another_scheme_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "newsedit.toml").write_text('[report]\nhelp-url = "javascript:alert({rule})"\n', "utf-8")
    (tmp_path / "a.txt").write_text("Costs rise\n\nIt cost a lot.\n", "utf-8")
    result = newsedit("check", *FAST, "--format", "sarif", "a.txt", cwd=tmp_path)
    assert result.code == 2 and "'report.help-url' must be an http(s) URL" in result.err
