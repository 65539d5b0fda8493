"""One LanguageTool start at a time per cache folder, even when a start is cut short (kill -9)."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import psutil
import pytest

from cli_helpers import newsedit
from newsedit.engines import languagetool


def _jvms(cache: Path) -> list[int]:
    """The LanguageTool JVMs of one cache folder."""
    found = []
    for process in psutil.process_iter(["pid", "cmdline"]):
        cmdline = process.info.get("cmdline") or []
        if languagetool.MAIN_CLASS in cmdline and any(str(cache) in part for part in cmdline):
            found.append(process.info["pid"])
    return found


def _wait_for(condition: Callable[[], object], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


@pytest.fixture
def cold_cache(tmp_path: Path) -> Path:
    """A cache folder with LanguageTool installed (linked) and no server."""
    if not languagetool.installed():
        pytest.skip("LanguageTool is not set up here: run `newsedit setup` first")
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / languagetool.home().name).symlink_to(languagetool.home(), target_is_directory=True)
    return cache


def _begin_start(cache: Path) -> subprocess.Popen[bytes]:
    """`newsedit server start` in the background; returns once its JVM exists (a cold start under way)."""
    env = {**os.environ, languagetool.CACHE_ENV: str(cache)}
    # Ctrl-C must reach it even when the suite runs as a background job, which ignores SIGINT.
    restore = lambda: signal.signal(signal.SIGINT, signal.SIG_DFL)  # noqa: E731
    starter = subprocess.Popen([sys.executable, "-m", "newsedit", "server", "start"], env=env, preexec_fn=restore)
    assert _wait_for(lambda: _jvms(cache), 120), "no JVM appeared"
    return starter


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT], ids=["kill-9", "ctrl-c"])
def test_a_start_killed_midway_is_seen_waited_for_and_not_doubled(cold_cache: Path, sig: int) -> None:
    env = {languagetool.CACHE_ENV: str(cold_cache)}
    starter = _begin_start(cold_cache)
    starter.send_signal(sig)
    starter.wait()
    try:
        status = newsedit("server", "status", env=env)
        assert "is starting" in status.out or "is running" in status.out, status.out
        again = newsedit("server", "start", env=env)
        assert again.code == 0, again.err
        assert len(_jvms(cold_cache)) == 1
    finally:
        stopped = newsedit("server", "stop", env=env)
    assert stopped.code == 0 and _wait_for(lambda: not _jvms(cold_cache), 30)


@pytest.mark.slow
def test_a_jvm_whose_start_and_supervisor_were_killed_is_stopped(
    cold_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = {languagetool.CACHE_ENV: str(cold_cache)}
    monkeypatch.setenv(languagetool.CACHE_ENV, str(cold_cache))
    starter = _begin_start(cold_cache)
    # The supervisor records its JVM as soon as it exists (a moment after the JVM appears).
    _wait_for(lambda: (languagetool.read_state() or languagetool.ServerState(0, 0, 0, "", 0, 0)).pid > 0, 5)
    supervisors = [p.pid for p in psutil.Process(starter.pid).children() if "serve" in p.cmdline()]
    starter.send_signal(signal.SIGKILL)
    starter.wait()
    for pid in supervisors:
        os.kill(pid, signal.SIGKILL)
    [jvm] = _jvms(cold_cache)  # orphaned: nobody will stop it when idle
    assert (
        f"LanguageTool (pid {jvm}) was left running by an interrupted start"
        in newsedit("server", "status", env=env).out
    )
    stopped = newsedit("server", "stop", env=env)
    assert stopped.code == 0
    assert _wait_for(lambda: not psutil.pid_exists(jvm) or psutil.Process(jvm).status() == psutil.STATUS_ZOMBIE, 30)


def test_the_log_is_private_and_keeps_the_previous_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(languagetool.CACHE_ENV, str(tmp_path))
    os.umask(0o022)
    with languagetool._open_log() as log:
        log.write(b"java.lang.OutOfMemoryError: the last crash\n")
    with languagetool._open_log() as log:
        log.write(b"a new start\n")
    path = languagetool.log_file()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text("utf-8") == "a new start\n"
    assert "the last crash" in path.with_name(path.name + ".1").read_text("utf-8")
