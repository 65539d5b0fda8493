"""The grammar check's rules table: its news rules (their tables in data/news_rules.toml), its other
rules, and the families under which LanguageTool's rules and a desk's house rules are reported."""

from __future__ import annotations

from typing import Any

from newsedit.checks.grammar.news_rules import data
from newsedit.findings import Severity
from newsedit.rules import Examples, Rule, RuleList

LT_PREFIX = "grammar/lt-"  # LanguageTool rule X is reported as grammar/lt-X; the prefix selects them all
HOUSE_PREFIX = "house/"  # a desk's own rules (house-rules in the config); the grammar check runs them


def news_rule_entries() -> list[Rule]:
    """One entry per table of data/news_rules.toml: the table is the rule's description."""
    return [_entry(name, table) for name, table in data().items() if name != "languagetool"]


def _entry(name: str, table: dict[str, Any]) -> Rule:
    examples = Examples(tuple(table.get("pass", ())), tuple(table.get("fail", ())))
    return Rule(
        f"grammar/{name}", table["name"], Severity.parse(table["severity"]), table["why"],
        examples=examples, config=tuple(table.get("config", ())), tags=tuple(table.get("tags", ())),
    )  # fmt: skip


RULES = RuleList([
    *news_rule_entries(),
    # The contexts in which two LanguageTool rules are precise enough to block, measured apart from the
    # rest of their matches (data/lt_precision.json's "contexts" gives the measured severity).
    Rule(
        "grammar/misspelling", "misspelling", Severity.ERROR,
        'A lower-case word LanguageTool does not know that is on codespell\'s list of common misspellings'
        ' ("goverment", "recieve", "seperate"); capitalised unknown words are names, not this.',
        examples=Examples(
            ("The government will receive the report on Monday.",),
            ("The goverment will recieve the report on Monday.",),
        ),
        tags=("spelling",),
    ),
    Rule(
        "grammar/typo", "typo", Severity.ERROR,
        'A lower-case word no dictionary knows, a letter added, dropped or two swapped inside a common word'
        ' ("environmment", "campaiging", "previuosly"), used once; coined, foreign and code words are not this'
        ' (see checks/grammar/slips.py).',
        examples=Examples(
            ("Officials said the settlement was previously announced.",),
            ("Officials said the settlement was previuosly announced.",),
        ),
        tags=("spelling",),
    ),
    Rule(
        "grammar/contraction", "contraction", Severity.ERROR,
        'A negative contraction written without its apostrophe ("dont", "isnt", "wouldnt"); other words'
        ' LanguageTool reads as contractions ("whats and wherefores", the name "Im") stay'
        ' grammar/lt-EN_CONTRACTION_SPELLING.',
        examples=Examples(
            ("I don't think this administration is going to reverse that.",),
            ("I dont think this administration is going to reverse that.",),
        ),
        tags=("typo",),
    ),
    Rule(
        "grammar/doubled-word", "doubled word", Severity.ERROR,
        'A small word typed twice ("the the", "to to", "a a"); doubles that can be right ("had had",'
        ' "that that") stay grammar/lt-ENGLISH_WORD_REPEAT_RULE.',
        examples=Examples(
            ("The minister had had enough of the delay.",),
            ("The minister went to the the meeting on Monday.",),
        ),
        tags=("typo",),
    ),
    Rule(
        "grammar/a-or-an", "a or an", Severity.ERROR,
        'The article does not fit the sound of the next word, where its spelling tells the sound ("an report",'
        ' "a 18% cut", "a Austrian"); before h, initialisms, names in u and words in o ("an historic", "a NIST",'
        ' "a Uefa", "a one-off") the sound is not in the letters: grammar/lt-EN_A_VS_AN (checks/grammar/sounds.py).',
        examples=Examples(
            ("Wilson said they will prepare a report for the leaders.",),
            ("Wilson said they will prepare an report for the leaders.",),
        ),
        tags=("typo",),
    ),
    Rule(
        "grammar/unknown-word", "unknown word", Severity.INFO,
        "A word LanguageTool does not know that is no near miss of a common word (technical, foreign, new): check it.",
        examples=Examples(
            passing=("The ministry published its annual report on Tuesday.",),
            failing=("The ministry published its annual report on the zorblaxian fleet on Tuesday.",),
        ),
        config=("grammar.accept",), tags=("spelling",),
    ),
    # Info: on published copy nearly every such word is a correct name (bench/precision.py).
    Rule(
        "grammar/unknown-name", "unknown name", Severity.INFO,
        "A capitalised word LanguageTool does not know, used once: check the name, or add it to grammar.accept.",
        examples=Examples(
            passing=("Mr Brzozowiak said the talks would resume. Brzozowiak added that he was hopeful.",),
            failing=("The talks were chaired by Mr Brzozowiak, who said they would resume.",),
        ),
        config=("grammar.accept", "grammar.names"), tags=("spelling", "names"),
    ),
    Rule(
        "grammar/name-spelling", "misspelt listed name", Severity.ERROR,
        "A name on the desk's names list (grammar.names) written with one word misspelt: \"Kier Starmer\" for"
        " \"Keir Starmer\". The examples assume a names list holding Keir Starmer.",
        examples=Examples(
            passing=("Keir Starmer spoke to reporters in Downing Street.",),
            failing=("Kier Starmer spoke to reporters in Downing Street.",),
        ),
        config=("grammar.names",), tags=("spelling", "names"),
    ),
    Rule(
        "grammar/not-english", "not English", Severity.INFO,
        "The article is not in English (told by its common words): it is reported once, its grammar is not checked.",
        examples=Examples(
            passing=("The government said on Monday that the talks would continue next week in Brussels.",),
            failing=(
                "Le gouvernement a annoncé lundi que les négociations se poursuivraient la semaine prochaine"
                " à Bruxelles, selon un porte-parole du ministère des affaires étrangères.",
            ),
        ),
        config=("grammar.language",), tags=("language",),
    ),
    Rule(
        "grammar/diacritics", "accents dropped", Severity.INFO,
        'A name or word written without its accents ("Jose" for "José"): house styles often drop them on purpose.',
        examples=Examples(
            passing=("José Mourinho was appointed manager on Monday.",),
            failing=("Jose Mourinho was appointed manager on Monday.",),
        ),
        tags=("spelling", "names"),
    ),
    Rule(
        LT_PREFIX, "LanguageTool", Severity.WARNING,
        "LanguageTool's own rules, reported as grammar/lt-<rule id>; severity as measured on published copy"
        " (data/lt_precision.json), else the rule's category.",
    ),
    Rule(
        HOUSE_PREFIX, "house rules", Severity.WARNING,
        "A desk's own rules, from the TOML files that house-rules names in the config: pattern or phrase,"
        " replacement, message, severity, tags, link and examples (`newsedit rules test FILE PATH` tries them).",
        config=("house-rules", "house-tags"),
    ),
])  # fmt: skip
