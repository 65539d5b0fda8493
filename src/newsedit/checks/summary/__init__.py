"""The summary check: an abstractive summary of each article, checked against the article.

With the model: batched, cached summaries from `newsedit.backends.summarizer`, then the
faithfulness guard. Without it: a plain notice saying which model is missing and how to provide
it, and the built-in extractive summary, labelled `"kind": "extractive"` so nobody takes it for
the abstractive one.
"""

from __future__ import annotations

import hashlib
import json
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsedit.checks import CheckOutput, Context
from newsedit.config import check_section
from newsedit.errors import BackendUnavailable
from newsedit.findings import Finding, Severity
from newsedit.rules import Examples, Rule, RuleList

if TYPE_CHECKING:
    from newsedit.article import Article
    from newsedit.backends.summarizer import Location, Summarizer
    from newsedit.config import Config, SummaryConfig

# The examples: an article, a line holding `---`, then a summary of it.
_ARTICLE = (
    "Storm closes port\n\nThe port of Dover shut on Monday after a storm tore the roofs off two warehouses. "
    "The harbour master, Jane Holt, said it would reopen on Friday. About 40 ships waited at sea.\n"
)


def _examples(passing: str, failing: str) -> Examples:
    return Examples((f"{_ARTICLE}\n---\n\n{passing}",), (f"{_ARTICLE}\n---\n\n{failing}",))


RULES = RuleList([
    Rule(
        "summary/unsupported-number", "unsupported number", Severity.WARNING,
        "The summary states a number the article does not contain: models invent figures.",
        examples=_examples("About 40 ships waited as Dover shut.", "About 400 ships waited as Dover shut."),
        config=("summary.model",), tags=("summary", "faithfulness"),
    ),
    Rule(
        "summary/unsupported-date", "unsupported date", Severity.WARNING,
        "The summary gives a month, weekday or year the article does not contain.",
        examples=_examples("The port of Dover will reopen on Friday.", "The port of Dover will reopen on Thursday."),
        config=("summary.model",), tags=("summary", "faithfulness"),
    ),
    Rule(
        "summary/unsupported-name", "unsupported name", Severity.WARNING,
        "The summary names a person, place or organisation the article does not contain.",
        examples=_examples("Jane Holt said Dover would reopen.", "Mary Holt said Dover would reopen."),
        config=("summary.model",), tags=("summary", "faithfulness"),
    ),
])  # fmt: skip
_CLAIM_WORDS = {"number": "states the number", "date": "gives the date", "name": "names"}
# Bump when a change to chunking or decoding makes old cached summaries stale.
CACHE_VERSION = 1


def create(config: Config, context: Context | None = None) -> SummaryCheck:
    """The summary check; the model loads on the first article that needs it."""
    return SummaryCheck(config)


def model_name(config: SummaryConfig, root: Path) -> str:
    """The model as configured; a relative folder is taken from the config file's folder too."""
    model = config.model
    if not Path(model).expanduser().exists() and (root / model).is_dir():
        return str(root / model)
    return model


def fingerprint(config: Config) -> str:
    """The exact model that would summarize, or "missing": for the results cache, so that
    summaries cached without the model (extractive) are not reused once it arrives."""
    from newsedit.backends.summarizer import locate

    try:
        return locate(model_name(config.summary, config.root), config.summary.download).fingerprint()
    except BackendUnavailable:
        return "missing"


class SummaryCheck:
    """Summaries for articles: abstractive with the model, extractive (and said so) without."""

    name = "summary"
    waits_on_server = False  # the model runs in this process

    def __init__(self, config: Config) -> None:
        from newsedit.backends.summarizer import Settings

        self.config = config.summary
        self.root = config.root
        self.settings = Settings.of(self.config)
        check_section(config, "summary")  # a section built in code: held to what its fields allow
        self.cache = SummaryCache(_cache_folder(self.config, self.root) if self.config.cache else None)
        self.summarizer: Summarizer | None = None
        self._location: Location | None = None
        self._missing: str | None = None  # why there is no model, once known
        self._told = False

    def check(self, article: Article) -> CheckOutput:
        """Summarize one article."""
        return self.check_many([article])[0]

    def check_many(self, articles: Sequence[Article]) -> list[CheckOutput]:
        """Summarize articles together: cached ones are reused, the others go to the model in batches."""
        location = self._locate()
        if location is None:
            return [self._extractive(a) for a in articles]
        documents = [_sentences(a) for a in articles]
        fingerprint = location.fingerprint()
        keys = [self._key(fingerprint, d) for d in documents]
        found = {i: data for i, key in enumerate(keys) if documents[i] and (data := self.cache.get(key))}
        todo = [i for i, d in enumerate(documents) if d and i not in found]
        if todo:
            summarizer = self._load(location)
            if summarizer is None:
                return [self._extractive(a) for a in articles]
            for i, summary in zip(todo, summarizer.summarize([documents[i] for i in todo]), strict=True):
                found[i] = _abstractive_data(location.model, summary.text, summary.chunks)
                self.cache.put(keys[i], found[i])
        return [self._output(a, found.get(i)) for i, a in enumerate(articles)]

    def close(self) -> None:
        """Release the model."""
        if self.summarizer is not None:
            self.summarizer.close()
            self.summarizer = None

    def _locate(self) -> Location | None:
        """The model's files, found without the network; None (and the reason kept) when missing."""
        from newsedit.backends.summarizer import locate

        if self._location is None and self._missing is None:
            try:
                self._location = locate(self._model_name(), self.config.download)
                if self._location.folder is None and self._load(self._location) is not None:
                    self._location = locate(self._model_name())  # just downloaded into the cache
            except BackendUnavailable as exc:
                self._missing = str(exc)
        return self._location if self._missing is None else None

    def _load(self, location: Location) -> Summarizer | None:
        from newsedit.backends.summarizer import Summarizer

        if self.summarizer is None and self._missing is None:
            try:
                self.summarizer = Summarizer.load(location, self.settings)
            except BackendUnavailable as exc:
                self._missing = f"{exc}; the summary is extractive: sentences picked from the article"
        return self.summarizer

    def _model_name(self) -> str:
        return model_name(self.config, self.root)

    def _key(self, fingerprint: str, document: list[str]) -> str:
        """Article text, exact model and settings: any change makes a new summary."""
        blob = json.dumps([CACHE_VERSION, fingerprint, self.settings.key(), document], ensure_ascii=False)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    def _output(self, article: Article, data: dict[str, Any] | None) -> CheckOutput:
        if data is None:
            return CheckOutput(notices=["summary: the article has no body text to summarize"])
        return CheckOutput(findings=guard(article, data["summary"]), data=data)

    def _extractive(self, article: Article) -> CheckOutput:
        """The built-in summary; the first article of the run carries the notice saying why."""
        from newsedit.checks.summary import extractive

        extract = extractive.summarize(article, self.settings.max_words)
        notices = [] if self._told else [self._missing or "summary: no model"]
        self._told = True
        data = {
            "kind": "extractive",
            "model": None,
            "summary": extract.text,
            "words": extract.words,
            "sentences": [{"start": s.start, "end": s.end} for s in extract.spans],
            "note": "sentences picked from the article; no summary model was available",
        }
        return CheckOutput(data=data, notices=notices)


def guard(article: Article, summary: str) -> list[Finding]:
    """Warnings for what the summary states that the article does not contain.

    The summary is not part of the article, so each finding is a zero-width span where the
    article starts (its headline, else its first paragraph) and quotes the summary sentence.
    """
    from newsedit.checks.summary import faithfulness

    anchor = article.headline or (article.paragraphs[0] if article.paragraphs else None)
    at = anchor.start if anchor else 0
    return [
        article.finding(
            at,
            at,
            f"summary/unsupported-{claim.kind}",
            f"the summary {_CLAIM_WORDS[claim.kind]} “{claim.value}”, which is not in the article: “{claim.sentence}”",
        )
        for claim in faithfulness.unsupported(summary, article.text)
    ]


def text_block(data: dict[str, Any]) -> list[str]:
    """The summary block of text output: what kind of summary it is, then the summary, wrapped."""
    if data.get("kind") == "extractive":
        head = "extractive summary (sentences picked from the article; no summary model):"
    else:
        parts = f", from {data['chunks']} parts" if data.get("chunks", 1) > 1 else ""
        head = f"abstractive summary ({data.get('model')}{parts}):"
    return [head, *textwrap.wrap(data.get("summary", ""), 88, initial_indent="  ", subsequent_indent="  ")]


class SummaryCache:
    """Summaries already made: in memory for the run and, with a folder, on disk across runs."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.memory: dict[str, dict[str, Any]] = {}

    def get(self, key: str) -> dict[str, Any] | None:
        """The cached summary data for a key, if any (a damaged file counts as none)."""
        if key in self.memory or self.folder is None:
            return self.memory.get(key)
        try:
            data = json.loads(self._path(key).read_text("utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or not isinstance(data.get("summary"), str):
            return None
        self.memory[key] = data
        return data

    def put(self, key: str, data: dict[str, Any]) -> None:
        """Keep a summary; a cache that cannot be written only costs time, so errors are ignored."""
        self.memory[key] = data
        if self.folder is None:
            return
        from newsedit.atomic import write_text
        from newsedit.paths import FILE_MODE, private_folder

        path = self._path(key)
        try:
            private_folder(self.folder)
            private_folder(path.parent)
            write_text(path, json.dumps(data, ensure_ascii=False), mode=FILE_MODE)
        except OSError:
            pass

    def _path(self, key: str) -> Path:
        assert self.folder is not None
        return self.folder / key[:2] / f"{key}.json"


def _cache_folder(config: SummaryConfig, root: Path) -> Path:
    if config.cache_dir:
        return root / Path(config.cache_dir).expanduser()
    from newsedit.paths import cache_dir

    return cache_dir() / "summaries"


def _sentences(article: Article) -> list[str]:
    """The body's sentences, each on one line: what the model reads."""
    return [" ".join(s.slice(article.text).split()) for s in article.sentences]


def _abstractive_data(model: str, summary: str, chunks: int) -> dict[str, Any]:
    return {"kind": "abstractive", "model": model, "summary": summary, "words": len(summary.split()), "chunks": chunks}
