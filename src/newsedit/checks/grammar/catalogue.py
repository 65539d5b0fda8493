"""The grammar check's rules table: its own rules, and the prefix under which LanguageTool's are reported."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsedit.findings import Severity
from newsedit.rules import Rule, RuleList

if TYPE_CHECKING:
    pass

LT_PREFIX = "grammar/lt-"  # LanguageTool rule X is reported as grammar/lt-X; the prefix selects them all

RULES = RuleList([
    Rule("grammar/due-of", "due of", Severity.ERROR, '"Due of" is not English: the phrase is "due to".'),
    Rule(
        "grammar/wrong-word", "wrong word", Severity.ERROR,
        'A word that sounds right but is wrong in the phrase: "intercity ballistic missile" for "intercontinental".',
    ),
    Rule(
        "grammar/informal", "informal word", Severity.WARNING,
        'A slang or clipped word that news copy spells out: "ammo" for "ammunition".',
    ),
    Rule(
        "grammar/house-style", "house style", Severity.WARNING,
        "The newsroom's preferred form: newsedit's defaults plus grammar.house-style in the config.",
    ),
    # The contexts in which two LanguageTool rules are precise enough to block, measured apart from the
    # rest of their matches (data/lt_precision.toml's [contexts] gives the measured severity).
    Rule(
        "grammar/misspelling", "misspelling", Severity.ERROR,
        'A lower-case word LanguageTool does not know that is on codespell\'s list of common misspellings'
        ' ("goverment", "recieve", "seperate"); capitalised unknown words are names, not this.',
    ),
    Rule(
        "grammar/doubled-word", "doubled word", Severity.ERROR,
        'A small word typed twice ("the the", "to to", "a a"); doubles that can be right ("had had",'
        ' "that that") stay grammar/lt-ENGLISH_WORD_REPEAT_RULE.',
    ),
    Rule(
        "grammar/unknown-word", "unknown word", Severity.INFO,
        "A word LanguageTool does not know that is no near miss of a common word (technical, foreign, new): check it.",
    ),
    # Info: on published copy nearly every such word is a correct name (bench/precision.py).
    Rule(
        "grammar/unknown-name", "unknown name", Severity.INFO,
        "A capitalised word LanguageTool does not know, used once: check the name, or add it to grammar.accept.",
    ),
    Rule(
        "grammar/not-english", "not English", Severity.INFO,
        "The article is not in English (told by its common words): it is reported once, its grammar is not checked.",
    ),
    Rule(
        "grammar/diacritics", "accents dropped", Severity.INFO,
        'A name or word written without its accents ("Jose" for "José"): house styles often drop them on purpose.',
    ),
    Rule(
        LT_PREFIX, "LanguageTool", Severity.WARNING,
        "LanguageTool's own rules, reported as grammar/lt-<rule id>; severity as measured on published copy"
        " (data/lt_precision.toml), else the rule's category.",
    ),
])  # fmt: skip
