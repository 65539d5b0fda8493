"""The duplicates check's rules: each one's id, name, severity and explanation."""

from __future__ import annotations

from newsedit.findings import Severity
from newsedit.rules import Rule, RuleList

_W, _E, _I = Severity.WARNING, Severity.ERROR, Severity.INFO
RULES = RuleList(
    [
        Rule("dupes/repeated-headline", "repeated headline", _W, "The headline appears again in the body."),
        Rule("dupes/repeated-paragraph", "repeated paragraph", _W, "A paragraph repeats an earlier one."),
        Rule("dupes/repeated-sentence", "repeated sentence", _W, "A sentence repeats an earlier one."),
        Rule("dupes/teaser", "related-story teaser", _W, "A headline-like line of another story sits in the body."),
        Rule("dupes/section-label", "section label", _W, "A page section label ('Top Stories') was left in."),
        Rule("dupes/boilerplate", "page boilerplate", _W, "Page furniture ('No comments:', 'Share this') was left in."),
        Rule("dupes/batch-headline", "duplicate headline in run", _W, "Other articles of this run share the headline."),
        Rule("dupes/batch-body", "duplicate body in run", _W, "Other articles of this run have nearly the same body."),
        Rule("dupes/same-story", "same story in run", _I, "Another headline of this run tells the same story."),
        Rule("dupes/archived-headline", "headline already published", _W, "The archive holds this headline."),
        Rule("dupes/archived-body", "body already published", _E, "The archive holds nearly the same body."),
    ]
)
