"""LanguageTool's rules as entries of newsedit's catalogue: the news pack's (read from its XML, one entry
per rule id with the XML's own examples) and every rule newsedit has measured (data/lt_precision.json)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from functools import cache
from typing import Any

from newsedit.backends.languagetool import Match, news_rules_dir
from newsedit.backends.languagetool.install import NEWS_RULES_FILE
from newsedit.checks.grammar.catalogue import LT_PREFIX
from newsedit.checks.grammar.policy import LtPolicy, precision_table, rule_family
from newsedit.findings import Severity
from newsedit.rules import Examples, Measured, Rule

PACK_CATEGORY = "NEWS_GRAMMAR"


def pack_rules(policy: LtPolicy) -> list[Rule]:
    """One entry per rule (group) id of the news pack, named, explained and exemplified by its XML."""
    return [_pack_entry(element, policy) for element in _pack_elements()]


def measured_rules(policy: LtPolicy) -> list[Rule]:
    """One entry per LanguageTool rule measured on published copy, with its precision there."""
    return [_measured_entry(rule_id, entry, policy) for rule_id, entry in sorted(precision_table().items())]


def lt_entries(policy: LtPolicy) -> list[Rule]:
    """The pack's rules, then the measured ones the pack does not hold (a measured pack rule keeps its figures)."""
    measured = {rule.id: rule for rule in measured_rules(policy)}
    pack = [replace(r, measured=measured.pop(r.id).measured) if r.id in measured else r for r in pack_rules(policy)]
    return pack + list(measured.values())


@cache
def _pack_elements() -> tuple[ET.Element, ...]:
    root = ET.parse(news_rules_dir() / NEWS_RULES_FILE).getroot()
    return tuple(child for cat in root.iter("category") for child in cat if child.tag in ("rule", "rulegroup"))


def _pack_entry(element: ET.Element, policy: LtPolicy) -> Rule:
    rule_id = element.get("id", "")
    messages = list(dict.fromkeys(_message(m) for m in element.iter("message")))
    why = "newsedit's news pack (grammar_custom.xml, LanguageTool's rule format); it says: " + " / ".join(messages)
    return Rule(
        f"{LT_PREFIX}{rule_id}", element.get("name", rule_id), lt_severity(rule_id, PACK_CATEGORY, policy), why,
        examples=_examples(element), config=("grammar.disabled-rules",), tags=("languagetool", "news-pack"),
    )  # fmt: skip


def _examples(element: ET.Element) -> Examples:
    passing, failing = [], []
    for example in element.iter("example"):
        correction = example.get("correction")
        if correction is None:
            passing.append(_text(example))
        else:
            failing.append(f"{_marked(example)} -> {' | '.join(c for c in correction.split('|') if c) or '(delete)'}")
    return Examples(tuple(passing), tuple(failing))


def _marked(example: ET.Element) -> str:
    """The example with its marked words in [brackets]."""
    marker = example.find("marker")
    if marker is None:
        return _text(example)
    return f"{example.text or ''}[{_text(marker)}]{marker.tail or ''}".strip()


def _message(element: ET.Element) -> str:
    """A rule's message as a reader sees it: suggestions quoted, the matched words (\\1, <match/>) as "…"."""
    parts = [element.text or ""]
    for child in element:
        inner = _message(child) if child.tag != "match" else "…"
        parts += [f"“{inner}”" if child.tag == "suggestion" else inner, child.tail or ""]
    return re.sub(r"\\\d+", "…", " ".join("".join(parts).split()))


def _text(element: ET.Element) -> str:
    return " ".join("".join(element.itertext()).split())


def _measured_entry(rule_id: str, entry: dict[str, Any], policy: LtPolicy) -> Rule:
    measured = Measured(int(entry["matches"]), int(entry["articles"]), int(entry["true"]), float(entry["precision"]))
    why = (
        f"LanguageTool's rule {rule_id}, measured on published news copy: {measured.true} of its {measured.matches}"
        f" matches in {measured.articles} articles were errors (precision {measured.precision:.0%})."
    )
    if rule_id.startswith(policy.house_style):
        why += " Its matches are a newsroom's choice, not errors: reported as info."
    if policy.diacritics and rule_id.startswith(policy.diacritics):
        why += " Its matches are reported as grammar/diacritics (info)."
    if rule_id.startswith(policy.spelling):
        why += " Names (grammar.accept, grammar.names, names the article repeats) are never misspellings."
    return Rule(
        f"{LT_PREFIX}{rule_id}", rule_id, lt_severity(rule_id, "", policy), why,
        config=_config(rule_id, policy), tags=("languagetool", "measured"), measured=measured,
    )  # fmt: skip


def _config(rule_id: str, policy: LtPolicy) -> tuple[str, ...]:
    spelling = ("grammar.accept", "grammar.names") if rule_id.startswith(policy.spelling) else ()
    return ("grammar.disabled-rules", *spelling)


def lt_severity(rule_id: str, category: str, policy: LtPolicy) -> Severity:
    """The severity newsedit gives this LanguageTool rule's matches (as `LtPolicy.severity_of` does)."""
    return policy.severity_of(Match(0, 0, rule_family(rule_id), category, "", "", ()))
