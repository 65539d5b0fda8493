"""Whether "a" or "an" fits the next word, where its spelling tells its sound: `grammar/a-or-an`.

LanguageTool's EN_A_VS_AN reads letters. In published copy its misses are sounds the letters do
not tell: an amount read as a number ("an $11bn", "an £800m": eleven, eight hundred), an initialism
read letter by letter or as a word ("an ntl spokesman", "a NIST control", "an fbi.gov address"),
a name in u, e or o ("a Uefa Cup exit"). Those are left to EN_A_VS_AN; newsedit decides
(and blocks) only where the sound is certain:

- a number, bare or after a currency sign, read by its leading digits ("an 18% cut", "a $3m loss");
- a common word in lower case that is not part of an address, in a or i or a consonant but h
  ("an report", "a interview"); in u, o or e the sound varies ("a unique", "a one-off", "a euro");
- a capitalised word whose first letter sounds one way at the start of a word: not h (the writer's
  choice), u, e or o ("a Ukrainian", "a European", "a One Nation MP"), x or y ("a Xhosa").
"""

from __future__ import annotations

import re

from newsedit.checks.grammar import vocabulary

COMMON_ZIPF = 3.0  # "orderly" 3.4: rarer lower-case words are often initialisms styled small ("ntl")
_AMOUNT = re.compile(r"\s*(?:[A-Z]{0,2}[$£€¥])?(\d[\d,.]*)")
_WORD = re.compile(r"\s*([^\W\d_][^\W\d_'’]*)(?![\w@/]|\.[^\W\d_])")
_FIXED_SOUND_CAPITALS = "abcdfgijklmnpqrstvwz"  # first letters whose sound at a word's start is fixed


def vowel_sound(text: str, at: int) -> bool | None:
    """Whether the word at text[at:] begins with a vowel sound, or None where its spelling does not say."""
    amount = _AMOUNT.match(text, at)
    if amount is not None:
        return _number_sound(amount.group(1))
    word = _WORD.match(text, at)
    if word is None:
        return None
    w = word.group(1)
    first = w[0].lower()
    if w.islower() and vocabulary.zipf(w) >= COMMON_ZIPF:
        return None if first in "hueox" else first in "ai"  # "a unique", "a one-off", "a euro", "an x-ray"
    if w[0].isupper() and w[1:].islower() and first in _FIXED_SOUND_CAPITALS:
        return first in "ai"
    return None


def _number_sound(digits: str) -> bool | None:
    """Whether an amount is read with a vowel first: by its leading group of digits, as it is read."""
    group = re.split(r"[,.]", digits, maxsplit=1)[0]
    if not group:
        return None
    if group.startswith("8"):
        return True
    if group[:2] in ("11", "18"):
        # 11, 11,000, 11bn: eleven; 110, 110,000: one hundred...; 1100 is read either way
        return None if len(group) == 4 else len(group) % 3 == 2
    return False


def fits(article: str, text: str, at: int) -> bool | None:
    """Whether the article ("a", "an") fits the sound of the word at text[at:], None where unknown."""
    if article.lower() not in ("a", "an"):
        return None
    vowel = vowel_sound(text, at)
    return None if vowel is None else (article.lower() == "an") == vowel
