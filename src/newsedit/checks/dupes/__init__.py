"""The duplicates check: repeats, teasers and boilerplate inside an article, duplicates across a run
and against the archive of published articles (`newsedit index add`).

Inside one article (each fix deletes the line or sentence):
- the headline repeated in the body, exactly or nearly (case, punctuation, U+00A0 folded);
- repeated paragraphs and sentences;
- related-story teasers: headline-like lines among the paragraphs (see teasers.py);
- section labels ("Top Stories") and page boilerplate ("No comments:", "Share this", ...) from
  data/boilerplate.txt, which config `dupes.boilerplate` extends.

Across the run (reported when every article has been seen): articles with the same or nearly the
same headline, near-duplicate bodies (word-shingle MinHash, LSH candidates) and, with
`dupes.semantic`, headlines that tell the same story in other words.

Against the archive (`dupes.index`, default beside the config file): a headline or body that was
published before, naming the earlier article and its date.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsedit.checks import CheckOutput
from newsedit.errors import BackendUnavailable
from newsedit.findings import Finding, Severity
from newsedit.rules import Examples, Rule, RuleList

if TYPE_CHECKING:
    from newsedit.article import Article, Block, Span
    from newsedit.checks.dupes.archive import Archive
    from newsedit.checks.dupes.archived import Match
    from newsedit.checks.dupes.batch import Group
    from newsedit.config import Config, DupesConfig

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
_LIST = 3  # other articles named in one message


VERSION = "1"


def fingerprint(config: Config) -> str:
    """The archive's state, so that cached results go stale when `newsedit index add` changes it."""
    from newsedit.checks.dupes import archive

    path = archive.location(config)
    files = [path, path.with_name(path.name + "-wal")]
    return ";".join(f"{f}:{f.stat().st_mtime_ns}:{f.stat().st_size}" for f in files if f.is_file()) or f"{path}:none"


def create(config: Config) -> DupesCheck:
    """The check for this config (the boilerplate patterns are validated here)."""
    return DupesCheck(config)


@dataclasses.dataclass
class _Seen:
    """What the end-of-run comparison keeps of each article (its body signature sits beside it)."""

    path: str
    headline: str
    headline_anchor: Finding | None
    body_anchor: Finding | None


class DupesCheck:
    """Finds repeats, teasers and boilerplate, and compares articles with each other and the archive."""

    name = "dupes"

    def __init__(self, config: Config) -> None:
        from newsedit.checks.dupes import archive, boilerplate

        self.config = config.dupes
        self.labels = list(config.labels)
        self.pattern = boilerplate.compile_patterns(config.dupes.boilerplate)
        self.index_path = archive.location(config)
        self._explicit_index = config.dupes.index is not None
        if config.dupes.semantic:
            _require_semantic()
        self._archive: Archive | None = None
        self._archive_tried = False
        self._seen: list[_Seen] = []
        self._body_sigs: list[Any] = []
        self._body_sizes: list[int] = []
        self._pending: list[list[str]] = []  # body words not signed yet (see _remember)
        self.grouping: Any = None  # finish()'s grouping, if not `duplicates.batch` (a Ray run's)

    def check(self, article: Article) -> CheckOutput:
        """Findings inside the article and against the archive; remembers it for finish()."""

        findings = _inside(article, self)
        notices = self._against_archive(article, findings)
        self._remember(article)
        return CheckOutput(findings=findings, notices=notices)

    def observe(self, article: Article) -> None:
        """Take part in finish() for an article whose own output came from the cache."""
        self._remember(article)

    def _against_archive(self, article: Article, findings: list[Finding]) -> list[str]:
        from newsedit.checks.dupes import archived, fingerprints

        archive, notes = self._archive_or_note()
        if archive is None:
            return notes
        heads = fingerprints.headlines([fingerprints.headline_text(article)])
        bodies = fingerprints.bodies([fingerprints.body_words(article)])
        paths = [article.path]
        for match in archived.headline_matches(archive, heads, paths, self.config.headline_similarity)[0][:1]:
            findings.append(_archived_headline(article, match))
        for match in archived.body_matches(archive, bodies, paths, self.config.body_similarity)[0][:1]:
            findings.append(_archived_body(article, match))
        return []

    def _archive_or_note(self) -> tuple[Archive | None, list[str]]:
        """The archive, opened on first use; a note (once) when config names one that is missing."""
        from newsedit.checks.dupes import fingerprints
        from newsedit.checks.dupes.archive import Archive

        if self._archive is not None or self._archive_tried:
            return self._archive, []
        self._archive_tried = True
        if self.index_path.is_file():
            self._archive = Archive.open(self.index_path, schemes=fingerprints.describe())
            return self._archive, []
        note = f"dupes: no archive at {self.index_path} (build it with: newsedit index add DIR)"
        return None, [note] if self._explicit_index else []

    def _remember(self, article: Article) -> None:
        from newsedit.checks.dupes import fingerprints

        headline = article.headline
        first = article.paragraphs[0] if article.paragraphs else None
        self._seen.append(
            _Seen(
                path=article.path,
                headline=fingerprints.headline_text(article),
                headline_anchor=_anchor(article, headline),
                body_anchor=_anchor(article, first),
            )
        )
        # The first article's signature waits for a second one: a one-file run (a pre-commit hook)
        # compares nothing across the batch, so it never pays for MinHash (numpy and all).
        self._pending.append(fingerprints.body_words(article))
        if len(self._seen) > 1:
            self._sign_pending()

    def _sign_pending(self) -> None:
        from newsedit.checks.dupes import fingerprints

        for words in self._pending:
            bodies = fingerprints.bodies([words])
            self._body_sigs.append(bodies.sigs[0])
            self._body_sizes.append(bodies.sizes[0])
        self._pending.clear()

    def finish(self) -> list[Finding]:
        """Duplicate headlines, bodies and (optionally) stories across every article of the run."""
        if len(self._seen) < 2:
            return []
        import numpy as np

        from newsedit.checks.dupes import batch

        self._sign_pending()
        headlines = [s.headline for s in self._seen]
        grouping = self.grouping or batch
        head_groups = grouping.headline_groups(headlines, self.config.headline_similarity)
        body_groups = grouping.body_groups(np.stack(self._body_sigs), self._body_sizes, self.config.body_similarity)
        out = self._group_findings(head_groups, "dupes/batch-headline")
        out += self._group_findings(body_groups, "dupes/batch-body")
        if self.config.semantic:
            from newsedit.backends import semantic

            groups = batch.semantic_groups(headlines, self.config.semantic_similarity, semantic.embed, head_groups)
            out += self._group_findings(groups, "dupes/same-story")
        return out

    def _group_findings(self, groups: list[Group], rule: str) -> list[Finding]:
        out = []
        for group in groups:
            for member in group.members:
                seen = self._seen[member]
                anchor = seen.body_anchor if rule == "dupes/batch-body" else seen.headline_anchor
                if anchor is not None:
                    message = _group_message(rule, group, member, self._seen)
                    out.append(dataclasses.replace(anchor, rule=rule, severity=RULES.severity(rule), message=message))
        return out

    def close(self) -> None:
        """Close the archive, if one was opened."""
        if self._archive is not None:
            self._archive.close()
            self._archive = None


def _require_semantic() -> None:
    """Fail at start, not after a whole run, when dupes.semantic is on but the model is missing."""
    from newsedit.backends import semantic

    if not semantic.available():
        raise BackendUnavailable(f"dupes.semantic needs the sentence-embedding model: {semantic.INSTALL_HINT}")


def _inside(article: Article, check: DupesCheck) -> list[Finding]:
    """Labels, boilerplate, repeats and teasers, each line reported once (the first rule wins)."""
    from newsedit.checks.dupes import teasers

    config = check.config
    gone: list[Span] = []  # blocks already reported whole: no later rule looks at them
    findings = _labels(article, check, gone) + _boilerplate(article, check, gone) + _repeats(article, config, gone)
    for block in teasers.find(article, gone, config.teaser_score):
        message = f"teaser for another story, {_quoted(article, block)}: a headline-like line among the paragraphs"
        findings.append(_delete_block(article, block, "dupes/teaser", message))
    return findings


def _labels(article: Article, check: DupesCheck, gone: list[Span]) -> list[Finding]:
    from newsedit.checks.dupes import boilerplate

    out = []
    for block in boilerplate.section_labels(article, check.labels):
        message = f"section label {_quoted(article, block)} from the web page, not part of the story"
        out.append(_delete_block(article, block, "dupes/section-label", message))
        gone.append(block)
    return out


def _repeats(article: Article, config: DupesConfig, gone: list[Span]) -> list[Finding]:
    """The headline repeated, then repeated paragraphs, then repeated sentences in what is left."""
    from newsedit.checks.dupes import inside

    out = []
    for rep in inside.repeated_headline(article, config.headline_similarity):
        if rep.span not in gone:
            message = _repeat_text(article, rep, "the headline")
            out.append(_delete_block(article, rep.span, "dupes/repeated-headline", message))
            gone.append(rep.span)
    paragraphs = [p for p in article.paragraphs if p not in gone]
    for rep in inside.repeated_paragraphs(article, paragraphs, config.repeat_similarity, config.repeat_min_words):
        message = _repeat_text(article, rep, "the paragraph")
        out.append(_delete_block(article, rep.span, "dupes/repeated-paragraph", message))
        gone.append(rep.span)
    return out + _sentences(article, [p for p in paragraphs if p not in gone], config.repeat_min_words)


def _boilerplate(article: Article, check: DupesCheck, gone: list[Span]) -> list[Finding]:
    from newsedit.checks.dupes import boilerplate

    out = []
    for block in article.blocks:
        if block in gone:
            continue
        lines = list(boilerplate.lines(article, block))
        hits = [line for line in lines if boilerplate.matches(check.pattern, line.text)]
        for line in hits:
            message = f"boilerplate {_quoted(article, line)} from the web page, not part of the story"
            out.append(_delete_block(article, line, "dupes/boilerplate", message))
        if hits and len(hits) == len(lines):
            gone.append(block)
    return out


def _sentences(article: Article, paragraphs: list[Block], min_words: int) -> list[Finding]:
    from newsedit.checks.dupes import inside

    out = []
    for rep in inside.repeated_sentences(article, paragraphs, min_words):
        message = _repeat_text(article, rep, "a sentence")
        rule, span = "dupes/repeated-sentence", rep.span
        out.append(
            article.finding(span.start, span.end, rule, message, severity=RULES.severity(rule), replacements=[""])
        )
    return out


def _delete_block(article: Article, block: Any, rule: str, message: str) -> Finding:
    """A finding over a block's whole lines whose fix deletes them."""
    from newsedit.checks.dupes.inside import whole_lines

    span = whole_lines(article.text, block.start, block.end)
    return article.finding(span.start, span.end, rule, message, severity=RULES.severity(rule), replacements=[""])


def _repeat_text(article: Article, rep: Any, what: str) -> str:
    line = article.lines.position(rep.first.start).line
    if rep.similarity >= 1.0:
        return f"repeats {what} of line {line}"
    return f"nearly repeats {what} of line {line} ({rep.similarity:.0%} the same)"


def _quoted(article: Article, span: Any) -> str:
    """The text of a short span, quoted for a message (long ones cut)."""
    text = " ".join(article.text[span.start : span.end].split())
    return repr(text if len(text) <= 60 else text[:57] + "...")


def _anchor(article: Article, block: Block | None) -> Finding | None:
    """Where a cross-article finding will point (its rule and message are filled in at the end)."""
    return article.finding(block.start, block.end, "dupes/batch-headline", "") if block else None


def _group_message(rule: str, group: Group, member: int, seen: list[_Seen]) -> str:
    others = [i for i in group.members if i != member]
    names = ", ".join(seen[i].path for i in others[:_LIST]) + (
        f" and {len(others) - _LIST} more" if len(others) > _LIST else ""
    )
    what = {
        "dupes/batch-headline": "headline",
        "dupes/batch-body": "body",
        "dupes/same-story": "story (headline meaning)",
    }[rule]
    if rule == "dupes/same-story":
        return f"same {what} as {names} in this run (similarity {group.similarity:.2f})"
    if group.similarity >= 1.0:
        return f"same {what} as {names} in this run"
    return f"nearly the same {what} as {names} in this run (similarity {group.similarity:.2f})"


def _archived_headline(article: Article, match: Match) -> Finding:
    block = article.headline
    assert block is not None  # a headline matched, so the article has one
    record = match.record
    same = (
        "published before" if match.similarity >= 1.0 else f"nearly published before ({match.similarity:.0%} the same)"
    )
    message = f"headline {same}: {record.headline!r} in {_shown(record.path)} on {record.published}"
    return article.finding(
        block.start, block.end, "dupes/archived-headline", message, severity=RULES.severity("dupes/archived-headline")
    )


def _archived_body(article: Article, match: Match) -> Finding:
    first = article.paragraphs[0]
    record = match.record
    message = (
        f"body nearly the same as an article already published (similarity {match.similarity:.2f}): "
        f"{record.headline!r} in {_shown(record.path)} on {record.published}"
    )
    return article.finding(
        first.start, first.end, "dupes/archived-body", message, severity=RULES.severity("dupes/archived-body")
    )


def _shown(path: str) -> str:
    """An archived path as the user knows it: relative to the working folder where it can be."""
    try:
        return str(Path(path).relative_to(Path.cwd()))
    except ValueError:
        return path
