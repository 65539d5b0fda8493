"""Sentence boundaries, found by rules that read news copy: abbreviations, initials, lists, quotes.

Measured against the alternatives (bench/sentences.py): the English Golden Rules of the
Pragmatic Segmenter (tests/data/golden_rules_en.json) come out right in 48 of 48 cases here,
47 with pySBD and 22 with nltk's Punkt trained on the corpora; pySBD takes ten times as long per
article and gives no exact offsets, so newsedit keeps rules of its own that work on offsets.
"""

from __future__ import annotations

import bisect
import re

from newsedit.text import trim

# Abbreviations that stand before a name and never end a sentence there ("Mr. Smith", "St. Michael's").
_TITLES = frozenset(
    """
mr mrs ms messrs dr prof rev st mt ft gen col lt sgt capt cmdr adm maj cpl pvt gov sen rep pres
supt insp det fr hon rt cllr vs cf ca approx
""".split()
)
# Abbreviations that stand before a number ("No. 10", "p. 55"); before a capital they may end a sentence
# ("The answer was no. Those...").
_BEFORE_NUMBERS = frozenset("no nos n° vol vols fig figs p pp ch art sec ed eds".split())
# Abbreviations that may also end a sentence ("Pitt, Briggs & Co. It closed yesterday.").
_ABBREVIATIONS = frozenset(
    """
inc ltd co corp plc bros llc dept univ assn est jr sr esq etc al
jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
ave blvd rd mph kg km
""".split()
)
# Capitalised words that start a sentence, not a name, after an abbreviation ("in the U.S. How...").
# Only words that never follow a title: "Mr. The" cannot happen, "Mr. Smith" stays one sentence.
_STARTERS = frozenset(
    """
the a an he she it they we you i his her its their our my your this that these those there here
but and however meanwhile yet so then also still now in on at for from after before when while
if as some many most all both no not one two three mr mrs ms dr
how what why where who which did do does is are was were can could will would should has have had
""".split()
)
# Opening and closing quotation marks; straight quotes pair with themselves.
_QUOTE_PAIRS = {"“": "”", "‘": "’", '"': '"', "«": "»"}
# The marks found with a regex scan, not a Python loop over every character (this runs on every paragraph).
_OPENING = re.compile("[" + re.escape("".join(_QUOTE_PAIRS)) + "]")
_CLOSING = re.compile("[" + re.escape("".join(set(_QUOTE_PAIRS.values()))) + "]")

# A place where a sentence may end: a run of stops, the quotes and brackets that close with it,
# then white space. Spaced ellipses (". . .") are one stop.
_CANDIDATE = re.compile(r"(?P<stop>\.(?: \.)+|[.!?…]+)(?P<close>[\"'”’»)\]]*)(?P<space>\s+)")
_WORD_BEFORE = re.compile(r"(\S+?)[.!?…]*$")
_NEXT_WORD = re.compile(r"[\"'“‘«(\[]*(\w+)")
_DOTTED = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]?\.?")  # U.S., a.m., U.S.A.: letters and periods
# Inline list markers: "1.", "1.)", "1)", "a.", "a)", each after a bullet, a line start or a space.
_MARKER = re.compile(r"(?:(?<=\s)|^|(?<=[•⁃▪●◦‣]))(\d{1,2}|[a-z])(\.\)|\)|\.)(?= +\S)")
# A bullet, or a line that starts with a dash or star and a space: a list item of its own.
_BULLET = re.compile(r"(?<=\s)[•⁃▪●◦‣](?=\s*\S)|(?<=\n)[^\S\n]*[-*–](?= +\S)")
# An abbreviation that ends a sentence starts the next one only when at least this many words came before it:
# "At 5 a.m. Mr. Smith went" is one sentence, "He left the bank at 6 P.M. Mr. Smith then..." is two.
_MIN_WORDS_BEFORE_ABBREVIATION = 4


def quote_spans(
    text: str, start: int = 0, end: int | None = None, *, reopened: bool = False, continued: bool = False
) -> list[tuple[int, int]]:
    """Spans [open, close] of quotations in text[start:end], outermost only, quotes included;
    reopened: also a quotation whose mark opens again before it closes, up to that mark (the
    convention for a quote over several paragraphs, in copy whose paragraph breaks were lost);
    continued: the next paragraph opens with a quotation mark, so a quotation left open runs to the
    end (the same convention, with the breaks kept)."""
    end = len(text) if end is None else end
    closers = _closer_positions(text, start, end)
    spans: list[tuple[int, int]] = []
    after = start  # where the last quotation found ends: marks before it are inside it
    openers: dict[str, list[int]] = {c: [] for c in _QUOTE_PAIRS}
    for mark in _OPENING.finditer(text, start, end):
        i = mark.start()
        # A ‘ inside a word (rock ‘n’ roll aside) is not an opening quote, nor a " that closes one.
        if not (
            (text[i] == "‘" and i > start and text[i - 1].isalnum()) or (text[i] == '"' and _closes(text, i, start))
        ):
            openers[text[i]].append(i)
    for i in sorted(p for found in openers.values() for p in found):
        positions = closers[_QUOTE_PAIRS[text[i]]]
        k = bisect.bisect_right(positions, i)
        if i < after:
            continue
        if k == len(positions):
            if continued:
                spans.append((i, end))
                after = end
            continue
        same = openers[text[i]]
        n = bisect.bisect_right(same, i)
        if n < len(same) and same[n] < positions[k]:
            if reopened:
                spans.append((i, same[n]))
                after = same[n]
            continue  # the mark opens again before it closes: a quotation left open for the next paragraph
        spans.append((i, positions[k] + 1))
        after = positions[k] + 1
    return spans


PARAGRAPH_QUOTES = ('"', "“")  # the marks a quotation over several paragraphs opens in each of them


def leaves_quote_open(paragraph: str, following: str, mark: str) -> bool:
    """The news convention for a quotation over several paragraphs: this paragraph opens `mark` more
    often than it closes it, and the following paragraph opens with `mark` again."""
    close = _QUOTE_PAIRS[mark]
    opened = paragraph.count(mark)
    unclosed = opened % 2 == 1 if mark == close else opened > paragraph.count(close)
    return unclosed and following.lstrip().startswith(mark)


def _closes(text: str, i: int, start: int) -> bool:
    """Whether a straight double quote at i is shaped as a closing mark: after a word, a stop or a comma."""
    return i > start and not text[i - 1].isspace() and text[i - 1] not in "([{—–-/"


def _opens(text: str, i: int, start: int, end: int) -> bool:
    """Whether a straight double quote at i is shaped as an opening mark: after a space, before a word."""
    return (i == start or text[i - 1].isspace()) and i + 1 < end and not text[i + 1].isspace()


def _closer_positions(text: str, start: int, end: int) -> dict[str, list[int]]:
    """Where each closing mark stands, so that finding a quote's end is a bisect, not a scan."""
    out: dict[str, list[int]] = {c: [] for c in _QUOTE_PAIRS.values()}
    for mark in _CLOSING.finditer(text, start, end):
        j = mark.start()
        # A ’ followed by a letter is an apostrophe (don’t), not the end of a quote; a " before a word
        # after a space opens one.
        if not (text[j] == "’" and j + 1 < end and text[j + 1].isalpha()) and not (
            text[j] == '"' and _opens(text, j, start, end)
        ):
            out[text[j]].append(j)
    return out


def split(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside text[start:end], trimmed, never breaking inside a quotation."""
    cuts = sorted(set(_ends(text, start, end)) | set(_list_starts(text, start, end)))
    quotes = quote_spans(text, start, end)
    spans: list[tuple[int, int]] = []
    begin = start
    for cut in [*cuts, end]:
        if cut < end and (cut <= begin or inside(quotes, cut - 1, cut)):
            continue  # a cut inside a quotation joins the quotation's sentences
        spans.append(trim(text, begin, cut))
        begin = cut
    return [s for s in spans if s[0] < s[1]]


def _ends(text: str, start: int, end: int) -> list[int]:
    """Offsets just past each stop (and its closing marks) that ends a sentence."""
    found = []
    sentence_start = start
    markers = {m.end() for m in _list_markers(text, start, end)}
    for m in _CANDIDATE.finditer(text, start, end):
        if m.end() >= end or m.end("close") in markers:
            continue
        cut = _cut(text, m, sentence_start)
        if cut is not None:
            found.append(cut)
            sentence_start = cut
    return found


def _cut(text: str, m: re.Match[str], sentence_start: int) -> int | None:
    """Where the candidate m ends a sentence, or None when the sentence goes on."""
    stop, after = m["stop"], m.end()
    follower = _NEXT_WORD.match(text, after)
    word = follower[1] if follower else text[after : after + 1]
    if stop[0] in "!?":
        return m.end("close") if not word[:1].islower() else None
    if stop[0] == "…" or stop.startswith(".."):
        return m.end("close") if len(stop.replace(" ", "")) > 3 and not word[:1].islower() else None
    if " " in stop:  # spaced dots: "word. . . . Next": the word's own period ends it, the ellipsis opens the next
        attached = not text[m.start() - 1].isspace()
        dots = stop.count(".")
        if attached and dots > 3 and not word[:1].islower():
            return m.start() + 1
        return m.end("close") if not attached and dots > 3 and not word[:1].islower() else None
    return m.end("close") if _period_ends(text, m, sentence_start, word) else None


def _period_ends(text: str, m: re.Match[str], sentence_start: int, following: str) -> bool:
    """Whether a period (after the word before it) ends the sentence, given the word that follows."""
    if not following or following[0].islower():
        return False
    before = text[sentence_start : m.start() + 1]
    token = before.split()[-1] if before.split() else ""
    bare = _WORD_BEFORE.match(token)
    word = bare[1] if bare else token
    lower = word.lower()
    if following[0].isdigit():
        return not {lower} & (_TITLES | _BEFORE_NUMBERS | _ABBREVIATIONS)
    if lower in _TITLES:
        return False
    starter = following.lower() in _STARTERS
    if len(word) == 1 and word.isupper():  # an initial ("Jonas E. Smith") or the pronoun ("you and I. Did")
        words = before.split()
        return starter and (len(words) < 2 or not words[-2][:1].isupper())
    if lower in _ABBREVIATIONS or _DOTTED.fullmatch(token):
        return starter and len(before.split()) >= _MIN_WORDS_BEFORE_ABBREVIATION
    return True


def _list_markers(text: str, start: int, end: int) -> list[re.Match[str]]:
    """Inline list markers that count 1, 2, 3... (or a, b, c...) from the start of the text."""
    chain: list[re.Match[str]] = []
    for m in _MARKER.finditer(text, start, end):
        if not chain:
            if text[start : m.start()].strip(" •⁃▪●◦‣"):
                return []  # a list starts the text, or there is none
            chain.append(m)
        elif _follows(chain[-1][1], m[1]):
            chain.append(m)
    return chain if len(chain) > 1 else []


def _follows(previous: str, value: str) -> bool:
    if previous.isdigit() and value.isdigit():
        return int(value) == int(previous) + 1
    return previous.isalpha() and value.isalpha() and ord(value) == ord(previous) + 1


def _list_starts(text: str, start: int, end: int) -> list[int]:
    """Where each inline list item after the first begins: its bullet, else its marker."""
    bullets = [m.start() for m in _BULLET.finditer(text, start, end)]
    markers = [m.start() for m in _list_markers(text, start, end)[1:]]
    return bullets + [m for m in markers if not any(0 < m - b <= 2 for b in bullets)]


def inside(quotes: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) lies within one quotation, marks excluded (quotes sorted, disjoint)."""
    k = bisect.bisect_left(quotes, (start, end)) - 1  # the last quotation opening before start
    if k + 1 < len(quotes) and quotes[k + 1][0] < start:
        k += 1
    return k >= 0 and quotes[k][0] < start and end <= quotes[k][1] - 1
