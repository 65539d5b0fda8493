"""What the checking commands share: their common options, the config they run with, the job they build."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from newsedit import config as config_mod
from newsedit.errors import BackendUnavailable, UsageError
from newsedit.findings import RunReport, Severity

if TYPE_CHECKING:
    from newsedit.cache import Cache
    from newsedit.formats import RenderOptions
    from newsedit.rules import Rule
    from newsedit.runner import Job

ConfigOpt = Annotated[
    Path | None,
    typer.Option("--config", help="Config file (default: the closest newsedit.toml or [tool.newsedit])."),
]
Select = Annotated[list[str] | None, typer.Option("--select", help="Only these rules (id or prefix, repeatable).")]
Ignore = Annotated[list[str] | None, typer.Option("--ignore", help="Skip these rules (id or prefix, repeatable).")]
LtUrl = Annotated[
    str | None,
    typer.Option("--lt-url", envvar="NEWSEDIT_LT_URL", help="Use this LanguageTool server instead of the local one."),
]
Skip = Annotated[list[str] | None, typer.Option("--skip", help="Leave out a check (repeatable), e.g. --skip summary.")]
NoCache = Annotated[
    bool, typer.Option("--no-cache", help="Check every article again instead of reusing cached results.")
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
    # (config section, key) -> value from a check option such as --model; None means unset.
    overrides: dict[tuple[str, str], Any] = field(default_factory=dict)
    jobs: str | None = None  # -j; None: 1 worker, or with --ray one actor per cluster CPU
    cache: bool = True
    cache_dir: Path | None = None
    baseline: Path | None = None
    update_baseline: bool = False
    stdin_filename: str | None = None
    ray: str | None = None  # a cluster's address, or "local"; None: no Ray
    statistics: bool = False  # counts by rule in place of the report
    # What the formats take from the command line: report_url, junit_rest (None: unset).
    report: dict[str, str | None] = field(default_factory=dict)
    manifest: Path | None = None  # the --manifest file the paths came from, if any


def first_use_languagetool(cfg: config_mod.Config) -> None:
    """Set LanguageTool up on its first need, here before any worker starts, so a run says once
    what it is doing or what is missing; grammar then reports each article as not checked."""
    from newsedit.backends import languagetool

    if languagetool.remote_url(cfg.grammar) is not None or languagetool.installed():
        return
    try:
        languagetool.set_up_on_first_use(say=lambda line: print(line, file=sys.stderr, flush=True))
    except BackendUnavailable as exc:
        print(f"newsedit: {exc}", file=sys.stderr, flush=True)


def note_remote(cfg: config_mod.Config, opts: CommandOptions) -> None:
    """Say on stderr when article text goes to a LanguageTool server other than the local one, and who said so."""
    from newsedit.backends import languagetool

    url = languagetool.remote_url(cfg.grammar)
    if url is None:
        return
    if opts.overrides.get(("grammar", "lt_url")):
        where = " (--lt-url or NEWSEDIT_LT_URL)"
    else:
        where = f" (grammar.lt-url in {cfg.source})" if cfg.grammar.lt_url else " (NEWSEDIT_LT_URL)"
    print(f"newsedit: note: article text is sent to the LanguageTool server at {url}{where}", file=sys.stderr)


def build_job(checks: list[str], opts: CommandOptions, cfg: config_mod.Config) -> Job:
    """The runner's job: each folder's own config, the results cache and the worker processes."""
    from newsedit import runner, workers

    if opts.update_baseline and opts.baseline is None:
        raise UsageError("--update-baseline needs --baseline FILE")
    try:
        count = workers.count(opts.jobs or "1")
    except ValueError as exc:
        raise UsageError(f"--jobs: {exc}") from None
    cascade = None if opts.config is not None else _cascade(opts, cfg, checks)
    job = runner.Job(opts.paths, cfg, checks, config_for=cascade, cache=_cache(opts), workers=count)
    job.stdin_filename = opts.stdin_filename
    if opts.ray is not None:
        from newsedit.cluster import cli as ray_cli

        ray_cli.configure(job, opts.ray, opts.jobs)
    return job


def run_job(job: Job, tick: Callable[[int, int, str], None]) -> RunReport:
    """Run a job and close its cache."""
    from newsedit import runner

    try:
        return runner.run(job, tick)
    finally:
        if job.cache is not None:
            job.cache.close()
            if job.cache.problem:
                print(f"newsedit: warning: {job.cache.problem}", file=sys.stderr)


def _cascade(opts: CommandOptions, anchor: config_mod.Config, checks: list[str]) -> Callable[[Path], config_mod.Config]:
    """The closest config above each folder, with the command line's options applied to it."""
    loaded = {anchor.source: anchor}

    def config_for(folder: Path) -> config_mod.Config:
        source = config_mod.find(folder)
        if source not in loaded:
            loaded[source] = _override(config_mod.load(source), opts)
            if "grammar" in checks:
                note_remote(loaded[source], opts)
            if "dupes" in checks:
                config_mod.check_paths(loaded[source])
        return loaded[source]

    return config_for


def _cache(opts: CommandOptions) -> Cache | None:
    """The results cache, or None with --no-cache or where it cannot be opened (said on stderr)."""
    if not opts.cache:
        return None
    from newsedit import cache

    found, problem = cache.open_default(opts.cache_dir)
    if problem:
        print(f"newsedit: warning: {problem}", file=sys.stderr)
    return found


def load_config(opts: CommandOptions) -> config_mod.Config:
    """The config of the run (the closest one above the first path, or --config) with the options applied."""
    check_options({"--select": opts.select, "--ignore": opts.ignore})
    cfg = _override(config_mod.for_paths(opts.paths, opts.config), opts)
    try:
        Severity.parse(cfg.fail_on)  # a bad --fail-on is a usage error before any work
    except ValueError as exc:
        raise UsageError(f"--fail-on: {exc}") from None
    return cfg


def _override(cfg: config_mod.Config, opts: CommandOptions) -> config_mod.Config:
    """A config with the command line's options applied (the command line wins)."""
    cfg.select = opts.select or cfg.select
    cfg.ignore = [*cfg.ignore, *opts.ignore]
    cfg.fail_on = opts.fail_on or cfg.fail_on
    for (section, key), value in opts.overrides.items():
        if value is not None:
            setattr(getattr(cfg, section), key, value)
    return cfg


def check_options(values: dict[str, Any]) -> None:
    """Option values newsedit cannot use are usage errors (exit 2) before any work."""
    for option, value in values.items():
        problem = None if value is None else config_mod.option_problem(option, value)
        if problem:
            raise UsageError(f"{option} {problem}")


# What the checking commands hand the formats besides the report: options from the run and from CI.


def check_report_options(extra: Mapping[str, str | None]) -> None:
    """A value the formats cannot use is a usage error before any work."""
    rest = extra.get("junit_rest")
    if rest is None:
        return  # nothing to check: JUnit's module (and its XML library) stays unimported
    from newsedit.formats import junit

    if rest not in junit.RESTS:
        raise UsageError(f"--junit-rest {rest!r}: allowed: {', '.join(junit.RESTS)}")


def report_url(given: str | None, env: Mapping[str, str]) -> str | None:
    """`--report-url`, else the GitHub Actions run page (its artifacts are listed there), else None."""
    if given:
        return given
    parts = [env.get(key, "") for key in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_RUN_ID")]
    if not all(parts):
        return None
    server, repository, run = parts
    return f"{server.rstrip('/')}/{repository}/actions/runs/{run}"


def render_options(
    cfg: config_mod.Config, terminal: tuple[bool, bool], extra: Mapping[str, str | None], fmt: str = "text"
) -> RenderOptions:
    """The formats' options: terminal (colour, source lines), the run's config and `extra` from the command line."""
    from newsedit import checks
    from newsedit.formats import RenderOptions

    return RenderOptions(
        color=terminal[0],
        show_source=terminal[1],
        rules=(*checks.all_rules(), *_house_rules(cfg)),
        blocks=checks.text_blocks(),
        fail_on=Severity.parse(cfg.fail_on),
        junit_rest=extra.get("junit_rest") or cfg.report.junit_rest,
        report_url=extra.get("report_url"),
        max_grade=cfg.readability.max_grade,
        archive_grades=archive_grades(cfg) if fmt == "html" else (),
        help_url=cfg.report.help_url,
    )


def _house_rules(cfg: config_mod.Config) -> list[Rule]:
    """The config's house rules, as the formats describe them (SARIF links each to the desk's `link`)."""
    if not cfg.house_rules:
        return []
    from newsedit import house_rules

    return [rule.entry for rule in house_rules.load_all(cfg)]


ARCHIVE_GRADES = 10_000  # the latest articles added: the archive's distribution, read in a bounded time


def archive_grades(cfg: config_mod.Config) -> tuple[float, ...]:
    """The grades of the archive's latest articles by the config's formula (none without an archive)."""
    from newsedit import archive
    from newsedit.checks.readability import scores
    from newsedit.errors import BackendError

    try:
        rows = archive.readability_counts(archive.location(cfg), ARCHIVE_GRADES)
    except BackendError:
        return ()  # a damaged archive is each article's error (the duplicates check says so), not the page's
    grades = (scores.grade(row, cfg.readability.grade_formula) for row in rows)
    return tuple(g for g in grades if g is not None)


def statistics(report: RunReport, fmt: str) -> Iterator[str]:
    """`--statistics` in place of the report: JSON with `--format json`, text otherwise."""
    from newsedit.formats import statistics as stats

    yield stats.as_json(report) if fmt == "json" else stats.as_text(report)
