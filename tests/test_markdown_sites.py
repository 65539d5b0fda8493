"""Markdown as real sites write it (Jekyll/Liquid, Hugo shortcodes, lists, tables, HTML with templated
attributes, code spans, escapes, footnotes, front matter): no finding on markup, lists are not sentences,
the headline is the title, every offset exact."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsedit import article, checks, runner
from newsedit.checks import grammar
from newsedit.config import Config, GrammarConfig
from newsedit.findings import Finding

POST = Path(__file__).parent / "data" / "site-post.md"
SYNTAX = ("{", "}", "<", ">", "|", "[^", "\\", "src=", "href", "relative_url", "`")


def _post() -> article.Article:
    return article.parse(POST.read_text("utf-8"), str(POST), markdown=True)


def test_the_headline_is_the_front_matter_title() -> None:
    parsed = _post()
    assert parsed.headline is not None and parsed.headline.slice(parsed.text) == "How we moved our forms to the cloud"
    assert [b.slice(parsed.text) for b in parsed.blocks if b.kind == "heading"] == ["Why we moved"]


def test_a_post_without_a_title_takes_its_first_heading() -> None:
    text = "---\nlayout: post\n---\n\n# Forms move to the cloud\n\nThe forms moved.\n"
    parsed = article.parse(text, "a.md", markdown=True)
    assert parsed.headline is not None and parsed.headline.slice(text) == "Forms move to the cloud"


def test_list_items_and_table_cells_are_units_of_their_own_never_one_sentence() -> None:
    parsed = _post()
    items = [b.slice(parsed.text) for b in parsed.items]
    list_items = ["Plan the move", "Test every service", "Switch the traffic"]
    cells = ["Step", "Owner", "Plan", "Delivery", "Test", "Engineering"]
    assert items == [*list_items, *cells]
    sentences = [parsed.reading[s.start : s.end] for s in parsed.sentences]
    assert "Plan the move" in sentences and "Switch the traffic" in sentences
    assert not any("Plan the move" in s and s != "Plan the move" for s in sentences)


def test_templates_shortcodes_attributes_and_footnote_markers_are_never_prose() -> None:
    parsed = _post()
    for sentence in parsed.sentences:
        read = parsed.reading[sentence.start : sentence.end]
        assert not any(mark in read for mark in SYNTAX), read
    kinds = {(m.kind, parsed.text[m.start : m.end]) for m in parsed.markup}
    assert ("template", '{{ "/guide" | relative_url }}') in kinds
    assert (
        "template",
        '{{< figure src="/img/cloud.png" alt="A diagram of our cloud set-up" caption="Our set-up" >}}',
    ) in kinds
    assert ("footnote", "[^1]") in kinds and ("escape", "\\") in kinds
    assert ("html", '<a href="{{ site.baseurl }}/docs" title="Our documentation pages">') in kinds


def test_languagetool_reads_the_prose_only_and_escapes_as_the_character() -> None:
    parts = grammar.lt_parts(_post())
    assert "".join(p.get("text", p.get("markup", "")) for p in parts) == POST.read_text("utf-8")
    read = "".join(p.get("text", p.get("interpretAs", "")) for p in parts)
    assert "it isn't slow." in read
    assert "Read the guide or see the docs for ." in read
    for mark in ("{", "src=", "href", "relative_url", "[^", "*   ", "|"):
        assert mark not in read


def _findings(names: tuple[str, ...]) -> list[Finding]:
    found = [c for c in checks.available() if c in names]
    report = runner.run(runner.Job(paths=[str(POST)], config=Config(), checks=found))
    return report.findings()


def _on_prose(parsed: article.Article, finding: Finding) -> bool:
    return bool(parsed.reading[finding.start : finding.end].strip())


def test_no_finding_of_the_fast_checks_falls_on_markup() -> None:
    parsed = _post()
    for finding in _findings(("readability", "dupes")):
        assert parsed.text[finding.start : finding.end] == finding.text
        assert _on_prose(parsed, finding), finding


@pytest.mark.slow
def test_grammar_finds_nothing_in_the_markup_padding_or_escapes(lt_cache: Path) -> None:
    check = grammar.GrammarCheck(GrammarConfig())
    try:
        output = check.check(_post())
    finally:
        check.close()
    assert output.error is None
    parsed = _post()
    for finding in output.findings:
        assert _on_prose(parsed, finding), finding
    rules = {f.rule for f in output.findings}
    assert not rules & {"grammar/lt-EN_A_VS_AN", "grammar/lt-WHITESPACE_RULE", "grammar/lt-CONSECUTIVE_SPACES"}, rules
    assert not [f for f in output.findings if "isn" in f.text], output.findings
