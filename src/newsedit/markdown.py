"""Markdown -> what is prose, at exact offsets: headings, list items, code, HTML, templates and link targets.

Parsed with markdown-it-py, a CommonMark parser that is well kept (it passes the CommonMark spec
tests) and already installed (rich depends on it), so newsedit reads Markdown as every
CommonMark renderer does instead of guessing with regular expressions. Its tokens carry line
numbers only, so inline positions are recorded while its inline rules run. This module is
imported for Markdown input only: plain-text runs never pay for the parser.

Sites write more than CommonMark: front matter (its `title:` is the headline), GitHub tables,
Liquid/Jinja tags (`{% %}`, `{{ }}`) and Hugo shortcodes (`{{< >}}`, `{{% %}}`), footnote markers
(`[^1]`). Templates and footnote markers become inert characters of the same length before the
parser runs, so that they neither break the HTML or links they stand in nor shift an offset.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from newsedit.text import LineIndex

# Front matter is not CommonMark: YAML (---) or TOML (+++) at the very top.
_FRONT_MATTER = re.compile(r"\A(?:\ufeff)?(---|\+\+\+)[^\S\r\n]*\r?\n(?P<body>.*?)\r?\n\1[^\S\r\n]*(?:\r?\n|\Z)", re.S)
# A line of front matter: a key, an indented or list continuation, a TOML table, a comment or nothing.
# An article that opens with a thematic break (---) and prose is no front matter.
_YAML_LINE = re.compile(r"[\w$.\-'\"][^:\n]*:(?:\s.*)?|[ \t].*|-(?:\s.*)?|#.*|\s*")
_TOML_LINE = re.compile(r"[\w.\-'\"]+[ \t]*=.*|\[.*|[ \t].*|#.*|\s*")
_KEY = re.compile(r"^[\w$.-]+[ \t]*[:=]", re.M)
_TITLE = re.compile(r"^title[ \t]*[:=][ \t]*(?P<value>[^\r\n]*?)[ \t]*$", re.M)
# Liquid/Jinja tags, output and comments, and Hugo shortcodes, wherever they stand; bounded so
# that a stray "{{" does not swallow the article.
_TEMPLATE = re.compile(r"\{\{[<%].{0,2000}?[%>]\}\}|\{%.{0,2000}?%\}|\{\{.{0,2000}?\}\}|\{#.{0,2000}?#\}", re.S)
_FOOTNOTE = re.compile(r"\[\^[^\]\s]{1,50}\]")
_INERT = "\ue000"  # a private-use character: text to the parser, never syntax, never a space
_NOT_PROSE = ("code_block", "fence", "html_block", "hr")
_CODE_BLOCKS = ("code_block", "fence")
# Inline rules whose whole match is markup (not prose), by the kind newsedit gives it.
_WHOLE = {"backticks": "code", "html_inline": "html", "autolink": "autolink", "image": "image"}
_SPANS = "newsedit_spans"  # env key: the current inline source and what its rules matched


@dataclass(frozen=True)
class Markup:
    """Syntax inside prose, [start, end) into the text.

    Its kind: code, html, link, autolink, image, emphasis, escape (a backslash), container (a `> `
    that continues a quotation block), template (Liquid, Jinja, Hugo) or footnote (a marker).
    """

    start: int
    end: int
    kind: str


@dataclass
class Layout:
    """A Markdown text's non-prose parts, found by a CommonMark parser."""

    blank: list[tuple[int, int]] = field(default_factory=list)  # whole regions that are not prose
    headings: list[tuple[int, int, int, int]] = field(default_factory=list)  # line span, content span
    markup: list[Markup] = field(default_factory=list)  # inline syntax inside prose
    # Each unit of prose, [start, end) and what it is: a heading, a list item or table cell ("item"), a paragraph.
    units: list[tuple[int, int, str]] = field(default_factory=list)
    title: tuple[int, int] | None = None  # the front matter's title value
    code: list[tuple[int, int]] = field(default_factory=list)  # code blocks and code spans


def layout(text: str) -> Layout:
    """Front matter, code, HTML blocks, headings, prose units and inline markup of a Markdown text."""
    found = Layout()
    text = _front_matter(text, found)
    text = _inert_templates(text, found)
    lines = LineIndex(text)
    env: dict[str, Any] = {}
    parser = _parser()
    tokens = parser.parse(text, env)
    found.blank.extend(_uncovered(lines, tokens))
    items = 0  # list items open around the current token
    for i, token in enumerate(tokens):
        items += {"list_item_open": 1, "list_item_close": -1}.get(token.type, 0)
        if token.map is None:
            continue
        first, last = _line_span(lines, token.map)
        if token.type in _NOT_PROSE:
            found.blank.append((first, last))
            if token.type in _CODE_BLOCKS:
                found.code.append((first, last))
        elif token.type == "heading_open" and token.level == 0:
            found.headings.append((first, last, *_content_span(lines, token, tokens[i + 1])))
        if token.type == "inline":
            found.markup.extend(_inline_markup(parser, env, lines, token))
            found.units.append((*_unit_span(lines, token), _unit_kind(tokens[i - 1].type, items)))
    found.markup.sort(key=lambda m: m.start)
    found.code.extend((m.start, m.end) for m in found.markup if m.kind == "code")
    return found


def _unit_kind(opener: str, items: int) -> str:
    if opener == "heading_open":
        return "heading"
    return "item" if items or opener in ("th_open", "td_open") else "paragraph"


def _unit_span(lines: LineIndex, token: Any) -> tuple[int, int]:
    """Where an inline token's content lies; its whole lines when the content cannot be mapped."""
    content: str = token.content
    if not content.strip():
        return (0, 0)
    where = _offsets(lines, token.map, content)
    return (where(0), where(len(content))) if where else _line_span(lines, token.map)


def _front_matter(text: str, found: Layout) -> str:
    """Blank out front matter (and note its title); an opening thematic break is not front matter."""
    front = _FRONT_MATTER.match(text)
    if not front or not _is_front_matter(front[1], front["body"]):
        return text
    found.blank.append(front.span())
    title = _TITLE.search(text, front.start("body"), front.end("body"))
    if title:
        found.title = _title_span(text, title)
    return re.sub(r"[^\r\n]", " ", text[: front.end()]) + text[front.end() :]


def _is_front_matter(fence: str, body: str) -> bool:
    line = _YAML_LINE if fence == "---" else _TOML_LINE
    return bool(_KEY.search(body)) and all(line.fullmatch(x) for x in body.splitlines())


def _title_span(text: str, title: re.Match[str]) -> tuple[int, int] | None:
    """The title's words: inside its quotes when it has them; none for a block scalar (`>-`, `|`)."""
    start, end = title.span("value")
    value = title["value"]
    if not value or value[0] in ">|":
        return None
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        start, end = start + 1, end - 1
    while start < end and text[start].isspace():
        start += 1
    return (start, end) if start < end else None


def _inert_templates(text: str, found: Layout) -> str:
    """Templates and footnote markers as inert characters (line breaks kept), each noted as markup."""
    spans = [(m.start(), m.end(), "template") for m in _TEMPLATE.finditer(text)]
    spans += [(m.start(), m.end(), "footnote") for m in _FOOTNOTE.finditer(text)]
    if not spans:
        return text
    chars = list(text)
    for start, end, kind in spans:
        found.markup.append(Markup(start, end, kind))
        for i in range(start, end):
            if chars[i] not in "\r\n":
                chars[i] = _INERT
    return "".join(chars)


@cache
def _parser() -> Any:
    """markdown-it in strict CommonMark mode, its inline rules wrapped to record where they match."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark").enable("table")  # GitHub tables: each cell is a unit of its own
    parser.core.ruler.disable("inline")  # run per inline token below, where positions are recorded
    # Joining text fragments would fold the emptied second mark of a `**` pair into the text
    # beside it; newsedit never renders the tokens, so they stay as the emphasis rule left them.
    parser.inline.ruler2.disable("fragments_join")
    for rule in list(parser.inline.ruler.__rules__):
        if rule.enabled:
            parser.inline.ruler.at(rule.name, _recording(rule.name, rule.fn))
    return parser


def _recording(name: str, rule: Any) -> Any:
    def run(state: Any, silent: bool) -> bool:
        start, before = state.pos, len(state.tokens)
        ok = bool(rule(state, silent))
        record = state.env.get(_SPANS)
        if ok and not silent and record is not None and state.src is record[0]:
            record[1].append((name, start, state.pos, state.tokens[before:], _label_end(name, state, start)))
        return ok

    return run


def _label_end(name: str, state: Any, start: int) -> int:
    """Where a link's label ends (its `]`): what follows is the target, which is not prose."""
    if name != "link":
        return -1
    end: int = state.md.helpers.parseLinkLabel(state, start + 1, True)
    return end


def _inline_markup(parser: Any, env: dict[str, Any], lines: LineIndex, token: Any) -> list[Markup]:
    """Parse one inline token, recording its markup at offsets into the text."""
    content: str = token.content
    record: tuple[str, list[Any]] = (content, [])
    env[_SPANS] = record
    token.children = []
    parser.inline.parse(content, parser, env, token.children)
    env.pop(_SPANS, None)
    where = _offsets(lines, token.map, content)
    if where is None:
        return []  # the content does not map back onto the source (tabs expanded): leave it as text
    found = [Markup(where(s), where(e), kind) for s, e, kind in _marked(record[1])]
    return found + _containers(lines, token.map, content, where)


def _containers(lines: LineIndex, line_map: list[int], content: str, where: Any) -> list[Markup]:
    """The quote marks (`> `) that a content line after the first stands behind: syntax, not text."""
    found = []
    offset = 0
    for n, piece in enumerate(content.split("\n")):
        if n:
            line_start = lines.offset(line_map[0] + n + 1)
            if lines.line_text(line_map[0] + n + 1)[: where(offset) - line_start].strip():
                found.append(Markup(line_start, where(offset), "container"))
        offset += len(piece) + 1
    return found


def _marked(matches: list[Any]) -> list[tuple[int, int, str]]:
    """Markup spans in content offsets from the rules' recorded matches."""
    out = []
    for name, start, end, pushed, label_end in matches:
        if name in _WHOLE:
            out.append((start, end, _WHOLE[name]))
        elif name == "escape":
            out.append((start, start + 1, "escape"))  # the backslash; the character it escapes is text
        elif name == "link" and label_end > start:
            out.extend([(start, start + 1, "link"), (label_end, end, "link")])
        elif name == "emphasis":
            # One token per delimiter character (after any pending text the rule flushed first);
            # those that paired became em/strong tokens.
            mine = pushed[len(pushed) - (end - start) :]
            out.extend((start + k, start + k + 1, "emphasis") for k, t in enumerate(mine) if _paired(t))
    return out


def _paired(token: Any) -> bool:
    return token.type != "text" or token.content == ""


def _offsets(lines: LineIndex, line_map: list[int], content: str) -> Any:
    """A function from offsets in an inline token's content to offsets in the text, or None.

    The content is the block's lines with their indentation and container markers (`> `, `- `)
    taken off: each of its lines ends where a source line ends (less trailing whitespace).
    """
    starts = []
    for n, piece in enumerate(content.split("\n")):
        line_no = line_map[0] + n + 1
        if line_no > lines.line_count:
            return None
        line = lines.line_text(line_no)
        found = line.rfind(piece) if piece else len(line.rstrip())
        if found < 0:
            return None
        starts.append(lines.offset(line_no) + found)
    breaks = [i for i, c in enumerate(content) if c == "\n"]

    def where(offset: int) -> int:
        n = bisect.bisect_left(breaks, offset)  # the content line the offset is on
        return starts[n] + offset - (breaks[n - 1] + 1 if n else 0)

    return where


def _uncovered(lines: LineIndex, tokens: list[Any]) -> list[tuple[int, int]]:
    """Lines no block covers: blank lines and link reference definitions (`[id]: url`)."""
    covered: set[int] = set()
    for token in tokens:
        if token.map is not None and token.level == 0:
            covered.update(range(token.map[0], token.map[1]))
    return [_line_span(lines, [n, n + 1]) for n in range(lines.line_count) if n not in covered]


def _line_span(lines: LineIndex, line_map: list[int]) -> tuple[int, int]:
    """Offsets of the start of a block's first line and the end of its last line."""
    first = lines.offset(line_map[0] + 1)
    last_line = min(max(line_map[0], line_map[1] - 1) + 1, lines.line_count)
    return first, lines.offset(last_line) + len(lines.line_text(last_line))


def _content_span(lines: LineIndex, token: Any, inline: Any) -> tuple[int, int]:
    """A heading's words: an ATX heading's line less its #s, a setext heading's text lines."""
    content: str = inline.content
    if not content:
        return (0, 0)
    where = _offsets(lines, token.map, content)
    if where is None:
        return (0, 0)
    return where(0), where(len(content))
