"""Which English an article is checked in, words that are not misspellings, and the measured
severities: the data files, and the behaviour on the real LanguageTool server."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cli_helpers import newsedit
from newsedit.article import parse
from newsedit.checks import grammar
from newsedit.checks.grammar import variants, vocabulary
from newsedit.config import Config, GrammarConfig
from newsedit.findings import Finding, Severity

FIXTURES = Path(__file__).parents[3] / "fixtures"
FRENCH = (
    "Le gouvernement présente sa réforme\n\n"
    "Le président de la République a annoncé mardi que le gouvernement allait présenter un nouveau "
    "projet de loi sur les retraites, qui sera débattu au Parlement dans les prochaines semaines. "
    "Selon ses conseillers, la réforme doit être adoptée avant la fin de l'année, mais les syndicats "
    "ont déjà appelé à une grève nationale pour le mois prochain.\n"
)


# ---- the variants data file ------------------------------------------------------------------


def test_every_variant_pair_is_two_different_words_and_no_word_is_on_both_sides() -> None:
    pairs = variants.pairs()
    assert len(pairs) > 500
    british = {gb for gb, _ in pairs}
    american = {us for _, us in pairs}
    for gb, us in pairs:
        assert gb != us and gb == gb.strip() and us == us.strip(), (gb, us)
        assert re.fullmatch(r"[a-z]+( [a-z]+)?", gb) and re.fullmatch(r"[a-z]+( [a-z]+)?", us), (gb, us)
    assert not british & american


def test_stem_tables_have_unique_stems_and_distinct_suffix_pairs() -> None:
    for name, table in variants.data()["stems"].items():
        assert len(table["stems"]) == len(set(table["stems"])), name
        assert all(gb != us for gb, us in table["suffixes"]), name
        assert len(table["suffixes"]) == len({tuple(p) for p in table["suffixes"]}), name


def test_one_sided_words_are_words_the_pairs_name() -> None:
    pairs = variants.pairs()
    sided = variants.data()["one_sided"]
    assert set(sided["not_british"]) <= {gb for gb, _ in pairs}
    assert set(sided["not_american"]) <= {us for _, us in pairs}


def test_region_markers_are_names_and_stopword_lists_do_not_share_english_words() -> None:
    table = variants.data()
    for region, entry in table["regions"].items():
        if isinstance(entry, dict):
            assert re.fullmatch(r"en-[A-Z]{2}", region)
            assert all(m[:1].isupper() for m in entry["markers"]), region
    stop = table["stopwords"]
    for lang, words in stop.items():
        assert len(words) == len(set(words)), lang
        if lang != "en":
            assert not set(words) & set(stop["en"]), lang


# ---- telling the variant and the language ----------------------------------------------------


def test_british_and_american_fixtures_are_told_apart_by_their_spellings() -> None:
    assert variants.choose(FIXTURES.joinpath("british.txt").read_text("utf-8")) == "en-GB"
    assert variants.choose(FIXTURES.joinpath("american.txt").read_text("utf-8")) == "en-US"


def test_names_are_no_evidence_and_no_evidence_takes_the_fallback() -> None:
    text = "Labour met at the World Trade Center and the Ministry of Defence in the morning."
    assert variants.evidence(text).variant is None
    assert variants.choose(text) == variants.FALLBACK == "en-US"
    assert variants.choose(text, "en-GB") == "en-GB"


def test_oxford_ize_with_british_spellings_stays_british() -> None:
    text = "The council organized a programme to repaint the centre in brighter colours."
    assert variants.choose(text) == "en-GB"


def test_a_british_spelling_article_set_in_australia_is_australian_english() -> None:
    text = (
        "Sydney and Melbourne councils criticised the programme. Queensland joined them, and "
        "Australian officials in Canberra said the colour of the trains would change."
    )
    assert variants.choose(text) == "en-AU"


def test_a_french_article_is_told_from_english_ones() -> None:
    assert variants.foreign_language(FRENCH) == "fr"
    for name in ("british.txt", "american.txt", "lavrov-north-korea.txt"):
        assert variants.foreign_language(FIXTURES.joinpath(name).read_text("utf-8")) is None
    assert variants.foreign_language("Le président a parlé.") is None  # too short to tell


# ---- the frequency list and compounds --------------------------------------------------------


def test_common_words_are_accepted_but_common_typos_are_not() -> None:
    assert vocabulary.zipf("programme") > vocabulary.COMMON_ZIPF
    assert vocabulary.is_common("programme", ("program",))
    assert vocabulary.is_common("criticised", ("criticized",))
    assert not vocabulary.is_common("teh", ("the", "ten"))  # listed, but "the" is far more common
    assert not vocabulary.is_common("alot", ("a lot", "allot"))
    for typo in ("recieve", "definately", "seperate", "accomodate", "goverment", "tomorow", "languaje"):
        assert not vocabulary.is_common(typo), typo


def test_open_closed_and_hyphenated_forms_are_variants_not_errors() -> None:
    assert vocabulary.compound_variant("tiebreak", ("tie-break", "tiebreaker"))
    assert vocabulary.compound_variant("wi-fi", ("Wi-Fi",))
    assert vocabulary.compound_variant("Baftas", ("BAFTAs",))
    assert not vocabulary.compound_variant("english", ("English",))  # the capital is the error
    assert not vocabulary.compound_variant("alot", ("a lot",))
    assert not vocabulary.compound_variant("recieve", ("receive",))


# ---- on the real server ----------------------------------------------------------------------


def _check(text: str, settings: GrammarConfig | None = None, archive: Path | None = None) -> tuple[list[Finding], dict]:
    check = grammar.GrammarCheck(settings or GrammarConfig(), archive)
    try:
        output = check.check(parse(text, "a.txt"))
    finally:
        check.close()
    assert output.error is None
    return output.findings, output.data or {}


def _spelling(findings: list[Finding]) -> list[str]:
    return [f.text for f in findings if "MORFOLOGIK" in f.rule or f.rule == "grammar/unknown-name"]


@pytest.mark.slow
def test_british_fixture_has_no_spelling_errors_in_auto_mode(lt_cache: Path) -> None:
    findings, data = _check(FIXTURES.joinpath("british.txt").read_text("utf-8"))
    assert data["language"] == "en-GB" and data["language_source"] == "article"
    assert _spelling(findings) == []
    assert not [f for f in findings if f.severity == Severity.ERROR]
    # LanguageTool's own American English calls the British spellings misspelt.
    article = parse(FIXTURES.joinpath("british.txt").read_text("utf-8"), "a.txt")
    check = grammar.GrammarCheck(GrammarConfig())
    try:
        [raw] = check.client().check([grammar.lt_parts(article)], ["en-US"])
    finally:
        check.close()
    assert not isinstance(raw, Exception)
    flagged = {article.text[m.start : m.end] for m in raw if "MORFOLOGIK" in m.rule}
    assert {"colours", "programme", "criticised"} <= flagged


@pytest.mark.slow
def test_american_fixture_has_no_spelling_errors_in_auto_mode(lt_cache: Path) -> None:
    findings, data = _check(FIXTURES.joinpath("american.txt").read_text("utf-8"))
    assert data["language"] == "en-US"
    assert _spelling(findings) == []
    assert not [f for f in findings if f.severity == Severity.ERROR]


@pytest.mark.slow
def test_a_variant_set_in_config_wins(lt_cache: Path) -> None:
    findings, data = _check(FIXTURES.joinpath("american.txt").read_text("utf-8"), GrammarConfig(language="en-GB"))
    assert data == {"language": "en-GB", "language_source": "config", "checked": True}
    assert not [f for f in findings if "EN_US" in f.rule]


@pytest.mark.slow
def test_a_repeated_misspelling_is_still_reported(lt_cache: Path) -> None:
    text = (
        "Schools add a new course\n\nThe Languaje course starts in May. Teachers said the Languaje "
        "course would be open to every pupil in the town.\n"
    )
    findings, _ = _check(text)
    typos = [f for f in findings if "MORFOLOGIK" in f.rule]
    assert [f.text for f in typos] == ["Languaje", "Languaje"]
    # Capitalised, it is measured with the spell checker's names, not with lower-case misspellings.
    assert all("Language" in f.replacements for f in typos)


@pytest.mark.slow
def test_common_words_compounds_and_dropped_accents_are_not_errors(lt_cache: Path) -> None:
    text = (
        "Mourinho wins again\n\nJose Mourinho said the tiebreak was decided by a crosscourt forehand. "
        "Fans watched on wi-fi in the stadium, and the club's protege Beyonce sang before the match. "
        "He said he had recieved no complaints.\n"
    )
    findings, _ = _check(text, GrammarConfig(language="en-GB"))
    reported = [(f.rule, f.text) for f in findings if f.severity > Severity.INFO]
    assert reported == [("grammar/misspelling", "recieved")]
    accents = [f for f in findings if f.rule == "grammar/diacritics"]
    assert {f.text.split()[0] for f in accents} >= {"Jose", "protege"}
    assert all(f.severity == Severity.INFO for f in accents)


@pytest.mark.slow
def test_a_french_article_is_reported_once_and_not_checked(lt_cache: Path) -> None:
    findings, data = _check(FRENCH)
    assert data == {"language": "fr", "language_source": "article", "checked": False}
    assert [(f.rule, f.severity) for f in findings] == [("grammar/not-english", Severity.INFO)]
    assert "French" in findings[0].message


@pytest.mark.slow
def test_house_vocabulary_is_learnt_by_index_add(lt_cache: Path, tmp_path: Path) -> None:
    (tmp_path / "newsedit.toml").write_text("[grammar]\n", "utf-8")
    published = tmp_path / "published"
    published.mkdir()
    for i, topic in enumerate(("rail fares", "bus routes", "road tolls")):
        (published / f"{i}.txt").write_text(
            f"Story {i} on {topic}\n\nThe council published its latest flumpering report on {topic} "
            f"on day {i}, and members of the public were asked for their views on it.\n",
            "utf-8",
        )
    draft = tmp_path / "draft.txt"
    draft.write_text("Draft story\n\nThe flumpering figures were released on Monday by the council.\n", "utf-8")

    def flagged() -> list[str]:
        # With the results cache on: learning new words must make the cached result stale.
        done = newsedit("grammar", str(draft), "--format", "json", cwd=tmp_path)
        spelling = ("grammar/unknown-word", "grammar/unknown-name")
        return [f["text"] for a in done.json()["articles"] for f in a["findings"] if f["rule"] in spelling]

    assert flagged() == ["flumpering"]
    added = newsedit("index", "add", str(published), cwd=tmp_path)
    assert added.code == 0, added.err
    assert flagged() == []


@pytest.mark.slow
def test_the_archive_majority_decides_an_article_without_evidence(lt_cache: Path, tmp_path: Path) -> None:
    from newsedit.archive import Archive

    path = tmp_path / "archive.sqlite"
    with Archive.open(path, create=True) as archive:
        archive.learn([{"council"}] * 3, ["en-GB", "en-GB", "en-US"])
    _, data = _check("Plain story\n\nThe mayor met the council on Monday to talk about the roads.\n", archive=path)
    assert data["language"] == "en-GB" and data["language_source"] == "archive"


def test_config_default_language_is_auto() -> None:
    assert Config().grammar.language == "auto"
