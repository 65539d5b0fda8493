"""`newsedit setup`: Java and Maven checks, checksums, and an install that is done once."""

from __future__ import annotations

import re
import shutil
import stat
from pathlib import Path

import pytest

from cli_helpers import newsedit
from newsedit.engines import languagetool
from newsedit.errors import EngineUnavailable


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
    with pytest.raises(EngineUnavailable, match=r"Java 11; LanguageTool 6\.8 needs Java 17 or newer"):
        languagetool.java()


def test_missing_java_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("JAVA_HOME", raising=False)
    with pytest.raises(EngineUnavailable, match="Java is not installed"):
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
    with pytest.raises(EngineUnavailable, match="Maven is not installed"):
        languagetool.install()
    assert not languagetool.installed()


def test_checking_without_setup_names_the_way_out(tmp_path: Path) -> None:
    done = newsedit("grammar", "-", "--no-cache", stdin=b"A headline\n\nSome text here.\n", env=_no_server(tmp_path))
    assert done.code == 2
    assert "newsedit setup" in done.err and "--lt-url" in done.err


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
