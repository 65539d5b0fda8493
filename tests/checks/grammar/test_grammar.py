"""The grammar check: LanguageTool's matches and the news rules as findings, on the real server."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from cli_helpers import newsedit
from newsedit.article import Article, parse
from newsedit.backends import languagetool
from newsedit.backends.languagetool import Match
from newsedit.checks import CheckOutput, grammar
from newsedit.config import Config, GrammarConfig
from newsedit.findings import Finding, Severity

SAMPLE = Path(__file__).parents[3] / "fixtures" / "lavrov-north-korea.txt"
SAMPLE_NAMES = {"Lavrov", "Pyongyang", "Shoigu", "Tikhoretsk", "Hwasong"}


def spelling_match(article: Article, word: str, nth: int = 0, replacements: tuple[str, ...] = ("X",)) -> Match:
    """A spell checker's match on the nth occurrence of word, as LanguageTool would send it."""
    start = -1
    for _ in range(nth + 1):
        start = article.text.index(word, start + 1)
    end = start + len(word)
    return Match(start, end, "MORFOLOGIK_RULE_EN_US", "TYPOS", "misspelling", "Possible typo.", replacements)


def lt_findings(article: Article, matches: list[Match]) -> list[Finding]:
    return grammar.lt_findings(article, matches, grammar.lt_policy(GrammarConfig()), [])


def reported(article: Article, matches: list[Match], accept: list[str] | None = None) -> list[tuple[str, str]]:
    policy = grammar.lt_policy(GrammarConfig(accept=accept or []))
    return [(f.rule, f.text) for f in grammar.lt_findings(article, matches, policy, [])]


# ---- names and spelling, on LanguageTool-shaped matches --------------------------------------


def test_accepted_and_recurring_names_are_not_misspellings() -> None:
    article = parse("Headline here\n\nMr Zorbu met Mr Shoigu. Later Zorbu left.\n", "a.txt")
    matches = [spelling_match(article, "Zorbu"), spelling_match(article, "Shoigu"), spelling_match(article, "Zorbu", 1)]
    assert reported(article, matches) == []


def test_a_possessive_counts_as_a_use_of_the_name() -> None:
    article = parse("Headline here\n\nMr Zorbu's trip ended. Talks with Zorbu went well.\n", "a.txt")
    assert reported(article, [spelling_match(article, "Zorbu", 1)]) == []


def test_a_name_met_once_mid_sentence_is_an_unknown_name_info() -> None:
    article = parse("Headline here\n\nContainers went to the port of Qwertzu last week.\n", "a.txt")
    [finding] = grammar.lt_findings(
        article, [spelling_match(article, "Qwertzu")], grammar.lt_policy(GrammarConfig()), []
    )
    assert (finding.rule, finding.severity.name, finding.replacements) == ("grammar/unknown-name", "INFO", ("X",))


def test_config_accept_list_silences_a_name() -> None:
    article = parse("Headline here\n\nContainers went to the port of Qwertzu last week.\n", "a.txt")
    assert reported(article, [spelling_match(article, "Qwertzu")], accept=["Qwertzu"]) == []


def test_a_near_miss_of_a_recurring_name_is_a_misspelling_of_it() -> None:
    text = "Headline here\n\nMr Lavrov spoke. Mr Lavrov left. Then Mr Lavorv returned.\n"
    article = parse(text, "a.txt")
    [finding] = grammar.lt_findings(
        article, [spelling_match(article, "Lavorv")], grammar.lt_policy(GrammarConfig()), []
    )
    assert finding.rule == "grammar/lt-MORFOLOGIK_RULE_EN_US"
    # The spell checker's severity is its measured one (data/lt_precision.json).
    assert finding.severity == grammar.lt_policy(GrammarConfig()).severity_of(spelling_match(article, "Lavorv"))
    assert finding.replacements[0] == "Lavrov"


def test_typos_at_a_sentence_start_or_in_lower_case_stay_misspellings() -> None:
    article = parse("Headline here\n\nRecieve is wrong. So is recieve. Qwertzu is a new word.\n", "a.txt")
    matches = [
        spelling_match(article, "Recieve", replacements=("Receive",)),
        spelling_match(article, "recieve", replacements=("receive",)),
        spelling_match(article, "Qwertzu"),
    ]
    assert reported(article, matches) == [
        ("grammar/lt-MORFOLOGIK_RULE_EN_US", "Recieve"),
        ("grammar/misspelling", "recieve"),
        ("grammar/unknown-name", "Qwertzu"),
    ]


def test_a_lower_case_misspelling_blocks_and_an_unknown_name_does_not() -> None:
    article = parse("Headline here\n\nThe goverment met Mr Qwertzu. They seperate.\n", "a.txt")
    matches = [
        spelling_match(article, "goverment", replacements=("government",)),
        spelling_match(article, "Qwertzu"),
        spelling_match(article, "seperate", replacements=("separate",)),
    ]
    found = [(f.rule, f.text, f.severity.name, f.replacements[0]) for f in lt_findings(article, matches)]
    assert found == [
        ("grammar/misspelling", "goverment", "ERROR", "government"),
        ("grammar/unknown-name", "Qwertzu", "INFO", "X"),
        ("grammar/misspelling", "seperate", "ERROR", "separate"),
    ]


def test_codespell_knows_a_misspelling_no_suggestion_is_one_letter_from() -> None:
    article = parse("Headline here\n\nThey said somenthing.\n", "a.txt")
    [finding] = lt_findings(article, [spelling_match(article, "somenthing", replacements=("sometime",))])
    assert (finding.rule, finding.replacements[0]) == ("grammar/misspelling", "something")


def test_codespell_is_asked_before_the_frequency_list_that_counts_common_slips_as_words() -> None:
    # "thats" is frequent enough in web text to pass for a word; codespell lists it as a misspelling
    article = parse("Headline here\n\nHe said thats the plan.\n", "a.txt")
    [finding] = lt_findings(article, [spelling_match(article, "thats", replacements=("that's",))])
    assert (finding.rule, finding.severity.name, finding.replacements[0]) == ("grammar/misspelling", "ERROR", "that's")


def test_a_listed_misspelling_in_a_passage_of_another_language_is_that_languages_word() -> None:
    # codespell lists "signes" and "responsable"; beside "québécoise" or "évaluation" they are French
    for body, word, fix in [
        ("Interpreters used Langue des signes québécoise at the event.", "signes", "signs"),
        ("La direction est responsable de l’évaluation du personnel.", "responsable", "responsible"),
    ]:
        assert _typo(body, word, fix)[0] == "grammar/unknown-word", word
    assert _typo("He was responsable for the attack.", "responsable", "responsible")[0] == "grammar/misspelling"


def _typo(body: str, word: str, fix: str) -> tuple[str, str]:
    article = parse(f"Headline here\n\n{body}\n", "a.txt")
    [finding] = lt_findings(article, [spelling_match(article, word, replacements=(fix,))])
    return finding.rule, finding.replacements[0] if finding.replacements else ""


def test_a_letter_added_dropped_or_swapped_inside_a_common_word_is_a_typo() -> None:
    """Slips of the keyboard codespell does not list block as grammar/typo, with the word they miss."""
    for body, word, fix in [
        ("It can improve your working environmment today.", "environmment", "environment"),
        ("All parties are stepping up campaiging this week.", "campaiging", "campaigning"),
        ("As previuosly announced, the merger will proceed.", "previuosly", "previously"),
        ("It was a deeply innapropriate product.", "innapropriate", "inappropriate"),
    ]:
        assert _typo(body, word, fix) == ("grammar/typo", fix), word


def test_coined_foreign_code_and_changed_letter_words_are_no_typos() -> None:
    """What the spell checker's lower-case near misses on published copy mostly are stays info."""
    for body, word, fix in [
        ("It can be one of the barfier games.", "barfier", "barrier"),  # a letter changed in place
        ("The way reverbed guitar spells surf music.", "reverbed", "reversed"),  # a known word + "ed"
        ("Many domainers give up on cash.", "domainers", "domains"),  # known word + two endings
        ("The feminine is avocate, the plural avocats or avocates.", "avocates", "advocates"),  # in French words
        ("If you call pthreads, it waits.", "pthreads", "threads"),  # an edit at the word's edge
        ("The camapign ran. The camapign ended.", "camapign", "campaign"),  # used twice: a word of its own
    ]:
        assert _typo(body, word, fix)[0] != "grammar/typo", word


def test_a_near_miss_codespell_does_not_list_stays_the_spell_checkers() -> None:
    article = parse("Headline here\n\nWe tested the nofollow links.\n", "a.txt")
    [finding] = lt_findings(article, [spelling_match(article, "nofollow", replacements=("no follow",))])
    assert finding.rule == "grammar/lt-MORFOLOGIK_RULE_EN_US"


def test_a_doubled_function_word_is_a_doubled_word_and_had_had_is_languagetools() -> None:
    article = parse("Headline here\n\nHe went to to the shop. What he had had was enough.\n", "a.txt")
    matches = []
    for pair in ("to to", "had had"):
        start = article.text.index(pair)
        matches.append(Match(start, start + len(pair), "ENGLISH_WORD_REPEAT_RULE", "MISC", "duplication", "Twice.", ()))
    found = [(f.rule, f.severity.name) for f in lt_findings(article, matches)]
    assert found[0] == ("grammar/doubled-word", "ERROR")
    assert found[1][0] == "grammar/lt-ENGLISH_WORD_REPEAT_RULE" and found[1][1] != "ERROR"


def test_a_lower_case_word_far_from_any_common_word_is_an_unknown_word_info() -> None:
    article = parse("Headline here\n\nThe drug desmoteplase was tested.\n", "a.txt")
    [finding] = lt_findings(article, [spelling_match(article, "desmoteplase", replacements=())])
    assert (finding.rule, finding.severity.name) == ("grammar/unknown-word", "INFO")


def test_inside_quotations_only_spelling_and_proper_noun_case_are_reported() -> None:
    article = parse('Headline here\n\nHe said: "We is recieving help from the united nations."\n', "a.txt")
    start = article.text.index("We is")
    grammar_match = Match(start, start + 5, "PERS_PRONOUN_AGREEMENT", "GRAMMAR", "grammar", "Agreement.", ("We are",))
    start = article.text.index("united nations")
    case_match = Match(start, start + 14, "EN_SPECIFIC_CASE", "CASING", "misspelling", "Capitals.", ("United Nations",))
    typo = spelling_match(article, "recieving", replacements=("receiving",))
    assert reported(article, [grammar_match, typo, case_match]) == [
        ("grammar/misspelling", "recieving"),
        ("grammar/lt-EN_SPECIFIC_CASE", "united nations"),
    ]


def test_lt_parts_add_up_to_the_text_and_skip_labels_and_markdown_syntax() -> None:
    text = "Top Stories\n\n# Storm **hits** the [coast](https://example.org/x)\n\nIt rained `a lot`.\n"
    article = parse(text, "a.md", markdown=True)
    parts = grammar.lt_parts(article)
    assert "".join(p.get("text", p.get("markup", "")) for p in parts) == text
    checked = "".join(p.get("text", p.get("interpretAs", "")) for p in parts)
    assert "Top Stories" not in checked and "https" not in checked and "**" not in checked
    assert "Storm hits the coast" in checked and "It rained code." in checked


# ---- on the real server ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_output(languagetool_server: Path) -> Iterator[tuple[Article, list[Finding]]]:
    """The check's findings on the sample (one LanguageTool request for the module)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(languagetool.CACHE_ENV, str(languagetool_server))
        article = parse(
            Path(__file__).parents[3].joinpath("fixtures/lavrov-north-korea.txt").read_text("utf-8"), "s.txt"
        )
        check = grammar.create(Config())
        try:
            output = check.check(article)
        finally:
            check.close()
    assert output.error is None
    yield article, output.findings


@pytest.mark.slow
def test_sample_due_of_is_an_error_at_line_53_with_due_to(sample_output: tuple[Article, list[Finding]]) -> None:
    _, findings = sample_output
    due = [f for f in findings if f.rule == "grammar/due-of"]
    assert [(f.line, f.column, f.text, f.severity.name, f.replacements) for f in due] == [
        (53, 1, "Due of", "ERROR", ("Due to",))
    ]
    # LanguageTool's own reading ("Do") of the same words is dropped in favour of the news rule.
    assert not [f for f in findings if f.line == 53 and f.rule.startswith("grammar/lt-") and f.column == 1]


@pytest.mark.slow
def test_sample_names_are_not_spelling_errors(sample_output: tuple[Article, list[Finding]]) -> None:
    _, findings = sample_output
    flagged = {f.text for f in findings if "MORFOLOGIK" in f.rule or f.rule == "grammar/unknown-name"}
    assert not flagged & SAMPLE_NAMES


@pytest.mark.slow
def test_sample_proper_noun_in_a_quotation_gets_its_capitals(sample_output: tuple[Article, list[Finding]]) -> None:
    _, findings = sample_output
    case = [f for f in findings if f.rule == "grammar/lt-EN_SPECIFIC_CASE"]
    assert [(f.line, f.text, f.replacements[:1]) for f in case] == [(32, "Russian federation", ("Russian Federation",))]


@pytest.mark.slow
def test_sample_findings_slice_back_to_the_text(sample_output: tuple[Article, list[Finding]]) -> None:
    article, findings = sample_output
    assert findings
    for f in findings:
        assert article.text[f.start : f.end] == f.text
        assert re.fullmatch(r"grammar/([a-z-]+|lt-[A-Z0-9_]+)", f.rule), f.rule
    rules = {f.rule for f in findings}
    assert {"grammar/wrong-word", "grammar/informal", "grammar/due-of"} <= rules
    assert any(r.startswith("grammar/lt-") for r in rules)


@pytest.mark.slow
def test_cli_grammar_on_the_sample_reuses_the_running_server(lt_cache: Path, sample_path: Path) -> None:
    before = languagetool.read_state()
    done = newsedit("grammar", str(sample_path), "--format", "json", "--no-cache")
    assert done.code == 1, done.err
    rules = [f["rule"] for a in done.json()["articles"] for f in a["findings"]]
    assert "grammar/due-of" in rules
    after = languagetool.read_state()
    assert before is not None and after is not None and after.pid == before.pid


@pytest.mark.slow
def test_language_variant_and_disabled_rules_come_from_config(lt_cache: Path) -> None:
    article = parse("Headline here\n\nThey organise the color of the car outside of the house.\n", "a.txt")
    us = _rules(GrammarConfig(), article)
    gb = _rules(GrammarConfig(language="en-GB", disabled_rules=["OUTSIDE_OF"]), article)
    no_typos = _rules(GrammarConfig(language="en-GB", disabled_categories=["TYPOS"]), article)
    assert "grammar/lt-OUTSIDE_OF" in us and not any("MORFOLOGIK" in r for r in us)
    # en-GB's own rules run: Oxford spelling advice on "organise" (house style, info).
    assert "grammar/lt-OXFORD_SPELLING_Z_NOT_S" in gb and "grammar/lt-OUTSIDE_OF" not in gb
    assert "grammar/lt-OXFORD_SPELLING_Z_NOT_S" not in us
    assert not any("MORFOLOGIK" in r for r in no_typos)


def _checked(article: Article) -> CheckOutput:
    """The grammar check's output for one article, on the real server, the check closed after."""
    check = grammar.GrammarCheck(GrammarConfig())
    try:
        return check.check(article)
    finally:
        check.close()


@pytest.mark.slow
def test_offsets_stay_exact_after_characters_outside_the_bmp(lt_cache: Path) -> None:
    output = _checked(parse("Headline 😀 here\n\nFans 🎉🎉 cheered as he recieved the cup.\n", "a.txt"))
    assert [f.text for f in output.findings if f.rule == "grammar/misspelling"] == ["recieved"]


@pytest.mark.slow
def test_markdown_syntax_and_link_targets_are_not_checked(lt_cache: Path) -> None:
    text = "# Storm **hits** coast\n\nDue of the [storm](https://example.org/recieve-zzq), roads closed.\n"
    output = _checked(parse(text, "a.md", markdown=True))
    assert [(f.rule, f.text) for f in output.findings] == [("grammar/due-of", "Due of")]


def _quote_findings(text: str) -> list[tuple[int, str]]:
    output = _checked(parse(text, "a.txt"))
    assert output.error is None, output.error
    return [(f.line, f.text) for f in output.findings if f.rule == "grammar/lt-EN_UNPAIRED_QUOTES"]


@pytest.mark.slow
def test_a_quotation_at_the_end_of_a_file_is_not_unpaired(lt_cache: Path) -> None:
    # LanguageTool itself calls both marks unpaired when the text ends in one newline.
    assert _quote_findings('Jobs fall\n\nHe said: "It is bad," and left. "It is good."\n') == []


@pytest.mark.slow
def test_a_quotation_over_paragraphs_is_paired_by_the_news_convention(lt_cache: Path) -> None:
    # Each paragraph of the quotation opens a quote mark; only the last one closes it.
    text = 'Jobs fall\n\nHe said: "We will win the cup.\n\n"We have the players for it."\n\nThen he left.\n'
    assert _quote_findings(text) == []
    # An opening mark that no paragraph continues or closes is still reported.
    unclosed = 'Jobs fall\n\nHe said: "We will win the cup.\n\nThen he left the room.\n'
    assert _quote_findings(unclosed) == [(3, '"')]


@pytest.mark.slow
def test_award_categories_and_hardest_hit_need_no_the(lt_cache: Path) -> None:
    text = (
        "Awards night\n\nThe Aviator was named best film, and Jamie Foxx was named best actor. Sideways"
        " won best screenplay, including best comedy. Farmers will be hardest hit by the ban.\n\n"
        "She is best student in the class.\n"
    )
    output = _checked(parse(text, "a.txt"))
    assert [(f.line, f.text) for f in output.findings if f.rule == "grammar/lt-THE_SUPERLATIVE"] == [(5, "is best")]


@pytest.mark.slow
def test_an_amount_read_with_a_vowel_keeps_its_an_and_a_plain_word_blocks(lt_cache: Path) -> None:
    text = (
        "Fraud trial\n\nHe is accused of overseeing an $11bn fraud at the firm. The EU and US agreed on it."
        ' He said: "They told Graeme and I to go. "It was over."\n\nThey prepared an report on the firm.\n'
    )
    output = _checked(parse(text, "a.txt"))
    found = [(f.line, f.rule, f.text) for f in output.findings if f.severity >= Severity.WARNING]
    assert found == [(5, "grammar/a-or-an", "an")]


@pytest.mark.slow
def test_a_named_server_is_used_without_a_local_install(languagetool_server: Path, tmp_path: Path) -> None:
    url = languagetool.ServerState(**json.loads((languagetool_server / "languagetool-server.json").read_text())).url
    env = {languagetool.CACHE_ENV: str(tmp_path), languagetool.URL_ENV: url}
    done = newsedit("grammar", "-", "--no-cache", stdin=b"A headline\n\nDue of rain, it was cancelled.\n", env=env)
    assert done.code == 1, done.err
    assert "grammar/due-of" in done.out
    assert not (tmp_path / "languagetool-server.json").exists()


def _rules(settings: GrammarConfig, article: Article) -> set[str]:
    check = grammar.GrammarCheck(settings)
    try:
        output = check.check(article)
    finally:
        check.close()
    assert output.error is None, output.error
    return {f.rule for f in output.findings}
