"""The local LanguageTool server: its state, lock and log files, its start and stop (its supervisor: supervisor.py).

`ensure_server` starts a server on first need and reuses it across invocations. A small supervisor
process (`python -m newsedit.backends.languagetool serve`) owns the JVM: it warms it up, records it
in a state file (pid, port, version), and stops it once nobody has used it for the idle time. The
server listens on 127.0.0.1 only. JVMs of this cache folder that no state file records are stopped.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, BinaryIO

from newsedit.backends.languagetool.install import (
    NOT_SET_UP,
    _locked,
    installed,
    java,
    server_version,
)
from newsedit.errors import BackendUnavailable
from newsedit.paths import CACHE_ENV, cache_dir, private_file

MAIN_CLASS = "org.languagetool.server.HTTPServer"
# The supervisor's module: `python -m MODULE serve` runs it, and its command line marks its processes.
MODULE = "newsedit.backends.languagetool"

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
WARM_UP_TEXT = "LanguageTool warms up on this text. Their going too the meeting tomorow, he said."


# ---- state, lock and log files --------------------------------------------------------------


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
        raise BackendUnavailable(NOT_SET_UP)
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
            raise BackendUnavailable(f"the LanguageTool server did not start: {_log_tail()}")
        time.sleep(0.1)
    supervisor.terminate()
    raise BackendUnavailable(f"the LanguageTool server did not start within {START_TIMEOUT_S:.0f} s: {_log_tail()}")


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
    """Ask the supervisor to stop its JVM; kill the JVM when that does not work. Only this cache
    folder's processes are stopped: a stale record whose pids now belong to another folder's
    LanguageTool (or anything else) leaves them alone."""
    if _ours_supervisor(state.supervisor):
        _signal(state.supervisor, signal.SIGTERM)
        _wait_gone([p for p in (state.supervisor, state.pid) if p > 0], STOP_TIMEOUT_S)
    if state.pid > 0 and _is_process(state.pid, MAIN_CLASS) and _is_process(state.pid, str(_properties_file())):
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


def _ours_supervisor(pid: int) -> bool:
    """Whether pid is a supervisor started for this cache folder (its environment names the folder)."""
    import psutil

    if not _is_process(pid, MODULE):
        return False
    try:
        return psutil.Process(pid).environ().get(CACHE_ENV) == str(cache_dir())
    except psutil.Error:
        return False


def _signal(pid: int, sig: int) -> None:
    with contextlib.suppress(OSError):
        os.kill(pid, sig)


def _wait_gone(pids: Sequence[int], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while any(_alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.05)


# The supervisor, its own detached process, is in supervisor.py.


def _write_state(state: ServerState) -> None:
    path = _state_file()
    tmp = private_file(path.with_name(f".{path.name}.{os.getpid()}"))  # 0600: where the server listens
    tmp.write_text(json.dumps(asdict(state)), "utf-8")
    os.replace(tmp, path)
