"""`newsedit setup`: Java and Maven checks, checksums, and an install that is done once."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path
from subprocess import PIPE

import pytest

from cli_helpers import newsedit
from newsedit.backends import languagetool
from newsedit.errors import BackendUnavailable


def fake_java(folder: Path, version_line: str) -> Path:
    """A `java` that only answers -version, as an old or odd Java would."""
    folder.mkdir(parents=True, exist_ok=True)
    java = folder / "java"
    java.write_text(f"#!/bin/sh\necho '{version_line}' >&2\n", "utf-8")
    java.chmod(java.stat().st_mode | stat.S_IEXEC)
    return java


@pytest.mark.parametrize(
    ("output", "major"),
    [
        ('openjdk version "17.0.15" 2025-04-15', 17),
        ('java version "1.8.0_292"', 8),
        ('openjdk version "21" 2023-09-19', 21),
        ('openjdk version "11.0.2" 2019-01-15', 11),
    ],
)
def test_java_versions_are_read_from_java_version_output(output: str, major: int) -> None:
    assert languagetool.parse_java_version(output) == major


def test_java_older_than_17_is_refused_with_a_clear_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_java(tmp_path / "bin", 'openjdk version "11.0.2" 2019-01-15')
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    monkeypatch.delenv("JAVA_HOME", raising=False)
    with pytest.raises(BackendUnavailable, match=r"Java 11; LanguageTool 6\.8 needs Java 17 or newer"):
        languagetool.java()


def test_missing_java_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("JAVA_HOME", raising=False)
    with pytest.raises(BackendUnavailable, match="Java is not installed"):
        languagetool.java()


def test_java_home_wins_over_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_java(tmp_path / "home" / "bin", 'openjdk version "21" 2023-09-19')
    fake_java(tmp_path / "path", 'openjdk version "11.0.2" 2019-01-15')
    monkeypatch.setenv("PATH", str(tmp_path / "path"))
    monkeypatch.setenv("JAVA_HOME", str(tmp_path / "home"))
    assert languagetool.java() == str(tmp_path / "home" / "bin" / "java")


def test_setup_without_maven_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_java(tmp_path / "bin", 'openjdk version "17.0.15" 2025-04-15')
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv(languagetool.CACHE_ENV, str(tmp_path / "cache"))
    with pytest.raises(BackendUnavailable, match="Maven is not installed"):
        languagetool.install()
    assert not languagetool.installed()


def test_a_check_without_java_says_once_what_is_missing_and_reports_the_rest(tmp_path: Path, sample_path: Path) -> None:
    """The core install on a machine without Java or Maven: one message naming both and the
    command that installs them, every other check's findings, and exit code 2 (grammar not run)."""
    bare = tmp_path / "bin"  # a PATH with neither java nor mvn on it
    bare.mkdir()
    env = {**_no_server(tmp_path / "cache"), "PATH": str(bare), "JAVA_HOME": "", "HF_HOME": str(tmp_path / "hf")}
    done = newsedit("check", "--no-cache", "--format", "json", str(sample_path), env=env)
    assert done.code == 2, done.err
    said = [line for line in done.err.splitlines() if "LanguageTool 6.8 is not set up here and cannot be" in line]
    assert len(said) == 1, done.err
    for part in ["Java is not installed", "Maven is not installed", "apt-get install openjdk-17-jre-headless maven",
                 "NEWSEDIT_LT_URL", "--skip grammar"]:  # fmt: skip
        assert part in said[0]
    article = done.json()["articles"][0]
    assert article["errors"] and "not checked by LanguageTool" in article["errors"][0]
    rules = {f["rule"] for f in article["findings"]}
    assert {"grammar/due-of", "readability/paragraph-grade", "dupes/teaser"} <= rules  # news rules still report
    assert not any(rule.startswith("grammar/lt-") for rule in rules)
    assert article["summary"]["kind"] == "extractive"
    assert not (tmp_path / "cache" / f"languagetool-{languagetool.VERSION}").exists()

    skipped = newsedit("check", "--no-cache", "--skip", "grammar", str(sample_path), env=env)
    assert skipped.code == 0 and "LanguageTool" not in skipped.err, skipped.err  # warnings only: exit 0


def test_only_the_missing_piece_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_java(tmp_path / "bin", 'openjdk version "17.0.15" 2025-04-15')
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv(languagetool.CACHE_ENV, str(tmp_path / "cache"))
    with pytest.raises(BackendUnavailable) as missing:
        languagetool.set_up_on_first_use(say=print)
    assert "`sudo apt-get install maven`" in str(missing.value) and "Java is not" not in str(missing.value)


@pytest.mark.slow
def test_concurrent_first_runs_share_one_set_up(tmp_path: Path, sample_path: Path) -> None:
    """Java and Maven here, LanguageTool not set up: the first runs set it up (one of them, with
    one progress line), then check with it."""
    if shutil.which("mvn") is None or not languagetool.installed():
        pytest.skip("needs Maven and a completed `newsedit setup` (so Maven's local repository has the jars)")
    cache = tmp_path / "cache"
    env = {**os.environ, **_no_server(cache), "HF_HOME": str(tmp_path / "hf")}
    command = [sys.executable, "-m", "newsedit", "check", "--no-cache", "--skip", "summary", "--format", "json"]
    runs = [subprocess.Popen([*command, str(sample_path)], stdout=PIPE, stderr=PIPE, env=env) for _ in range(2)]
    try:
        outputs = [run.communicate(timeout=900) for run in runs]
    finally:
        newsedit("server", "stop", env={languagetool.CACHE_ENV: str(cache)})
    errs = [err.decode("utf-8") for _, err in outputs]
    assert sum(err.count("setting up LanguageTool 6.8 on first use") for err in errs) == 1, errs
    for run, (out, err) in zip(runs, outputs, strict=True):
        assert run.returncode == 1, err
        rules = {f["rule"] for f in json.loads(out)["articles"][0]["findings"]}
        assert any(rule.startswith("grammar/lt-") for rule in rules), rules
    assert languagetool.verify(cache / f"languagetool-{languagetool.VERSION}" / "lib") is None


def test_verify_names_a_missing_or_altered_jar(tmp_path: Path) -> None:
    for name in languagetool.PINNED:
        (tmp_path / name).write_bytes(b"not the real jar")
    assert "does not match its pinned sha256" in (languagetool.verify(tmp_path) or "")
    (tmp_path / next(iter(languagetool.PINNED))).unlink()
    assert "is missing" in (languagetool.verify(tmp_path) or "")


def test_the_pom_leaves_the_repository_to_maven() -> None:
    assert "<repositories>" not in languagetool.POM
    assert re.findall(r"\w+://\S+", languagetool.POM) == ['http://maven.apache.org/POM/4.0.0">']  # the namespace


@pytest.mark.slow
def test_setup_fetches_verifies_and_then_reuses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if shutil.which("mvn") is None or not languagetool.installed():
        pytest.skip("needs Maven and a completed `newsedit setup` (so Maven's local repository has the jars)")
    monkeypatch.setenv(languagetool.CACHE_ENV, str(tmp_path))
    first = languagetool.install()
    assert first.fetched and languagetool.installed()
    assert languagetool.verify(first.home / "lib") is None
    assert len(list((first.home / "lib").glob("*.jar"))) > 100
    again = newsedit("setup", env={languagetool.CACHE_ENV: str(tmp_path)})
    assert again.code == 0 and "already set up" in again.out, again.err
    assert not list(tmp_path.glob(".languagetool-*"))  # no staging folder left behind


def _no_server(tmp_path: Path) -> dict[str, str]:
    return {languagetool.CACHE_ENV: str(tmp_path), languagetool.URL_ENV: ""}
