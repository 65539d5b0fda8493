"""The `newsedit` command: parses options, calls the runner, picks a formatter, sets the exit code."""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import click
import typer

from newsedit import __version__, checks
from newsedit import config as config_mod
from newsedit.errors import NewseditError, UsageError
from newsedit.findings import RunReport, Severity

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
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@dataclass
class Settings:
    """State the top-level options set for every command."""

    debug: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


SETTINGS = Settings()

Paths = Annotated[
    list[str],
    typer.Argument(help="Article files, folders (searched recursively), globs, or - for standard input."),
]
Format = Annotated[str, typer.Option("--format", "-f", help="Output format: text or json.")]
Output = Annotated[Path | None, typer.Option("--output", "-o", help="Write the report to this file.")]
FailOn = Annotated[
    str | None, typer.Option("--fail-on", help="Lowest severity that makes the exit code 1 (error, warning, info).")
]
ConfigOpt = Annotated[
    Path | None,
    typer.Option("--config", help="Config file (default: the closest newsedit.toml or [tool.newsedit])."),
]
Select = Annotated[list[str] | None, typer.Option("--select", help="Only these rules (id or prefix, repeatable).")]
Ignore = Annotated[list[str] | None, typer.Option("--ignore", help="Skip these rules (id or prefix, repeatable).")]
Color = Annotated[str, typer.Option("--color", help="auto (on a terminal, unless NO_COLOR), always or never.")]
LtUrl = Annotated[
    str | None,
    typer.Option("--lt-url", envvar="NEWSEDIT_LT_URL", help="Use this LanguageTool server instead of the local one."),
]
Model = Annotated[str | None, typer.Option("--model", help="Summary model: a hub id or a local folder.")]
MaxWords = Annotated[int | None, typer.Option("--max-words", help="Longest summary, in words.")]
MinWords = Annotated[int | None, typer.Option("--min-words", help="Shortest summary, in words.")]
Skip = Annotated[
    list[str] | None, typer.Option("--skip", help="Leave out an engine (repeatable), e.g. --skip summary.")
]


@dataclass
class CommandOptions:
    """The options every checking command shares."""

    paths: list[str]
    fmt: str = "text"
    output: Path | None = None
    fail_on: str | None = None
    config: Path | None = None
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    color: str = "auto"
    # (config section, key) -> value from an engine option such as --model; None means unset.
    overrides: dict[tuple[str, str], Any] = field(default_factory=dict)


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
    SETTINGS.debug = debug


def run_command(engines: list[str], opts: CommandOptions) -> None:
    """Load config, run the engines, write the report and exit with the right code."""
    from newsedit import formats, progress, runner

    if opts.fmt not in formats.FORMATS:
        raise UsageError(f"unknown format {opts.fmt!r} (allowed: {', '.join(formats.FORMATS)})")
    cfg = _config(opts)
    job = runner.Job(paths=opts.paths, config=cfg, engines=engines)
    with progress.bar(enabled=progress.wanted(sys.stderr)) as tick:
        report = runner.run(job, tick)
    color, source = _terminal_output(opts)
    text = formats.render(opts.fmt, report, formats.RenderOptions(color=color, show_source=source))
    _write(text, opts.output)
    raise typer.Exit(exit_code(report, Severity.parse(cfg.fail_on)))


def exit_code(report: RunReport, fail_on: Severity) -> int:
    """2 when anything could not be checked, else 1 when findings reach fail_on, else 0."""
    if report.failed():
        return 2
    worst = report.worst()
    return 1 if worst is not None and worst >= fail_on else 0


def _config(opts: CommandOptions) -> config_mod.Config:
    if opts.config is not None and not opts.config.is_file():
        raise config_mod.ConfigError(f"{opts.config}: no such config file")
    anchor = next((Path(p) for p in opts.paths if p != "-" and Path(p).exists()), Path.cwd())
    cfg = config_mod.for_file(anchor, opts.config)
    cfg.select = opts.select or cfg.select
    cfg.ignore = [*cfg.ignore, *opts.ignore]
    cfg.fail_on = opts.fail_on or cfg.fail_on
    try:
        Severity.parse(cfg.fail_on)  # a bad --fail-on is a usage error before any work
    except ValueError as exc:
        raise UsageError(f"--fail-on: {exc}") from None
    for (section, key), value in opts.overrides.items():
        if value is not None:
            setattr(getattr(cfg, section), key, value)
    return cfg


def _terminal_output(opts: CommandOptions) -> tuple[bool, bool]:
    to_terminal = opts.output is None and sys.stdout.isatty()
    color = opts.color == "always" or (opts.color == "auto" and to_terminal and "NO_COLOR" not in os.environ)
    return color, to_terminal


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    from newsedit.atomic import write_text

    write_text(output, text)


def _engine_command(engines: list[str] | None, doc: str) -> Callable[..., None]:
    """A checking command over some engines (None: every installed engine, less --skip)."""

    def command(
        paths: Paths,
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
    ) -> None:
        chosen = engines or [e for e in checks.available() if e not in (skip or [])]
        overrides = {
            ("grammar", "lt_url"): lt_url,
            ("summary", "model"): model,
            ("summary", "max_words"): max_words,
            ("summary", "min_words"): min_words,
        }
        opts = CommandOptions(paths, fmt, output, fail_on, config, select or [], ignore or [], color, overrides)
        run_command(chosen, opts)

    command.__doc__ = doc + "\n\n" + EXIT_CODES_HELP
    return command


app.command("check")(
    _engine_command(
        None,
        "Run every engine on articles: grammar, duplicates, readability and the summary.\n\n"
        "Example: newsedit check fixtures/lavrov-north-korea.txt --format json",
    )
)

_ENGINE_DOCS = {
    "grammar": "Grammar and style only: LanguageTool plus newsedit's news rules.",
    "dupes": "Duplicates only: repeated headlines, teasers, boilerplate, and duplicates across the batch.",
    "readability": "Readability only: the standard scores, per article and paragraph, against house targets.",
    "summary": "Summarize articles (abstractive with a model; extractive, labelled so, without one).",
}
for _name in checks.available():
    app.command(checks.COMMANDS[_name])(_engine_command([_name], _ENGINE_DOCS[_name]))


@app.command("rules")
def rules_command() -> None:
    """List every rule newsedit can report, with its default severity."""
    for rule in sorted(checks.all_rules(), key=lambda r: r.id):
        typer.echo(f"{rule.id:<40} {rule.severity!s:<8} {rule.explanation}")


def _register_extra_commands() -> None:
    """Commands that own their own module (setup, server, index, hook, ...) add themselves here."""
    import newsedit.commands as package

    for info in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"newsedit.commands.{info.name}").register(app)


_register_extra_commands()


def main() -> None:
    """Console entry point: maps newsedit's errors to exit codes and keeps tracebacks for --debug."""
    try:
        code = app(standalone_mode=False)
    except NewseditError as exc:
        _fail(exc, f"newsedit: error: {exc}", exc.exit_code)
    except KeyboardInterrupt as exc:
        _fail(exc, "newsedit: interrupted", 130)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except (typer.Abort, EOFError) as exc:
        _fail(exc, "newsedit: aborted", 130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except Exception as exc:  # a bug: say so plainly, keep the traceback for --debug
        _fail(exc, f"newsedit: internal error: {type(exc).__name__}: {exc} (rerun with --debug for details)", 2)
    sys.exit(code if isinstance(code, int) else 0)


def _fail(exc: BaseException, message: str, code: int) -> None:
    if SETTINGS.debug or "--debug" in sys.argv:
        import traceback

        traceback.print_exception(exc)
    print(message, file=sys.stderr)
    sys.exit(code)
