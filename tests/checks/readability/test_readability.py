"""The readability check: scores per article and paragraph, findings at exact spans, text block."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cli_helpers import FAST, newsedit
from newsedit import article, checks
from newsedit.checks import readability
from newsedit.checks.readability import scores
from newsedit.config import Config, ReadabilityConfig
from newsedit.errors import ConfigError

LONG = (
    "The council said on Monday that the new plan for the roads, the parks and the schools of the town "
    "would cost more than it had hoped, and that the work would take two years longer than it had first said."
)  # 41 words
SHORT = "The plan was agreed. Work starts in May."
HARD = (
    "Institutional considerations notwithstanding, the administration's comprehensive infrastructure "
    "reorganisation necessitates unprecedented intergovernmental collaboration."
)


def _check(text: str, **targets: object) -> tuple[article.Article, checks.CheckOutput]:
    config = Config(readability=ReadabilityConfig(**targets))  # type: ignore[arg-type]
    parsed = article.parse(text, "story.txt")
    return parsed, readability.create(config).check(parsed)


def _rules(output: checks.CheckOutput) -> list[str]:
    return [f.rule for f in output.findings]


def test_the_check_is_found_and_lists_its_rules() -> None:
    assert "readability" in checks.available()
    assert {r.id for r in readability.RULES} == {
        "readability/article-grade",
        "readability/reading-ease",
        "readability/paragraph-grade",
        "readability/long-paragraph",
        "readability/long-sentence",
    }


def test_every_score_for_the_article_and_each_paragraph(sample_path: Path) -> None:
    parsed, output = _check(sample_path.read_text("utf-8"))
    data = output.data
    assert data is not None
    assert data["grade_formula"] == "flesch_kincaid_grade"
    assert set(scores.FORMULAS) | set(scores.RATIOS) | {"words", "reading_time_seconds"} <= set(data["article"])
    assert [(p["start"], p["end"]) for p in data["paragraphs"]] == [(b.start, b.end) for b in parsed.paragraphs]
    for key in ("words", "sentences", "syllables", "letters", "characters", "polysyllables", "difficult_words"):
        assert sum(p[key] for p in data["paragraphs"]) == data["article"][key]
    assert data["article"]["sentences"] == len(parsed.sentences)
    json.dumps(data, allow_nan=False)


def test_a_long_sentence_is_reported_at_its_exact_span() -> None:
    text = f"Roads plan delayed\n\n{SHORT} {LONG} It will open in 2027."
    _, output = _check(text, max_grade=99, min_reading_ease=0, max_sentence_words=35)
    [finding] = output.findings
    assert finding.rule == "readability/long-sentence"
    assert finding.text == LONG
    assert finding.message == "This sentence has 41 words (target: at most 35)."


def test_a_long_sentence_inside_a_quotation_is_left_alone() -> None:
    text = f'Roads plan delayed\n\nThe mayor spoke. "{LONG}" She left.'
    _, output = _check(text, max_grade=99, min_reading_ease=0, max_sentence_words=35)
    assert output.findings == []


def test_a_hard_paragraph_is_reported_at_the_paragraph() -> None:
    text = f"Budget news\n\n{SHORT}\n\n{HARD} It was agreed."
    parsed, output = _check(text, min_reading_ease=-999)
    grades = [f for f in output.findings if f.rule == "readability/paragraph-grade"]
    assert [f.text for f in grades] == [parsed.paragraphs[1].slice(text)]
    assert grades[0].message.startswith("This paragraph reads at grade ")
    assert grades[0].message.endswith("(Flesch-Kincaid; target: at most 14).")


def test_the_paragraph_target_is_its_own() -> None:
    text = f"Budget news\n\n{SHORT}\n\n{HARD} It was agreed."
    _, output = _check(text, min_reading_ease=-999, max_paragraph_grade=99)
    assert [f for f in output.findings if f.rule == "readability/paragraph-grade"] == []


def test_a_one_sentence_paragraph_is_not_reported_twice() -> None:
    _, output = _check(
        f"Roads plan delayed\n\n{LONG}",
        min_reading_ease=-999,
        max_grade=5,
        max_paragraph_grade=5,
        max_sentence_words=35,
    )
    assert sorted(_rules(output)) == ["readability/article-grade", "readability/long-sentence"]


def test_the_article_grade_and_ease_are_reported_at_the_headline() -> None:
    _, output = _check(f"Budget news\n\n{HARD}\n\n{HARD}")
    top = [f for f in output.findings if f.rule in ("readability/article-grade", "readability/reading-ease")]
    assert [f.rule for f in top] == ["readability/article-grade", "readability/reading-ease"]
    assert {f.text for f in top} == {"Budget news"}
    assert "target: at least 25" in top[1].message


def test_without_a_headline_the_article_is_reported_at_its_first_paragraph() -> None:
    text = f"{HARD}\n\n{SHORT}"
    parsed, output = _check(text)
    top = [f for f in output.findings if f.rule == "readability/article-grade"]
    assert [f.text for f in top] == [parsed.paragraphs[0].slice(text)]


def test_a_long_paragraph_is_reported() -> None:
    body = " ".join([SHORT] * 14)  # 112 words
    _, output = _check(f"Roads plan delayed\n\n{body}", max_paragraph_words=100, max_grade=99, min_reading_ease=0)
    assert _rules(output) == ["readability/long-paragraph"]
    assert output.findings[0].message == "This paragraph has 112 words (target: at most 100)."


def test_the_grade_formula_is_configurable() -> None:
    _, output = _check(f"Budget news\n\n{HARD}", grade_formula="smog", min_reading_ease=-999)
    assert "(SMOG; target: at most 16.5)" in output.findings[0].message
    with pytest.raises(ConfigError, match="grade-formula"):
        _check("Budget news", grade_formula="lix")


@pytest.mark.parametrize("text", ["", "   \n\n ", "Hello", "Hello\n\n***"])
def test_an_article_without_body_words_gives_a_note_and_no_scores(text: str) -> None:
    _, output = _check(text)
    assert output.findings == []
    assert output.notices == ["readability: no body text to score"]
    assert output.data is not None
    assert output.data["article"]["words"] == 0
    assert all(output.data["article"][name] is None for name in scores.FORMULAS)
    assert readability.text_block(output.data) == ["no body text to score"]


def test_a_one_word_article_has_defined_scores() -> None:
    _, output = _check("Headline\n\nHello.")
    assert output.data is not None and output.notices == []
    assert output.data["article"]["words"] == 1
    assert all(isinstance(output.data["article"][name], float) for name in scores.FORMULAS)


def test_the_text_block_is_compact(sample_path: Path) -> None:
    _, output = _check(sample_path.read_text("utf-8"))
    assert output.data is not None
    first, second = readability.text_block(output.data)
    assert first.startswith("grade 12.4 (Flesch-Kincaid), reading ease ")
    assert "488 words, 23 sentences, 21 paragraphs; reading time 2:08" in first
    assert second.startswith("Gunning fog ") and "Dale-Chall" in second and "% complex words" in second


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from("ab cdé.,!?\"“”'’-\n0123"), max_size=80), max_size=6))
def test_any_article_gives_json_scores_and_findings_that_slice_back(paragraphs: list[str]) -> None:
    text = "\n\n".join(paragraphs)
    parsed, output = _check(text, max_sentence_words=3, max_paragraph_words=5, max_grade=0, min_reading_ease=100)
    json.dumps(output.data, allow_nan=False)
    for finding in output.findings:
        assert parsed.text[finding.start : finding.end] == finding.text


@pytest.mark.slow
def test_the_readability_command_prints_scores_in_json_and_text(sample_path: Path) -> None:
    report = newsedit("readability", "--format", "json", str(sample_path)).json()
    [result] = report["articles"]
    assert result["readability"]["article"]["flesch_kincaid_grade"] == 12.39
    assert "readability/paragraph-grade" in {f["rule"] for f in result["findings"]}
    text = newsedit("check", *FAST, str(sample_path)).out
    assert "readability:\n    grade 12.4 (Flesch-Kincaid)" in text
