"""The confidence rule that turns measured evidence into a severity, the contexts a LanguageTool rule is
split into, codespell's misspellings, and the shipped table against the rule and the judgements."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from newsedit.backends.languagetool import Match
from newsedit.checks import grammar
from newsedit.checks.grammar import misspellings
from newsedit.checks.grammar.evidence import Evidence, severity, wilson
from newsedit.config import GrammarConfig
from newsedit.findings import Severity

BENCH_DATA = Path(__file__).parents[3] / "bench" / "data"


def test_wilson_bounds_stay_honest_at_zero_and_one() -> None:
    assert wilson(0, 0) == (0.0, 1.0)
    low, high = wilson(0, 1000)
    assert low == pytest.approx(0.0, abs=1e-12) and high == pytest.approx(3.84 / 1003.84, rel=0.01)
    low, high = wilson(1, 1)
    assert high == 1.0 and low == pytest.approx(0.207, abs=0.001)  # one right match is no "precision 1.0"
    low, high = wilson(50, 100)
    assert low == pytest.approx(0.404, abs=0.001) and high == pytest.approx(0.596, abs=0.001)


def test_few_right_matches_block_only_when_enough_to_rule_out_chance_and_none_was_false() -> None:
    assert severity(Evidence(pieces=1000, false_pieces=0, matches=1, true=1)) == "warning"  # one is no evidence
    assert severity(Evidence(pieces=1000, false_pieces=0, matches=3, true=3)) == "warning"  # lower bound 0.44
    assert severity(Evidence(pieces=1000, false_pieces=0, matches=4, true=4)) == "error"  # lower bound 0.51
    assert severity(Evidence(pieces=200, false_pieces=0, matches=4, true=4)) == "warning"  # bound 19 per 1,000
    assert severity(Evidence(pieces=1000, false_pieces=1, matches=2, true=1)) == "warning"
    assert severity(Evidence(pieces=1000, false_pieces=1, matches=1, true=0)) == "info"


def test_a_rule_that_matches_often_needs_a_high_lower_bound_on_its_precision() -> None:
    assert severity(Evidence(pieces=2000, false_pieces=1, matches=40, true=39)) == "error"
    assert severity(Evidence(pieces=2000, false_pieces=3, matches=12, true=9)) == "warning"
    assert severity(Evidence(pieces=2000, false_pieces=60, matches=200, true=140)) == "info"  # too many false alarms


def test_a_rule_with_no_match_anywhere_is_a_warning_never_an_error() -> None:
    assert severity(Evidence(pieces=4000, false_pieces=0, matches=0, true=0)) == "warning"


def _match(text: str, rule: str, word: str, category: str = "MISC") -> Match:
    start = text.index(word)
    return Match(start, start + len(word), rule, category, "duplication", "m", ())


def test_a_doubled_function_word_is_its_own_context_and_a_doubled_had_is_not() -> None:
    for text, pair in (("He went to to the shop.", "to to"), ("It was the the best.", "the the"), ("a a b", "a a")):
        assert grammar.context_rule(_match(text, "ENGLISH_WORD_REPEAT_RULE", pair), text) == "grammar/doubled-word"
    for text, pair in (("What he had had was enough.", "had had"), ("He said that that was all.", "that that")):
        assert grammar.context_rule(_match(text, "ENGLISH_WORD_REPEAT_RULE", pair), text) is None
    assert grammar.context_rule(_match("to to", "OTHER_RULE", "to to"), "to to") is None


def _article_match(text: str) -> Match:  # LanguageTool's match covers the article, the last "a"/"an"
    start = max(text.rfind(" a "), text.rfind(" an ")) + 1
    return Match(start, text.index(" ", start), "EN_A_VS_AN", "MISC", "", "m", ())


def test_a_or_an_where_the_spelling_tells_the_sound_is_apart_from_the_rest() -> None:
    for text in (
        "They prepared an report.",
        "It was a 18% cut.",
        "It was at a Austrian museum.",
        "He made a $80m bid.",
    ):
        assert grammar.context_rule(_article_match(text), text) == "grammar/a-or-an", text
    # h, an initialism read as letters or as a word, a name in u, a word in o: the sound is not in the letters
    for text in ("It was an historic day.", "It has a HDL flow.", "It follows a NIST control.", "He is an ntl man.",
                 "It left a Uefa Cup tie.", "It is a one-off.", "Mail came from an fbi.gov address."):  # fmt: skip
        assert grammar.context_rule(_article_match(text), text) is None, text


def test_a_negative_contraction_without_its_apostrophe_is_apart_from_other_contraction_matches() -> None:
    def context(text: str, word: str, fix: str) -> str | None:
        start = text.index(word)
        match = Match(start, start + len(word), "EN_CONTRACTION_SPELLING", "TYPOS", "", "m", (fix,))
        return grammar.context_rule(match, text)

    assert context("I dont think so.", "dont", "don't") == "grammar/contraction"
    assert context("It isnt over.", "isnt", "isn’t") == "grammar/contraction"
    assert context("Too many ifs, whats and wherefores.", "whats", "what's") is None
    assert context("Im Kwon-Taek won.", "Im", "I'm") is None  # a name
    assert context("Dont go.", "Dont", "Don't") == "grammar/contraction"


def test_an_amount_read_with_a_vowel_takes_an_whatever_its_digits() -> None:
    policy = grammar.lt_policy(GrammarConfig())
    for text in ("He faces an $11bn fraud case.", "It cut an £800m deal.", "It was an 18% cut.", "It is an 8m loss."):
        assert policy.misfires(_article_match(text), text), text
    for text in ("It was an $110m deal.", "It was an 1,100 rise.", "They prepared an report."):
        assert not policy.misfires(_article_match(text), text), text


def test_codespell_knows_common_misspellings_and_no_word_of_english() -> None:
    assert misspellings.correction("goverment") == "government"
    assert misspellings.correction("recieve") == "receive"
    assert misspellings.correction("seperate") == "separate"
    for word in ("government", "receive", "the", "Goverment"):  # a capitalised word may be a name
        assert misspellings.correction(word) is None


def test_house_style_is_info_by_id_suffix_and_category() -> None:
    policy = grammar.lt_policy(GrammarConfig())
    for rule, category in (("NORTH_POLE", "CASING"), ("MONTH_OF_XXXX", "REDUNDANCY"), ("CYBER_COMPOUNDS", "GRAMMAR"),
                           ("EN_COMPOUNDS_SUB_COMMITTEES", "MISC"), ("ANY_RULE", "COMPOUNDING")):  # fmt: skip
        assert policy.severity_of(Match(0, 1, rule, category, "", "m", ())) == Severity.INFO, rule


def test_no_languagetool_rule_blocks_unmeasured() -> None:
    policy = grammar.lt_policy(GrammarConfig())
    for category in ("GRAMMAR", "TYPOS", "CONFUSED_WORDS", "NONSTANDARD_PHRASES"):
        assert policy.severity_of(Match(0, 1, "NO_SUCH_RULE_EVER", category, "", "m", ())) == Severity.WARNING
    assert policy.severity_of(Match(0, 1, "NEWS_AGREEMENT_PLURAL", "NEWS_GRAMMAR", "", "m", ())) == Severity.ERROR


def test_the_shipped_table_follows_the_confidence_rule() -> None:
    table = grammar.measured_table()
    assert table["rules"] and set(table["contexts"]) <= {
        "grammar/misspelling",
        "grammar/typo",
        "grammar/doubled-word",
        "grammar/a-or-an",
        "grammar/contraction",
    }
    for rule, e in {**table["rules"], **table["contexts"]}.items():
        assert 0 <= e["true"] <= e["matches"] and e["articles"] <= e["matches"], rule
        assert e["false_pieces"] <= e["articles"] <= e["pieces"], rule
        matches = e["matches"] + e["cweb_matches"] + e["independent_matches"]  # every judged match is evidence
        true = e["true"] + e["cweb_true"] + e["independent_true"]
        evidence = Evidence(e["pieces"], e["false_pieces"], matches, true)
        assert e["severity"] == ("info" if e.get("house_style") else severity(evidence)), rule


def test_lower_case_misspellings_and_doubled_function_words_block_by_default() -> None:
    severities = grammar.measured_severities()
    assert severities.get("grammar/misspelling", Severity.ERROR) == Severity.ERROR
    assert severities.get("grammar/doubled-word", Severity.ERROR) == Severity.ERROR
    assert grammar.RULES.severity("grammar/unknown-name") == Severity.INFO


def test_every_judgement_names_a_file_a_rule_the_matched_text_and_why() -> None:
    for name in ("lt_judgements.toml", "lt_judgements_published.toml"):
        for entry in tomllib.loads((BENCH_DATA / name).read_text("utf-8"))["true"]:
            assert {"file", "rule", "text", "why"} <= set(entry) and all(entry.values()), entry
