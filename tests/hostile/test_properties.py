"""Property-based tests: any Unicode text parses, and every span slices back into the text."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from newsedit import article, checks
from newsedit.config import Config

# Text that looks like articles often enough to reach every branch: words, punctuation, quote
# marks, odd spaces and every kind of line break, mixed with arbitrary code points.
_PIECES = st.sampled_from(
    [
        "Mr.",
        "U.S.",
        "said",
        "the",
        "Due of",
        "“",
        "”",
        '"',
        "’",
        ".",
        "!",
        "?",
        ":",
        "\n",
        "\r\n",
        "\r",
        "\n\n",
        "\u00a0",
        "\t",
        " ",
        "# ",
        "    ",
        "`",
        "<b>",
        "**",
        "[a](b)",
        "> ",
        "- ",
        "---\n",
        "```\n",
        "<!--",
        "-->",
        "Top Stories",
        "No comments:",
    ]
)
TEXT = st.lists(st.one_of(_PIECES, st.text(max_size=12)), max_size=60).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT, st.booleans())
@example("# \n# Headline", True)  # an empty heading once shifted the headline block by a line
def test_parsing_never_raises_and_spans_stay_inside(text: str, markdown: bool) -> None:
    parsed = article.parse(text, markdown=markdown)
    for markup in parsed.markup:
        assert 0 <= markup.start < markup.end <= len(text)
        assert markup.kind != "code" or text[markup.start] == "`" == text[markup.end - 1]
    for span in [*parsed.blocks, *parsed.sentences, *parsed.quotes]:
        assert 0 <= span.start < span.end <= len(text)
        piece = span.slice(text)
        assert piece == piece.strip() or span in parsed.quotes
    for block in parsed.blocks:
        first = parsed.lines.position(block.start)
        first_line = block.slice(text).splitlines()[0]
        assert parsed.lines.line_text(first.line)[first.column - 1 :].startswith(first_line)


def _fast_checks() -> list[checks.Check]:
    config = Config()
    return [checks.create(name, config) for name in checks.available() if name in ("dupes", "readability")]


CHECK_OBJECTS = _fast_checks()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT, st.booleans())
def test_every_finding_slices_back_to_its_text(text: str, markdown: bool) -> None:
    parsed = article.parse(text, "prop.md" if markdown else "prop.txt", markdown=markdown)
    for check in CHECK_OBJECTS:
        for finding in check.check(parsed).findings:
            assert text[finding.start : finding.end] == finding.text
            assert parsed.lines.position(finding.start).line == finding.line
            assert parsed.lines.position(finding.start).column == finding.column


def test_the_examples_are_the_same_on_every_run() -> None:
    for test in (test_parsing_never_raises_and_spans_stay_inside, test_every_finding_slices_back_to_its_text):
        used = test._hypothesis_internal_use_settings  # type: ignore[attr-defined]
        assert used.derandomize is True
        assert used.database is None
