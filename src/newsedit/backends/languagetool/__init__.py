"""LanguageTool for newsedit: provisioning, the local server's lifecycle, and the client.

- `install` copies a pinned LanguageTool release from Maven into the user cache and verifies
  it (`newsedit setup`). Nothing is fetched when articles are checked.
- `ensure_server` starts a local server on first need and reuses it across invocations. A
  small supervisor process (`python -m newsedit.backends.languagetool serve`) owns the JVM:
  it warms it up, records it in a state file (pid, port, version), and stops it once nobody
  has used it for the idle time. The server listens on 127.0.0.1 only.
- `Client` checks texts on that server, or on one named by `--lt-url`, `NEWSEDIT_LT_URL` or
  `grammar.lt-url`, through language_tool_python's remote-server mode; it restarts a local
  server that dies under a batch and turns a server that stops answering into per-article errors.

language_tool_python is imported inside functions only, so that this module stays cheap to load.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from newsedit.errors import ConfigError, EngineError, EngineUnavailable
from newsedit.paths import CACHE_ENV, cache_dir, private_file

if TYPE_CHECKING:
    from newsedit.config import GrammarConfig

VERSION = "6.8"
MIN_JAVA = 17
MAIN_CLASS = "org.languagetool.server.HTTPServer"
URL_ENV = "NEWSEDIT_LT_URL"
MODULE = "newsedit.backends.languagetool"
DEFAULT_LANGUAGE = "en-US"  # the client's language when each request names its own
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

# The JVM exits on running out of memory (then newsedit restarts it) rather than limping on.
# A fixed heap: left alone, the JVM takes a quarter of the machine's memory and keeps it.
JVM_OPTIONS = ("-Xmx2g", "-Djava.net.preferIPv4Stack=true", "-XX:+ExitOnOutOfMemoryError")
# pipelineCaching reuses LanguageTool's per-language rule pipelines across requests instead of
# building them for each one; cacheSize keeps results per sentence, so an article edited and
# checked again (a pre-commit hook) only costs its changed sentences.
SERVER_PROPERTIES = {
    "pipelineCaching": "true",
    "maxPipelinePoolSize": "20",
    "pipelineExpireTimeInSeconds": "86400",
    "cacheSize": "20000",
    "cacheTTLSeconds": "3600",
    "maxCheckTimeMillis": "120000",  # a runaway check ends even after its client gave up
}
START_TIMEOUT_S = 180.0  # a cold JVM on a busy CI machine, plus the warm-up request
STOP_TIMEOUT_S = 10.0
HEALTH_TIMEOUT_S = 2.0
STARTING, READY = "starting", "ready"  # ServerState.status
RESTARTS = 2  # how often one batch may restart a local server that died under it
WARM_UP_TEXT = "LanguageTool warms up on this text. Their going too the meeting tomorow, he said."
# No proxy for the local server, whatever the environment says (requests skips empty entries).
NO_PROXY = {"http": "", "https": ""}

Part = dict[str, str]  # one piece of a LanguageTool `data` request: text, or markup it skips
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


def _state_file() -> Path:
    return cache_dir() / "languagetool-server.json"


def _used_file() -> Path:
    return cache_dir() / "languagetool-server.used"


def _lock_file() -> Path:
    return cache_dir() / "languagetool-server.lock"


def _properties_file() -> Path:
    """The server's settings (written by `serve`); its path on the JVM's command line marks the
    JVMs of this cache folder."""
    return cache_dir() / "languagetool-server.properties"


def log_file() -> Path:
    """The local server's log (LanguageTool's output and the supervisor's)."""
    return cache_dir() / "languagetool-server.log"


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
        raise EngineUnavailable(
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
        raise EngineUnavailable(
            f"Java is not installed (no java on PATH or in JAVA_HOME): LanguageTool needs Java "
            f"{MIN_JAVA} or newer, e.g. the openjdk-{MIN_JAVA}-jre-headless package"
        )
    return found


def java_major(path: str) -> int:
    """The major version of a java executable (8 for 1.8.0, 17 for 17.0.2)."""
    try:
        done = subprocess.run([path, "-version"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise EngineUnavailable(f"cannot run {path}: {exc}") from None
    return parse_java_version(done.stderr + done.stdout)


def parse_java_version(text: str) -> int:
    """The major version in `java -version` output."""
    found = re.search(r'version "(\d+)(?:\.(\d+))?', text)
    if not found:
        raise EngineUnavailable(f"cannot tell which Java this is from: {text.strip()[:200]!r}")
    major = int(found.group(1))
    return int(found.group(2) or 0) if major == 1 else major


def _maven() -> str:
    found = shutil.which("mvn")
    if not found:
        raise EngineUnavailable(
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
    Without Java or Maven: EngineUnavailable with `first_use_message`.
    """
    if installed():
        return False
    missing = missing_tools()
    if missing:
        raise EngineUnavailable(first_use_message(missing))
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
    except EngineUnavailable as exc:
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
            raise EngineUnavailable(f"LanguageTool {VERSION} as fetched failed verification: {problem}")
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
        raise EngineUnavailable(f"Maven could not fetch LanguageTool {VERSION}: {exc}") from None
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-15:])
        raise EngineUnavailable(f"Maven could not fetch LanguageTool {VERSION} (exit {done.returncode}):\n{tail}")


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


# ---- the local server ------------------------------------------------------------------------


@dataclass(frozen=True)
class ServerState:
    """A local server as recorded in the state file."""

    pid: int  # the JVM
    supervisor: int  # the process that stops the JVM when idle
    port: int
    version: str
    idle_minutes: float
    started: float
    # "starting" from the moment the supervisor exists (pid 0 until it has started the JVM),
    # "ready" once the JVM answers: a start cut short still leaves its processes on record.
    status: str = "ready"

    @property
    def url(self) -> str:
        """The server's base URL."""
        return f"http://127.0.0.1:{self.port}"


def read_state() -> ServerState | None:
    """The recorded local server, if any (it may have died since)."""
    try:
        return ServerState(**json.loads(_state_file().read_text("utf-8")))
    except (OSError, ValueError, TypeError):
        return None


def status() -> ServerState | None:
    """The local server when it is running and answers, else None."""
    state = read_state()
    return state if state and _alive(state.pid) and healthy(state.url) else None


def last_used() -> float:
    """When a newsedit process last used the local server (seconds since the epoch)."""
    try:
        return _used_file().stat().st_mtime
    except OSError:
        return 0.0


def touch() -> None:
    """Record a use of the local server, which postpones its idle stop."""
    path = _used_file()
    try:
        os.utime(path)
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch()


def ensure_server(idle_minutes: float) -> ServerState:
    """The local server, started when it is not running or does not answer.

    One start at a time per cache folder: a start that another run began (and may have been
    interrupted in) is waited for while its supervisor lives, never doubled.
    """
    with _locked(_lock_file()):
        state, version = read_state(), server_version()
        if state and state.status == STARTING and state.version == version and _is_process(state.supervisor, MODULE):
            state = _wait_ready(state)
        if state and state.version == version and _alive(state.pid) and healthy(state.url):
            touch()
            return state
        if state:
            _stop(state)  # dead, hung, half-started, or another LanguageTool version
        _stop_strays()
        return _start(idle_minutes)


def stop_server() -> ServerState | None:
    """Stop the local server (a starting one too); the state it had, or None when none was recorded."""
    with _locked(_lock_file()):
        state = read_state()
        if state:
            _stop(state)
        _stop_strays()
        return state


def starting() -> ServerState | None:
    """A start on record that has not answered yet: still under way, or cut short with its JVM
    left running (`stop_server` and the next start end it); else None."""
    state = read_state()
    if state is None or state.status != STARTING:
        return None
    alive = _is_process(state.supervisor, MODULE) or (state.pid > 0 and _is_process(state.pid, MAIN_CLASS))
    return state if alive else None


def supervised(state: ServerState) -> bool:
    """Whether the supervisor that owns a recorded server is alive."""
    return _is_process(state.supervisor, MODULE)


def healthy(url: str, timeout: float = HEALTH_TIMEOUT_S) -> bool:
    """Whether a LanguageTool server answers its health check."""
    try:
        with _opener().open(f"{url}/v2/healthcheck", timeout=timeout) as response:
            return bool(response.status == 200)
    except (OSError, ValueError):
        return False


def _opener() -> Any:
    """A urllib opener that ignores proxy settings (the local server is never behind one)."""
    import urllib.request  # here, not at the top: a hook's fast path never needs it

    return urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _start(idle_minutes: float) -> ServerState:
    if not installed():
        raise EngineUnavailable(NOT_SET_UP)
    port = _free_port()
    command = [
        sys.executable, "-m", MODULE, "serve", "--port", str(port),
        "--idle-minutes", repr(idle_minutes), "--java", java(),
    ]  # fmt: skip
    env = {**os.environ, CACHE_ENV: str(cache_dir())}
    with _open_log() as log:
        # A session of its own: Ctrl-C in the terminal that started it does not reach it.
        supervisor = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )
    # On record before anything can interrupt the wait: a later run waits for this start or ends it.
    _write_state(ServerState(0, supervisor.pid, port, server_version(), idle_minutes, time.time(), STARTING))
    return _wait_started(supervisor, port)


def _wait_started(supervisor: subprocess.Popen[bytes], port: int) -> ServerState:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        state = read_state()
        if state and state.port == port and state.status == READY:
            return state
        if supervisor.poll() is not None:
            raise EngineUnavailable(f"the LanguageTool server did not start: {_log_tail()}")
        time.sleep(0.1)
    supervisor.terminate()
    raise EngineUnavailable(f"the LanguageTool server did not start within {START_TIMEOUT_S:.0f} s: {_log_tail()}")


def _wait_ready(state: ServerState) -> ServerState | None:
    """Wait for a start another run began; its state once ready, None when it died or took too long."""
    deadline = state.started + START_TIMEOUT_S
    while time.time() < deadline and _is_process(state.supervisor, MODULE):
        now = read_state()
        if now is None or now.supervisor != state.supervisor:
            return now
        if now.status == READY:
            return now
        time.sleep(0.1)
    return read_state()


def _open_log() -> BinaryIO:
    """A fresh log, readable by this user only; the previous one is kept as .log.1 (a crash's last words)."""
    path = log_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(FileNotFoundError):
        os.replace(path, path.with_name(path.name + ".1"))
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)  # the umask cannot widen it, an old file's mode does not stay
    return os.fdopen(fd, "wb")


def _log_tail(lines: int = 8) -> str:
    try:
        text = log_file().read_text("utf-8", errors="replace").strip().splitlines()
    except OSError:
        return "(no log)"
    return f"(see {log_file()})\n" + "\n".join(text[-lines:])


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _stop(state: ServerState) -> None:
    """Ask the supervisor to stop its JVM; kill the JVM when that does not work."""
    if _is_process(state.supervisor, MODULE):
        _signal(state.supervisor, signal.SIGTERM)
        _wait_gone([p for p in (state.supervisor, state.pid) if p > 0], STOP_TIMEOUT_S)
    if state.pid > 0 and _is_process(state.pid, MAIN_CLASS):
        _signal(state.pid, signal.SIGKILL if hasattr(signal, "SIGKILL") else signal.SIGTERM)
        _wait_gone([state.pid], STOP_TIMEOUT_S)
    _forget(state.pid, state.supervisor)


def _stop_strays() -> None:
    """Stop LanguageTool JVMs of this cache folder that no state file records (a start cut short
    before it was recorded): each would otherwise live on, kept from idling by every later run."""
    import psutil

    marker = str(_properties_file())
    strays = []
    for process in psutil.process_iter(["pid", "cmdline"]):
        cmdline = process.info.get("cmdline") or []
        if MAIN_CLASS in cmdline and marker in cmdline:
            strays.append(process.info["pid"])
    for pid in strays:
        _signal(pid, signal.SIGKILL if hasattr(signal, "SIGKILL") else signal.SIGTERM)
    _wait_gone(strays, STOP_TIMEOUT_S)


def _forget(pid: int, supervisor: int | None = None) -> None:
    """Remove the state file if it still describes the JVM with this pid (or, while it starts, this supervisor)."""
    state = read_state()
    if state is not None and (state.pid == pid if pid > 0 else state.supervisor == supervisor):
        _state_file().unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    import psutil

    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def _is_process(pid: int, marker: str) -> bool:
    """Whether pid is alive and its command line names marker (so a reused pid is left alone)."""
    import psutil

    try:
        process = psutil.Process(pid)
        return process.status() != psutil.STATUS_ZOMBIE and any(marker in part for part in process.cmdline())
    except psutil.Error:
        return False


def _signal(pid: int, sig: int) -> None:
    with contextlib.suppress(OSError):
        os.kill(pid, sig)


def _wait_gone(pids: Sequence[int], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while any(_alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.05)


# ---- the supervisor (its own detached process) -----------------------------------------------


def serve(port: int, idle_minutes: float, java_path: str) -> int:
    """Run the JVM, warm it up, record it, and stop it after idle_minutes without use."""
    properties = cache_dir() / "languagetool-server.properties"
    properties.write_text("".join(f"{k}={v}\n" for k, v in SERVER_PROPERTIES.items()), "utf-8")
    # The news rule pack first, so LanguageTool finds its grammar_custom.xml; java expands the wildcard.
    classpath = os.pathsep.join([str(news_rules_dir()), str(home() / "lib" / "*")])
    command = [java_path, *JVM_OPTIONS, "-cp", classpath, MAIN_CLASS, "--port", str(port), "--config", str(properties)]
    jvm = subprocess.Popen(command, stdin=subprocess.DEVNULL)
    signal.signal(signal.SIGTERM, _exit_now)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        _record_jvm(ServerState(jvm.pid, os.getpid(), port, server_version(), idle_minutes, time.time(), STARTING))
        url = f"http://127.0.0.1:{port}"
        if not _wait_healthy(jvm, url):
            return 1
        _warm_up(url)
        touch()
        state = ServerState(jvm.pid, os.getpid(), port, server_version(), idle_minutes, time.time())
        if not _record_jvm(state):
            return 1  # another run replaced this start while it warmed up
        print(f"newsedit: LanguageTool {VERSION} ready at {url} (pid {jvm.pid})", flush=True)
        _watch(jvm, idle_minutes * 60)
        return 0
    finally:
        _end(jvm)
        _forget(jvm.pid)


def _exit_now(signum: int, frame: object) -> None:
    raise SystemExit(0)


def _wait_healthy(jvm: subprocess.Popen[bytes], url: str) -> bool:
    deadline = time.monotonic() + START_TIMEOUT_S
    while jvm.poll() is None and time.monotonic() < deadline:
        if healthy(url):
            return True
        time.sleep(0.2)
    return False


def _warm_up(url: str) -> None:
    """One check, so that the first real request does not pay for loading the rules."""
    import urllib.parse

    data = urllib.parse.urlencode({"language": "en-US", "text": WARM_UP_TEXT}).encode()
    with contextlib.suppress(OSError), _opener().open(f"{url}/v2/check", data, timeout=START_TIMEOUT_S) as response:
        response.read()


def _record_jvm(state: ServerState) -> bool:
    """Put this supervisor's JVM on record, unless another start has taken over (then False)."""
    recorded = read_state()
    if recorded is not None and recorded.supervisor != state.supervisor:
        return False
    _write_state(state)
    return True


def _write_state(state: ServerState) -> None:
    path = _state_file()
    tmp = private_file(path.with_name(f".{path.name}.{os.getpid()}"))  # 0600: where the server listens
    tmp.write_text(json.dumps(asdict(state)), "utf-8")
    os.replace(tmp, path)


def _watch(jvm: subprocess.Popen[bytes], idle_s: float) -> None:
    """Return when the JVM has exited or nobody has used it for idle_s seconds."""
    step = min(5.0, max(0.1, idle_s / 20))
    while jvm.poll() is None:
        if time.time() - last_used() > idle_s:
            print(f"newsedit: stopping LanguageTool after {idle_s / 60:g} idle minutes", flush=True)
            return
        time.sleep(step)


def _end(jvm: subprocess.Popen[bytes]) -> None:
    if jvm.poll() is None:
        jvm.terminate()
        try:
            jvm.wait(STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            jvm.kill()
            jvm.wait()


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m newsedit.backends.languagetool serve ...`: the supervisor's entry point."""
    parser = argparse.ArgumentParser(prog=f"python -m {MODULE}")
    commands = parser.add_subparsers(dest="command", required=True)
    serve_args = commands.add_parser("serve", help="run a LanguageTool server until it is idle")
    serve_args.add_argument("--port", type=int, required=True)
    serve_args.add_argument("--idle-minutes", type=float, required=True)
    serve_args.add_argument("--java", required=True)
    args = parser.parse_args(argv)
    return serve(args.port, args.idle_minutes, args.java)


# ---- the client ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    """One LanguageTool match; start and end are code-point offsets into the checked text."""

    start: int
    end: int
    rule: str
    category: str
    issue_type: str
    message: str
    replacements: tuple[str, ...]


class ServerGone(Exception):
    """The server refused or dropped the connection: it died (or was never there)."""


class TimedOut(EngineError):
    """The server took longer than the configured timeout."""


Outcome = list[Match] | EngineError


def remote_url(settings: GrammarConfig) -> str | None:
    """The server named by config or NEWSEDIT_LT_URL (base URL, no /v2), or None for the local one."""
    raw = (settings.lt_url or os.environ.get(URL_ENV) or "").strip()
    if not raw:
        return None
    if "://" not in raw:
        raw = "http://" + raw
    raw = raw.rstrip("/")
    return raw[: -len("/v2")] if raw.endswith("/v2") else raw


def identity(settings: GrammarConfig) -> str:
    """Which LanguageTool answers for these settings (for result caches); no request is made."""
    url = remote_url(settings)
    return f"languagetool {server_version()} (local)" if url is None else f"languagetool at {url}"


class Client:
    """Checks texts on one LanguageTool server, several at a time."""

    def __init__(self, settings: GrammarConfig) -> None:
        self.settings = settings
        self.remote = remote_url(settings)
        self.url = self.remote or ""
        self._tool: Any = None
        self._down: str | None = None  # why a remote server is no longer asked
        self._pool: ThreadPoolExecutor | None = None

    def check(self, texts: Sequence[Sequence[Part]], languages: Sequence[str] | None = None) -> list[Outcome]:
        """LanguageTool's matches for each text, or the error that kept it from being checked.

        languages: one language code per text (en-GB, en-US...); default: the config's.
        """
        results: dict[int, Outcome] = {}
        pending = list(range(len(texts)))
        chosen = list(languages) if languages is not None else [""] * len(texts)
        for _ in range(RESTARTS + 1):
            outcomes = self._round([texts[i] for i in pending], [chosen[i] for i in pending])
            results.update((i, o) for i, o in zip(pending, outcomes, strict=True) if not isinstance(o, ServerGone))
            pending = [i for i, o in zip(pending, outcomes, strict=True) if isinstance(o, ServerGone)]
            if not pending:
                break
            self._tool = None  # the server went away: the next round finds or starts one again
        if pending and self.remote:
            self._down = self._unreachable()  # the rest of the run fails fast instead of retrying
        for i in pending:
            results[i] = EngineError(self._unreachable())
        return [results[i] for i in range(len(texts))]

    def close(self) -> None:
        """Finish the worker threads (the local server keeps running for the next invocation)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None

    def _round(self, texts: Sequence[Sequence[Part]], languages: Sequence[str]) -> list[Outcome | ServerGone]:
        outcomes: list[Outcome | ServerGone]
        try:
            tool = self._connect()
        except (ServerGone, EngineError) as exc:
            outcomes = [exc] * len(texts)
        except EngineUnavailable as exc:  # not set up, no Java: the other engines still report
            outcomes = [EngineError(str(exc))] * len(texts)
        else:
            outcomes = self._ask(tool, texts, languages)
        if any(isinstance(o, TimedOut) for o in outcomes):
            self._after_timeout()
        return outcomes

    def _ask(self, tool: Any, texts: Sequence[Sequence[Part]], languages: Sequence[str]) -> list[Outcome | ServerGone]:
        """Send the texts, several at once, longest first: the batch then ends on short requests,
        not on one long one while the server's other threads sit idle."""
        ask = partial(self._one, tool)
        if len(texts) == 1:
            return [ask(texts[0], languages[0])]
        order = sorted(range(len(texts)), key=lambda i: -sum(len(p.get("text", "")) for p in texts[i]))
        answers = self._workers().map(ask, [texts[i] for i in order], [languages[i] for i in order])
        by_index = dict(zip(order, answers, strict=True))
        return [by_index[i] for i in range(len(texts))]

    def _connect(self) -> Any:
        if self._down:
            raise EngineError(self._down)
        if self._tool is None:
            self._tool = self._open_remote(self.remote) if self.remote else self._open_local()
        elif self.remote is None:
            touch()
        return self._tool

    def _open_remote(self, url: str) -> Any:
        self.url = url
        return _open_tool(url, self.settings, local=False)

    def _open_local(self) -> Any:
        """The recorded server when it answers, else a started one.

        language_tool_python's first request (the server's languages) is the health check on
        the fast path: a hook run then pays for one round trip less. Any failure there takes
        the slow path, which checks, stops and starts the server under the lock.
        """
        state = read_state()
        if state is not None and state.version == server_version():
            with contextlib.suppress(ServerGone, EngineError):
                tool = _open_tool(state.url, self.settings, local=True)
                self.url = state.url
                touch()
                return tool
        self.url = ensure_server(self.settings.idle_minutes).url
        return _open_tool(self.url, self.settings, local=True)

    def _one(self, tool: Any, parts: Sequence[Part], language: str = "") -> Outcome | ServerGone:
        text = "".join(p.get("text", p.get("markup", "")) for p in parts)
        try:
            return _matches(tool.check_parts(parts, language), text)
        except (ServerGone, EngineError) as exc:
            return exc

    def _after_timeout(self) -> None:
        """A request timed out: a server that no longer answers its health check is replaced
        (local) or no longer asked (remote), so the rest of a batch does not wait on it too."""
        if healthy(self.url):
            return
        self._tool = None
        if self.remote is None:
            stop_server()
        else:
            self._down = f"the LanguageTool server at {self.url} stopped answering; not asked again in this run"

    def _unreachable(self) -> str:
        if self.remote is None:
            return f"the local LanguageTool server kept dying (see {log_file()})"
        return f"cannot reach the LanguageTool server at {self.url}"

    def _workers(self) -> ThreadPoolExecutor:
        if self._pool is None:
            workers = self.settings.concurrency or (os.cpu_count() or 2) + 1
            self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="languagetool")
        return self._pool


def _open_tool(url: str, settings: GrammarConfig, local: bool) -> Any:
    """language_tool_python's client for this server, with newsedit's language and rules."""
    from language_tool_python.exceptions import LanguageToolError

    try:
        # "auto": each request names the article's own English (see Client.check).
        language = DEFAULT_LANGUAGE if settings.language == "auto" else settings.language
        tool = _tool_class()(language, url, settings.timeout, NO_PROXY if local else None)
    except LanguageToolError as exc:
        raise _failure(exc, url, settings.timeout) from None
    except ValueError as exc:  # language_tool_python's answer to a language the server lacks
        raise ConfigError(f"grammar.language: {exc}") from None
    tool.disabled_rules = set(settings.disabled_rules)
    tool.disabled_categories = set(settings.disabled_categories)
    return tool


@cache
def _tool_class() -> type[Any]:
    """language_tool_python's LanguageTool in remote-server mode, with two additions.

    Remote-server mode neither downloads nor starts anything: the server is newsedit's own (or
    the one the config names). The additions: the timeout comes from newsedit's config (the
    library's is a fixed 300 s), and texts go out as LanguageTool `data` requests, whose markup
    parts LanguageTool skips while its offsets still count them. Matches are read from the JSON
    here rather than through the library's Match class, which keeps per-text state in class
    attributes (unsafe with several requests in flight) and counts lengths in UTF-16 units.
    """
    import language_tool_python
    from language_tool_python.exceptions import LanguageToolError

    class Tool(language_tool_python.LanguageTool):
        def __init__(self, language: str, url: str, timeout: float, proxies: dict[str, str] | None) -> None:
            self._TIMEOUT = timeout  # type: ignore[assignment]
            super().__init__(language, remote_server=url, proxies=proxies)

        def check_parts(self, parts: Sequence[Part], language: str = "") -> list[dict[str, Any]]:
            params = self._create_params("")
            del params["text"]
            if language:
                params["language"] = language
            params["data"] = json.dumps({"annotation": list(parts)}, ensure_ascii=False)
            try:
                answer = self._query_server(f"{self.url}check", params, num_tries=1, method="post")
                return list(answer["matches"])
            except LanguageToolError as exc:
                raise _failure(exc, self.url, float(self._TIMEOUT)) from None
            except (KeyError, TypeError) as exc:
                raise EngineError(f"unexpected answer from LanguageTool at {self.url}: {exc!r}") from None

    return Tool


def _failure(exc: Exception, url: str, timeout: float) -> ServerGone | EngineError:
    """What a language_tool_python error means: a dead server, a slow one, or a refusal."""
    import requests

    cause = exc.__cause__
    if isinstance(cause, requests.Timeout):
        return TimedOut(f"LanguageTool at {url.removesuffix('/v2/')} did not answer within {timeout:g} s")
    # Refused, reset, or cut off halfway through an answer (a JVM killed mid-response): all
    # mean the server went away, so the request is worth sending again to a new one.
    if isinstance(cause, requests.ConnectionError | requests.exceptions.ChunkedEncodingError):
        return ServerGone(str(cause))
    return EngineError(f"LanguageTool at {url.removesuffix('/v2/')} failed: {str(exc).strip()[:300]}")


def _matches(raw: Sequence[dict[str, Any]], text: str) -> list[Match]:
    """Matches with LanguageTool's UTF-16 offsets turned into code-point offsets."""
    index = _code_points(text)
    out = []
    for m in raw:
        start, end = m["offset"], m["offset"] + m["length"]
        if index is not None:
            start, end = index[min(start, len(index) - 1)], index[min(end, len(index) - 1)]
        rule = m.get("rule", {})
        replacements = tuple(r["value"] for r in m.get("replacements", []) if "value" in r)
        kind = (rule.get("category", {}).get("id", ""), rule.get("issueType", ""))
        out.append(Match(start, end, rule.get("id", ""), *kind, m.get("message", ""), replacements))
    return out


def _code_points(text: str) -> list[int] | None:
    """UTF-16 offset -> code-point offset, or None when the two agree (no astral characters)."""
    if text.isascii() or max(text) <= "\uffff":
        return None
    index = []
    for i, char in enumerate(text):
        index.extend([i, i] if ord(char) > 0xFFFF else [i])
    index.append(len(text))
    return index


if __name__ == "__main__":
    sys.exit(main())
