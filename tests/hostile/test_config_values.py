"""Config values that would do harm or read wrong are errors that show them as the config wrote them."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli_helpers import FAST, newsedit

CLEAN = (Path(__file__).resolve().parents[2] / "fixtures" / "clean.txt").read_text("utf-8")


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('[grammar.house-style]\n"" = "x"\n', "'grammar.house-style' must map phrases to their house form"),
        ('[grammar.house-style]\n"  " = "x"\n', "'grammar.house-style' must map phrases to their house form"),
        ('extensions = [".txt/../../etc"]\n', "'extensions' must list extensions that start with a dot"),
        ('extensions = [".."]\n', "'extensions' must list extensions that start with a dot"),
        ("max-bytes = 1e300\n", "'max-bytes' must be an integer (it is 1e+300)"),
        ("[grammar]\ntimeout = 1e300\n", "(it is 1e+300)"),
        ("[summary]\nmax-words = true\n", "'summary.max-words' must be an integer (it is true)"),
    ],
)
def test_a_harmful_or_odd_config_value_is_an_error_shown_as_written(tmp_path: Path, toml: str, message: str) -> None:
    (tmp_path / "newsedit.toml").write_text(toml, "utf-8")
    (tmp_path / "a.txt").write_text(CLEAN, "utf-8")
    done = newsedit("check", *FAST, str(tmp_path / "a.txt"))
    assert done.code == 2, done.err
    assert message in done.err
    assert "0000000000" not in done.err and "True" not in done.err
