"""The `newsedit` command: parses options, calls the runner, picks a formatter, sets the exit code."""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from newsedit import __version__, checks
from newsedit import config as config_mod
from newsedit.commandline import (
    CommandOptions,
    ConfigOpt,
    Ignore,
    LtUrl,
    NoCache,
    Select,
    Skip,
    build_job,
    check_options,
    check_report_options,
    first_use_languagetool,
    load_config,
    note_remote,
    run_job,
)
from newsedit.errors import NewseditError, UsageError
from newsedit.findings import RunReport, Severity

if TYPE_CHECKING:
    pass

EXIT_CODES_HELP = """\
Exit codes: 0 no findings at or above --fail-on; 1 findings at or above --fail-on;
2 usage, config or input error (a file that is missing, binary, empty, too large or could not be
checked); 130 interrupted."""

app = typer.Typer(
    name="newsedit",
    help="Check news articles before they are published: grammar, duplicates, readability, summary.\n\n"
    + EXIT_CODES_HELP,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@dataclass
class GlobalOptions:
    """State the top-level options set for every command."""

    debug: bool = False
    stop_signal: int = 2  # SIGINT (Ctrl-C), or the SIGTERM that stopped the run


GLOBAL_OPTIONS = GlobalOptions()
INTERRUPTED = "interrupted (the report holds the articles checked until then)"

Paths = Annotated[
    list[str] | None,
    typer.Argument(help="Article files, folders (searched recursively), globs, or - for standard input."),
]
Format = Annotated[
    str, typer.Option("--format", "-f", help="Output format: text, json, sarif, junit, github, markdown or html.")
]
Output = Annotated[Path | None, typer.Option("--output", "-o", help="Write the report to this file.")]
FailOn = Annotated[
    str | None, typer.Option("--fail-on", help="Lowest severity that makes the exit code 1 (error, warning, info).")
]
Color = Annotated[str, typer.Option("--color", help="auto (on a terminal, unless NO_COLOR), always or never.")]
Model = Annotated[str | None, typer.Option("--model", help="Summary model: a hub id or a local folder.")]
MaxWords = Annotated[int | None, typer.Option("--max-words", help="Longest summary, in words.")]
MinWords = Annotated[int | None, typer.Option("--min-words", help="Shortest summary, in words.")]
Jobs = Annotated[
    str | None,
    typer.Option(
        "--jobs",
        "-j",
        help="Worker processes for a batch: a number, or auto for one per core (default 1). "
        "With --ray, how many Ray actors (default: one per cluster CPU).",
    ),
]
CacheDir = Annotated[
    Path | None,
    typer.Option("--cache-dir", help="Folder of the results cache (default: newsedit's user cache folder)."),
]
RayOpt = Annotated[
    str | None,
    typer.Option(
        "--ray",
        metavar="[ADDRESS]",
        help="Check on a Ray cluster (the ray extra): auto, ray://host:port, or no address for a local Ray.",
    ),
]
Manifest = Annotated[
    Path | None, typer.Option("--manifest", help="A file listing the paths to check, one a line (or PATHS @file).")
]
BaselineOpt = Annotated[
    Path | None,
    typer.Option(
        "--baseline",
        help="Report and fail only on findings that are not in this baseline file "
        "(findings match by rule, file, text and the words around them, not by line).",
    ),
]
StdinFilename = Annotated[
    str | None,
    typer.Option(
        "--stdin-filename",
        help="The name standard input (-) is shown under and read as: NAME.md is Markdown.",
    ),
]
Statistics = Annotated[
    bool,
    typer.Option("--statistics", help="Print counts by rule (id, severity, count, fixable) instead of the report."),
]
ReportUrl = Annotated[
    str | None,
    typer.Option(
        "--report-url",
        metavar="URL",
        help="Where CI keeps the full report: the Markdown comment and annotations link it "
        "(default on GitHub Actions: the run's page).",
    ),
]
JunitRest = Annotated[
    str | None,
    typer.Option(
        "--junit-rest", help="JUnit: findings below --fail-on become skipped (default), system-out or failure."
    ),
]
UpdateBaseline = Annotated[
    bool,
    typer.Option(
        "--update-baseline",
        help="Record this run's findings in the --baseline file (entries of files not checked are kept).",
    ),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"newsedit {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show Python tracebacks on errors.")] = False,
) -> None:
    """Check news articles before they are published."""
    GLOBAL_OPTIONS.debug = debug


def run_command(chosen: list[str], opts: CommandOptions) -> None:
    """Load config, run the checks, write the report and exit with the right code."""
    from newsedit import formats, output, progress

    if opts.fmt not in formats.FORMATS:
        raise UsageError(f"unknown format {opts.fmt!r} (allowed: {', '.join(formats.FORMATS)})")
    check_report_options(opts.report)
    cfg = load_config(opts)
    output.refuse_inputs(opts, cfg)
    if "dupes" in chosen:
        config_mod.check_paths(cfg)
    job = build_job(chosen, opts, cfg)
    from newsedit.runner import wanted_checks

    if "grammar" in wanted_checks(chosen, cfg):
        note_remote(cfg, opts)
        first_use_languagetool(cfg)
    with progress.bar(enabled=progress.wanted(sys.stderr)) as tick:
        report = run_job(job, tick)
    try:
        _report(report, opts, cfg)
        code = exit_code(report, Severity.parse(cfg.fail_on))
        _hook_hint(report, Severity.parse(cfg.fail_on), code)
    finally:
        report.close()
    if report.interrupted:
        print(f"newsedit: {_stopped_how()}", file=sys.stderr)
        raise typer.Exit(128 + GLOBAL_OPTIONS.stop_signal)
    raise typer.Exit(code)


def _report(report: RunReport, opts: CommandOptions, cfg: config_mod.Config) -> None:
    """Apply the baseline, then write the report piece by piece (a batch's results stay on disk)."""
    from newsedit import commandline, formats, output

    if opts.baseline is not None:
        from newsedit import baseline

        baseline.apply(report, opts.baseline, update=opts.update_baseline)
    if opts.statistics:
        output.write(commandline.statistics(report, opts.fmt), opts.output)
        return
    extra = {**opts.report, "report_url": commandline.report_url(opts.report.get("report_url"), os.environ)}
    options = commandline.render_options(cfg, output.terminal(opts), extra, opts.fmt)
    output.write(formats.stream(opts.fmt, report, options), opts.output)


def _hook_hint(report: RunReport, fail_on: Severity, code: int) -> None:
    """A blocked commit ends with the one command that applies the safe fixes (or says who must act)."""
    from newsedit import fix_hint
    from newsedit.formats.escape import visible

    hint = (
        fix_hint.blocked_hint(report.articles, fail_on, os.environ)
        if code == 1 and fix_hint.in_hook(os.environ)
        else None
    )
    if hint:
        print(visible(hint), file=sys.stderr)


def exit_code(report: RunReport, fail_on: Severity) -> int:
    """2 when anything could not be checked, else 1 when findings reach fail_on (each article's own
    config's, without --fail-on), else 0."""
    if report.failed():
        return 2
    return 1 if report.fails(fail_on) else 0


def _check_command(only: list[str] | None, doc: str) -> Callable[..., None]:
    """A checking command over some checks (None: every installed check, less --skip)."""

    def command(
        paths: Paths = None,
        fmt: Format = "text",
        output: Output = None,
        fail_on: FailOn = None,
        config: ConfigOpt = None,
        select: Select = None,
        ignore: Ignore = None,
        color: Color = "auto",
        lt_url: LtUrl = None,
        model: Model = None,
        max_words: MaxWords = None,
        min_words: MinWords = None,
        skip: Skip = None,
        jobs: Jobs = None,
        no_cache: NoCache = False,
        cache_dir: CacheDir = None,
        baseline: BaselineOpt = None,
        update_baseline: UpdateBaseline = False,
        stdin_filename: StdinFilename = None,
        ray: RayOpt = None,
        manifest: Manifest = None,
        statistics: Statistics = False,
        report_url: ReportUrl = None,
        junit_rest: JunitRest = None,
    ) -> None:
        check_options({"--skip": skip, "--max-words": max_words, "--min-words": min_words, "--color": color})
        chosen = only or [e for e in checks.available() if e not in (skip or [])]
        overrides = {
            ("grammar", "lt_url"): lt_url,
            ("summary", "model"): model,
            ("summary", "max_words"): max_words,
            ("summary", "min_words"): min_words,
            ("summary", "cache"): False if no_cache else None,
        }
        if not paths and manifest is None:
            raise UsageError("missing PATHS (files, folders, globs, or --manifest FILE)")
        paths = paths or []
        if manifest is not None:
            from newsedit import manifest as manifest_mod

            paths = manifest_mod.expand(paths, manifest)
        opts = CommandOptions(paths, fmt, output, fail_on, config, select or [], ignore or [], color, overrides)
        opts.jobs, opts.cache, opts.cache_dir = jobs, not no_cache, cache_dir
        opts.baseline, opts.update_baseline = baseline, update_baseline
        opts.stdin_filename = stdin_filename
        opts.ray, opts.manifest = ray, manifest
        opts.statistics, opts.report = statistics, {"report_url": report_url, "junit_rest": junit_rest}
        run_command(chosen, opts)

    command.__doc__ = doc + "\n\n" + EXIT_CODES_HELP
    return command


app.command("check")(
    _check_command(
        None,
        "Run every check on articles: grammar, duplicates, readability and the summary.\n\n"
        "Example: newsedit check fixtures/lavrov-north-korea.txt --format json",
    )
)

_CHECK_DOCS = {
    "grammar": "Grammar and style only: LanguageTool plus newsedit's news rules.",
    "dupes": "Duplicates only: repeated headlines, teasers, boilerplate, and duplicates across the batch.",
    "readability": "Readability only: the standard scores, per article and paragraph, against house targets.",
    "summary": "Summarize articles (abstractive with a model; extractive, labelled so, without one).",
}
for _name in checks.available():
    app.command(checks.COMMANDS[_name])(_check_command([_name], _CHECK_DOCS[_name]))


COMMAND_MODULES = ("cache", "fix", "hook", "index", "rules", "server", "setup")  # newsedit/commands/*.py
CHECK_COMMANDS = frozenset(["check", *(checks.COMMANDS[name] for name in checks.available())])


def _register_extra_commands(args: list[str]) -> None:
    """Commands that own their own module add themselves here (named, not discovered: scanning
    the package costs every invocation an import of pkgutil). A check's run (what a hook runs)
    needs none of them, and importing them was a tenth of its time."""
    command = next((a for a in args if not a.startswith("-")), None)  # the top level has flags only
    if command in CHECK_COMMANDS:
        return
    for name in COMMAND_MODULES:
        importlib.import_module(f"newsedit.commands.{name}").register(app)


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where Ctrl-C would be: the run stops the same way, partial report included."""


def _stopped_how() -> str:
    return INTERRUPTED if GLOBAL_OPTIONS.stop_signal == 2 else INTERRUPTED.replace("interrupted", "terminated", 1)


def exit_on_sigterm() -> None:
    """Make SIGTERM (kill, a CI timeout) stop a run as Ctrl-C does: the report of the articles
    checked so far is written, temporary files are removed, and the exit code is 143."""
    import signal

    def terminate(signum: int, _frame: object) -> None:
        GLOBAL_OPTIONS.stop_signal = signum
        signal.signal(signum, signal.SIG_DFL)  # a second SIGTERM ends the process at once
        raise Terminated

    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, terminate)


def main() -> None:
    """Console entry point: maps newsedit's errors to exit codes and keeps tracebacks for --debug."""
    exit_on_sigterm()
    try:
        args = _ray_argv(sys.argv[1:])
        _register_extra_commands(args)
        code = app(args=args, standalone_mode=False)
    except NewseditError as exc:
        _fail(exc, f"newsedit: error: {exc}", exc.exit_code)
    except KeyboardInterrupt as exc:
        _fail(exc, f"newsedit: {_stopped_how()}", 128 + GLOBAL_OPTIONS.stop_signal)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except (typer.Abort, EOFError) as exc:
        _fail(exc, "newsedit: aborted", 130)
    except typer.TyperException as exc:
        # Usage errors (typer bundles its own click): print them as click does, exit 2.
        show = getattr(exc, "show", None)
        if show is None:
            raise
        show()
        sys.exit(getattr(exc, "exit_code", 2))
    except OSError as exc:  # the system's refusal (read-only folder, full disk): the user can act on it
        where = f"{exc.filename}: " if exc.filename else ""
        _fail(exc, f"newsedit: error: {where}{exc.strerror or exc}", 2)
    except Exception as exc:  # a bug: say so plainly, keep the traceback for --debug
        _fail(exc, f"newsedit: internal error: {type(exc).__name__}: {exc} (rerun with --debug for details)", 2)
    sys.exit(code if isinstance(code, int) else 0)


def _ray_argv(args: list[str]) -> list[str]:
    """`--ray` with no address means a local Ray: typer options cannot leave their value out."""
    if "--ray" not in args:
        return args
    from newsedit.cluster import cli as ray_cli

    return ray_cli.argv(args)


def _fail(exc: BaseException, message: str, code: int) -> None:
    if GLOBAL_OPTIONS.debug or "--debug" in sys.argv:
        import traceback

        traceback.print_exception(exc)
    print(message, file=sys.stderr)
    sys.exit(code)
