"""Finds and validates [tool.newsedit] / newsedit.toml; typed dataclasses hold the defaults."""

from __future__ import annotations

import dataclasses
import re
import sys
import tomllib
import types
import typing
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsedit import validate
from newsedit.errors import ConfigError
from newsedit.findings import Severity
from newsedit.rules import Selection
from newsedit.trust import open_to_others, untrusted
from newsedit.validate import Allowed, Range

CONFIG_NAMES = ("newsedit.toml", ".newsedit.toml", "pyproject.toml")

# The grade formulas the readability targets may apply to, with the names reports give them:
# the one table that config validation, the readability check and the formats read.
GRADE_FORMULAS = {
    "flesch_kincaid_grade": "Flesch-Kincaid",
    "gunning_fog": "Gunning fog",
    "smog": "SMOG",
    "coleman_liau": "Coleman-Liau",
    "ari": "ARI",
}


def _within(default: Any, low: float, high: float, *, above: bool = False) -> Any:
    """A field whose value must lie in a range. The bounds are sanity limits: a value past them
    is a typo, not a choice."""
    return field(default=default, metadata={"allowed": Allowed(range=Range(low, high, above))})


def _one_of(default: str, *choices: str) -> Any:
    """A field whose value must be one of choices."""
    return field(default=default, metadata={"allowed": Allowed(choices=choices)})


def _matching(default: str, pattern: str, words: str) -> Any:
    """A field whose value must match a pattern (`words`: what it allows)."""
    return field(default=default, metadata={"allowed": Allowed(pattern=re.compile(pattern), words=words)})


@dataclass
class GrammarConfig:
    """LanguageTool and newsedit's own news rules."""

    # "auto": each article's own English (en-GB, en-US, en-CA...), told by its spellings (checks/grammar/variants.py).
    language: str = "auto"
    lt_url: str | None = None  # a running LanguageTool server to use instead of the local one
    # LanguageTool rules that fight news style; JONG_UN wants "Kim Jong-un", AP style writes
    # "Kim Jong Un". A config that sets this list replaces these defaults.
    disabled_rules: list[str] = field(default_factory=lambda: ["JONG_UN"])
    disabled_categories: list[str] = field(default_factory=list)
    accept: list[str] = field(default_factory=list)  # names and words that are never misspelt
    # Names files (relative to the config file): a name a line, never misspelt; its near misses are errors.
    names: list[str] = field(default_factory=list)
    house_style: dict[str, str] = field(default_factory=dict)  # "wrong phrase" = "right phrase"
    timeout: float = _within(30.0, 0, 3600, above=True)  # seconds one LanguageTool request may take
    # The local server stops after this long unused; below six seconds it can stop between its
    # start and the first request.
    idle_minutes: float = _within(30.0, 0.1, 7 * 24 * 60)
    concurrency: int = _within(0, 0, 256)  # LanguageTool requests in flight at once (0: CPU cores + 1)


@dataclass
class DupesConfig:
    """Repeated headlines, teasers, boilerplate; batch and archive duplicates."""

    boilerplate: list[str] = field(default_factory=list)  # extra patterns (regular expressions)
    headline_similarity: float = _within(0.9, 0, 1, above=True)
    body_similarity: float = _within(0.8, 0, 1, above=True)
    index: str | None = None  # archive database; default beside the config file
    semantic: bool = False
    semantic_similarity: float = _within(0.8, 0, 1, above=True)  # cosine of headline embeddings for "same story"
    repeat_similarity: float = _within(0.9, 0, 1, above=True)  # near-repeated paragraphs inside one article
    # Shorter paragraphs and sentences may repeat (lists, fixtures).
    repeat_min_words: int = _within(8, 1, 10_000)
    teaser_score: int = _within(5, 1, 100)  # points a line needs to be reported as a teaser (see teasers.py)


@dataclass
class ReadabilityConfig:
    """House targets for the readability scores."""

    # Calibrated on published copy (bench/reading.py --derive; README "Readability targets"): harder
    # than the 90th percentile of the hardest derivation source, so that published pieces are rarely flagged.
    max_grade: float = _within(16.5, 0, 30, above=True)
    # A paragraph is a few sentences, so its grade swings more than the article's: a paragraph is
    # reported (as info) only when it is far above the article target, where an editor would rewrite it.
    max_paragraph_grade: float = _within(14.0, 0, 30, above=True)
    max_sentence_words: int = _within(50, 1, 10_000)  # the longest half per cent of published news sentences
    min_reading_ease: float = _within(25.0, 0, 100)
    max_paragraph_words: int = _within(120, 1, 100_000)
    words_per_minute: int = _within(230, 1, 2_000)
    grade_formula: str = _one_of("flesch_kincaid_grade", *GRADE_FORMULAS)  # the grade the targets apply to


@dataclass
class SummaryConfig:
    """The abstractive summarizer."""

    model: str = "sshleifer/distilbart-cnn-12-6"
    device: str = _matching("auto", r"auto|cpu|cuda(?::\d+)?|mps", "auto, cpu, cuda, cuda:N (a GPU number) or mps")
    # auto (CTranslate2 on CPU where installed, else torch), ctranslate2 or torch
    runtime: str = _one_of("auto", "auto", "ctranslate2", "torch")
    max_words: int = _within(60, 1, 10_000)
    min_words: int = _within(15, 1, 10_000)
    num_beams: int = _within(4, 1, 64)
    batch_size: int = _within(8, 1, 1_024)
    window_tokens: int = _within(0, 0, 1_000_000)  # tokens per input window of a long article (0: the model's limit)
    download: bool = False  # fetch a model missing from the local cache (needs network)
    cache: bool = True  # keep summaries on disk, keyed by article, model and settings
    cache_dir: str | None = None  # default: newsedit's folder in the user cache dir


_HELP_URL = r"(https?://[^\s{}]*(\{rule\}[^\s{}]*)*)?"


@dataclass
class ReportConfig:
    """What the CI formats say beyond the findings; the command line's options win over these."""

    junit_rest: str = _one_of("skipped", "skipped", "system-out", "failure")  # JUnit: findings below fail-on
    # SARIF's helpUri of each rule: a page of the desk's with `{rule}` for the rule's id (empty: the README).
    help_url: str = _matching("", _HELP_URL, "an http(s) URL, with {rule} for the rule id")


@dataclass
class Config:
    """Everything newsedit can be told; `source` is the file it came from, if any."""

    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)  # rule prefix -> error|warning|info
    fail_on: str = _one_of("error", *validate.SEVERITIES)
    extensions: list[str] = field(default_factory=lambda: [".txt", ".md"])
    max_bytes: int = _within(5_000_000, 1, 100_000_000)  # 100 MB: far past any article, still fits in memory
    invalid_utf8: str = _one_of("replace", "replace", "reject")  # replace (with a warning) | reject
    labels: list[str] = field(default_factory=list)  # extra section labels above headlines
    # House rules files (relative to the config file): [[rule]] tables, see newsedit/house_rules.py.
    house_rules: list[str] = field(default_factory=list)
    house_tags: list[str] = field(default_factory=list)  # run only the house rules with one of these tags
    grammar: GrammarConfig = field(default_factory=GrammarConfig)
    dupes: DupesConfig = field(default_factory=DupesConfig)
    readability: ReadabilityConfig = field(default_factory=ReadabilityConfig)
    summary: SummaryConfig = field(default_factory=SummaryConfig)
    report: ReportConfig = field(default_factory=ReportConfig)
    source: Path | None = None

    def selection(self) -> Selection:
        """The rule selection this config describes."""
        overrides = tuple((k, Severity.parse(v)) for k, v in self.severity.items())
        return Selection(tuple(self.select), tuple(self.ignore), overrides)

    @property
    def root(self) -> Path:
        """The folder relative paths in the config are taken from."""
        return self.source.parent if self.source else Path.cwd()


def find(start: Path) -> Path | None:
    """The closest trusted config file at or above `start` (see discover); an untrusted one is named on stderr."""
    path, problem = discover(start)
    if problem:
        warn_once(problem)
    return path


def discover(start: Path) -> tuple[Path | None, str | None]:
    """The closest config file at or above `start`, and why one found was not used.

    pyproject.toml counts only with [tool.newsedit]. Only the user's own files (or root's) that
    nobody else may write are trusted, and the walk stops below a folder that every user may write
    (/tmp, a shared desk folder): a config planted there could send articles to another server.
    """
    folder = start if start.is_dir() else start.parent
    for candidate_dir in [folder.resolve(), *folder.resolve().parents]:
        if open_to_others(candidate_dir):
            return None, None
        for name in CONFIG_NAMES:
            path = candidate_dir / name
            if path.is_file() and (name != "pyproject.toml" or _has_tool_table(path)):
                problem = untrusted(path)
                if problem:
                    return None, f"{path}: not used as config: {problem} (the defaults apply)"
                return path, None
    return None, None


_WARNED: set[str] = set()


def warn_once(message: str) -> None:
    """A warning about config on stderr, once per process."""
    if message not in _WARNED:
        _WARNED.add(message)
        print(f"newsedit: warning: {message}", file=sys.stderr)


def _has_tool_table(path: Path) -> bool:
    try:
        return "newsedit" in tomllib.loads(path.read_text("utf-8")).get("tool", {})
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return False


def load(path: Path | None) -> Config:
    """Read and validate a config file (None gives the defaults)."""
    if path is None:
        return Config()
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("newsedit", {})
    config = _build(Config, data, path, "")
    config.source = path
    _check_trusted_paths(config)
    _check_rule_files(config)
    return config


def _check_trusted_paths(config: Config) -> None:
    """An archive or a model folder a config names must be trusted as the config is: a model folder
    can hold code, and an archive decides what is reported as already published."""
    named = {"dupes.index": config.dupes.index, "summary.model": config.summary.model}
    for key, value in named.items():
        if not value:
            continue
        path = Path(value).expanduser()  # the summarizer takes a relative model folder from the working directory
        path = path if path.is_absolute() or key == "summary.model" else config.root / path
        problem = untrusted(path) if path.exists() else None
        if problem:
            raise ConfigError(f"{config.source}: '{key}' names {path}, which newsedit does not use: {problem}")


def _check_rule_files(config: Config) -> None:
    """House rules and names files load with the config: a rule failing its own examples is a config error."""
    if config.house_rules:
        from newsedit import house_rules

        house_rules.load_all(config)
    if config.grammar.names:
        from newsedit import namelist

        namelist.load_all(config)


def check_paths(config: Config) -> None:
    """Files the config names for a check run must exist (`index add` creates the archive, so it
    does not ask): a gate that compares with a missing archive would pass every duplicate."""
    if config.dupes.index is None:
        return
    path = Path(config.dupes.index).expanduser()
    path = path if path.is_absolute() else config.root / path
    if not path.is_file():
        raise ConfigError(
            f"{config.source or 'config'}: 'dupes.index' names {path}, which does not exist "
            "(build it with: newsedit index add DIR, or remove the key)"
        )


def for_file(file: Path, explicit: Path | None = None) -> Config:
    """The config that applies to a file: an explicit one, else the closest one above it."""
    return load(explicit if explicit else find(file))


def for_paths(paths: Sequence[str], explicit: Path | None = None) -> Config:
    """The config of a run over paths: an explicit one (which must exist), else the closest one above
    the first path that exists, else above the working directory."""
    if explicit is not None and not explicit.is_file():
        raise ConfigError(f"{explicit}: no such config file")
    anchor = next((Path(p) for p in paths if p != "-" and Path(p).exists()), Path.cwd())
    return for_file(anchor, explicit)


def _build(cls: type, data: Any, path: Path, prefix: str) -> Any:
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: '{prefix.rstrip('.') or 'newsedit'}' must be a table")
    fields = {f.name: f for f in dataclasses.fields(cls) if f.name != "source"}
    hints = typing.get_type_hints(cls)
    kwargs = {}
    for key, value in data.items():
        name = key.replace("-", "_")
        if name not in fields:
            allowed = ", ".join(sorted(k.replace("_", "-") for k in fields))
            raise ConfigError(f"{path}: unknown key '{prefix}{key}' (allowed: {allowed})")
        dotted = f"{prefix}{name.replace('_', '-')}"
        kwargs[name] = _convert(hints[name], value, path, dotted)
        _check_value(dotted, kwargs[name], path)
    built = cls(**kwargs)
    _check_together(built, path, prefix)
    return built


def allowed() -> dict[str, Allowed]:
    """What each config key (dotted, kebab-case: `dupes.body-similarity`) allows, as its field declares."""
    return dict(_allowed(Config, ""))


def _allowed(cls: type, prefix: str) -> Iterator[tuple[str, Allowed]]:
    for f in dataclasses.fields(cls):
        key = prefix + f.name.replace("_", "-")
        if isinstance(f.default_factory, type) and dataclasses.is_dataclass(f.default_factory):
            yield from _allowed(f.default_factory, key + ".")
        elif "allowed" in f.metadata:
            yield key, f.metadata["allowed"]


def value_problem(key: str, value: Any) -> str | None:
    """What is wrong with a config key's value (already of the right type), or None."""
    rule = allowed().get(key)
    problem = rule.problem(value) if rule is not None else None
    return problem or validate.value_problem(key, value)


def option_problem(option: str, value: Any) -> str | None:
    """What is wrong with a command-line option's value, or None; one that sets a config key
    (`--max-words`) is held to that key's field."""
    key = validate.OPTION_KEYS.get(option)
    return value_problem(key, value) if key else validate.option_problem(option, value)


def check_section(config: Config, name: str) -> None:
    """A section built in code (not read from a file, which `load` validated) held to what its
    fields allow: the checks call this on the section they are given."""
    section = getattr(config, name)
    path = config.source or Path("config")
    for f in dataclasses.fields(section):
        key = f"{name}.{f.name.replace('_', '-')}"
        _check_value(key, getattr(section, f.name), path)
    _check_together(section, path, name + ".")


def _check_value(key: str, value: Any, path: Path) -> None:
    """The value's range or choices, and the rule ids that select, ignore and severity name."""
    if key in ("select", "ignore", "severity"):
        problem = validate.rule_problems(value)
        if problem:
            raise ConfigError(f"{path}: '{key}' names {problem}")
    if key == "severity":
        for rule, level in value.items():
            _check(level in validate.SEVERITIES, path, f"{key}.{rule}", "error, warning or info", level)
    problem = value_problem(key, value)
    if problem:
        raise ConfigError(f"{path}: '{key}' {problem}")


def _check_together(built: Any, path: Path, prefix: str) -> None:
    """Keys that limit each other."""
    if isinstance(built, SummaryConfig) and built.min_words > built.max_words:
        raise ConfigError(
            f"{path}: '{prefix}min-words' must be at most '{prefix}max-words' "
            f"(it is {built.min_words}, and max-words is {built.max_words})"
        )


def _convert(hint: Any, value: Any, path: Path, key: str) -> Any:
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _build(hint, value, path, key + ".")
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (types.UnionType, typing.Union):
        if value is None:
            return None
        return _convert(next(a for a in args if a is not type(None)), value, path, key)
    if origin is list:
        _check(isinstance(value, list), path, key, f"a list of {_plural(args[0])}", value)
        return [_convert(args[0], v, path, key) for v in value]
    if origin is dict:
        _check(isinstance(value, dict), path, key, "a table of strings", value)
        return {str(k): _convert(args[1], v, path, f"{key}.{k}") for k, v in value.items()}
    if hint is float:
        _check(isinstance(value, int | float) and not isinstance(value, bool), path, key, "a number", value)
        return float(value)
    ok = isinstance(value, hint) and not (hint is int and isinstance(value, bool))
    _check(ok, path, key, validate.TYPE_NAMES.get(hint, f"a {hint.__name__}"), value)
    return value


def _plural(hint: Any) -> str:
    return {str: "strings", int: "integers", float: "numbers"}.get(hint, f"{hint.__name__} values")


def _check(ok: bool, path: Path, key: str, allowed: str, value: Any) -> None:
    if not ok:
        raise ConfigError(f"{path}: '{key}' {validate.type_problem(allowed, value)}")
