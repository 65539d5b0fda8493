"""Config and command-line validation: unknown rules and checks, ranges and choices, clean errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli_helpers import FAST, newsedit
from newsedit import config, validate
from newsedit.errors import ConfigError

ARTICLE = "Council backs bus plan\n\nDue of rain, the council met indoors on Monday.\n"


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        (
            "select = ['gramar/due-of']",
            "'select' names gramar/due-of: no such rule or prefix; did you mean grammar/due-of?",
        ),
        ("ignore = ['dupes/teasr']", "'ignore' names dupes/teasr: no such rule or prefix; did you mean dupes/teaser?"),
        (
            "[severity]\n'readabilty' = 'info'",
            "'severity' names readabilty: no such rule or prefix; did you mean readability?",
        ),
        ("max-bytes = -5", "'max-bytes' must be between 1 and 100,000,000 (it is -5)"),
        (
            "max-bytes = 99999999999999999999",
            "'max-bytes' must be between 1 and 100,000,000 (it is 99,999,999,999,999,999,999)",
        ),
        ("max-bytes = 1.5", "'max-bytes' must be an integer (it is 1.5)"),
        ("[grammar]\nidle-minutes = 0", "'grammar.idle-minutes' must be between 0.1 and 10,080 (it is 0)"),
        ("[grammar]\ntimeout = 0", "'grammar.timeout' must be greater than 0 and at most 3,600 (it is 0)"),
        ("[readability]\nmax-grade = -10", "'readability.max-grade' must be greater than 0 and at most 30 (it is -10)"),
        (
            "[readability]\nmax-sentence-words = 0",
            "'readability.max-sentence-words' must be between 1 and 10,000 (it is 0)",
        ),
        ("[readability]\ngrade-formula = 'fog'", "'readability.grade-formula' must be one of flesch_kincaid_grade, "),
        ("[summary]\nnum-beams = 0", "'summary.num-beams' must be between 1 and 64 (it is 0)"),
        ("[summary]\nbatch-size = 0", "'summary.batch-size' must be between 1 and 1,024 (it is 0)"),
        (
            "[summary]\ndevice = 'tpu'",
            "'summary.device' must be auto, cpu, cuda, cuda:N (a GPU number) or mps (it is 'tpu')",
        ),
        ("[summary]\nmin-words = 50\nmax-words = 20", "'summary.min-words' must be at most 'summary.max-words'"),
        ("[dupes]\nbody-similarity = nan", "'dupes.body-similarity' must be greater than 0 and at most 1 (it is nan)"),
        ("extensions = ['md']", "'extensions' must list extensions that start with a dot, such as .md (it has 'md')"),
        ("[grammar]\nconcurrency = true", "'grammar.concurrency' must be an integer (it is true)"),
    ],
)
def test_bad_values_name_the_file_key_value_and_what_is_allowed(tmp_path: Path, toml: str, message: str) -> None:
    path = tmp_path / "newsedit.toml"
    path.write_text(toml + "\n", "utf-8")
    with pytest.raises(ConfigError) as info:
        config.load(path)
    assert str(info.value).startswith(f"{path}: ")
    assert message in str(info.value)


@pytest.mark.parametrize(
    "toml",
    [
        "select = ['grammar/lt-WHITESPACE_RULE', 'grammar/lt-ANYTHING_AT_ALL', 'dupes/', 'dupes/repeated-']",
        "ignore = ['grammar', 'readability/long-sentence']\n[severity]\n'grammar/lt-' = 'info'\ndupes = 'error'",
        "[summary]\ndevice = 'cuda:1'\n[grammar]\nidle-minutes = 0.15",
    ],
)
def test_good_values_load(tmp_path: Path, toml: str) -> None:
    path = tmp_path / "newsedit.toml"
    path.write_text(toml + "\n", "utf-8")
    config.load(path)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--select", "gramar/due-of"], "--select gramar/due-of: no such rule or prefix; did you mean grammar/due-of?"),
        (["--ignore", "grammar/due"], "--ignore grammar/due: no such rule or prefix; did you mean grammar/due-of?"),
        (["--skip", "bogus"], "--skip bogus: no such check (allowed: grammar, dupes, readability or summary)"),
        (["--skip", "dupe"], "did you mean dupes?"),
        (["--max-words", "0"], "--max-words must be between 1 and 10,000 (it is 0)"),
        (["--color", "sometimes"], "--color must be one of auto, always or never (it is 'sometimes')"),
    ],
)
def test_bad_options_are_usage_errors_before_any_work(tmp_path: Path, args: list[str], message: str) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, "utf-8")
    done = newsedit("check", *FAST, *args, str(tmp_path / "a.txt"))
    assert done.code == 2, done.out
    assert done.err == f"newsedit: error: {message}\n" or message in done.err
    assert done.out == "" and "Traceback" not in done.err


def test_a_typo_in_a_config_select_fails_the_run_instead_of_passing_it(tmp_path: Path) -> None:
    (tmp_path / "newsedit.toml").write_text("select = ['gramar/due-of']\n", "utf-8")
    (tmp_path / "a.txt").write_text(ARTICLE, "utf-8")
    done = newsedit("check", *FAST, str(tmp_path / "a.txt"))
    assert done.code == 2
    assert "did you mean grammar/due-of?" in done.err and "Traceback" not in done.err


def test_a_huge_number_is_a_clean_error_not_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "newsedit.toml").write_text("max-bytes = 99999999999999999999\n", "utf-8")
    (tmp_path / "a.txt").write_text(ARTICLE, "utf-8")
    done = newsedit("check", *FAST, str(tmp_path / "a.txt"))
    assert done.code == 2
    assert done.err.startswith(f"newsedit: error: {tmp_path / 'newsedit.toml'}: 'max-bytes' must be between")


def test_a_missing_archive_named_in_config_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "newsedit.toml").write_text("[dupes]\nindex = 'missing.sqlite'\n", "utf-8")
    (tmp_path / "a.txt").write_text(ARTICLE, "utf-8")
    done = newsedit("dupes", str(tmp_path / "a.txt"))
    assert done.code == 2
    expected = f"{tmp_path / 'newsedit.toml'}: 'dupes.index' names {tmp_path / 'missing.sqlite'}, which does not exist"
    assert expected in done.err


def test_fix_checks_its_rule_selection_too(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, "utf-8")
    env = {"NEWSEDIT_CACHE_DIR": str(tmp_path / "cache")}  # never the user's server, whatever happens
    done = newsedit("fix", "--select", "gramar/due-of", str(tmp_path / "a.txt"), env=env)
    assert done.code == 2 and "did you mean grammar/due-of?" in done.err
    assert (tmp_path / "a.txt").read_text("utf-8") == ARTICLE


def test_server_start_checks_idle_minutes(tmp_path: Path) -> None:
    done = newsedit("server", "start", "--idle-minutes", "0", env={"NEWSEDIT_CACHE_DIR": str(tmp_path)})
    assert done.code == 2 and "--idle-minutes must be between 0.1 and 10,080 (it is 0)" in done.err


def test_every_range_and_choice_names_a_real_config_key() -> None:
    """Ranges and choices are declared on the config fields; the options that set a key name real ones."""
    known = _keys(config.Config(), "")
    allowed = config.allowed()
    assert {"dupes.body-similarity", "readability.grade-formula", "summary.device", "fail-on"} <= set(allowed)
    for key in [*allowed, *validate.OPTION_KEYS.values()]:
        assert key in known, key
    for key in validate.OPTION_KEYS.values():
        assert key in allowed, key  # an option is held to its key's range


def test_every_default_is_allowed_by_its_own_field() -> None:
    defaults = config.Config()
    for key, rule in config.allowed().items():
        value: object = defaults
        for part in key.split("."):
            value = getattr(value, part.replace("-", "_"))
        assert rule.problem(value) is None, key


def _keys(obj: object, prefix: str) -> set[str]:
    import dataclasses

    out = set()
    for f in dataclasses.fields(obj):  # type: ignore[arg-type]
        value = getattr(obj, f.name)
        key = prefix + f.name.replace("_", "-")
        out |= _keys(value, key + ".") if dataclasses.is_dataclass(value) else {key}
    return out


def test_a_suppression_comment_naming_no_real_rule_gets_a_notice() -> None:
    from newsedit import suppress

    _, notices = suppress.parse("Headline\n\n<!-- newsedit: ignore gramar/due-of dupes -->\nDue of rain.\n")
    assert notices == ["line 3: gramar/due-of: no such rule or prefix; did you mean grammar/due-of?"]
