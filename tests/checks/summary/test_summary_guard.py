"""The hallucination guard: hand-written summaries against the sample article."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsedit.article import parse
from newsedit.checks.summary import guard
from newsedit.checks.summary.faithfulness import unsupported

SAMPLE = Path(__file__).resolve().parents[3] / "fixtures" / "lavrov-north-korea.txt"
ARTICLE = SAMPLE.read_text("utf-8")


def claims(summary: str) -> list[tuple[str, str]]:
    return [(c.kind, c.value) for c in unsupported(summary, ARTICLE)]


@pytest.mark.parametrize(
    "summary",
    [
        "Russian Foreign Minister Sergei Lavrov said North Korea has Moscow's complete support.",
        "Mr Lavrov's two-day trip follows Mr Kim's visit to Russia in September.",
        "In early September, 300 containers went from the North Korean port of Nanjin to Dunay.",
        "Officials said the U.S. and its allies had started a war. Analysts told the BBC Moscow wants Korean arms.",
        "However, it is unknown whether Lavrov will meet Kim, as he did in Pyongyang in 2018.",
        "President Putin may tour the nation. Lavrov spoke at a ceremony on Wednesday.",
    ],
)
def test_a_faithful_summary_passes(summary: str) -> None:
    assert claims(summary) == []


def test_an_invented_number_is_flagged() -> None:
    assert claims("North Korea delivered 500 containers of weapons to Russia.") == [("number", "500")]
    assert claims("Lavrov began a three-day visit to Pyongyang.") == [("number", "three")]
    assert claims("Lavrov praised 1,300 soldiers.") == [("number", "1,300")]


def test_an_invented_person_is_flagged() -> None:
    assert claims("Chinese President Xi Jinping welcomed the talks.") == [("name", "Chinese President Xi Jinping")]
    assert claims("Zelensky condemned the trip to Pyongyang.") == [("name", "Zelensky")]
    # A first name the article never gives is an invention too, even with a known surname.
    assert claims("Kim met Choe Son Hui and Lavrov.") == [("name", "Choe Son Hui")]


def test_invented_dates_are_flagged() -> None:
    assert claims("Lavrov arrived in Pyongyang on Tuesday.") == [("date", "Tuesday")]
    assert claims("Lavrov was last in Pyongyang in 2019.") == [("date", "2019")]
    assert claims("The shipments began in May.") == [("date", "May")]
    assert claims("Lavrov says Moscow may help.") == []  # the verb, not the month


def test_each_sentence_is_quoted_with_its_claims() -> None:
    found = unsupported("Lavrov met Kim. Then 40 trucks left on Sunday.", ARTICLE)
    assert {c.sentence for c in found} == {"Then 40 trucks left on Sunday."}
    assert {(c.kind, c.value) for c in found} == {("number", "40"), ("date", "Sunday")}


def test_numbers_match_in_digits_words_and_formats() -> None:
    article = "Profits rose 76% to $1.13bn in the three months to December, as twenty-five shops opened."
    assert unsupported("Profits jumped 76 percent to 1.13bn over 3 months. 25 shops opened.", article) == []
    assert [c.value for c in unsupported("Profits rose 67% to $1.31bn.", article)] == ["67", "1.31"]


def test_guard_findings_point_at_the_headline_with_valid_offsets() -> None:
    article = parse(ARTICLE, str(SAMPLE))
    findings = guard(article, "Lavrov met Kim. Vladimir Zelensky said 500 drones arrived on Monday.")
    assert sorted(f.rule for f in findings) == [
        "summary/unsupported-date",
        "summary/unsupported-name",
        "summary/unsupported-number",
    ]
    headline = article.headline
    assert headline is not None
    for f in findings:
        assert f.start == f.end == headline.start and f.text == article.text[f.start : f.end] == ""
        assert (f.line, f.column) == (3, 1) and "Vladimir Zelensky said 500 drones arrived on Monday." in f.message
    assert guard(article, "Lavrov met Kim in Pyongyang.") == []


def test_guard_on_an_article_without_headline_points_at_its_start() -> None:
    article = parse("Ten people met in Paris on Monday.\n\nThey talked.\n", "x.txt")
    findings = guard(article, "Eleven people met in Rome.")
    assert {(f.rule, f.start, f.end) for f in findings} == {
        ("summary/unsupported-number", 0, 0),
        ("summary/unsupported-name", 0, 0),
    }
