"""Offline sentence splitting: nltk's Punkt with newsedit's own abbreviations, never a download."""

from __future__ import annotations

import bisect
import importlib
import importlib.util
import re
import sys
import types
from functools import lru_cache
from typing import TYPE_CHECKING

from newsedit.text import trim

if TYPE_CHECKING:
    from nltk.tokenize.punkt import PunktSentenceTokenizer

# Lower-case, without the final period, as Punkt stores them. Titles and initialisms
# that news copy uses before names and numbers; single letters cover initials.
_ABBREVIATIONS = """
mr mrs ms dr prof rev st sr jr gen col lt sgt capt cmdr adm maj cpl pvt gov sen rep pres
supt insp det ch fr hon rt
u.s u.k u.n e.u u.s.a d.c n.y l.a u.a.e
inc ltd co corp plc bros llc dept univ assn est
jan feb mar apr jun jul aug sep sept oct nov dec
mon tue tues wed thu thur thurs fri sat sun
no nos vol vols fig p pp ed eds approx ca cf vs v e.g i.e a.m p.m
mt ft ave blvd rd
""".split()
_ABBREVIATIONS += list("abcdefghijklmnopqrstuvwxyz")

# Capitalised words that start a new sentence after an abbreviation ("in the U.S. The...").
# Only words that never follow a title: "Mr. The" cannot happen, "Mr. Smith" stays one sentence.
_SENTENCE_STARTERS = """
the an he she it they we you his her its their our this that these those there here
but and however meanwhile yet so then also still now in on at for from after before when while
if as some many most all both no not one two three mr mrs ms dr
""".split()

# Opening and closing quotation marks; straight quotes pair with themselves.
_QUOTE_PAIRS = {"“": "”", "‘": "’", '"': '"', "«": "»"}
# The marks found with a regex scan, not a Python loop over every character (this runs on every paragraph).
_OPENING = re.compile("[" + re.escape("".join(_QUOTE_PAIRS)) + "]")
_CLOSING = re.compile("[" + re.escape("".join(set(_QUOTE_PAIRS.values()))) + "]")


@lru_cache(maxsize=1)
def _tokenizer() -> PunktSentenceTokenizer:
    punkt = _import_punkt()
    params = punkt.PunktParameters()
    params.abbrev_types = set(_ABBREVIATIONS)
    params.sent_starters = set(_SENTENCE_STARTERS)
    return punkt.PunktSentenceTokenizer(params)


def _import_punkt() -> types.ModuleType:
    """nltk's Punkt module, without running `nltk/__init__`.

    That package initialiser imports the whole toolkit (scipy and scikit-learn too, when
    installed): about two seconds, which a pre-commit hook cannot spend. Punkt itself needs only
    a few nltk modules, so the two parent packages are stood in by bare package modules while
    it loads; then every nltk module loaded that way leaves sys.modules, so that a later
    `import nltk` elsewhere loads the real package from scratch.
    """
    if "nltk.tokenize.punkt" in sys.modules or "nltk" in sys.modules:
        return importlib.import_module("nltk.tokenize.punkt")
    spec = importlib.util.find_spec("nltk")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("nltk is not installed")
    root = next(iter(spec.submodule_search_locations))
    stubs = {"nltk": root, "nltk.tokenize": f"{root}/tokenize"}
    for name, folder in stubs.items():
        stub = types.ModuleType(name)
        stub.__path__ = [folder]
        sys.modules[name] = stub
    try:
        return importlib.import_module("nltk.tokenize.punkt")
    finally:
        for name in [m for m in sys.modules if m == "nltk" or m.startswith("nltk.")]:
            del sys.modules[name]


def quote_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans [open, close] of quotations in text[start:end], outermost only, quotes included."""
    end = len(text) if end is None else end
    closers = _closer_positions(text, start, end)
    spans: list[tuple[int, int]] = []
    after = start  # where the last quotation found ends: marks before it are inside it
    for mark in _OPENING.finditer(text, start, end):
        i = mark.start()
        # A ‘ inside a word (rock ‘n’ roll aside) is not an opening quote.
        if i < after or (text[i] == "‘" and i > start and text[i - 1].isalnum()):
            continue
        positions = closers[_QUOTE_PAIRS[text[i]]]
        k = bisect.bisect_right(positions, i)
        if k < len(positions):
            spans.append((i, positions[k] + 1))
            after = positions[k] + 1
    return spans


def _closer_positions(text: str, start: int, end: int) -> dict[str, list[int]]:
    """Where each closing mark stands, so that finding a quote's end is a bisect, not a scan."""
    out: dict[str, list[int]] = {c: [] for c in _QUOTE_PAIRS.values()}
    for mark in _CLOSING.finditer(text, start, end):
        j = mark.start()
        # A ’ followed by a letter is an apostrophe (don’t), not the end of a quote.
        if not (text[j] == "’" and j + 1 < end and text[j + 1].isalpha()):
            out[text[j]].append(j)
    return out


def split(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside text[start:end], trimmed, never breaking inside a quotation."""
    chunk = text[start:end]
    spans = [(start + s, start + e) for s, e in _tokenizer().span_tokenize(chunk)]
    quotes = quote_spans(text, start, end)
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and inside(quotes, merged[-1][1], s):
            merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    return [t for t in (trim(text, s, e) for s, e in merged) if t[0] < t[1]]


def inside(quotes: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) lies within one quotation, marks excluded (quotes sorted, disjoint)."""
    k = bisect.bisect_left(quotes, (start, end)) - 1  # the last quotation opening before start
    if k + 1 < len(quotes) and quotes[k + 1][0] < start:
        k += 1
    return k >= 0 and quotes[k][0] < start and end <= quotes[k][1] - 1
