"""LanguageTool's install: a pinned release fetched from Maven into the user cache, and verified.

`install` runs for `newsedit setup` (or a first run that needs LanguageTool); nothing is fetched when
articles are checked. Also where the install lives, and the Java it runs on.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path

from newsedit.errors import BackendUnavailable
from newsedit.paths import cache_dir

VERSION = "6.8"
MIN_JAVA = 17
URL_ENV = "NEWSEDIT_LT_URL"
# LanguageTool loads this file from its classpath beside its own grammar.xml: newsedit's news rules.
NEWS_RULES_FILE = "org/languagetool/rules/en/grammar_custom.xml"

# Pinned so that another Maven version cannot change how the jars are copied.
DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1"
# Maven's -C checks each download against the repository's own checksums; these pins also make
# sure that the jars doing the work are exactly the release newsedit was tested with.
PINNED = {
    f"languagetool-core-{VERSION}.jar": "c441918b1cf2de5491756772cd4bce2a408c3b9eb08e4ab84d843b2cd50f1d2b",
    f"languagetool-server-{VERSION}.jar": "07caad9dd6ba263c5827e87eebdbf27f0163f7f5a5056005576e373072043b2e",
    f"language-en-{VERSION}.jar": "69d3fa1020dea45ad38266e3d54c81969f3ba7eef5efd0a83a8b3fd778acddd0",
    "english-pos-dict-0.6.jar": "2a3e96b49854e5275f8eb7a1bb5b3b85b82f687fed272f3043882ccc0b1634b1",
    f"language-all-{VERSION}.jar": "ffc02a4f864d4580101dcdf91672350109c9ab99cafe635dc61b69c9220d626c",
}
POM = f"""<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.newsedit</groupId>
  <artifactId>languagetool-bundle</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.languagetool</groupId>
      <artifactId>languagetool-server</artifactId>
      <version>{VERSION}</version>
    </dependency>
    <dependency>
      <groupId>org.languagetool</groupId>
      <artifactId>language-en</artifactId>
      <version>{VERSION}</version>
    </dependency>
  </dependencies>
</project>
"""
NOT_SET_UP = (
    f"LanguageTool {VERSION} is not set up here: run `newsedit setup` once (it needs Java {MIN_JAVA}+ "
    "and Maven), or name a running server with --lt-url, NEWSEDIT_LT_URL or grammar.lt-url "
    "(or leave grammar out: --skip grammar)"
)
Say = Callable[[str], None]


# ---- where things live -----------------------------------------------------------------------


def home() -> Path:
    """The folder LanguageTool is installed in (its jars are in `lib`)."""
    return cache_dir() / f"languagetool-{VERSION}"


def news_rules_dir() -> Path:
    """The folder holding newsedit's LanguageTool rule pack (`org/languagetool/rules/en/grammar_custom.xml`)."""
    return Path(__file__).resolve().parents[2] / "data" / "languagetool"  # package data, beside the code


@cache
def news_rules_digest() -> str:
    """A short digest of the rule pack: a server or a cached result from other rules is not reused."""
    return _sha256(news_rules_dir() / NEWS_RULES_FILE)[:12]


def server_version() -> str:
    """The local server's version as recorded: LanguageTool's, plus the rule pack it loaded."""
    return f"{VERSION}+news.{news_rules_digest()}"


def installed() -> bool:
    """Whether `newsedit setup` has completed here."""
    return (home() / "installed.json").is_file()


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive lock between newsedit processes (advisory; none where fcntl is missing)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        try:
            import fcntl
        except ImportError:
            yield
            return
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# ---- Java and Maven --------------------------------------------------------------------------


def java() -> str:
    """The java to run ($JAVA_HOME's, else the one on PATH), checked to be recent enough."""
    path = _find_java()
    major = java_major(path)
    if major < MIN_JAVA:
        raise BackendUnavailable(
            f"{path} is Java {major}; LanguageTool {VERSION} needs Java {MIN_JAVA} or newer "
            "(install a newer JDK or JRE and put it first on PATH, or set JAVA_HOME)"
        )
    return path


def _find_java() -> str:
    java_home = os.environ.get("JAVA_HOME")
    if java_home:
        candidate = Path(java_home, "bin", "java.exe" if os.name == "nt" else "java")
        if candidate.is_file():
            return str(candidate)
    found = shutil.which("java")
    if not found:
        raise BackendUnavailable(
            f"Java is not installed (no java on PATH or in JAVA_HOME): LanguageTool needs Java "
            f"{MIN_JAVA} or newer, e.g. the openjdk-{MIN_JAVA}-jre-headless package"
        )
    return found


def java_major(path: str) -> int:
    """The major version of a java executable (8 for 1.8.0, 17 for 17.0.2)."""
    try:
        done = subprocess.run([path, "-version"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise BackendUnavailable(f"cannot run {path}: {exc}") from None
    return parse_java_version(done.stderr + done.stdout)


def parse_java_version(text: str) -> int:
    """The major version in `java -version` output."""
    found = re.search(r'version "(\d+)(?:\.(\d+))?', text)
    if not found:
        raise BackendUnavailable(f"cannot tell which Java this is from: {text.strip()[:200]!r}")
    major = int(found.group(1))
    return int(found.group(2) or 0) if major == 1 else major


def _maven() -> str:
    found = shutil.which("mvn")
    if not found:
        raise BackendUnavailable(
            "Maven is not installed (no mvn on PATH): `newsedit setup` uses it to fetch "
            f"LanguageTool {VERSION}, e.g. from the maven package"
        )
    return found


# ---- install ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Installed:
    """Where LanguageTool is, and whether this call fetched it."""

    home: Path
    fetched: bool


def install(force: bool = False, say: Say = lambda _: None) -> Installed:
    """Fetch and verify LanguageTool unless it is already here and intact."""
    target = home()
    target.parent.mkdir(parents=True, exist_ok=True)
    with _locked(target.parent / "setup.lock"):
        if not force and installed():
            problem = verify(target / "lib")
            if problem is None:
                return Installed(target, fetched=False)
            say(f"{target}: {problem}; fetching LanguageTool again")
        say(f"Java {java_major(java())} found")
        _install_into(target, _maven(), say)
    return Installed(target, fetched=True)


def set_up_on_first_use(say: Say) -> bool:
    """Set LanguageTool up for a run that needs it (True when this call fetched it).

    Concurrent first runs share one set-up: `install` holds the setup lock, and a run that
    waited on it finds LanguageTool in place. Only the run that fetches says so (one line).
    Without Java or Maven: BackendUnavailable with `first_use_message`.
    """
    if installed():
        return False
    missing = missing_tools()
    if missing:
        raise BackendUnavailable(first_use_message(missing))
    told: list[str] = []

    def progress(line: str) -> None:
        if not told:
            told.append(line)
            say(
                f"newsedit: setting up LanguageTool {VERSION} on first use (once; Maven fetches about 250 MB "
                "the first time; `newsedit setup` does this ahead of time)..."
            )

    return install(say=progress).fetched


def missing_tools() -> list[tuple[str, str]]:
    """What set-up needs and does not find here: (why, the Debian/Ubuntu package that provides it)."""
    missing = []
    try:
        java()
    except BackendUnavailable as exc:
        missing.append((str(exc), f"openjdk-{MIN_JAVA}-jre-headless"))
    if shutil.which("mvn") is None:
        missing.append(("Maven is not installed (no mvn on PATH)", "maven"))
    return missing


def first_use_message(missing: Sequence[tuple[str, str]]) -> str:
    """The one message for a run that needs LanguageTool and cannot set it up."""
    why = "; ".join(reason for reason, _ in missing)
    packages = " ".join(package for _, package in missing)
    return (
        f"grammar not checked: LanguageTool {VERSION} is not set up here and cannot be: {why}. "
        f"Install it (Debian/Ubuntu: `sudo apt-get install {packages}`) and the next run sets LanguageTool "
        f"up by itself (or run `newsedit setup`); or name your team's LanguageTool server with {URL_ENV} or "
        "--lt-url; or leave grammar out with --skip grammar. The other checks ran."
    )


def _install_into(target: Path, maven: str, say: Say) -> None:
    staging = Path(tempfile.mkdtemp(prefix=".languagetool-", dir=target.parent))
    try:
        _fetch(maven, staging, say)
        problem = verify(staging / "lib")
        if problem:
            raise BackendUnavailable(f"LanguageTool {VERSION} as fetched failed verification: {problem}")
        jars = sorted(p.name for p in (staging / "lib").glob("*.jar"))
        marker = {"version": VERSION, "jars": len(jars), "pinned": PINNED, "installed": time.time()}
        (staging / "installed.json").write_text(json.dumps(marker, indent=2), "utf-8")
        _replace(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _fetch(maven: str, folder: Path, say: Say) -> None:
    """Let Maven resolve LanguageTool and copy its runtime jars into folder/lib."""
    pom = folder / "pom.xml"
    pom.write_text(POM, "utf-8")
    say(f"Fetching LanguageTool {VERSION} with Maven (about 250 MB the first time; later, Maven's local copy)")
    command = [
        maven, "-B", "-q", "-C", "-f", str(pom), f"{DEPENDENCY_PLUGIN}:copy-dependencies",
        "-DincludeScope=runtime", f"-DoutputDirectory={folder / 'lib'}",
    ]  # fmt: skip
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=3600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise BackendUnavailable(f"Maven could not fetch LanguageTool {VERSION}: {exc}") from None
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-15:])
        raise BackendUnavailable(f"Maven could not fetch LanguageTool {VERSION} (exit {done.returncode}):\n{tail}")


def verify(lib: Path) -> str | None:
    """What is wrong with the pinned jars in lib, or None when all match."""
    for name, digest in PINNED.items():
        path = lib / name
        if not path.is_file():
            return f"{name} is missing"
        if _sha256(path) != digest:
            return f"{name} does not match its pinned sha256"
    return None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(partial(handle.read, 1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _replace(staging: Path, target: Path) -> None:
    """Put the new install in place; a running server keeps its open jars until it stops."""
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if target.exists():
        os.replace(target, old)
    os.replace(staging, target)
    if old.is_symlink():
        old.unlink()
    shutil.rmtree(old, ignore_errors=True)
