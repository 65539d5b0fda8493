"""Config files: found upward, validated with errors that name the file and the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsedit import config
from newsedit.errors import ConfigError
from newsedit.findings import Severity


def test_defaults_without_a_file() -> None:
    cfg = config.load(None)
    assert cfg.fail_on == "error" and cfg.grammar.language == "auto"


def test_pyproject_table_is_found_upward(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.newsedit]\nfail-on = "warning"\n', "utf-8")
    (tmp_path / "news" / "2026").mkdir(parents=True)
    found = config.find(tmp_path / "news" / "2026")
    assert found == (tmp_path / "pyproject.toml").resolve()
    assert config.load(found).fail_on == "warning"


def test_newsedit_toml_wins_over_a_pyproject_without_the_table(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n", "utf-8")
    (tmp_path / "newsedit.toml").write_text("[grammar]\nlanguage = 'en-GB'\n", "utf-8")
    cfg = config.load(config.find(tmp_path))
    assert cfg.grammar.language == "en-GB"
    assert cfg.source == (tmp_path / "newsedit.toml").resolve()


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("colour = 1", "unknown key 'colour' (allowed: "),
        ("[grammar]\nlanguag = 'en'", "unknown key 'grammar.languag'"),
        ("fail-on = 'fatal'", "'fail-on' must be one of error, warning or info (it is 'fatal')"),
        ("[readability]\nmax-grade = 'ten'", "'readability.max-grade' must be a number (it is 'ten')"),
        ("select = 'grammar'", "'select' must be a list of strings (it is 'grammar')"),
        (
            "[severity]\n'grammar/due-of' = 'fatal'",
            "'severity.grammar/due-of' must be error, warning or info (it is 'fatal')",
        ),
        ("fail-on = ", "invalid TOML"),
    ],
)
def test_bad_config_names_file_and_key(tmp_path: Path, toml: str, message: str) -> None:
    path = tmp_path / "newsedit.toml"
    path.write_text(toml, "utf-8")
    with pytest.raises(ConfigError) as info:
        config.load(path)
    assert str(path) in str(info.value)
    assert message in str(info.value)


def test_selection_from_config(tmp_path: Path) -> None:
    path = tmp_path / "newsedit.toml"
    path.write_text("ignore = ['dupes/boilerplate']\n[severity]\ngrammar = 'warning'\n", "utf-8")
    selection = config.load(path).selection()
    assert not selection.wants("dupes/boilerplate")
    assert selection.wants("dupes/repeated-headline")
    assert selection._override("grammar/due-of") == Severity.WARNING
