"""The rule pack reads structure: subjects found by the chunker whatever their words, on the real server.

The agreement rules once listed words: they caught "Rescue teams has" but not "Investigators has",
and fired on a gerund's object ("Sharing templates is") and on amounts ("10 years is"). These
sentences are new to the pack (none is one of its <example> elements).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from test_news_rules import check, rule_elements

from newsedit.backends import languagetool

# (sentence, the wrong word, the rule group that must find it)
WRONG = [
    ("Prosecutors has dropped the case against him.", "has", "NEWS_AGREEMENT_PLURAL_SUBJECT"),
    ("Shoppers was queueing before dawn.", "was", "NEWS_AGREEMENT_PLURAL_SUBJECT"),
    ("The mayor said residents in the flooded streets has been moved.", "has", "NEWS_AGREEMENT_PLURAL_SUBJECT"),
    ("The review of the hospital's accounts show a deficit.", "show", "NEWS_AGREEMENT_SINGULAR_SUBJECT"),
    ("A survey of local businesses were published on Monday.", "were", "NEWS_AGREEMENT_SINGULAR_SUBJECT"),
    ("Each of the bidders have until Friday.", "have", "NEWS_AGREEMENT_ONE_OF"),
    ("Officials said one of the engines were damaged.", "were", "NEWS_AGREEMENT_ONE_OF"),
    ("There was four candidates on the ballot.", "was", "NEWS_AGREEMENT_THERE"),
    ("The club will signs a new striker.", "signs", "NEWS_VERB_FORM"),
    ("The board agreed to delayed the vote.", "delayed", "NEWS_VERB_FORM"),
    ("Last month the bank raises its rates.", "raises", "NEWS_TENSE_PAST_TIME"),
]

# Correct sentences of the shapes the rules read, which they must leave alone.
RIGHT = [
    "Sharing templates is a good way to start.",
    "Targeting audiences is key to the campaign.",
    "10 years is a long time in politics.",
    "Twenty dollars was the price of a ticket.",
    "Prosecutors have dropped the case against him.",
    "The review of the hospital's accounts shows a deficit.",
    "A number of local businesses were hit.",
    "The majority of the engines were damaged.",
    "The government of the day were divided.",
    "Each of the bidders has until Friday.",
    "There was £4m left in the fund.",
    "The club will sign a new striker.",
    "Last month's figures show a rise.",
    "The Rolling Stones is a band he loves.",
]


@pytest.mark.slow
@pytest.mark.parametrize(("sentence", "wrong", "rule"), WRONG)
def test_an_error_of_this_shape_is_found_at_its_word(lt_cache: Path, sentence: str, wrong: str, rule: str) -> None:
    state = languagetool.read_state()
    assert state is not None
    found = [(m["rule"]["id"], sentence[m["offset"] : m["offset"] + m["length"]]) for m in check(state.url, sentence)]
    assert (rule, wrong) in found, found


@pytest.mark.slow
@pytest.mark.parametrize("sentence", RIGHT)
def test_a_correct_sentence_of_that_shape_is_left_alone(lt_cache: Path, sentence: str) -> None:
    state = languagetool.read_state()
    assert state is not None
    assert check(state.url, sentence) == []


# Agreement rules about named nouns ("the number of", "police"): their words are the point.
LISTED = ("NEWS_AGREEMENT_COLLECTION_OF", "NEWS_AGREEMENT_PLURAL_NOUN")


def test_the_agreement_rules_read_the_chunker_not_word_lists() -> None:
    """Every agreement rule finds its subject's head by a chunk tag (or a closed "each/one of", "there")."""
    for rule_id, element in rule_elements():
        if not rule_id.startswith("NEWS_AGREEMENT_") or rule_id in LISTED:
            continue
        for rule in element.iter("rule"):
            text = ET.tostring(rule, encoding="unicode")
            assert "chunk_re" in text or rule_id in ("NEWS_AGREEMENT_ONE_OF", "NEWS_AGREEMENT_THERE"), rule_id
            assert "postag" in text, rule_id
