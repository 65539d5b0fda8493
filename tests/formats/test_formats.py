"""Every CI format against its golden file, for one hand-made report that no engine change can move.

Regenerate the golden files after an intended change with
`NEWSEDIT_UPDATE_GOLDEN=1 pytest tests/formats/test_formats.py`.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from newsedit import __version__, article, formats
from newsedit.findings import ArticleResult, Finding, InputProblem, RunReport, Severity
from newsedit.formats import RenderOptions, sarif
from newsedit.rules import Rule

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden"
UPDATE = os.environ.get("NEWSEDIT_UPDATE_GOLDEN") == "1"
CI_FORMATS = {"sarif": "sarif.json", "junit": "junit.xml", "github": "github.txt", "markdown": "markdown.md"}

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
    """The user's sample with the findings the engines are meant to report on it."""
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
        engines=["grammar", "dupes", "readability", "summary"],
    )


def render_golden(name: str) -> str:
    """One format of the golden report; SARIF gets the fixed catalogue and a placeholder version."""
    report = golden_report()
    if name == "sarif":
        return sarif.dump(sarif.to_dict(report, CATALOGUE)).replace(f'"{__version__}"', '"<version>"')
    return formats.render(name, report, RenderOptions())


@pytest.mark.parametrize("name", sorted(CI_FORMATS))
def test_format_matches_its_golden_file(name: str) -> None:
    path = GOLDEN / CI_FORMATS[name]
    out = render_golden(name)
    if UPDATE:
        path.write_bytes(out.encode("utf-8"))
    assert out == path.read_bytes().decode("utf-8"), f"{path.name} changed: rerun with NEWSEDIT_UPDATE_GOLDEN=1"


def test_every_ci_format_is_registered_and_pure() -> None:
    report = golden_report()
    for name in CI_FORMATS:
        assert name in formats.FORMATS
        assert formats.render(name, report) == formats.render(name, report)


def test_findings_in_the_golden_report_slice_back_to_their_text() -> None:
    texts = {
        "articles/lavrov-north-korea.txt": (ROOT / "fixtures" / "lavrov-north-korea.txt").read_text("utf-8"),
        "articles/odd, name: 100%.md": ODD_TEXT,
    }
    findings: list[Finding] = golden_report().findings()
    assert len(findings) == 7
    for f in findings:
        assert texts[f.path][f.start : f.end] == f.text
