"""The LanguageTool supervisor: its own detached process (`python -m newsedit.backends.languagetool serve`).

It owns the JVM: starts it, warms it up, records it in the state file (pid, port, version), and
stops it once nobody has used it for the idle time. `server.py` starts it and reads what it records.
Once the server is ready it also starts newsedit's warm worker (`python -m newsedit.warm`, named
here, not imported: it is the command line's), which ends with it.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence

from newsedit.backends.languagetool.install import VERSION, home, news_rules_dir, server_version
from newsedit.backends.languagetool.server import (
    JVM_OPTIONS,
    MAIN_CLASS,
    MODULE,
    SERVER_PROPERTIES,
    START_TIMEOUT_S,
    STARTING,
    STOP_TIMEOUT_S,
    WARM_UP_TEXT,
    ServerState,
    _forget,
    _opener,
    _write_state,
    healthy,
    last_used,
    read_state,
    touch,
)
from newsedit.paths import cache_dir


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


WORKER_MODULE = "newsedit.warm"  # it decides itself whether it runs (NEWSEDIT_WORKER=0 says no)
WORKER_RESTART_S = 60.0  # a worker that stopped is started again at most this often


def _start_worker() -> subprocess.Popen[bytes] | None:
    """newsedit's warm worker, in the cache folder (nothing there is somebody else's code to import)."""
    folder = os.path.abspath(cache_dir())  # NEWSEDIT_CACHE_DIR may be relative to this process's folder
    command = [sys.executable, "-m", WORKER_MODULE, "--parent", str(os.getpid()), "--folder", folder]
    try:
        return subprocess.Popen(command, stdin=subprocess.DEVNULL, cwd=folder)
    except OSError as exc:
        print(f"newsedit: no warm worker: {exc}", flush=True)
        return None


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


def _watch(jvm: subprocess.Popen[bytes], idle_s: float) -> None:
    """Return when the JVM has exited or nobody has used it for idle_s seconds; meanwhile keep a
    warm worker running (a new one after newsedit's files change: the old one has stopped)."""
    step = min(5.0, max(0.1, idle_s / 20))
    worker, started = _start_worker(), time.monotonic()
    try:
        while jvm.poll() is None:
            if time.time() - last_used() > idle_s:
                print(f"newsedit: stopping LanguageTool after {idle_s / 60:g} idle minutes", flush=True)
                return
            if (worker is None or worker.poll() is not None) and time.monotonic() - started > WORKER_RESTART_S:
                worker, started = _start_worker(), time.monotonic()
            time.sleep(step)
    finally:
        if worker is not None:
            _end(worker)


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
