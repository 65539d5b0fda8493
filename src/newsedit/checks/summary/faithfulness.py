"""The hallucination guard: numbers, dates and names in a summary that its article does not contain.

Abstractive models invent figures, days and people. Each summary sentence is compared with the
whole article: a number must appear in it (as digits or words), a month, weekday or year must
appear in it, and every word of a capitalised name must appear in it (titles and the usual
sentence openers aside). It is a guard, not a proof: a supported name can still be misused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cached_property

from newsedit import sentences
from newsedit.tokens import FACT_TOKEN

_NUMBER = re.compile(r"(?<![\w.])\d+(?:,\d{3})*(?:\.\d+)?(?![\d])")
_YEAR = re.compile(r"1[89]\d\d|20\d\d")

_UNITS = """zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen
fifteen sixteen seventeen eighteen nineteen""".split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_WORD_VALUES = {w: i for i, w in enumerate(_UNITS)} | {w: 20 + 10 * i for i, w in enumerate(_TENS)}
_WORD_VALUES |= {"dozen": 12, "hundred": 100, "thousand": 1000, "first": 1, "second": 2, "third": 3}
_WORD_VALUES |= {"fourth": 4, "fifth": 5, "half": 2, "twice": 2, "double": 2, "triple": 3}
# Number words a summary may use loosely ("one of the", "a second term"): never flagged.
_VAGUE_WORDS = frozenset({"zero", "one", "first", "second", "half", "double", "dozen", "hundred", "thousand"})

_MONTHS = """january february march april may june july august september october november december""".split()
_MONTH_ALIASES = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8}
_MONTH_ALIASES |= {"sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12}
_MAY_BEFORE = re.compile(r"\b(?:in|of|on|since|until|by|early|late|mid|last|next|this)[\s-]+$", re.I)
_DAYS = "monday tuesday wednesday thursday friday saturday sunday".split()

# Words that open sentences or precede names without being names themselves.
_TITLES = frozenset(
    """mr mrs ms miss dr prof sir dame lord lady president prime minister chancellor secretary
    general gen col capt sgt senator sen rep governor gov king queen prince princess pope judge
    justice chief mayor officer ambassador spokesman spokeswoman spokesperson leader""".split()
)
_OPENERS = frozenset(
    """a an the this that these those it its he she they we i you his her their our my your there
    here in on at for from with by of to as after before during while when where if but and or so
    yet also however meanwhile still instead moreover furthermore although though because since
    despite according both all some many most several few other others another each every no not
    one two three officials analysts experts critics police reports sources residents people
    earlier later today yesterday tomorrow now then last next new why what who how which""".split()
)
_PREFIX_SLACK = 3  # Russia ~ Russian, Korea ~ Korean: a name and its adjective


@dataclass(frozen=True)
class Claim:
    """Something a summary sentence states that the article does not support."""

    kind: str  # number | date | name
    value: str  # as the summary writes it
    sentence: str  # the summary sentence it is in


def unsupported(summary: str, article: str) -> list[Claim]:
    """Numbers, dates and names of each summary sentence that the article does not contain."""
    facts = Facts(article)
    claims: list[Claim] = []
    for start, end in sentences.split(summary, 0, len(summary)):
        sentence = " ".join(summary[start:end].split())
        claims.extend(_claims(sentence, facts))
    return claims


class Facts:
    """What an article contains, in forms a summary can be compared with."""

    def __init__(self, text: str) -> None:
        self.text = text

    @cached_property
    def numbers(self) -> frozenset[Decimal]:
        """Every number the article states, in digits or in words."""
        digits = {n for n in (_value(m.group()) for m in _NUMBER.finditer(self.text)) if n is not None}
        words = {Decimal(v) for v in (_word_value(w) for w in self.words) if v is not None}
        return frozenset(digits | words)

    @cached_property
    def words(self) -> frozenset[str]:
        """Every word, folded, with possessives and hyphenated parts as words of their own."""
        out: set[str] = set()
        for m in FACT_TOKEN.finditer(self.text):
            word = _fold(m.group())
            out.add(word)
            out.update(p for p in re.split(r"[\-.]", word) if p)
        return frozenset(out)

    @cached_property
    def lower_words(self) -> frozenset[str]:
        """Words the article writes in lower case (so they are ordinary words, not names)."""
        return frozenset(_fold(m.group()) for m in FACT_TOKEN.finditer(self.text) if m.group()[0].islower())

    @cached_property
    def dates(self) -> frozenset[str]:
        """Months (as numbers), weekdays and years the article mentions."""
        return frozenset(d for m in FACT_TOKEN.finditer(self.text) if (d := _date_key(m.group())) is not None)

    def has_name_word(self, word: str) -> bool:
        """Whether a word of a name is in the article, allowing a name's adjective (Russia/Russian)."""
        folded = _fold(word)
        if folded in self.words:
            return True
        return any(_same_stem(folded, w) for w in self.words if w[:3] == folded[:3])


def _claims(sentence: str, facts: Facts) -> list[Claim]:
    tokens = list(FACT_TOKEN.finditer(sentence))
    claims = [Claim(kind, value, sentence) for kind, value in _number_claims(sentence, tokens, facts)]
    claims += [Claim("date", t.group(), sentence) for t in tokens if _unsupported_date(t.group(), sentence, t, facts)]
    claims += [Claim("name", name, sentence) for name in _name_claims(sentence, tokens, facts)]
    return claims


def _number_claims(sentence: str, tokens: list[re.Match[str]], facts: Facts) -> list[tuple[str, str]]:
    out = []
    for m in _NUMBER.finditer(sentence):
        if _YEAR.fullmatch(m.group()):
            continue  # a year is a date, checked with the dates
        value = _value(m.group())
        if value is not None and value not in facts.numbers:
            out.append(("number", m.group()))
    for t in tokens:
        folded = t.group().casefold()
        parts = [folded] if _word_value(folded) is not None else folded.split("-")
        for part in parts:
            said = _word_value(part)
            if said is not None and part not in _VAGUE_WORDS and Decimal(said) not in facts.numbers:
                out.append(("number", part))
    return out


def _unsupported_date(word: str, sentence: str, match: re.Match[str], facts: Facts) -> bool:
    key = _date_key(word)
    if key is None or key in facts.dates:
        return False
    if word == "May":  # the month next to a number or after "in", "since"...; else the verb
        before, after = sentence[max(0, match.start() - 8) : match.start()], sentence[match.end() : match.end() + 5]
        return bool(_MAY_BEFORE.search(before) or re.search(r"\d", before[-4:] + after))
    return True


def _name_claims(sentence: str, tokens: list[re.Match[str]], facts: Facts) -> list[str]:
    """Runs of capitalised words with a word the article lacks (titles and openers aside)."""
    out = []
    for run in _capitalised_runs(sentence, tokens):
        words = [t.group() for t in run]
        if run[0] is tokens[0] and (_fold(words[0]) in _OPENERS or _fold(words[0]) in facts.lower_words):
            words = words[1:]  # a capitalised sentence opener, not a name
        missing = [
            w for w in words if _fold(w) not in _TITLES and not _is_date_or_number(w) and not facts.has_name_word(w)
        ]
        if missing:
            out.append(" ".join(words))
    return out


def _capitalised_runs(sentence: str, tokens: list[re.Match[str]]) -> list[list[re.Match[str]]]:
    """Neighbouring capitalised words, separated by spaces only: one name each."""
    runs: list[list[re.Match[str]]] = []
    for t in tokens:
        if not t.group()[0].isupper():
            continue
        if runs and runs[-1][-1].end() < t.start() and not sentence[runs[-1][-1].end() : t.start()].strip():
            runs[-1].append(t)
        else:
            runs.append([t])
    return runs


def _same_stem(a: str, b: str) -> bool:
    """One word is the other plus a short ending: Russia and Russian, Korea and Korean."""
    short, long = sorted((a, b), key=len)
    return len(short) >= 4 and 0 < len(long) - len(short) <= _PREFIX_SLACK and long.startswith(short)


def _is_date_or_number(word: str) -> bool:
    return _date_key(word) is not None or _word_value(word.casefold()) is not None or word[0].isdigit()


def _fold(word: str) -> str:
    """Case-folded, without a possessive ending or the periods of an initialism (U.S. -> us)."""
    word = re.sub(r"['’]s$", "", word.casefold())
    return word.replace(".", "") if re.fullmatch(r"(?:\w\.)+\w?", word) else word


def _value(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", "")).normalize()
    except InvalidOperation:
        return None


def _word_value(word: str) -> int | None:
    if word in _WORD_VALUES:
        return _WORD_VALUES[word]
    tens, _, unit = word.partition("-")
    if tens in _TENS and unit in _UNITS[1:10]:
        return _WORD_VALUES[tens] + _WORD_VALUES[unit]
    return None


def _date_key(word: str) -> str | None:
    """A month, weekday or year as a comparable key; None for other words."""
    if not word[:1].isupper() and not word[:1].isdigit():
        return None
    folded = word.casefold().rstrip(".")
    if folded in _MONTHS:
        return f"month:{_MONTHS.index(folded) + 1}"
    if folded in _MONTH_ALIASES:
        return f"month:{_MONTH_ALIASES[folded]}"
    if folded in _DAYS:
        return f"day:{folded}"
    return f"year:{word}" if _YEAR.fullmatch(word) else None
