"""Raw text -> Article: headline, standfirst, paragraphs, sentences and quotes, all as offsets."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from functools import cache, cached_property
from importlib import resources

from newsedit import sentences
from newsedit.findings import Finding, Severity
from newsedit.markdown import Markup
from newsedit.text import LineIndex, trim

# A line holding only whitespace (U+00A0 included) separates blocks.
_BLANK_LINE = re.compile(r"(?:\r\n|\r|\n)[^\S\r\n]*(?=\r\n|\r|\n|$)")
# Lines of plain text that hold nothing but HTML comments (newsedit's suppression comments).
_COMMENT_LINES = re.compile(r"^[^\S\r\n]*(?:<!--(?:(?!-->).)*-->[^\S\r\n]*)+(?=\r\n|\r|\n|\Z)", re.M | re.S)
_MD_EMPHASIS = re.compile(r"^([*_]{1,2})(?!\s)(.+?)(?<!\s)\1$", re.S)


@dataclass(frozen=True)
class Span:
    """A piece of the article: [start, end) into Article.text."""

    start: int
    end: int

    def slice(self, text: str) -> str:
        """The characters this span covers."""
        return text[self.start : self.end]


@dataclass(frozen=True)
class Block(Span):
    """A run of non-blank lines; `kind` says what the parser took it for."""

    kind: str = "paragraph"  # headline | standfirst | label | heading | paragraph | item (of a list or table)


@dataclass
class Article:
    """One article, parsed. Every part is an offset span into `text`, the decoded file."""

    path: str
    text: str
    blocks: list[Block]
    markdown: bool = False
    notices: list[str] = field(default_factory=list)
    # Markdown syntax inside prose (code spans, HTML, link targets, emphasis marks): not checked.
    markup: list[Markup] = field(default_factory=list)
    # Markdown: the text with everything that is not prose blanked out (same offsets); "" for plain text.
    prose: str = ""
    code: list[tuple[int, int]] = field(default_factory=list)  # Markdown code blocks and spans

    def __getstate__(self) -> dict[str, object]:
        """Its fields only, for a worker process, which rebuilds the cached parts (lines, sentences,
        quotes). Pickling the instance's own dict raced the grammar thread: a part cached there
        while a batch's articles were pickled for the workers changed the dict's size mid-way."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @property
    def reading(self) -> str:
        """The text as a reader reads it: Markdown syntax blanked out, every offset in place."""
        return self.prose or self.text

    @cached_property
    def lines(self) -> LineIndex:
        """Offset -> line/column lookup for this article."""
        return LineIndex(self.text)

    @property
    def headline(self) -> Block | None:
        """The headline block, if the article has one."""
        return next((b for b in self.blocks if b.kind == "headline"), None)

    @property
    def standfirst(self) -> Block | None:
        """The standfirst (the summary line under the headline), if marked as one."""
        return next((b for b in self.blocks if b.kind == "standfirst"), None)

    @property
    def paragraphs(self) -> list[Block]:
        """Body paragraphs: the prose that the checks check."""
        return [b for b in self.blocks if b.kind == "paragraph"]

    @property
    def items(self) -> list[Block]:
        """Markdown list items and table cells: prose units of their own, never joined into a sentence."""
        return [b for b in self.blocks if b.kind == "item"]

    @property
    def body(self) -> list[Block]:
        """The body's units of prose, paragraphs and items, in order."""
        return [b for b in self.blocks if b.kind in ("paragraph", "item")]

    @cached_property
    def sentences(self) -> list[Span]:
        """Every sentence of the body, in order."""
        return [s for p in self.body for s in self.sentences_in(p)]

    def sentences_in(self, block: Span) -> list[Span]:
        """The sentences of one block."""
        return [Span(s, e) for s, e in sentences.split(self.reading, block.start, block.end)]

    @cached_property
    def quotes(self) -> list[Span]:
        """Quotations in the body, quote marks included (news quotes are never corrected)."""
        return [Span(s, e) for s, e in self._quote_pairs]

    @cached_property
    def _quote_pairs(self) -> list[tuple[int, int]]:
        text, paragraphs = self.text, self.paragraphs
        spans = []
        for i, p in enumerate(paragraphs):
            following = paragraphs[i + 1].slice(text) if i + 1 < len(paragraphs) else ""
            here = p.slice(text)
            continued = any(sentences.leaves_quote_open(here, following, m) for m in sentences.PARAGRAPH_QUOTES)
            spans += sentences.quote_spans(text, p.start, p.end, reopened=True, continued=continued)
        return spans

    def in_quote(self, start: int, end: int) -> bool:
        """Whether [start, end) lies inside a quotation (between its marks)."""
        return sentences.inside(self._quote_pairs, start, end)

    def in_markup(self, start: int, end: int) -> bool:
        """Whether [start, end) overlaps Markdown syntax such as a code span or a link target."""
        return any(m.start < end and start < m.end for m in self.markup)

    def finding(
        self,
        start: int,
        end: int,
        rule: str,
        message: str,
        *,
        severity: Severity | str = Severity.WARNING,
        replacements: Iterable[str] = (),
    ) -> Finding:
        """A finding at [start, end) of this article, with line, column and text derived here."""
        first, last = self.lines.position(start), self.lines.position(end)
        return Finding(
            rule=rule,
            severity=Severity.parse(severity),
            message=message,
            path=self.path,
            start=start,
            end=end,
            line=first.line,
            column=first.column,
            end_line=last.line,
            end_column=last.column,
            text=self.text[start:end],
            replacements=tuple(replacements),
            check=rule.split("/", 1)[0],
            source=self.lines.line_text(first.line),
        )


@cache  # read once per process: a batch parses thousands of articles
def default_labels() -> frozenset[str]:
    """Section labels shipped with newsedit ("Top Stories", "World", ...), normalised."""
    data = resources.files("newsedit.data").joinpath("labels.txt").read_text("utf-8")
    return frozenset(normalise(x) for x in data.splitlines() if x.strip() and not x.startswith("#"))


@cache
def boilerplate_patterns() -> tuple[str, ...]:
    """The boilerplate patterns newsedit ships (data/boilerplate.txt), comments and blank lines dropped."""
    data = resources.files("newsedit.data").joinpath("boilerplate.txt").read_text("utf-8")
    return tuple(x.strip() for x in data.splitlines() if x.strip() and not x.lstrip().startswith("#"))


def normalise(text: str) -> str:
    """Fold case, whitespace (U+00A0 too) and surrounding punctuation for comparisons."""
    return " ".join(text.split()).strip(" :.-–—|").casefold()


def parse(text: str, path: str = "<stdin>", *, markdown: bool = False, labels: Iterable[str] = ()) -> Article:
    """Split raw text into blocks and decide which is the headline, standfirst and body."""
    label_set = default_labels() | {normalise(x) for x in labels}
    if markdown:
        return _parse_markdown(text, path, label_set)
    masked = _mask_comment_lines(text)
    blocks = _classify(masked, [(s, e, False) for s, e in _blocks(masked)], label_set, markdown)
    return Article(path=path, text=text, blocks=blocks)


def _parse_markdown(text: str, path: str, labels: frozenset[str]) -> Article:
    """Blocks of a Markdown text, with what is not prose (code, HTML, front matter) blanked out."""
    from newsedit import markdown as commonmark  # imported for Markdown only: start-up stays fast

    layout = commonmark.layout(text)
    masked = _mask(text, layout.blank)
    prose = _mask(masked, [(m.start, m.end) for m in layout.markup])
    # Each paragraph, heading, list item and table cell is a block of its own, as the parser found it;
    # a unit of nothing but markup (an image, a shortcode) is no block.
    units = [(*trim(masked, s, e), kind, masked[s:e]) for s, e, kind in layout.units if prose[s:e].strip()]
    if layout.title and not _heads_with(units, text[slice(*layout.title)]):
        units.append((*layout.title, "title", text[slice(*layout.title)]))
    blocks = _classify_units(sorted(units), labels)
    return Article(
        path=path, text=text, blocks=blocks, markdown=True, markup=layout.markup, prose=prose, code=layout.code
    )


def _heads_with(units: Sequence[tuple[int, int, str, str]], title: str) -> bool:
    """Whether the body opens with a heading that says the title again: that heading is the headline."""
    first = next((u for u in units if u[2] != "heading" or normalise(u[3].lstrip("#"))), None)
    return first is not None and first[2] == "heading" and normalise(first[3].strip().strip("#")) == normalise(title)


def _classify_units(units: Sequence[tuple[int, int, str, str]], labels: frozenset[str]) -> list[Block]:
    """Blocks of Markdown units: the front matter's title is the headline, else the first heading."""
    blocks: list[Block] = []
    for start, end, unit, piece in units:
        if unit == "title":
            kind = "headline"
        elif unit == "item":
            kind = "item"
        else:
            kind = _kind_of(piece.strip(), [b.kind for b in blocks], labels, True, unit == "heading")
        blocks.append(Block(start, end, kind))
    return blocks


def _mask_comment_lines(text: str) -> str:
    """Blank out plain-text lines that hold only HTML comments: they are notes to newsedit, not prose."""
    return _mask(text, [m.span() for m in _COMMENT_LINES.finditer(text)]) if "<!--" in text else text


def _mask(text: str, regions: Sequence[tuple[int, int]]) -> str:
    """Blank out regions with spaces, keeping line breaks so that every offset stays in place."""
    if not regions:
        return text
    chars = list(text)
    for start, end in regions:
        for i in range(start, end):
            if chars[i] not in "\r\n":
                chars[i] = " "
    return "".join(chars)


def _blocks(text: str) -> list[tuple[int, int]]:
    """Spans of text between blank lines, trimmed of surrounding whitespace."""
    spans, start = [], 0
    for m in _BLANK_LINE.finditer(text):
        spans.append(trim(text, start, m.start()))
        start = m.end()
    spans.append(trim(text, start, len(text)))
    return [s for s in spans if s[0] < s[1]]


def _classify(masked: str, raw: Sequence[tuple[int, int, bool]], labels: frozenset[str], markdown: bool) -> list[Block]:
    blocks: list[Block] = []
    for start, end, heading in raw:
        kind = _kind_of(masked[start:end], [b.kind for b in blocks], labels, markdown, heading)
        blocks.append(Block(start, end, kind))
    return blocks


def _kind_of(piece: str, before: list[str], labels: frozenset[str], markdown: bool, heading: bool) -> str:
    """What a block is, given the kinds of the blocks above it."""
    has_headline = "headline" in before
    in_preamble = not any(k in ("paragraph", "standfirst", "heading") for k in before)
    if heading:
        return "headline" if in_preamble and not has_headline else "heading"
    if in_preamble and not has_headline:
        if normalise(piece) in labels:
            return "label"
        if _looks_like_headline(piece):
            return "headline"
    if markdown and has_headline and in_preamble and _MD_EMPHASIS.match(piece):
        return "standfirst"
    return "paragraph"


def _looks_like_headline(piece: str) -> bool:
    """One short line that does not end like a sentence."""
    one_line = "\n" not in piece and "\r" not in piece
    return one_line and len(piece) <= 200 and not piece.rstrip().endswith((".", ":", ";", ","))
