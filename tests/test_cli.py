"""The command line as users see it: exit codes, errors, formats, stdin."""

from __future__ import annotations

import re
from pathlib import Path

import jsonschema
import pytest

from cli_helpers import FAST, newsedit, report_schema

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_version_and_help() -> None:
    version = newsedit("--version")
    assert version.code == 0 and re.fullmatch(r"newsedit \d+\.\d+\.\d+.*\n", version.out)
    help_text = newsedit("check", "--help")
    assert help_text.code == 0
    for word in ["--format", "--fail-on", "Exit codes", "--output", "--skip"]:
        assert word in help_text.out


def test_missing_file_is_reported_and_the_good_one_still_checked(tmp_path: Path) -> None:
    ok = tmp_path / "ok.txt"
    ok.write_text((FIXTURES / "clean.txt").read_text("utf-8"), "utf-8")
    result = newsedit("check", *FAST, "--format", "json", str(ok), str(tmp_path / "missing.txt"))
    assert result.code == 2
    report = result.json()
    assert [a["path"] for a in report["articles"]] == [str(ok)]
    assert report["errors"] == [{"path": str(tmp_path / "missing.txt"), "message": "no such file or directory"}]
    text = newsedit("check", *FAST, str(ok), str(tmp_path / "missing.txt"))
    assert f"{tmp_path / 'missing.txt'}: error: no such file or directory" in text.out
    assert "1 article checked; 1 could not be checked" in text.out


def test_a_folder_with_no_articles_says_so(tmp_path: Path) -> None:
    (tmp_path / "notes.json").write_text("{}", "utf-8")
    result = newsedit("check", *FAST, str(tmp_path))
    assert result.code == 2
    assert "no articles here (looked for *.txt, *.md)" in result.out


def test_bad_input_files_each_get_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "good.txt").write_text((FIXTURES / "clean.txt").read_text("utf-8"), "utf-8")
    report = newsedit("check", *FAST, "-f", "json", str(tmp_path)).json()
    messages = {Path(e["path"]).name: e["message"] for e in report["errors"]}
    assert messages["binary.txt"].startswith("binary file (NUL byte at offset 8)")
    assert messages["empty.txt"] == "empty file"
    assert [Path(a["path"]).name for a in report["articles"]] == ["good.txt"]


def test_stdin_is_read_with_a_dash() -> None:
    result = newsedit("check", *FAST, "-f", "json", "-", stdin=(FIXTURES / "clean.txt").read_bytes())
    report = result.json()
    assert report["articles"][0]["path"] == "<stdin>"
    assert report["articles"][0]["headline"] == "City council approves new bus routes"


def test_json_report_validates_against_the_schema(sample_path: Path) -> None:
    report = newsedit("check", *FAST, "-f", "json", str(sample_path)).json()
    article = report["articles"][0]
    assert article["headline"] == "Lavrov praises stronger relations after visiting North Korea"
    assert report["schema_version"] == 1
    jsonschema.Draft202012Validator.check_schema(report_schema())


def test_bad_option_values_are_usage_errors(sample_path: Path) -> None:
    assert newsedit("check", "--fail-on", "fatal", str(sample_path)).code == 2
    bad_format = newsedit("check", "--format", "yaml", str(sample_path))
    assert bad_format.code == 2 and "yaml" in bad_format.err


def test_bad_config_is_an_error_naming_the_key(tmp_path: Path, sample_path: Path) -> None:
    config = tmp_path / "newsedit.toml"
    config.write_text("[readability]\nmax-grad = 9\n", "utf-8")
    result = newsedit("check", *FAST, "--config", str(config), str(sample_path))
    assert result.code == 2
    assert "unknown key 'readability.max-grad'" in result.err
    assert "Traceback" not in result.err


def test_a_command_run_does_not_import_heavy_libraries(tmp_path: Path) -> None:
    """A hook run must not pay for torch, transformers, the LanguageTool client or scipy (nor for
    click, which typer bundles, nor pydantic, which typer 0.29 pulls in to convert options)."""
    article = tmp_path / "a.txt"
    article.write_text("Headline\n\nMr. Smith spoke. He left.\n", "utf-8")
    code = (
        "import sys; from newsedit.cli import main; "
        f"sys.argv = ['newsedit', 'readability', '--no-cache', {str(article)!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('torch', 'transformers', 'language_tool_python', 'requests', 'scipy', 'sklearn', "
        "'click', 'pydantic') if m in sys.modules]\n"
        "heavy += [m for m in sys.modules if m.startswith('newsedit.commands.')]\n"  # other commands' modules
        "print(heavy, file=sys.stderr)"
    )
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "1 article checked" in done.stdout
    assert done.stderr.strip() == "[]"


# What finding out "no model" must not import, and regex, which only a desk's house rules need.
MODEL_RUNTIME = ("huggingface_hub", "filelock", "httpx", "yaml", "transformers", "torch", "regex")


@pytest.mark.slow
def test_a_default_check_without_a_model_learns_so_from_the_file_system(
    lt_cache: Path, sample_path: Path, tmp_path: Path
) -> None:
    """No model anywhere: the summary is extractive, and finding that out imports no model runtime
    (huggingface_hub and what it pulls in cost ~0.16 s of every run)."""
    code = (
        "import sys; from newsedit.cli import main; "
        f"sys.argv = ['newsedit', 'check', '--no-cache', '--format', 'json', {str(sample_path)!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"print([m for m in {MODEL_RUNTIME!r} if m in sys.modules], file=sys.stderr)"
    )
    import json
    import os
    import subprocess
    import sys

    env = {**os.environ, "HF_HOME": str(tmp_path / "hf"), "HF_HUB_CACHE": str(tmp_path / "hf" / "hub")}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    report = json.loads(done.stdout)
    article = report["articles"][0]
    assert article["summary"]["kind"] == "extractive"
    assert any("summary model" in n and "not available" in n for n in article["notices"])
    assert {f["engine"] for f in article["findings"]} >= {"grammar", "readability"}
    assert done.stderr.strip().splitlines()[-1] == "[]"


def test_the_other_commands_are_there_whatever_runs_first() -> None:
    assert "index" in newsedit("--help").out and newsedit("index", "--help").code == 0
    assert newsedit("--debug", "rules", "--help").code == 0
    wrong = newsedit("nosuchcommand")
    assert wrong.code == 2 and "nosuchcommand" in wrong.err


def test_every_command_module_is_registered() -> None:
    import pkgutil

    import newsedit.commands
    from newsedit import cli

    assert sorted(cli.COMMAND_MODULES) == sorted(m.name for m in pkgutil.iter_modules(newsedit.commands.__path__))
