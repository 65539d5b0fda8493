"""The duplicates check's rules: each one's id, name, severity and explanation."""

from __future__ import annotations

from newsedit.findings import Severity
from newsedit.rules import Examples, Rule, RuleList

_W, _E, _I = Severity.WARNING, Severity.ERROR, Severity.INFO
# The examples' articles. An example of several articles splits them with a line holding `---`.
_CLEAN = "Storm closes port\n\nThe port shut on Monday after the storm tore the roofs off two warehouses.\n"
_BODY = (
    "The port shut on Monday after a storm tore the roofs off two of its largest warehouses, officials said. "
    "Ships waited at sea while engineers checked the cranes for damage. The harbour master said the port would "
    "reopen on Friday if the weather allowed, and that no one had been hurt."
)
_OTHER = "Council sets budget\n\nThe council agreed its budget for next year on Monday, after a long debate.\n"
_SAME_BODY = f"Storm closes port\n\n{_BODY}\n\n---\n\nPort shut by storm\n\n{_BODY}\n"
_SAME_HEADLINE = (
    f"{_CLEAN}\n---\n\nStorm closes port\n\nShips waited at sea on Tuesday while engineers checked the cranes.\n"
)
_SAME_STORY = (
    f"{_CLEAN}\n---\n\nStorm forces port to close\n\nShips waited at sea while engineers checked the cranes.\n"
)
_SENTENCE = "The port shut on Monday after the storm had torn the roofs off two warehouses."
_TEASER = (
    "Lavrov praises North Korea\n\nRussia's foreign minister praised North Korea's support during a two-day visit "
    "to Pyongyang on Wednesday.\n\n{}Mr Lavrov met the North Korean leader on Thursday, state media said.\n"
)
_SIMILAR = ("dupes.body-similarity",)


def _examples(passing: str, failing: str) -> Examples:
    return Examples((passing,), (failing,))


RULES = RuleList([
    Rule(
        "dupes/repeated-headline", "repeated headline", _W, "The headline appears again in the body.",
        examples=_examples(_CLEAN, "Storm closes port\n\nStorm closes port\n\nThe port shut on Monday.\n"),
        tags=("dupes", "page-furniture"),
    ),
    Rule(
        "dupes/repeated-paragraph", "repeated paragraph", _W, "A paragraph repeats an earlier one.",
        examples=_examples(_CLEAN, f"Storm closes port\n\n{_SENTENCE}\n\nShips waited at sea.\n\n{_SENTENCE}\n"),
        config=("dupes.repeat-similarity", "dupes.repeat-min-words"), tags=("dupes",),
    ),
    Rule(
        "dupes/repeated-sentence", "repeated sentence", _W, "A sentence repeats an earlier one.",
        examples=_examples(_CLEAN, f"Storm closes port\n\n{_SENTENCE} Ships waited at sea. {_SENTENCE}\n"),
        config=("dupes.repeat-min-words",), tags=("dupes",),
    ),
    Rule(
        "dupes/teaser", "related-story teaser", _W, "A headline-like line of another story sits in the body.",
        examples=_examples(_TEASER.format(""), _TEASER.format("Kim Jong Un displays missiles to Shoigu of Russia\n\n")),
        config=("dupes.teaser-score",), tags=("dupes", "page-furniture"),
    ),
    Rule(
        "dupes/section-label", "section label", _W, "A page section label ('Top Stories') was left in.",
        examples=_examples(_CLEAN, "Top Stories\n\n" + _CLEAN), config=("labels",), tags=("dupes", "page-furniture"),
    ),
    Rule(
        "dupes/boilerplate", "page boilerplate", _W, "Page furniture ('No comments:', 'Share this') was left in.",
        examples=_examples(_CLEAN, _CLEAN + "\nNo comments:\n"), config=("dupes.boilerplate",),
        tags=("dupes", "page-furniture"),
    ),
    Rule(
        "dupes/batch-headline", "duplicate headline in run", _W, "Other articles of this run share the headline.",
        examples=_examples(f"{_CLEAN}\n---\n\n{_OTHER}", _SAME_HEADLINE), config=("dupes.headline-similarity",),
        tags=("dupes", "batch"),
    ),
    Rule(
        "dupes/batch-body", "duplicate body in run", _W, "Other articles of this run have nearly the same body.",
        examples=_examples(f"{_CLEAN}\n---\n\n{_OTHER}", _SAME_BODY), config=_SIMILAR, tags=("dupes", "batch"),
    ),
    Rule(
        "dupes/same-story", "same story in run", _I, "Another headline of this run tells the same story.",
        examples=_examples(f"{_CLEAN}\n---\n\n{_OTHER}", _SAME_STORY),
        config=("dupes.semantic", "dupes.semantic-similarity"), tags=("dupes", "batch", "model"),
    ),
    Rule(
        "dupes/archived-headline", "headline already published", _W, "The archive holds this headline.",
        examples=_examples(f"{_OTHER}\n---\n\n{_CLEAN}", _SAME_HEADLINE),
        config=("dupes.index", "dupes.headline-similarity"), tags=("dupes", "archive"),
    ),
    Rule(
        "dupes/archived-body", "body already published", _E, "The archive holds nearly the same body.",
        examples=_examples(f"{_OTHER}\n---\n\n{_CLEAN}", _SAME_BODY), config=("dupes.index", *_SIMILAR),
        tags=("dupes", "archive"),
    ),
])  # fmt: skip
