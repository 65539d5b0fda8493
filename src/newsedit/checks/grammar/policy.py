"""How LanguageTool's matches are reported: severities (as measured on published copy, else by category),
rules split by context, known misfires, rules kept out of quotations and headlines, and the accept list."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from newsedit.findings import Finding, Severity

if TYPE_CHECKING:
    from newsedit.article import Article
    from newsedit.backends.languagetool import Match
    from newsedit.config import GrammarConfig
from newsedit.checks.grammar import sounds
from newsedit.checks.grammar.catalogue import LT_PREFIX, RULES
from newsedit.checks.grammar.news_rules import data


@cache
def accept_list() -> frozenset[str]:
    """The names shipped with newsedit that are never spelling errors."""
    text = resources.files("newsedit.data").joinpath("accept.txt").read_text("utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@dataclass(frozen=True)
class Misfire:
    """A LanguageTool match known to be wrong in news copy: its text, and what follows it."""

    text: re.Pattern[str]  # must match the whole matched text
    then: re.Pattern[str] | None = None  # when given, must match right after it

    def covers(self, match: Match, text: str) -> bool:
        """Whether this misfire is the match."""
        if self.text.fullmatch(text, match.start, match.end) is None:
            return False
        return self.then is None or self.then.match(text, match.end) is not None


@dataclass(frozen=True)
class LtPolicy:
    """How LanguageTool's matches are reported: severities, spell checkers, accepted words."""

    severity: dict[str, Severity]
    spelling: tuple[str, ...]
    accepted: frozenset[str]
    skip: dict[str, tuple[Misfire, ...]]
    in_quotes: tuple[str, ...] = ()  # besides spelling, rules that apply inside quotations
    measured: dict[str, Severity] = field(default_factory=dict)  # rule id -> severity (lt_precision.json)
    house_style: tuple[str, ...] = ()  # rule ids (prefixes) that are a newsroom's choice: info
    diacritics: tuple[str, ...] = ()  # rule ids (prefixes) asking for a name's accents
    not_in_headlines: tuple[str, ...] = ()  # rules that headline style breaks on purpose (no articles)
    house_categories: tuple[str, ...] = ()  # LanguageTool categories that are house style as a whole

    def severity_of(self, match: Match) -> Severity:
        """The severity of a match: house style is info; else as measured; else by its category."""
        if self.is_house_style(match):
            return Severity.INFO
        measured = self.measured.get(match.rule, self.measured.get(rule_family(match.rule)))
        return measured if measured is not None else self.severity.get(match.category, Severity.WARNING)

    def is_house_style(self, match: Match) -> bool:
        """Whether a match gives a newsroom's choice (by rule id prefix or by category), not an error."""
        if match.category in self.house_categories:
            return True
        prefixes = tuple(e for e in self.house_style if not e.startswith("*"))
        suffixes = tuple(e[1:] for e in self.house_style if e.startswith("*"))
        return match.rule.startswith(prefixes) or match.rule.endswith(suffixes)

    def severity_for(self, rule: str) -> Severity:
        """The severity of one of newsedit's own ids for a context of a LanguageTool rule: as measured,
        else the catalogue's."""
        return self.measured.get(rule, RULES.severity(rule))

    def is_spelling(self, match: Match) -> bool:
        """Whether a match comes from a spell checker."""
        return match.rule.startswith(self.spelling)

    def applies_in_quotes(self, match: Match) -> bool:
        """Whether a match inside a quotation is the writer's to fix (spelling, proper-noun case)."""
        return match.rule.startswith((*self.spelling, *self.in_quotes))

    def skips_headline(self, match: Match, article: Article) -> bool:
        """Whether a match is in a headline or heading and its rule does not apply to headline style."""
        if not match.rule.startswith(self.not_in_headlines) or not self.not_in_headlines:
            return False
        return any(b.start <= match.start < b.end and b.kind in ("headline", "heading") for b in article.blocks)

    def misfires(self, match: Match, text: str) -> bool:
        """Whether a match is one LanguageTool is known to get wrong in news copy."""
        if match.rule == A_OR_AN_RULE and sounds.fits(text[match.start : match.end], text, match.end):
            return True  # the article fits a sound its letters do not tell: "an $11bn"
        return any(misfire.covers(match, text) for misfire in self.skip.get(match.rule, ()))


def lt_policy(settings: GrammarConfig) -> LtPolicy:
    """The reporting policy from the data file and the config's accept list."""
    table = data()["languagetool"]
    severity = {k: Severity.parse(v) for k, v in table["severity"].items()}
    skip = {rule: tuple(_misfire(entry) for entry in entries) for rule, entries in table.get("skip", {}).items()}
    accepted = accept_list() | frozenset(_words(settings.accept))
    in_quotes, house = tuple(table.get("in_quotes", ())), tuple(table.get("house_style", ()))
    diacritics = tuple(table.get("diacritics", ()))
    measured = measured_severities()
    headlines = tuple(table.get("not_in_headlines", ()))
    spelling = tuple(table["spelling"])
    categories = tuple(table.get("house_style_categories", ()))
    return LtPolicy(severity, spelling, accepted, skip, in_quotes, measured, house, diacritics, headlines, categories)


_VARIANT_SUFFIX = re.compile(r"_EN_(?:US|GB|AU|CA|NZ|ZA)$")


def rule_family(rule: str) -> str:
    """One id for a rule that LanguageTool runs under each English's own id: the spell checker
    (MORFOLOGIK_RULE_EN_GB, _EN_US... -> MORFOLOGIK_RULE_EN) is measured as one rule."""
    return _VARIANT_SUFFIX.sub("_EN", rule)


REPEAT_RULE = "ENGLISH_WORD_REPEAT_RULE"
DOUBLED_WORD = "grammar/doubled-word"
# A small word that English never doubles by design: "the the", "to to", "a a" are slips; "had had",
# "that that", "is is" ("what it is is"), "do do", "her her" ("gave her her coat") can be right.
FUNCTION_WORDS = frozenset(
    "a an the to of in on at for with by from into onto about over under after before and or but nor as than "
    "are was were be been being will would can could shall should may might must has have does "
    "it its he she we they i me my our your their his them us this these those not no if when which who".split()
)


A_OR_AN_RULE = "EN_A_VS_AN"
A_OR_AN = "grammar/a-or-an"
CONTRACTION_RULE = "EN_CONTRACTION_SPELLING"
CONTRACTION = "grammar/contraction"


def context_rule(match: Match, text: str) -> str | None:
    """newsedit's id for a context in which a LanguageTool rule is measured apart from the rest of its
    matches: a doubled function word ("the the"), not any doubled word ("had had"); "a" or "an" before
    a word whose spelling tells its sound (checks.grammar.sounds: not "an historic", "a NIST"); a negative
    contraction that lost its apostrophe ("dont", "isnt"), not any word read as one ("whats", the name "Im")."""
    if match.rule == CONTRACTION_RULE and _negation_lost_apostrophe(text[match.start : match.end], match.replacements):
        return CONTRACTION
    if match.rule == REPEAT_RULE:
        words = text[match.start : match.end].split()
        if words and words[-1].lower() in FUNCTION_WORDS:
            return DOUBLED_WORD
    if match.rule == A_OR_AN_RULE and sounds.fits(text[match.start : match.end], text, match.end) is False:
        return A_OR_AN
    return None


def _negation_lost_apostrophe(word: str, replacements: Sequence[str]) -> bool:
    """A word whose fix puts the apostrophe of "n't" back and changes nothing else."""
    if not (word[1:].islower() and word.endswith("nt") and replacements):
        return False
    return replacements[0].replace("’", "'") == word[:-1] + "'t"


@cache
def measured_table() -> dict[str, Any]:
    """data/lt_precision.json: "rules" for LanguageTool's ids, "contexts" for newsedit's context ids
    (JSON: a hook reads it every run, and tomllib takes twenty times as long on it)."""
    text = resources.files("newsedit.data").joinpath("lt_precision.json").read_text("utf-8")
    table: dict[str, Any] = json.loads(text)
    return table


def precision_table() -> dict[str, dict[str, Any]]:
    """The measured evidence and severity of LanguageTool's rules (data/lt_precision.json's "rules")."""
    rules: dict[str, dict[str, Any]] = measured_table().get("rules", {})
    return rules


@cache
def measured_severities() -> dict[str, Severity]:
    """Rule id (LanguageTool's, or newsedit's for a context) -> the severity its evidence gives."""
    table = measured_table()
    entries = {**table.get("rules", {}), **table.get("contexts", {})}
    return {rule: Severity.parse(entry["severity"]) for rule, entry in entries.items()}


def _misfire(entry: dict[str, str]) -> Misfire:
    then = entry.get("then")
    return Misfire(re.compile(entry["text"]), re.compile(then) if then else None)


def _words(entries: Sequence[str]) -> list[str]:
    return [word for entry in entries for word in entry.split()]


def lt_finding(article: Article, match: Match, policy: LtPolicy, near: str | None = None) -> Finding:
    """A LanguageTool match as a finding, with the severity the policy gives it (near: the name it misspells)."""
    replacements = list(dict.fromkeys([near, *match.replacements] if near else match.replacements))[:5]
    message = match.message
    if near:
        message = f'"{article.text[match.start : match.end]}" looks like a misspelling of the name "{near}".'
    rule, severity = f"{LT_PREFIX}{match.rule}", policy.severity_of(match)
    context = context_rule(match, article.text)
    if context is not None:
        rule, severity = context, policy.severity_for(context)
    if policy.diacritics and match.rule.startswith(policy.diacritics):
        rule, severity = "grammar/diacritics", RULES.severity("grammar/diacritics")
    return article.finding(match.start, match.end, rule, message, severity=severity, replacements=replacements)
