"""Every newsedit rule carries pass and fail examples in its entry, and they do what they say on the real checks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from newsedit import checks
from newsedit.archive import Archive, archive_rows
from newsedit.article import parse
from newsedit.checks.dupes import fingerprints
from newsedit.checks.summary import faithfulness
from newsedit.config import Config
from newsedit.rules import Rule

FAMILIES = ("-", "/")  # grammar/lt-, house/: open families, their members have the examples
OWN = [r for r in checks.all_rules() if not r.id.endswith(FAMILIES)]
NEEDS_MODEL = {"dupes/same-story"}  # headline embeddings: the semantic extra's model (tests/checks/dupes)


def parts(example: str) -> list[str]:
    """The articles (or article and summary) of an example, split at lines holding `---`."""
    chunks, current = [], []
    for line in example.splitlines(keepends=True):
        if line.strip() == "---":
            chunks.append("".join(current).strip() + "\n")
            current = []
        else:
            current.append(line)
    return [*chunks, "".join(current).strip() + "\n"]


@pytest.mark.parametrize("rule", OWN, ids=[r.id for r in OWN])
def test_every_newsedit_rule_has_pass_and_fail_examples(rule: Rule) -> None:
    assert rule.examples.passing and rule.examples.failing, f"{rule.id}: give examples= in its entry"


def flagged(rule: Rule, example: str, tmp_path: Path) -> set[str]:
    """The rules the example's text gets from the rule's own check, run as a user would."""
    texts = parts(example)
    if rule.check == "summary":
        article, summary = texts
        return {f"summary/unsupported-{c.kind}" for c in faithfulness.unsupported(summary, article)}
    config = Config()
    if rule.id.startswith("dupes/archived-"):
        config.dupes.index = str(archive(texts[:-1], tmp_path))
        config.source = tmp_path / "newsedit.toml"
        texts = texts[-1:]
    check = checks.create(rule.check, config)
    found = {f.rule for i, t in enumerate(texts) for f in check.check(parse(t, f"a{i}.txt")).findings}
    finish = getattr(check, "finish", None)
    return found | ({f.rule for f in finish()} if callable(finish) else set())


def archive(texts: list[str], tmp_path: Path) -> Path:
    path = tmp_path / f"archive-{len(list(tmp_path.iterdir()))}.sqlite"
    articles = [parse(t, f"published{i}.txt") for i, t in enumerate(texts)]
    with Archive.open(path, create=True, schemes=fingerprints.describe()) as opened:
        list(opened.add(archive_rows(articles, [dt.date(2024, 5, 1)] * len(articles))))
    return path


RUN_HERE = [r for r in OWN if r.check != "grammar" and r.id not in NEEDS_MODEL]


@pytest.mark.parametrize("rule", RUN_HERE, ids=[r.id for r in RUN_HERE])
def test_each_fail_example_fires_and_no_pass_example_does(rule: Rule, tmp_path: Path) -> None:
    for example in rule.examples.failing:
        assert rule.id in flagged(rule, example, tmp_path), f"{rule.id} misses its fail example {example!r}"
    for example in rule.examples.passing:
        assert rule.id not in flagged(rule, example, tmp_path), f"{rule.id} flags its pass example {example!r}"


GRAMMAR = [r for r in OWN if r.check == "grammar"]


@pytest.mark.slow
def test_the_grammar_rules_examples_on_the_real_server(lt_cache: Path, tmp_path: Path) -> None:
    (tmp_path / "names.txt").write_text("Keir Starmer\n", "utf-8")  # what grammar/name-spelling's examples assume
    config = Config()
    config.grammar.names, config.source = ["names.txt"], tmp_path / "newsedit.toml"
    check = checks.create("grammar", config)
    try:
        for rule in GRAMMAR:
            for example in rule.examples.failing:
                found = {f.rule for f in check.check(parse(example, "a.txt")).findings}
                assert rule.id in found, f"{rule.id} misses its fail example {example!r}: {found}"
            for example in rule.examples.passing:
                found = {f.rule for f in check.check(parse(example, "a.txt")).findings}
                assert rule.id not in found, f"{rule.id} flags its pass example {example!r}"
    finally:
        check.close()
