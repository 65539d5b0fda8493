"""Markdown read by a CommonMark parser: code, HTML and link targets are not prose, offsets exact."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cli_helpers import newsedit
from newsedit import article
from newsedit.checks import dupes, grammar
from newsedit.config import Config, DupesConfig, GrammarConfig

STORY = (
    "# Storm hits coast\n\n"
    'The storm <span class="x">hit</span> the coast. Roads <br> were closed. See ![map](m.png) now.\n\n'
    "Type `Due of` here and read [the note](https://example.org/due-of-recieve). Run `make` `test` now.\n\n"
    "    Due of teh indented code.\n\n"
    "Due of the rain, schools shut.\n"
)


def _markup(text: str) -> list[tuple[str, str]]:
    parsed = article.parse(text, "a.md", markdown=True)
    return [(m.kind, text[m.start : m.end]) for m in parsed.markup]


def test_inline_syntax_is_found_at_exact_offsets() -> None:
    assert _markup(STORY) == [
        ("html", '<span class="x">'),
        ("html", "</span>"),
        ("html", "<br>"),
        ("image", "![map](m.png)"),
        ("code", "`Due of`"),
        ("link", "["),
        ("link", "](https://example.org/due-of-recieve)"),
        ("code", "`make`"),
        ("code", "`test`"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "> quoted `c` and <b>x</b>\n> more **bold**\n",
            [
                ("code", "`c`"),
                ("html", "<b>"),
                ("html", "</b>"),
                ("container", "> "),  # the quote mark that continues the block is syntax
                ("emphasis", "*"),
                ("emphasis", "*"),
                ("emphasis", "*"),
                ("emphasis", "*"),
            ],
        ),
        ("- item `x`\r\n- and <http://a.example>\r\n", [("code", "`x`"), ("autolink", "<http://a.example>")]),
        ("A literal * star and 2*3, not emphasis.\n", []),
        ("Ref [one][r] here.\n\n[r]: https://example.org\n", [("link", "["), ("link", "][r]")]),
        ("``code with ` inside``\n", [("code", "``code with ` inside``")]),
    ],
)
def test_markup_in_containers_line_breaks_and_edge_cases(text: str, expected: list[tuple[str, str]]) -> None:
    assert _markup(text) == expected


def test_code_and_link_targets_are_not_checked_by_the_news_rules() -> None:
    parsed = article.parse(STORY, "a.md", markdown=True)
    found = [(f.text, f.line) for f in grammar.news_findings(parsed, grammar.news_rules())]
    assert found == [("Due of", 9)]


def test_link_reference_definitions_and_rules_are_not_paragraphs() -> None:
    text = "# Headline\n\nBody text.\n\n***\n\n[r]: https://example.org/due-of\n"
    parsed = article.parse(text, "a.md", markdown=True)
    assert [b.slice(text) for b in parsed.paragraphs] == ["Body text."]


def test_inline_html_and_images_read_as_nothing_without_doubling_spaces() -> None:
    parsed = article.parse(STORY, "a.md", markdown=True)
    parts = grammar.lt_parts(parsed)
    assert "".join(p.get("text", p.get("markup", "")) for p in parts) == STORY
    checked = "".join(p.get("text", p.get("interpretAs", "")) for p in parts)
    assert "The storm hit the coast. Roads were closed. See now." in checked
    assert "Type code here and read the note. Run code code now." in checked
    assert "indented" not in checked and "https" not in checked


def test_an_empty_heading_before_the_headline_does_not_shift_it() -> None:
    text = "# \n# Bridge reopens after repairs\n\nBridge reopens after repairs\n\nThe bridge reopened on Monday.\n"
    parsed = article.parse(text, "a.md", markdown=True)
    assert parsed.headline is not None and parsed.headline.slice(text) == "Bridge reopens after repairs"
    assert parsed.lines.position(parsed.headline.start).line == 2
    check = dupes.create(Config(dupes=DupesConfig(index=None)))
    try:
        [finding] = [f for f in check.check(parsed).findings if f.rule == "dupes/repeated-headline"]
    finally:
        check.close()
    assert "line 2" in finding.message and finding.line == 4


def test_a_heading_right_above_a_paragraph_is_its_own_block() -> None:
    text = "# Council backs plan\nThe council backed the plan.\nIt met on Monday.\n"
    parsed = article.parse(text, "a.md", markdown=True)
    assert [(b.kind, b.slice(text)) for b in parsed.blocks] == [
        ("headline", "Council backs plan"),
        ("paragraph", "The council backed the plan.\nIt met on Monday."),
    ]


def test_stdin_filename_names_standard_input_and_says_how_to_read_it(tmp_path: Path) -> None:
    text = "# Storm hits coast\n\nType `Due of` here.\n\n    Due of code.\n\nDue of rain, schools shut.\n"
    args = ["grammar", "--lt-url", "http://127.0.0.1:9", "--no-cache", "-f", "json"]
    as_md = newsedit(*args, "--stdin-filename", "news/storm.md", "-", stdin=text.encode())
    [result] = as_md.json()["articles"]
    assert result["path"] == "news/storm.md"
    assert [(f["rule"], f["line"]) for f in result["findings"]] == [("grammar/due-of", 7)]
    as_text = newsedit(*args, "-", stdin=text.encode()).json()["articles"][0]
    assert as_text["path"] == "<stdin>"
    assert [f["line"] for f in as_text["findings"]] == [3, 5, 7]


def test_plain_text_runs_do_not_import_the_markdown_parser(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Headline\n\nMr. Smith spoke. He left.\n", "utf-8")
    (tmp_path / "b.md").write_text("# Headline\n\nMr. Smith spoke. He left.\n", "utf-8")
    code = (
        "import sys; from newsedit.cli import main; sys.argv = ['newsedit', 'readability', '--no-cache', sys.argv[1]]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('markdown_it' in sys.modules, file=sys.stderr)"
    )
    for name, imported in (("a.txt", "False"), ("b.md", "True")):
        done = subprocess.run([sys.executable, "-c", code, str(tmp_path / name)], capture_output=True, text=True)
        assert done.stderr.strip() == imported, done.stderr


@pytest.mark.slow
def test_inline_html_gives_no_whitespace_findings_and_code_is_not_checked(lt_cache: Path) -> None:
    check = grammar.GrammarCheck(GrammarConfig())
    try:
        output = check.check(article.parse(STORY, "a.md", markdown=True))
    finally:
        check.close()
    assert output.error is None
    assert [(f.rule, f.text, f.line) for f in output.findings] == [("grammar/due-of", "Due of", 9)]
