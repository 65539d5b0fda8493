"""The duplicates check itself: findings inside each article and against the archive, and across the run at its end."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from newsedit.checks import CheckOutput
from newsedit.checks.dupes import messages
from newsedit.checks.dupes.rules import RULES
from newsedit.errors import BackendError, BackendUnavailable, ConfigError
from newsedit.findings import Finding

if TYPE_CHECKING:
    from newsedit.archive import Archive, Match
    from newsedit.article import Article, Block, Span
    from newsedit.checks import Grouping
    from newsedit.checks.dupes.batch import Group
    from newsedit.config import Config, DupesConfig


@dataclasses.dataclass
class _Seen:
    """What the end-of-run comparison keeps of each article (its body signature sits beside it)."""

    path: str
    headline: str
    headline_place: Place | None
    body_place: Place | None


class DupesCheck:
    """Finds repeats, teasers and boilerplate, and compares articles with each other and the archive."""

    name = "dupes"
    waits_on_server = False

    def __init__(self, config: Config, grouping: Grouping | None = None) -> None:
        from newsedit import archive
        from newsedit.checks.dupes import boilerplate

        self.config = config.dupes
        self.labels = list(config.labels)
        self.pattern = boilerplate.compile_patterns(config.dupes.boilerplate)
        self.index_path = archive.location(config)
        self._explicit_index = config.dupes.index is not None
        if config.dupes.semantic:
            _require_semantic()
        self._archive: Archive | None = None
        self._archive_tried = False
        self._archive_broken = ""  # why the archive could not be opened, once it was tried
        self._seen: list[_Seen] = []
        self._body_sigs: list[Any] = []
        self._body_sizes: list[int] = []
        self._pending: list[list[str]] = []  # body words not signed yet (see _remember)
        self.grouping = grouping  # finish()'s batch pass; None: `batch`'s, in this process

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
        """Findings against the archive; a damaged archive is this article's error (BackendError)."""
        import sqlite3

        from newsedit import archive

        if self._archive_broken:
            raise BackendError(self._archive_broken)
        try:
            return self._compare_with_archive(article, findings)
        except sqlite3.DatabaseError as exc:
            raise archive.damaged(self.index_path, exc) from None
        except ConfigError as exc:  # opened on first use: unreadable past its header, for every article
            self._archive_broken = str(exc)
            raise BackendError(self._archive_broken) from None

    def _compare_with_archive(self, article: Article, findings: list[Finding]) -> list[str]:
        from newsedit.archive import body_matches, headline_matches
        from newsedit.checks.dupes import fingerprints

        archive, notes = self._archive_or_note()
        if archive is None:
            return notes
        heads = fingerprints.headlines([fingerprints.headline_text(article)])
        bodies = fingerprints.bodies([fingerprints.body_words(article)])
        paths = [article.path]
        for match in headline_matches(archive, heads, paths, self.config.headline_similarity)[0][:1]:
            findings.append(_archived_headline(article, match))
        for match in body_matches(archive, bodies, paths, self.config.body_similarity)[0][:1]:
            findings.append(_archived_body(article, match))
        return []

    def _archive_or_note(self) -> tuple[Archive | None, list[str]]:
        """The archive, opened on first use; a note (once) when config names one that is missing."""
        from newsedit.archive import Archive
        from newsedit.checks.dupes import fingerprints

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
                headline_place=Place.of(article, headline),
                body_place=Place.of(article, first),
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
        grouping = self.grouping or batch.InProcess()
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
        paths = [s.path for s in self._seen]
        for group in groups:
            for member in group.members:
                seen = self._seen[member]
                place = seen.body_place if rule == "dupes/batch-body" else seen.headline_place
                if place is not None:
                    out.append(place.finding(rule, messages.group_message(rule, group, member, paths)))
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
        message = (
            f"teaser for another story, {messages.quoted(article, block)}: a headline-like line among the paragraphs"
        )
        findings.append(_delete_block(article, block, "dupes/teaser", message))
    return findings


def _labels(article: Article, check: DupesCheck, gone: list[Span]) -> list[Finding]:
    from newsedit.checks.dupes import boilerplate

    out = []
    for block in boilerplate.section_labels(article, check.labels):
        message = f"section label {messages.quoted(article, block)} from the web page, not part of the story"
        out.append(_delete_block(article, block, "dupes/section-label", message))
        gone.append(block)
    return out


def _repeats(article: Article, config: DupesConfig, gone: list[Span]) -> list[Finding]:
    """The headline repeated, then repeated paragraphs, then repeated sentences in what is left."""
    from newsedit.checks.dupes import inside

    out = []
    for rep in inside.repeated_headline(article, config.headline_similarity):
        if rep.span not in gone:
            message = messages.repeat_text(article, rep, "the headline")
            out.append(_delete_block(article, rep.span, "dupes/repeated-headline", message))
            gone.append(rep.span)
    paragraphs = [p for p in article.paragraphs if p not in gone]
    for rep in inside.repeated_paragraphs(article, paragraphs, config.repeat_similarity, config.repeat_min_words):
        message = messages.repeat_text(article, rep, "the paragraph")
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
            message = f"boilerplate {messages.quoted(article, line)} from the web page, not part of the story"
            out.append(_delete_block(article, line, "dupes/boilerplate", message))
        if hits and len(hits) == len(lines):
            gone.append(block)
    return out


def _sentences(article: Article, paragraphs: list[Block], min_words: int) -> list[Finding]:
    from newsedit.checks.dupes import inside

    out = []
    for rep in inside.repeated_sentences(article, paragraphs, min_words):
        message = messages.repeat_text(article, rep, "a sentence")
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


@dataclasses.dataclass(frozen=True)
class Place:
    """Where a cross-article finding will point: a block of one article, placed while the article
    was at hand (the run keeps this much of each article, not its text)."""

    path: str
    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    text: str
    source: str  # the line it starts on, for carets

    @classmethod
    def of(cls, article: Article, block: Block | None) -> Place | None:
        """The place of a block of an article (None for no block)."""
        if block is None:
            return None
        first, last = article.lines.position(block.start), article.lines.position(block.end)
        text, source = article.text[block.start : block.end], article.lines.line_text(first.line)
        return cls(article.path, block.start, block.end, first.line, first.column, last.line, last.column, text, source)

    def finding(self, rule: str, message: str) -> Finding:
        """The finding of a rule at this place, at the rule's severity."""
        return Finding(
            rule, RULES.severity(rule), message, self.path, self.start, self.end, self.line, self.column,
            self.end_line, self.end_column, self.text, check="dupes", source=self.source,
        )  # fmt: skip


def _archived_headline(article: Article, match: Match) -> Finding:
    block = article.headline
    assert block is not None  # a headline matched, so the article has one
    record = match.record
    same = (
        "published before" if match.similarity >= 1.0 else f"nearly published before ({match.similarity:.0%} the same)"
    )
    message = f"headline {same}: {record.headline!r} in {messages.shown(record.path)} on {record.published}"
    return article.finding(
        block.start, block.end, "dupes/archived-headline", message, severity=RULES.severity("dupes/archived-headline")
    )


def _archived_body(article: Article, match: Match) -> Finding:
    first = article.paragraphs[0]
    record = match.record
    message = (
        f"body nearly the same as an article already published (similarity {match.similarity:.2f}): "
        f"{record.headline!r} in {messages.shown(record.path)} on {record.published}"
    )
    return article.finding(
        first.start, first.end, "dupes/archived-body", message, severity=RULES.severity("dupes/archived-body")
    )
