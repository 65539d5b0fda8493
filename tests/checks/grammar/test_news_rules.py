"""newsedit's pattern rules, the LanguageTool rule pack (grammar_custom.xml): its shape, and every rule's examples."""

from __future__ import annotations

import json
import re
import urllib.parse
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from cli_helpers import newsedit
from newsedit.backends import languagetool

RULES_FILE = languagetool.news_rules_dir() / languagetool.NEWS_RULES_FILE
CATEGORY = "NEWS_GRAMMAR"


@dataclass(frozen=True)
class Example:
    """One <example> of a rule: its text, where its marker is, and the corrections it expects (None: correct)."""

    rule: str
    text: str
    start: int
    end: int
    corrections: tuple[str, ...] | None


def rule_elements() -> list[tuple[str, ET.Element]]:
    """(id, element) of every rule and rule group, in file order."""
    root = ET.parse(RULES_FILE).getroot()
    out = []
    for category in root.iter("category"):
        for child in category:
            if child.tag in ("rule", "rulegroup"):
                out.append((child.get("id", ""), child))
    return out


def examples() -> list[Example]:
    """Every example in the file, with its rule (group) id."""
    out = []
    for rule_id, element in rule_elements():
        for example in element.iter("example"):
            marker = example.find("marker")
            head = example.text or ""
            marked = marker.text or "" if marker is not None else ""
            tail = (marker.tail or "") if marker is not None else ""
            correction = example.get("correction")
            corrections = None if correction is None else tuple(c for c in correction.split("|") if c)
            out.append(Example(rule_id, head + marked + tail, len(head), len(head) + len(marked), corrections))
    return out


def check(url: str, text: str) -> list[dict[str, Any]]:
    """The news rules' matches for text, with LanguageTool's own rules off (en-GB, the examples' variant).

    Only the news rules run: where one of LanguageTool's rules flags the same words, LanguageTool
    keeps one of the two matches, and an example must show what its own rule does.
    """
    ids = ",".join(rule_id for rule_id, _ in rule_elements())
    fields = {"language": "en-GB", "text": text, "enabledRules": ids, "enabledOnly": "true"}
    data = urllib.parse.urlencode(fields).encode()
    with languagetool._opener().open(f"{url}/v2/check", data, timeout=120) as response:
        matches: list[dict[str, Any]] = json.load(response)["matches"]
        return matches


# ---- the file itself -------------------------------------------------------------------------


def test_rule_file_is_well_formed_with_unique_news_ids_in_one_category() -> None:
    root = ET.parse(RULES_FILE).getroot()
    assert root.tag == "rules" and root.get("lang") == "en"
    assert [c.get("id") for c in root.iter("category")] == [CATEGORY]
    ids = [rule_id for rule_id, _ in rule_elements()]
    assert ids and len(ids) == len(set(ids))
    assert all(re.fullmatch(r"NEWS_[A-Z_]+", rule_id) for rule_id in ids), ids


def test_every_rule_has_an_example_that_must_fire_and_one_that_must_not() -> None:
    for rule_id, element in rule_elements():
        rules = element.findall("rule") if element.tag == "rulegroup" else [element]
        for n, rule in enumerate(rules, 1):
            found = rule.findall("example")
            assert any(e.get("correction") is not None and e.find("marker") is not None for e in found), (rule_id, n)
            assert any(e.get("correction") is None and e.find("marker") is None for e in found), (rule_id, n)


def test_rules_kept_out_of_headlines_are_rules_of_the_pack() -> None:
    from newsedit.checks import grammar

    names = grammar.data()["languagetool"]["not_in_headlines"]
    ids = {rule_id for rule_id, _ in rule_elements()}
    assert names and set(names) <= ids


def test_the_rule_file_is_part_of_the_server_identity() -> None:
    assert languagetool.server_version().startswith(f"{languagetool.VERSION}+news.")
    assert languagetool.news_rules_digest() in languagetool.server_version()


# ---- on the real server ----------------------------------------------------------------------


@pytest.mark.slow
def test_every_example_behaves_on_the_real_server(lt_cache: Path) -> None:
    state = languagetool.read_state()
    assert state is not None and state.version == languagetool.server_version()
    failures = []
    for example in examples():
        ours = [m for m in check(state.url, example.text) if m["rule"]["id"] == example.rule]
        if example.corrections is None:
            if ours:
                failures.append(f"{example.rule}: fired on a correct example: {example.text!r}")
            continue
        at_marker = [m for m in ours if (m["offset"], m["offset"] + m["length"]) == (example.start, example.end)]
        if not at_marker:
            failures.append(f"{example.rule}: no match at the marker: {example.text!r} (got {ours})")
            continue
        offered = {r["value"] for m in at_marker for r in m["replacements"]}
        missing = [c for c in example.corrections if c not in offered]
        if missing:
            failures.append(f"{example.rule}: {example.text!r} lacks corrections {missing} (got {sorted(offered)})")
    assert not failures, "\n".join(failures)


@pytest.mark.slow
def test_the_samples_uncountable_travel_is_reported(lt_cache: Path, sample_path: Path) -> None:
    done = newsedit("grammar", str(sample_path), "--format", "json", "--no-cache")
    report = json.loads(done.out)
    found = [(f["rule"], f["text"]) for a in report["articles"] for f in a["findings"]]
    assert ("grammar/lt-NEWS_UNCOUNTABLE", "travel") in found, found


@pytest.mark.slow
def test_news_rules_stay_out_of_headlines(lt_cache: Path, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Foreign minister quits over row\n\nForeign minister told reporters he would quit.\n", "utf-8")
    done = newsedit("grammar", str(article), "--format", "json", "--no-cache")
    found = [(f["rule"], f["line"]) for a in json.loads(done.out)["articles"] for f in a["findings"]]
    assert ("grammar/lt-NEWS_MISSING_ARTICLE", 3) in found and ("grammar/lt-NEWS_MISSING_ARTICLE", 1) not in found
