"""The Check protocol and the registry that finds the four checks without importing them.

Each check is a package `newsedit.checks.<name>` exposing:
- `RULES`: the rules it can report (list of `newsedit.rules.Rule`); each rule's severity is read there;
- `create(config, context=None) -> Check`: builds the check; slow parts (a JVM, a model) start lazily;
  `context` is what the run gives every check it creates (`Context`: a cluster's duplicate pass);
- `VERSION` (optional): bumped when the same input would give other findings (part of the cache key);
- `fingerprint(config)` (optional): what else the output depends on, such as a model (the cache key too);
- `text_block(data) -> list[str]` (optional): its block under an article in the text report;
- `catalogue()` (optional): every rule that can fire, when that is more than `RULES` (the grammar
  check's LanguageTool rules, measured or shipped in its rule pack): what `newsedit rules` lists.

A rule's entry (`newsedit.rules.Rule`) holds its examples, config keys and tags: `--explain` prints it.

Everything the scheduler (`runner.py`, `workers.py`) asks of a check is declared on `Check`,
`BatchCheck` and `CrossCheck` below; it finds no capability by probing attributes.

A check's top level must stay light: heavy libraries are imported inside `newsedit.backends`, lazily.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from types import ModuleType
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from newsedit.errors import BackendError

if TYPE_CHECKING:
    from newsedit.article import Article
    from newsedit.findings import Finding
    from newsedit.rules import Rule

# In the order they run and report; the CLI command for each is in COMMANDS.
CHECKS = ("grammar", "dupes", "readability", "summary")
COMMANDS = {"grammar": "grammar", "dupes": "dupes", "readability": "readability", "summary": "summarize"}


@dataclass
class CheckOutput:
    """What one check says about one article."""

    findings: list[Finding] = field(default_factory=list)
    # Extra output for JSON and text, stored under the check's name (scores, a summary...).
    data: dict[str, Any] | None = None
    notices: list[str] = field(default_factory=list)
    # Set when this article could not be checked (a server timeout, say): exit code 2.
    error: str | None = None


class Grouping(Protocol):
    """The batch duplicate pass: `checks.dupes.batch.InProcess`, or a cluster's (`cluster.dupes.Grouping`).

    Each returns `checks.dupes.batch.Group`s (typed loosely here: the core imports no check).
    """

    def headline_groups(self, headlines: Sequence[str], threshold: float) -> list[Any]:
        """Groups of the same or nearly the same headlines."""
        ...

    def body_groups(self, sigs: Any, sizes: Sequence[int], threshold: float) -> list[Any]:
        """Groups of the same or nearly the same bodies (`sigs`: their MinHash signatures)."""
        ...


@dataclass(frozen=True)
class Context:
    """What a run hands every check it creates, beside the config."""

    # The batch duplicate pass at the end of the run; None: the one in this process
    # (`checks.dupes.batch`). A Ray run passes the cluster's (`cluster.dupes.Grouping`).
    grouping: Grouping | None = None


@runtime_checkable
class Check(Protocol):
    """A check: article in, findings out."""

    name: str
    # True when most of its time is spent waiting on a server (grammar on LanguageTool): with no
    # worker processes the runner gives it a thread of its own, in chunk order, so that the
    # server's work overlaps the reading of the next articles and the other checks.
    waits_on_server: bool

    def check(self, article: Article) -> CheckOutput:
        """Check one article."""
        ...

    def close(self) -> None:
        """Release what the check holds (connections, models)."""
        ...


@runtime_checkable
class BatchCheck(Check, Protocol):
    """A check that reads several articles at once (batched model calls, concurrent requests)."""

    def check_many(self, articles: Sequence[Article]) -> list[CheckOutput]:
        """Check articles together; one output per article, in order."""
        ...


@runtime_checkable
class CrossCheck(Check, Protocol):
    """A check that also compares articles with each other once all have been seen.

    It runs in the main process and sees every article in order: one whose output comes from
    the cache is shown to it with `observe`, so its own output is cached like any other's.
    """

    def observe(self, article: Article) -> None:
        """Take part in `finish` for an article whose own output came from the cache."""
        ...

    def finish(self) -> list[Finding]:
        """Findings across the run (each carries the path of the article it belongs to)."""
        ...


def available() -> list[str]:
    """Checks that are installed in this version of newsedit, without importing them."""
    return [name for name in CHECKS if importlib.util.find_spec(f"newsedit.checks.{name}") is not None]


def module(name: str) -> ModuleType:
    """The module of one check."""
    return importlib.import_module(f"newsedit.checks.{name}")


def create(name: str, config: Any, context: Context | None = None) -> Check:
    """Build one check from its module; `config` is a `newsedit.config.Config` (untyped: config reads this registry)."""
    check: Check = module(name).create(config, context or Context())
    return check


def all_rules() -> list[Rule]:
    """Every rule of every installed check."""
    return [rule for name in available() for rule in module(name).RULES]


def text_blocks() -> dict[str, Callable[[dict[str, Any]], list[str]]]:
    """Each installed check's own block for the text report (its `text_block(data)`), by check name."""
    found = {name: getattr(module(name), "text_block", None) for name in available()}
    return {name: block for name, block in found.items() if callable(block)}


def catalogue() -> list[Rule]:
    """Every rule that can fire, of every installed check: each check's `catalogue()`, else its RULES."""
    out: list[Rule] = []
    for name in available():
        listed = getattr(module(name), "catalogue", None)
        out.extend(listed() if callable(listed) else module(name).RULES)
    return out


def examples(rule: Rule) -> tuple[list[str], list[str]]:
    """A rule's pass and fail examples, from its entry."""
    return list(rule.examples.passing), list(rule.examples.failing)


def explain(rule_id: str) -> Rule | None:
    """The rule with this exact id (one of `catalogue()`), or None."""
    return next((rule for rule in catalogue() if rule.id == rule_id), None)


def open_check(stack: ExitStack, name: str, config: Any, context: Context | None = None) -> Check:
    """Create one check; the stack closes it."""
    check = create(name, config, context)
    stack.callback(check.close)
    return check


def check_outputs(check: Check, articles: Sequence[Article]) -> list[CheckOutput]:
    """One output per article; a check failing on one article becomes a notice, not a crash."""
    if isinstance(check, BatchCheck) and len(articles) > 1:
        try:
            return check.check_many(articles)
        except BackendError:
            pass  # retried one by one below, so one bad article does not sink the others
    return [_one(check, a) for a in articles]


def _one(check: Check, article: Article) -> CheckOutput:
    try:
        return check.check(article)
    except BackendError as exc:
        return CheckOutput(error=f"{check.name}: not checked: {exc}")
