"""The duplicates check inside one article: repeats, teasers, labels and boilerplate."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsedit import article as article_model
from newsedit.checks import dupes
from newsedit.checks.dupes import boilerplate, teasers
from newsedit.config import Config, DupesConfig
from newsedit.errors import ConfigError
from newsedit.findings import Finding

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures"


def _check(text: str, config: Config | None = None, path: str = "a.txt") -> list[Finding]:
    check = dupes.create(config or _no_archive())
    try:
        return check.check(article_model.parse(text, path)).findings
    finally:
        check.close()


def _no_archive(**dupes_options: object) -> Config:
    """A config whose archive does not exist, so only in-article checks run."""
    return Config(dupes=DupesConfig(index="/nonexistent/archive.sqlite", **dupes_options))  # type: ignore[arg-type]


def _lines(findings: list[Finding]) -> set[tuple[str, int]]:
    return {(f.rule, f.line) for f in findings}


def _apply(text: str, findings: list[Finding]) -> str:
    """The text with every finding's first replacement applied (last first, so offsets hold)."""
    for f in sorted(findings, key=lambda f: f.start, reverse=True):
        text = text[: f.start] + f.replacements[0] + text[f.end :]
    return text


def test_sample_reports_exactly_the_page_leftovers(sample_path: Path) -> None:
    text = sample_path.read_text("utf-8")
    findings = _check(text, path=str(sample_path))
    assert _lines(findings) == {
        ("dupes/section-label", 1),
        ("dupes/repeated-headline", 5),
        ("dupes/teaser", 25),
        ("dupes/teaser", 27),
        ("dupes/boilerplate", 66),
    }
    texts = {f.line: f.text for f in findings}
    assert texts[1] == "Top Stories"
    assert texts[5] == "\u00a0Lavrov praises stronger relations after visiting North Korea"
    assert texts[25] == "Kim Jong Un extends his trip to Russia by a number of days."
    assert texts[27] == "Kim Jong Un displays missiles to Shoigu of Russia"
    assert texts[66] == "No comments:"


def test_sample_fixes_delete_the_lines_and_nothing_else(sample_path: Path) -> None:
    text = sample_path.read_text("utf-8")
    findings = _check(text)
    assert all(f.replacements == ("",) and text[f.start : f.end] == f.text for f in findings)
    fixed = _apply(text, findings)
    assert fixed.splitlines()[2] == "Lavrov praises stronger relations after visiting North Korea"
    assert fixed.count("Lavrov praises stronger relations") == 1
    assert "Top Stories" not in fixed and "No comments" not in fixed and "Shoigu" not in fixed
    assert fixed.count("\n") == text.count("\n")  # the lines are emptied, not joined
    assert _check(fixed) == []


def test_repeated_headline_near_and_across_case_and_spaces() -> None:
    text = "Storm closes schools across region\n\nSTORM  closes schools  across the region!\n\nHeavy snow fell.\n"
    findings = _check(text)
    assert _lines(findings) == {("dupes/repeated-headline", 3)}
    assert "nearly repeats the headline of line 1" in findings[0].message


def test_different_line_is_not_a_repeated_headline() -> None:
    text = "Storm closes schools across the region\n\nStorm closes roads across the city\n\nHeavy snow fell.\n"
    assert not [f for f in _check(text) if f.rule == "dupes/repeated-headline"]


def test_repeated_paragraph_and_sentence() -> None:
    para = "The council said the bridge would reopen to traffic on Friday after six months of repairs."
    other = "Engineers replaced the cables. The council said the bridge would reopen on Friday after repairs."
    again = "Drivers were pleased. The council said the bridge would reopen on Friday after repairs. More later."
    text = f"Bridge reopens\n\n{para}\n\n{other}\n\n{para}\n\n{again}\n"
    findings = _check(text)
    assert _lines(findings) == {("dupes/repeated-paragraph", 7), ("dupes/repeated-sentence", 9)}
    sentence = next(f for f in findings if f.rule == "dupes/repeated-sentence")
    assert sentence.text == "The council said the bridge would reopen on Friday after repairs. "
    assert "Drivers were pleased. More later." in _apply(text, findings)


def test_short_repeats_are_lists_not_duplicates() -> None:
    lines = ["Cup draw", "Seychelles v South Africa", "Winners meet in final match", "Zambia v Swaziland"]
    text = "\n\n".join([*lines, "Winners meet in final match"]) + "\n"
    assert _check(text) == []


def test_boilerplate_fixture() -> None:
    text = (FIXTURES / "boilerplate.txt").read_text("utf-8")
    findings = _check(text)
    assert {(f.rule, f.text) for f in findings} == {
        ("dupes/section-label", "Top Stories"),
        ("dupes/boilerplate", "Share this"),
        ("dupes/boilerplate", "Advertisement"),
        ("dupes/boilerplate", "No comments:"),
    }


def test_config_extends_boilerplate() -> None:
    text = "Bridge reopens\n\nThe bridge reopened on Friday after repairs.\n\nListen to this article\n"
    assert _check(text) == []
    findings = _check(text, _no_archive(boilerplate=[r"listen to this (article|story)"]))
    assert _lines(findings) == {("dupes/boilerplate", 5)}


def test_bad_boilerplate_pattern_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match=r"dupes\.boilerplate"):
        dupes.create(_no_archive(boilerplate=["(unclosed"]))


# Lines of page furniture, at least one for every shipped pattern (checked below).
FURNITURE = [
    "No comments:",
    "12 comments",
    "View all 40 comments",
    "Leave a comment",
    "Comments are closed.",
    "Be the first to comment",
    "Share this",
    "Share this article:",
    "Share on Facebook",
    "Share via Email",
    "Share | Tweet | Email",
    "Facebook Twitter WhatsApp",
    "Copy link",
    "Advertisement",
    "Sponsored content",
    "Skip ad",
    "Related",
    "Related stories",
    "Read more:",
    "See also",
    "More on this story",
    "You might also like:",
    "Most read",
    "Top stories:",
    "Trending now",
    "Editor's picks",
    "Continue reading",
    "Click here to read more",
    "Back to top of page",
    "Sign up to our daily newsletter",
    "Get our free newsletter in your inbox",
    "Sign up now",
    "Subscribe now for just £1 a week",
    "Already a subscriber? Log in",
    "Log in to continue",
    "This article is for subscribers only.",
    "This site uses cookies to improve your experience.",
    "We use cookies. By continuing you agree.",
    "Accept all cookies",
    "Cookie policy",
    "Image caption: The bridge at dawn",
    "Getty Images",
    "Reuters",
    "All rights reserved",
    "© 2024 Example News",
    "Follow us on Twitter",
    "Updated: 10:42 GMT",
]


def test_every_shipped_pattern_has_an_example_and_every_example_a_pattern() -> None:
    for pattern in boilerplate.shipped():
        compiled = re.compile(pattern, re.IGNORECASE)
        assert not compiled.fullmatch(""), pattern
        assert any(compiled.fullmatch(x) for x in FURNITURE), f"no example for {pattern!r}"
    everything = boilerplate.compile_patterns()
    assert [x for x in FURNITURE if not boilerplate.matches(everything, x)] == []


@pytest.mark.parametrize(
    "line",
    [
        "Related stories were filed by our correspondents in Kyiv and Moscow on Tuesday.",
        "The minister said he would share this information with parliament.",
        "Advertisement revenue fell by 5% in the quarter.",
        "No comment was available from the company.",
        "Reuters reported the deal first.",
        "Sign up rates for the scheme were higher than expected.",
    ],
)
def test_prose_is_not_boilerplate(line: str) -> None:
    assert not boilerplate.matches(boilerplate.compile_patterns(), line)


def _story(*inserted: str, spacing: str = "\n\n") -> str:
    paragraphs = [
        "The harbour bridge reopened to traffic on Friday after six months of repairs that cost the city "
        "more than twelve million pounds, officials said at a ceremony attended by the mayor.",
        "Engineers replaced the suspension cables and repainted the steel frame, which had begun to rust "
        "badly after years of salt spray and heavy lorry traffic crossing the estuary every day.",
        *inserted,
        "Drivers said the queues for the old ferry had been long, and local shops reported a drop in trade "
        "while the crossing was closed to cars, lorries and buses for most of the year.",
        "The council expects the bridge to carry about forty thousand vehicles a day once the new toll "
        "system starts in the spring, according to figures published with the reopening plans.",
    ]
    return "Harbour bridge reopens after repairs" + spacing + spacing.join(paragraphs) + "\n"


def test_teasers_for_other_stories_are_found() -> None:
    text = _story("Minister resigns over expenses row", "Floods close motorway near Leeds")
    assert [f.text for f in _check(text) if f.rule == "dupes/teaser"] == [
        "Minister resigns over expenses row",
        "Floods close motorway near Leeds",
    ]


def test_a_sectioned_documents_subheads_are_not_teasers() -> None:
    # The same headline-shaped lines, one above each part of a guide: subheads, not links to other stories.
    body = _story().split("\n\n")
    heads = ["Funding for coastal roads", "Planning new river crossings", "Safety rules for old bridges",
             "Tolls and charges explained"]  # fmt: skip
    parts = [*body[2:], "Charges for lorries will rise from next April, and the council will review them every year "
             "with the ferry operators, the haulage firms and the residents of both banks of the estuary."]  # fmt: skip
    sectioned = "\n\n".join([*body[:2], *(f"{h}\n\n{p}" for h, p in zip(heads, parts, strict=True))])
    assert [f for f in _check(sectioned) if f.rule == "dupes/teaser"] == []
    # Two of them in one place are still teasers.
    assert len([f for f in _check(_story(*heads[:2])) if f.rule == "dupes/teaser"]) == 2


@pytest.mark.parametrize(
    "line",
    [
        "The mayor was delighted.",  # prose: a full sentence with a verb the story keeps
        "He said the work was worth it.",  # continues the story
        '"It was worth every penny," he said.',  # a quote
        "Harbour bridge reopens after repairs and painting",  # the story's own headline, reworded
        "Newcastle v Tottenham or Nottingham Forest",  # a fixture list line, no verb
        "Repairs cost £12m, £3m over budget, £1m more than planned",  # a list
    ],
)
def test_story_lines_are_not_teasers(line: str) -> None:
    assert not [f for f in _check(_story(line)) if f.rule == "dupes/teaser"]


def test_teaser_score_explains_itself() -> None:
    article = article_model.parse(_story("Minister resigns over expenses row"), "a.txt")
    candidate = next(c for c in teasers.score(article) if c.gated)
    assert candidate.points["no-closing-punctuation"] == 2
    assert {"apart-from-headline", "short", "new-words", "between-prose", "headline-verb"} <= set(candidate.points)
    assert candidate.score >= teasers.THRESHOLD


def test_teaser_threshold_is_configurable() -> None:
    text = _story("Minister resigns over expenses row")
    assert [f.rule for f in _check(text, _no_archive(teaser_score=99))] == []


def test_a_configured_archive_that_is_missing_is_noted_once(tmp_path: Path) -> None:
    check = dupes.create(Config(dupes=DupesConfig(index=str(tmp_path / "none.sqlite"))))
    first = check.check(article_model.parse("Bridge reopens\n\nThe bridge reopened.\n", "a.txt"))
    second = check.check(article_model.parse("Council meets\n\nThe council met.\n", "b.txt"))
    check.close()
    assert first.notices == [f"dupes: no archive at {tmp_path / 'none.sqlite'} (build it with: newsedit index add DIR)"]
    assert second.notices == []
