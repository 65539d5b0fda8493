"""The readability check: the standard scores for each article and paragraph, against house targets.

Scores (JSON under "readability"; every one for the article and for each body paragraph):
Flesch Reading Ease, Flesch-Kincaid grade, Gunning fog, SMOG, Coleman-Liau, ARI and Dale-Chall,
with the counts they are made of, words per sentence, the share of complex and of unfamiliar
words, and the reading time. Only the body paragraphs are scored: headlines are not prose.

Findings, against `[readability]` in the config:
- the article's grade (`grade-formula`, Flesch-Kincaid by default) above `max-grade`, or its
  Reading Ease below `min-reading-ease`: reported at the headline, else the first paragraph;
- a paragraph above `max-grade`, or longer than `max-paragraph-words`: reported at the paragraph;
- a sentence longer than `max-sentence-words`: reported at the sentence. A sentence that lies
  wholly inside a quotation is left alone (quotes are not rewritten).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from newsedit import sentences
from newsedit.checks import CheckOutput, Context
from newsedit.checks.readability import scores
from newsedit.checks.readability.measure import Measurement, Paragraph, measure
from newsedit.config import GRADE_FORMULAS, value_problem
from newsedit.errors import ConfigError
from newsedit.findings import Finding, Severity
from newsedit.rules import Examples, Rule, RuleList

if TYPE_CHECKING:
    from newsedit.article import Article, Span
    from newsedit.config import Config, ReadabilityConfig

_W, _I = Severity.WARNING, Severity.INFO
# The examples' articles: one plain, one hard, one with a long sentence, one with a long paragraph.
_PLAIN = (
    "Storm shuts the port\n\nA storm shut the port on Monday. Ships stayed at sea. "
    "The port will open again on Friday, officials said.\n"
)
_HARD = (
    "Regulator reviews consolidation\n\nThe regulatory authority's comprehensive investigation into "
    "anticompetitive consolidation identified considerable organisational irregularities. Parliamentary "
    "representatives characterised the administrative deficiencies as institutionally unacceptable. "
    "Governmental representatives acknowledged substantial methodological inconsistencies.\n"
)
_LONG_SENTENCE = (
    "Port closes after storm\n\nThe port, which handles most of the grain that leaves the region for markets "
    "in the north and the east, was closed on Monday after a storm that had been forecast for days tore the "
    "roofs off two of its largest warehouses, leaving the grain that was stored in them open to the rain for "
    "most of a week.\n"
)
_LONG_PARAGRAPH = "Council sets budget\n\n" + " ".join(["The council met on Monday and agreed the budget."] * 14) + "\n"
_GRADE = ("readability.max-grade", "readability.grade-formula")


def _examples(passing: str, failing: str) -> Examples:
    return Examples((passing,), (failing,))


RULES = RuleList([
    Rule(
        "readability/article-grade", "article above target grade", _W, "The article reads above the target grade.",
        examples=_examples(_PLAIN, _HARD), config=_GRADE, tags=("readability",),
    ),
    Rule(
        "readability/reading-ease", "article below target ease", _W, "The article's Reading Ease is below target.",
        examples=_examples(_PLAIN, _HARD), config=("readability.min-reading-ease",), tags=("readability",),
    ),
    Rule(
        "readability/paragraph-grade", "paragraph above target grade", _I, "A paragraph reads above the target grade.",
        examples=_examples(_PLAIN, _HARD), config=("readability.max-paragraph-grade", "readability.grade-formula"),
        tags=("readability",),
    ),
    Rule(
        "readability/long-paragraph", "long paragraph", _I, "A paragraph has more words than the target allows.",
        examples=_examples(_PLAIN, _LONG_PARAGRAPH), config=("readability.max-paragraph-words",),
        tags=("readability",),
    ),
    Rule(
        "readability/long-sentence", "long sentence", _W, "A sentence has more words than the target allows.",
        examples=_examples(_PLAIN, _LONG_SENTENCE), config=("readability.max-sentence-words",), tags=("readability",),
    ),
])  # fmt: skip
GRADE_NAMES = GRADE_FORMULAS  # the grade formulas and their names, as the config declares them


def create(config: Config, context: Context | None = None) -> ReadabilityCheck:
    """The check for this config; an unknown grade formula is a config error (a section built in
    code may set any target, as a test that turns one off does, but only a formula it knows)."""
    problem = value_problem("readability.grade-formula", config.readability.grade_formula)
    if problem:
        raise ConfigError(f"{config.source or 'config'}: 'readability.grade-formula' {problem}")
    return ReadabilityCheck(config.readability)


class ReadabilityCheck:
    """Scores and findings for one article at a time; nothing to start or close."""

    name = "readability"
    waits_on_server = False

    def __init__(self, settings: ReadabilityConfig) -> None:
        self.settings = settings

    def check(self, article: Article) -> CheckOutput:
        """Measure the article once, then score it and hold it against the targets."""
        measured = measure(article)
        notices = [] if measured.counts.words else ["readability: no body text to score"]
        return CheckOutput(
            _findings(article, measured, self.settings), _data(article, measured, self.settings), notices
        )

    def close(self) -> None:
        """Nothing to release."""


def _data(article: Article, measured: Measurement, settings: ReadabilityConfig) -> dict[str, Any]:
    wpm = settings.words_per_minute
    paragraphs = [
        {"start": p.block.start, "end": p.block.end, "line": article.lines.position(p.block.start).line}
        | scores.score(p.counts, wpm)
        for p in measured.paragraphs
    ]
    return {
        "grade_formula": settings.grade_formula,
        "article": scores.score(measured.counts, wpm),
        "paragraphs": paragraphs,
    }


def _findings(article: Article, measured: Measurement, settings: ReadabilityConfig) -> list[Finding]:
    found = _article_findings(article, measured, settings)
    for paragraph in measured.paragraphs:
        found += _paragraph_findings(article, paragraph, settings)
    return found


def _article_findings(article: Article, measured: Measurement, settings: ReadabilityConfig) -> list[Finding]:
    anchor = article.headline or (article.paragraphs[0] if article.paragraphs else None)
    if anchor is None or not measured.counts.words:
        return []
    grade = scores.FORMULAS[settings.grade_formula](measured.counts)
    ease = scores.flesch_reading_ease(measured.counts)
    found = []
    if grade > settings.max_grade:
        message = f"The article reads at grade {_grade(grade, settings)}."
        found.append(_finding(article, anchor, "readability/article-grade", message))
    if ease < settings.min_reading_ease:
        message = f"The article's Reading Ease is {ease:.1f} (target: at least {settings.min_reading_ease:g})."
        found.append(_finding(article, anchor, "readability/reading-ease", message))
    return found


def _paragraph_findings(article: Article, paragraph: Paragraph, settings: ReadabilityConfig) -> list[Finding]:
    found = _long_sentences(article, paragraph, settings)
    counts = paragraph.counts
    if counts.words > settings.max_paragraph_words:
        message = f"This paragraph has {counts.words} words (target: at most {settings.max_paragraph_words})."
        found.append(_finding(article, paragraph.block, "readability/long-paragraph", message))
    # A one-sentence paragraph already reported as a long sentence would only be reported twice.
    said = len(paragraph.sentences) == 1 and bool(found)
    grade = scores.FORMULAS[settings.grade_formula](counts) if counts.words else 0.0
    if grade > settings.max_paragraph_grade and not said:
        message = f"This paragraph reads at grade {_grade(grade, settings, settings.max_paragraph_grade)}."
        found.append(_finding(article, paragraph.block, "readability/paragraph-grade", message))
    return found


def _long_sentences(article: Article, paragraph: Paragraph, settings: ReadabilityConfig) -> list[Finding]:
    """Sentences over the limit, except those wholly inside a quotation."""
    limit = settings.max_sentence_words
    long = [s for s in paragraph.sentences if s.counts.words > limit]
    if not long:
        return []  # most paragraphs: no need to look for their quotations
    quotes = sentences.quote_spans(article.text, paragraph.block.start, paragraph.block.end)
    return [
        _finding(
            article,
            s.span,
            "readability/long-sentence",
            f"This sentence has {s.counts.words} words (target: at most {limit}).",
        )
        for s in long
        if not any(q0 <= s.span.start and s.span.end <= q1 for q0, q1 in quotes)
    ]


def _finding(article: Article, span: Span, rule: str, message: str) -> Finding:
    return article.finding(span.start, span.end, rule, message, severity=RULES.severity(rule))


def _grade(grade: float, settings: ReadabilityConfig, target: float | None = None) -> str:
    """A grade with its formula and the target (the article's unless given), for messages."""
    limit = settings.max_grade if target is None else target
    return f"{grade:.1f} ({GRADE_NAMES[settings.grade_formula]}; target: at most {limit:g})"


def text_block(data: dict[str, Any]) -> list[str]:
    """The compact score block of the text output: grade, ease, size, then the other formulas."""
    article = data.get("article") or {}
    if not article.get("words"):
        return ["no body text to score"]
    formula = data.get("grade_formula", "flesch_kincaid_grade")
    minutes, seconds = divmod(int(article["reading_time_seconds"] or 0), 60)
    first = (
        f"grade {article[formula]:.1f} ({GRADE_NAMES.get(formula, formula)}), reading ease "
        f"{article['flesch_reading_ease']:.1f}; {article['words']} words, {article['sentences']} sentences, "
        f"{len(data.get('paragraphs', []))} paragraphs; reading time {minutes}:{seconds:02d}"
    )
    others = ", ".join(f"{GRADE_NAMES[k]} {article[k]:.1f}" for k in GRADE_NAMES if k != formula)
    second = (
        f"{others}, Dale-Chall {article['dale_chall']:.1f}; {article['words_per_sentence']:.1f} words per sentence, "
        f"{100 * article['complex_share']:.0f}% complex words"
    )
    return [first, second]
