"""Spelling and names: which unknown words LanguageTool's spell checker flags are typos, names, or fine.

A word is no error when it is on the accept list or a capitalised word that recurs in the article. A
capitalised word met once, mid-sentence, is most likely a name (`grammar/unknown-name`), unless it is a
letter or two from a name the article uses elsewhere (then it is a misspelling of that name).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsedit.findings import Finding

if TYPE_CHECKING:
    from newsedit.article import Article
    from newsedit.backends.languagetool import Match
from newsedit.checks.grammar import misspellings, slips
from newsedit.checks.grammar.catalogue import RULES
from newsedit.checks.grammar.policy import LtPolicy, lt_finding
from newsedit.tokens import LETTER_WORD

_SENTENCE_END = ".!?…:"
_OPENERS = "\"'“‘([«"


@dataclass
class Names:
    """What counts as a name in one article: the accept list and the words that recur."""

    accepted: frozenset[str]
    counts: Counter[str]

    def known(self, word: str) -> bool:
        """Accepted, or a capitalised word the article uses more than once."""
        return word in self.accepted or word.title() in self.accepted or self.counts[word] > 1

    def near(self, word: str) -> str | None:
        """A known name this word is probably a misspelling of ("Nanjin" for "Najin").

        Not for short words, another form of the name ("Opels", "Zafi-D"), nor names that differ
        in their first letter ("Norrell", "Borrell"): those are most often other names.
        """
        if len(word) < 6:
            return None
        pool = [w for w, n in self.counts.items() if n > 1 and w[:1].isupper()]
        close = difflib.get_close_matches(word, pool, n=3, cutoff=0.8)
        close += difflib.get_close_matches(word, self.accepted, n=3, cutoff=0.85)
        return next((name for name in close if _same_name_misspelt(word, name)), None)


def _same_name_misspelt(word: str, name: str) -> bool:
    if word[:1] != name[:1] or word.startswith(name) or name.startswith(word):
        return False
    return name.lower() != word.lower()


def capitalised(text: str) -> Counter[str]:
    """How often each capitalised word occurs, possessives counted as the name ("Lavrov's")."""
    words = (w[:-2] if w.endswith(("'s", "’s")) else w for w in LETTER_WORD.findall(text))
    return Counter(w for w in words if w[:1].isupper())


def spelling_finding(article: Article, match: Match, policy: LtPolicy, names: Names) -> Finding | None:
    """A spell checker's match, unless the word is common English, house vocabulary, a spelling
    variant in wide use, or a name the article or the list vouches for.

    What stays is a likely typo: one letter from a common word ("recieve", "Languaje"); a lower-case word
    on codespell's list of misspellings is `grammar/misspelling` (measured apart: on published copy the
    list's words are nearly always typos, the spell checker's other near misses often technical words).
    Other unknown words are info: a name met once (`unknown-name`), a rare or technical word
    (`unknown-word`), for the editor to check.
    """
    from newsedit.checks.grammar import vocabulary

    word = article.text[match.start : match.end]
    if (
        word in names.accepted
        or vocabulary.compound_variant(word, match.replacements)
        or _markup_residue(article, match)
    ):
        return None
    accented = _accented(word, match.replacements)
    if accented is not None:
        message = f'"{word}" is written "{accented}" with its accents (house styles may drop them).'
        rule = "grammar/diacritics"
        return article.finding(
            match.start, match.end, rule, message, severity=RULES.severity(rule), replacements=[accented]
        )
    if _tail_of_name(article, match.start):
        return None  # "Gara" in "O'Gara", "etat" in "coup d'etat"
    name_like = _name_like(word)
    if not name_like and (fix := misspellings.correction(word)) is not None:
        if slips.foreign_passage(word, _sentence(article, match)):
            return _unknown(article, match, "grammar/unknown-word")  # "Langue des signes québécoise"
        return _misspelling(article, match, policy, fix)  # codespell lists no English word: asked first
    if _common(word, match.replacements):
        return None
    if not name_like and (fix := slips.slip(word, match.replacements, _sentence(article, match), _uses(article, word))):
        return _misspelling(article, match, policy, fix, TYPO)
    typo = _likely_typo(word, match.replacements)
    if not name_like:
        return lt_finding(article, match, policy) if typo else _unknown(article, match, "grammar/unknown-word")
    if names.known(word):
        # Recurring is no proof of a name when the word is one letter from a very common word and
        # never stands beside another name ("the Languaje course", not "Annette Bening"); used
        # three times or more, it is ("Qwest" is no slip for "Quest").
        typo = (
            typo and names.counts[word] < NAME_BY_USES and _likely_typo(word, match.replacements, MIN_NAME_TYPO_LETTERS)
        )
        return lt_finding(article, match, policy) if typo and not _name_context(article, word) else None
    near = names.near(word)
    if near is not None:
        return lt_finding(article, match, policy, near)
    if typo and _starts_sentence(article, match.start) and not _name_context(article, word):
        return lt_finding(article, match, policy)
    return _unknown(article, match, "grammar/unknown-name")


MISSPELLING = "grammar/misspelling"
TYPO = "grammar/typo"


def _misspelling(article: Article, match: Match, policy: LtPolicy, fix: str | None, rule: str = MISSPELLING) -> Finding:
    """A lower-case word on codespell's list of misspellings, or a slip of the keyboard (slips.py): each
    measured apart from the spell checker's other words, which are mostly names and technical terms."""
    word = article.text[match.start : match.end]
    replacements = list(dict.fromkeys([fix, *match.replacements] if fix else match.replacements))[:5]
    message = f'"{word}" is misspelt' + (f': "{replacements[0]}".' if replacements else ".")
    severity = policy.severity_for(rule)
    return article.finding(match.start, match.end, rule, message, severity=severity, replacements=replacements)


def _sentence(article: Article, match: Match) -> str:
    """The sentence a match lies in (the match's own text where it lies in none, as in a headline)."""
    for sentence in article.sentences:
        if sentence.start <= match.start < sentence.end:
            return article.reading[sentence.start : sentence.end]
    return article.text[match.start : match.end]


def _uses(article: Article, word: str) -> int:
    """How often the word occurs in the article, in any case."""
    return sum(1 for _ in _occurrences(article.text, word, re.IGNORECASE))


def _occurrences(text: str, word: str, flags: int = 0) -> Iterator[re.Match[str]]:
    """The word where it stands whole in text: not inside a longer word, a contraction or a compound."""
    return re.finditer(rf"(?<![\w'’-]){re.escape(word)}(?![\w'’-])", text, flags)


def _unknown(article: Article, match: Match, rule: str) -> Finding:
    word = article.text[match.start : match.end]
    if rule == "grammar/unknown-name":
        advice = "if it is a name, check its spelling"
    else:
        advice = "nor one letter from a common word: check it"
    message = f'"{word}" is not in the dictionary, {advice} (or add it to grammar.accept).'
    replacements = list(match.replacements[:5])
    return article.finding(
        match.start, match.end, rule, message, severity=RULES.severity(rule), replacements=replacements
    )


def _name_like(word: str) -> bool:
    """Capitalised, or a brand's inner capital ("eDonkey", "iPhoto"), or a capitalised part ("ex-Yukos")."""
    return any(part[:1].isupper() or (not part.isupper() and any(c.isupper() for c in part[1:]))
               for part in word.split("-"))  # fmt: skip


def _markup_residue(article: Article, match: Match) -> bool:
    """A word cut by an HTML entity left in the copy ("caf&eacute;"): no word to judge."""
    text = article.text
    return "&" in text[match.start : match.end] or text[match.end : match.end + 1] in ("&", ";")


def _tail_of_name(article: Article, start: int) -> bool:
    """The word follows a letter and an apostrophe: the tail of "O'Gara", "d'Alema"."""
    return re.fullmatch(r"[^\W\d_]['’]", article.text[max(0, start - 2) : start]) is not None


TYPO_WORD_ZIPF = 4.5  # "political" 5.0, "believe" 5.5, "environment" 5.0; not "install" for "instal"
MIN_TYPO_LETTERS = 5  # shorter words ("frag", "yuppy" is five) are too often slang or abbreviations
MIN_NAME_TYPO_LETTERS = 7  # a recurring capitalised word shorter than this is taken for a name
NAME_BY_USES = 3  # a capitalised word used this often is a name, however close to a common word


def _likely_typo(word: str, suggestions: Sequence[str], min_letters: int = MIN_TYPO_LETTERS) -> bool:
    """A clear typo: one edit (a transposition counts as one) from a very common word
    ("recieve", "politcians", "Languaje"), or two words run together ("alot", "upto")."""
    from rapidfuzz.distance import OSA

    from newsedit.checks.grammar import vocabulary

    if word.islower() and any(vocabulary.split_with_short_piece(word, s) for s in suggestions[:3]):
        return True  # not "Ahold" for "A hold", "Cueto" for "Cue to": names
    if len(word) < min_letters or word.isupper() or word[:-1].isupper():
        return False  # "WSIS", "PEDs": abbreviations
    try:
        return any(
            OSA.distance(word.lower(), s.lower()) == 1 and vocabulary.zipf(s) >= TYPO_WORD_ZIPF for s in suggestions[:3]
        )
    except vocabulary.FrequencyListMissing:
        return True  # without the list, every near miss counts as a typo (as LanguageTool says)


def _name_context(article: Article, word: str) -> bool:
    """Whether the word stands beside another capitalised word somewhere in the article
    ("Annette Bening", "Bening Award"), a sentence's first word aside."""
    text = article.text
    for m in _occurrences(text, word):
        after = re.match(r"[ \t]+([^\W\d_][\w'’-]*)", text[m.end() : m.end() + 40])
        if after and after.group(1)[:1].isupper():
            return True
        before = re.search(r"([^\W\d_][\w'’-]*)[ \t]+$", text[max(0, m.start() - 40) : m.start()])
        if before and before.group(1)[:1].isupper() and not _starts_sentence(article, m.start() - len(before.group(0))):
            return True
    return False


def _accented(word: str, suggestions: Sequence[str]) -> str | None:
    """The suggestion that is word with its accents ("José" for "Jose"), if any."""
    for suggestion in suggestions[:5]:
        if suggestion != word and _unaccented(suggestion) == word:
            return suggestion
    return None


def _unaccented(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _common(word: str, suggestions: Sequence[str]) -> bool:
    """Whether word is common English per the frequency list (False when the list is missing)."""
    from newsedit.checks.grammar import vocabulary

    try:
        return vocabulary.is_common(word, tuple(suggestions))
    except vocabulary.FrequencyListMissing:
        return False


def _starts_sentence(article: Article, offset: int) -> bool:
    """Whether the word at offset opens a sentence (or a headline, or a paragraph)."""
    text = article.text
    starts = [b.start for b in article.blocks]
    block_start = starts[bisect_right(starts, offset) - 1] if starts and starts[0] <= offset else 0
    i = offset - 1
    while i >= block_start and (text[i].isspace() or text[i] in _OPENERS):
        i -= 1
    return i < block_start or text[i] in _SENTENCE_END
