"""Offline sentence splitting: nltk's Punkt with newsedit's own abbreviations, never a download."""

from __future__ import annotations

from functools import lru_cache

from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

from newsedit.text import trim

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
""".split() + list("abcdefghijklmnopqrstuvwxyz")

# Opening and closing quotation marks; straight quotes pair with themselves.
_QUOTE_PAIRS = {"“": "”", "‘": "’", '"': '"', "«": "»"}


@lru_cache(maxsize=1)
def _tokenizer() -> PunktSentenceTokenizer:
    params = PunktParameters()
    params.abbrev_types = set(_ABBREVIATIONS)
    return PunktSentenceTokenizer(params)


def quote_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans [open, close] of quotations in text[start:end], outermost only, quotes included."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    i = start
    while i < end:
        closer = _QUOTE_PAIRS.get(text[i])
        # An apostrophe-like ‘ inside a word (rock ‘n’ roll aside) is not an opening quote.
        if closer and not (text[i] == "‘" and i > start and text[i - 1].isalnum()):
            close = _find_closer(text, i + 1, end, closer)
            if close is not None:
                spans.append((i, close + 1))
                i = close + 1
                continue
        i += 1
    return spans


def _find_closer(text: str, start: int, end: int, closer: str) -> int | None:
    for j in range(start, end):
        if text[j] == closer:
            # A closing ’ followed by a letter is an apostrophe (don’t), not the end of a quote.
            if closer == "’" and j + 1 < end and text[j + 1].isalpha():
                continue
            return j
    return None


def split(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside text[start:end], trimmed, never breaking inside a quotation."""
    chunk = text[start:end]
    spans = [(start + s, start + e) for s, e in _tokenizer().span_tokenize(chunk)]
    quotes = quote_spans(text, start, end)
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and _inside_quote(merged[-1][1], s, quotes):
            merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    return [t for t in (trim(text, s, e) for s, e in merged) if t[0] < t[1]]


def _inside_quote(prev_end: int, next_start: int, quotes: list[tuple[int, int]]) -> bool:
    """A break between two sentences falls inside a quotation that spans both sides."""
    return any(q0 < prev_end and next_start < q1 - 1 for q0, q1 in quotes)
