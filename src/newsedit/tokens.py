"""What counts as a word: each pattern defined once, named by what it keeps, for the checks to pick from.

The patterns differ on purpose (a spelling checker looks up letters, readability counts "$15" as a
word, a fact check keeps "1.13bn" whole), so they are not one; but each is written only here.
"""

from __future__ import annotations

import re

# Starts with a letter, then letters or digits, inner apostrophes kept: O'Brien, Lavrov's, G7.
# What spelling and the English variant are judged on.
LETTER_WORD = re.compile(r"[^\W\d_]\w*(?:['’][^\W\d_]\w*)*")

# Letters only, joined by inner hyphens or apostrophes and kept whole: wi-fi, tie-break, O'Brien.
# What house vocabulary is learnt as.
COMPOUND = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")

# Letters or digits with inner apostrophes: what extractive summaries count and compare.
WORD = re.compile(r"\w+(?:['’]\w+)*")

# Also joined by periods and hyphens (U.S, 1.13bn, 9-year-old): what summary facts are matched by.
FACT_TOKEN = re.compile(r"\w+(?:[’'.\-]\w+)*")

# A word as the formulas count it: letters or digits, joined by inner apostrophes, hyphens, periods
# (U.S, 1.13bn) and digit-group commas (464,000), so that each counts once, as Flesch counts
# "wouldn't", "full-length" and "$15". A closing apostrophe stays with its word (analysts').
COUNTED_WORD = re.compile(r"[^\W_]+(?:(?:['’\-.]|(?<=\d),(?=\d{3}))[^\W_]+)*(?:['’](?![^\W_]))?")

# A word of a line that may be a related-story teaser: a word with any trailing punctuation it
# carries (Mr., U.S.-led), or a number with its separators (1,200.5).
TEASER_WORD = re.compile(r"[^\W\d_][\w'’.-]*|\d[\w.,]*")

# Words too common to say what a sentence or headline is about: English function words, plus
# news's reporting verbs and titles.
STOPWORDS = frozenset(
    """a about after again against all also an and any are as at be because been before being
    between both but by can could did do does during each few for from further had has have having
    he her here hers him his how i if in into is it its itself just me more most my no nor not now
    of off on once only or other our out over own same she should so some such than that the their
    them then there these they this those through to too under until up very was we were what when
    where which while who whom why will with would you your said says say mr mrs ms""".split()
)
