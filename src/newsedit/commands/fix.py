"""`newsedit fix PATH...`: apply the safe fixes in place (the unsafe ones too with --unsafe-fixes),
or show them as a diff with --diff."""

from __future__ import annotations

import difflib
import inspect
import os
import stat
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from newsedit import checks, commandline, fix_hint, fixes, inputs
from newsedit.commandline import ConfigOpt, Ignore, LtUrl, NoCache, Select, Skip
from newsedit.errors import UsageError
from newsedit.findings import ArticleResult, Finding, RunReport, Severity

if TYPE_CHECKING:
    from newsedit.runner import Job

EXIT_CODES_HELP = """\
Exit codes: 0 every safe fix applied, or nothing to fix; 1 findings at or above --fail-on remain
(with --diff: also when there is something to fix); 2 a file could not be checked or written
(unreadable, not UTF-8, or changed while newsedit worked on it: such a file is left alone)."""


Paths = Annotated[list[str], typer.Argument(help="Article files, folders (searched recursively) or globs.")]
Diff = Annotated[bool, typer.Option("--diff", help="Print the fixes as a unified diff and change nothing.")]
FailOn = Annotated[
    str | None, typer.Option("--fail-on", help="Lowest severity of a remaining finding that makes the exit code 1.")
]
UnsafeFixes = Annotated[
    bool,
    typer.Option(
        "--unsafe-fixes",
        help="Also apply the fixes that may change what the article says: suspected teasers and "
        "boilerplate deleted, near repeats, LanguageTool's suggestions, case changes.",
    ),
]


def register(app: typer.Typer) -> None:
    """Add `newsedit fix`."""
    app.command("fix", help=inspect.cleandoc(fix_command.__doc__ or "") + "\n\n" + EXIT_CODES_HELP)(fix_command)


def fix_command(
    paths: Paths,
    diff: Diff = False,
    config: ConfigOpt = None,
    select: Select = None,
    ignore: Ignore = None,
    skip: Skip = None,
    fail_on: FailOn = None,
    lt_url: LtUrl = None,
    no_cache: NoCache = False,
    unsafe_fixes: UnsafeFixes = False,
) -> None:
    """Apply the safe fixes: the headline repeated word for word, known section labels and page
    boilerplate deleted, "Due of" made "Due to", spacing. Fixes that may change what the article
    says (suspected teasers, LanguageTool's suggestions, case changes) only with --unsafe-fixes.
    Writes are atomic; a file that changes meanwhile is left alone; a symlink is written through.

    Example: newsedit fix --diff fixtures/lavrov-north-korea.txt"""
    if "-" in paths:
        raise UsageError("fix works on files; to check standard input use: newsedit check -")
    commandline.check_options({"--skip": skip})
    opts = commandline.CommandOptions(paths, fail_on=fail_on, config=config, select=select or [], ignore=ignore or [])
    opts.overrides = {("grammar", "lt_url"): lt_url}
    opts.cache = not no_cache
    cfg = commandline.load_config(opts)
    chosen = [e for e in _checks() if e not in (skip or [])]
    if "grammar" in chosen:
        commandline.note_remote(cfg, opts)
        commandline.first_use_languagetool(cfg)
    outcome = fix(commandline.build_job(chosen, opts, cfg), diff, unsafe=unsafe_fixes)
    left = None if diff else fix_hint.left_after_fix(outcome.remaining, Severity.parse(cfg.fail_on))
    for line in (left or "").splitlines():
        _say(line)
    raise typer.Exit(outcome.exit_code(Severity.parse(cfg.fail_on), diff))


def _checks() -> list[str]:
    """The checks that report fixable rules, in their usual order."""
    owners = {rule.split("/", 1)[0] for rule in (*fixes.SAFE_RULES, *fixes.CERTAIN_RULES, *fixes.WHITESPACE_RULES)}
    return [name for name in checks.available() if name in owners]


@dataclass(frozen=True)
class Snapshot:
    """A file as read before checking: what it must still be when the fix is written."""

    data: bytes
    mtime_ns: int
    size: int

    @classmethod
    def take(cls, path: Path) -> Snapshot:
        """Read a file and note its size and modification time."""
        before = path.stat()
        data = path.read_bytes()
        return cls(data, before.st_mtime_ns, before.st_size)

    def current(self, path: Path) -> bool:
        """Whether the file is still exactly what was read (time, size, then content)."""
        try:
            now = path.stat()
            return (now.st_mtime_ns, now.st_size) == (self.mtime_ns, self.size) and path.read_bytes() == self.data
        except OSError:
            return False


@dataclass
class Outcome:
    """What `fix` did over all files."""

    fixed: int = 0
    files: int = 0
    changes: bool = False  # something was (or, with --diff, would be) changed
    remaining: list[Finding] = field(default_factory=list)
    failed: bool = False
    unsafe: bool = False  # --unsafe-fixes: unsafe fixes are applied too
    unsafe_left: int = 0  # unsafe fixes not applied (available with --unsafe-fixes)
    gates: dict[str, Severity] = field(default_factory=dict)  # each file's own fail-on, by path

    def exit_code(self, fail_on: Severity, diff: bool) -> int:
        """2 on any failure, 1 when findings at or above fail_on remain (or --diff has changes), else 0."""
        if self.failed:
            return 2
        left = any(f.severity >= self.gates.get(f.path, fail_on) for f in self.remaining)
        return 1 if left or (diff and self.changes) else 0


def fix(job: Job, diff: bool, *, unsafe: bool = False) -> Outcome:
    """Check the job's files, then fix each one (or print the diff)."""
    from newsedit import progress

    snapshots = _snapshots(job)  # read before the checks do, so a later change is noticed
    with progress.bar(enabled=progress.wanted(sys.stderr)) as tick:
        report = commandline.run_job(job, tick)
    if report.interrupted:
        raise KeyboardInterrupt
    outcome = Outcome(failed=report.failed(), unsafe=unsafe)
    outcome.gates = {path: Severity.parse(level) for path, level in report.fail_on.items()}
    for article in report.articles:
        _fix_one(article, snapshots.get(article.path), diff, outcome)
    _summary(report, outcome, diff)
    return outcome


def _snapshots(job: Job) -> dict[str, Snapshot]:
    found = {}
    for source in inputs.expand(job.paths, job.config.extensions):
        if isinstance(source, inputs.Source) and source.file is not None:
            try:
                found[source.path] = Snapshot.take(source.file)
            except OSError:
                continue  # the run reports why it cannot read the file
    return found


def _fix_one(article: ArticleResult, snapshot: Snapshot | None, diff: bool, outcome: Outcome) -> None:
    path = Path(article.path)
    text, bom = _text(article, snapshot, outcome)
    if text is None or snapshot is None:
        return
    plan = fixes.plan(text, article.findings, unsafe=outcome.unsafe, headline=article.headline)
    _unsafe_notes(article, plan, outcome, diff)
    if not plan.edits:
        outcome.remaining.extend(article.findings)
        return
    new = fixes.apply(text, plan.edits)
    outcome.changes = True
    if diff:
        sys.stdout.write(_diff(path, text, new))
    elif not _written(path, bom + new.encode("utf-8"), snapshot):
        outcome.failed = True
        outcome.remaining.extend(article.findings)
        return
    else:
        _say(f"{path}: fixed {_counts(plan.fixed)}")
    outcome.fixed += len(plan.fixed)
    outcome.files += 1
    outcome.remaining.extend(fixes.moved(plan.remaining, plan.edits, new))


def _unsafe_notes(article: ArticleResult, plan: fixes.Plan, outcome: Outcome, diff: bool) -> None:
    """Count the unsafe fixes left out; with --diff, name every unsafe fix (applied or not)."""
    applied = {id(f) for f in plan.fixed}
    for f in article.findings:
        if fixes.safety(f, article.headline) != fixes.UNSAFE:
            continue
        if id(f) not in applied:
            outcome.unsafe_left += 1
        if diff:
            state = "in the diff" if id(f) in applied else "not applied without --unsafe-fixes"
            new = f.replacements[0]
            what = f"delete {_clip(f.text)!r}" if new == "" else f"{_clip(f.text)!r} -> {new!r}"
            _say(f"{f.path}:{f.line}:{f.column}: unsafe fix [{f.rule}] ({state}): {what}")


def _clip(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _text(article: ArticleResult, snapshot: Snapshot | None, outcome: Outcome) -> tuple[str | None, bytes]:
    """The text the findings were made on, or None (said why) when it cannot be fixed in place."""
    text, bom = _decode(snapshot.data) if snapshot else (None, b"")
    if snapshot is None or any(text is not None and text[f.start : f.end] != f.text for f in article.findings):
        _say(f"{article.path}: changed while it was being checked; left alone")
    elif text is None:
        _say(f"{article.path}: not fixed: only UTF-8 files are fixed in place")
    else:
        return text, bom
    outcome.failed = True
    return None, b""


def _decode(data: bytes) -> tuple[str | None, bytes]:
    """The text and the BOM to write back; None for text that would not survive a round trip."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, b""
    bom = b"\xef\xbb\xbf" if data.startswith(b"\xef\xbb\xbf") else b""
    try:
        return data[len(bom) :].decode("utf-8"), bom
    except UnicodeDecodeError:
        return None, b""


def _written(path: Path, data: bytes, snapshot: Snapshot) -> bool:
    """Write the fixed file, or say why it was left as it was (changed meanwhile, a full disk...)."""
    refused = _not_to_replace(path)
    if refused:
        _say(f"{path}: not fixed: {refused}")
        return False
    try:
        if _write(path, data, snapshot):
            return True
        _say(f"{path}: changed while it was being fixed; left alone")
    except OSError as exc:
        _say(f"{path}: error: cannot write the fix: {exc.strerror or exc}; the file is unchanged")
    return False


def _not_to_replace(path: Path) -> str | None:
    """Why a file must not be replaced by a fixed copy, or None: a fix writes a new file and renames
    it over the old one, which would drop a read-only mode, change the owner or split hard links."""
    try:
        info = path.stat()
    except OSError:
        return None  # the write says what is wrong
    if not info.st_mode & stat.S_IWUSR:
        return "the file is read-only (make it writable to fix it)"
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        return f"the file belongs to another user (uid {info.st_uid}); a fixed copy would be yours"
    if info.st_nlink > 1:
        return f"the file has {info.st_nlink} hard links; a fixed copy would split them"
    return None


def _write(path: Path, data: bytes, snapshot: Snapshot) -> bool:
    """Write atomically through a symlink to its target, unless the file changed since it was read
    (checked just before the rename)."""
    from newsedit import atomic

    try:
        with atomic.replacing(path, still=lambda: snapshot.current(path)) as handle:
            handle.write(data)
    except atomic.Unchanged:
        return False
    return True


def _diff(path: Path, old: str, new: str) -> str:
    name = path.as_posix()
    lines = difflib.unified_diff(old.splitlines(True), new.splitlines(True), f"a/{name}", f"b/{name}")
    return "".join(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n" for line in lines)


def _counts(findings: list[Finding]) -> str:
    by_rule = Counter(f.rule for f in findings)
    rules = ", ".join(f"{rule} ×{n}" if n > 1 else rule for rule, n in sorted(by_rule.items()))
    return f"{len(findings)} {'finding' if len(findings) == 1 else 'findings'} ({rules})"


def _summary(report: RunReport, outcome: Outcome, diff: bool) -> None:
    for problem in report.problems:
        _say(f"{problem.path}: error: {problem.message}")
    for article in report.articles:
        for error in article.errors:
            _say(f"{article.path}: error: {error}")
    if not diff:
        for f in sorted(outcome.remaining, key=lambda f: f.sort_key):
            print(_clean(f"{f.path}:{f.line}:{f.column}: {f.severity}: {f.message} [{f.rule}]"))
    verb = "Would fix" if diff else "Fixed"
    left = len(outcome.remaining)
    files = "file" if outcome.files == 1 else "files"
    found = "finding" if outcome.fixed == 1 else "findings"
    _say(f"{verb} {outcome.fixed} {found} in {outcome.files} {files}; {left} {'remains' if left == 1 else 'remain'}.")
    if outcome.unsafe_left and not outcome.unsafe:
        n = outcome.unsafe_left
        fixes_are = "fix is" if n == 1 else "fixes are"
        _say(f"{n} unsafe {fixes_are} available with --unsafe-fixes (check them with --diff).")


def _say(message: str) -> None:
    print(_clean(message), file=sys.stderr)


def _clean(line: str) -> str:
    """A line that names files and quotes articles, escaped for terminals and CI logs."""
    from newsedit.formats.escape import no_commands, visible

    return no_commands(visible(line))
