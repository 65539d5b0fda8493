"""A fixed report, made by hand, that the format tests render and compare with golden files.

No check runs here, so no check change can move what the formats are judged on.
"""

from __future__ import annotations

from pathlib import Path

from newsedit import article
from newsedit.findings import ArticleResult, InputProblem, RunReport, Severity
from newsedit.rules import Rule

ROOT = Path(__file__).resolve().parents[1]

# Rules the golden SARIF describes; LanguageTool's own ids fall under the grammar/lt- prefix rule.
CATALOGUE = [
    Rule("grammar/due-of", "due-of", Severity.ERROR, '"Due of" is always a slip for "due to". Write "due to".'),
    Rule("dupes/repeated-headline", "repeated-headline", Severity.ERROR, "The headline is repeated in the body."),
    Rule("dupes/boilerplate", "boilerplate", Severity.WARNING, "Page furniture such as 'No comments:'."),
    Rule("grammar/lt-", "LanguageTool", Severity.WARNING, "LanguageTool's own rules, as grammar/lt-<rule id>."),
    Rule("readability/long-sentence", "long-sentence", Severity.INFO, "A sentence longer than the house limit."),
]

ODD_TEXT = (
    "Prices rise | 50% off\n\n"
    'The minister said `fees` would <b>rise</b>, "sharply"\n'
    "and soon; officials\fdeclined to comment.\n"
)


def _at(parsed: article.Article, needle: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = parsed.text.index(needle, start + 1)
    return start, start + len(needle)


def sample_result() -> ArticleResult:
    """The user's sample with the findings the checks are meant to report on it."""
    text = (ROOT / "fixtures" / "lavrov-north-korea.txt").read_text("utf-8")
    parsed = article.parse(text, "articles/lavrov-north-korea.txt")
    headline = "Lavrov praises stronger relations after visiting North Korea"
    findings = [
        parsed.finding(
            *_at(parsed, headline, 1),
            "dupes/repeated-headline",
            "The headline is repeated.",
            severity="error",
            replacements=[""],
        ),
        parsed.finding(
            *_at(parsed, "Due of"), "grammar/due-of", 'Use "due to".', severity="error", replacements=["Due to"]
        ),
        parsed.finding(
            *_at(parsed, "Nanjin"),
            "grammar/lt-MORFOLOGIK_RULE_EN_US",
            "Possible spelling mistake found.",
            replacements=["Nanjing", "Nankin"],
        ),
        parsed.finding(
            *_at(parsed, "No comments:"),
            "dupes/boilerplate",
            "Page furniture, not part of the story.",
            replacements=[""],
        ),
        parsed.finding(
            *_at(parsed, "Following Mr. Kim's two-day journey"),
            "readability/long-sentence",
            "This sentence has 41 words (house limit 35).",
            severity="info",
        ),
    ]
    data = {"readability": {"grade_formula": "flesch_kincaid_grade", "article": {"flesch_kincaid_grade": 11.84}}}
    return ArticleResult(parsed.path, headline, sorted(findings, key=lambda f: f.sort_key), data)


def odd_result() -> ArticleResult:
    """An article whose name, text and messages hold every character the formats must escape."""
    parsed = article.parse(ODD_TEXT, "articles/odd, name: 100%.md", markdown=True)
    span = _at(parsed, 'would <b>rise</b>, "sharply"\nand soon')
    findings = [
        parsed.finding(
            *span, "grammar/house-style", 'Say "will rise":\nquote | pipe, 100% `code` <b>', replacements=["will rise"]
        ),
        parsed.finding(
            *_at(parsed, "\f"), "grammar/control-character", "A form feed (\f) in the text.", severity="info"
        ),
    ]
    result = ArticleResult(parsed.path, "Prices rise | 50% off", findings)
    result.errors.append("summary: not checked: the model timed out")
    result.notices.append("front matter skipped")
    return result


def golden_report() -> RunReport:
    """The fixed report: the sample, a clean article, a hostile one and a missing file."""
    clean = ArticleResult(
        "articles/clean.txt",
        "City council approves new bus routes",
        data={"readability": {"flesch_kincaid_grade": 6.2}},
    )
    return RunReport(
        articles=[clean, sample_result(), odd_result()],
        problems=[InputProblem("articles/missing.txt", "no such file or directory")],
        checks=["grammar", "dupes", "readability", "summary"],
    )
