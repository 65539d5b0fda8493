"""A blocked hook run ends with the one command that applies the safe fixes; `fix` says what still blocks and why."""

from __future__ import annotations

from pathlib import Path

from cli_helpers import FAST, newsedit
from newsedit import fix_hint
from newsedit.article import parse
from newsedit.findings import ArticleResult, Severity

REPEATED = "Storm closes port\n\nStorm closes port\n\nThe port shut on Monday after the storm tore the roofs off.\n"
LONG = (
    "Port closes after storm\n\nThe port, which handles most of the grain that leaves the region for markets "
    "in the north and the east, was closed on Monday after a storm that had been forecast for days tore the "
    "roofs off two of its largest warehouses.\n"
)


def result(text: str, rule: str, replacement: str | None) -> ArticleResult:
    article = parse(text, "a b.txt")
    start = text.index("\n\n") + 2
    finding = article.finding(
        start,
        start + 5,
        rule,
        "m",
        severity=Severity.ERROR,
        replacements=[replacement] if replacement is not None else [],
    )
    return ArticleResult("a b.txt", "storm closes port", [finding])


def test_a_blocked_pre_commit_run_names_the_manual_fix_hook(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(REPEATED, "utf-8")
    blocked = newsedit("check", *FAST, "--fail-on", "warning", "a.txt", cwd=tmp_path, env={"PRE_COMMIT": "1"})
    assert blocked.code == 1
    last = blocked.err.splitlines()[-1]
    assert last == "newsedit: apply the safe fixes with: pre-commit run newsedit-fix --hook-stage manual --files a.txt"
    outside = newsedit("check", *FAST, "--fail-on", "warning", "a.txt", cwd=tmp_path, env={"PRE_COMMIT": ""})
    assert outside.code == 1 and "apply the safe fixes" not in outside.err


def test_the_plain_git_hook_names_newsedit_fix_and_says_who_else_must_act() -> None:
    env = {"NEWSEDIT_STAGED": "1"}
    safe = result("Storm\n\nDue of the storm.\n", "grammar/due-of", "Due to")
    assert (
        fix_hint.blocked_hint([safe], Severity.ERROR, env)
        == "newsedit: apply the safe fixes with: newsedit fix 'a b.txt'"
    )
    unsafe = result("Storm\n\nThe travel went well.\n", "grammar/lt-NEWS_UNCOUNTABLE", "trip")
    person = result("Storm\n\nThe travel went well.\n", "readability/long-sentence", None)
    assert fix_hint.blocked_hint([unsafe, person], Severity.ERROR, env) == (
        "newsedit: no blocking finding has a safe fix (1 has an unsafe fix: --unsafe-fixes; 1 needs a person)"
    )
    assert fix_hint.blocked_hint([person], Severity.ERROR, {}) is not None  # the words; the CLI asks in_hook first
    assert not fix_hint.in_hook({}) and fix_hint.in_hook(env)


def test_fix_says_which_remaining_findings_need_unsafe_fixes_or_a_person(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(REPEATED, "utf-8")
    teaser = "\n\nKim Jong Un displays missiles to Shoigu of Russia\n\nMr Lavrov met the leader on Thursday.\n"
    (tmp_path / "b.txt").write_text(LONG.replace("Port closes after storm", "Storm closes port") + teaser, "utf-8")
    done = newsedit("fix", *FAST, "--fail-on", "warning", "a.txt", "b.txt", cwd=tmp_path)
    assert done.code == 1
    lines = done.err.splitlines()
    at = lines.index("Still blocking: 1 has an unsafe fix: --unsafe-fixes; 2 need a person.")
    assert lines[at + 1 :] == [
        "  a.txt:1:1: [dupes/batch-headline] no fix: a person must decide",
        "  b.txt:1:1: [dupes/batch-headline] no fix: a person must decide",
        "  b.txt:6:1: [dupes/teaser] unsafe fix (delete it): --unsafe-fixes (check it with --diff)",
    ]
    assert "Storm closes port" not in (tmp_path / "a.txt").read_text("utf-8").split("\n\n", 1)[1]
