"""Ctrl-C at a known point of a batch: newsedit waits in a read of a FIFO when the signal comes.

An article of the batch (named in its manifest: a folder scan skips FIFOs) is a FIFO whose writer
the test holds open: the run stops there however fast the machine, and the interrupt is sent only
once the main thread is blocked in that read (its /proc syscall names the FIFO's file descriptor).
A signal sent a moment earlier, between the open and the read, is noted by Python but then leaves
the read blocked for good: that race, not newsedit, once made a test wait out its timeout. A
process that does not stop in time is made to dump every thread's stack (faulthandler, on
SIGABRT), and the failure shows it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

OPEN_TIMEOUT_S = 240  # to reach the FIFO: a cold start, Ray's included, on a slow machine
STOP_TIMEOUT_S = 60  # from Ctrl-C to the exit: the partial report written, Ray shut down


CLEAN = (Path(__file__).resolve().parents[1] / "fixtures" / "clean.txt").read_text("utf-8")


def batch_waiting_at(folder: Path, count: int, at: int) -> Path:
    """`count` clean articles, each a little different, in `folder`; article `at` is the FIFO the run
    will wait on (returned)."""
    folder.mkdir()
    for i in range(count):
        (folder / f"{i:05}.txt").write_text(CLEAN.replace("three", f"{i} new"), "utf-8")
    fifo = folder / f"{at:05}.txt"
    fifo.unlink()
    os.mkfifo(fifo)
    return fifo


def listing(folder: Path) -> Path:
    """A manifest of the batch's articles in order (written into it): a folder scan skips the FIFO,
    a path that is named is read."""
    manifest = folder / "articles.list"
    manifest.write_text("".join(f"{p.name}\n" for p in sorted(folder.glob("*.txt"))), "utf-8")
    return manifest


def start(*args: str) -> subprocess.Popen[str]:
    """`python -m newsedit ARGS` with Ctrl-C handled as from a terminal and stacks dumped on SIGABRT."""
    return subprocess.Popen(
        [sys.executable, "-m", "newsedit", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONFAULTHANDLER": "1"},
        # A shell without job control starts background jobs with Ctrl-C ignored, and children
        # inherit that: give newsedit the terminal's default, as when a user runs it.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def interrupt_in_read(proc: subprocess.Popen[str], fifo: Path, signum: int = signal.SIGINT) -> str:
    """Ctrl-C (or another signal) once `proc` waits in its read of `fifo`; its stderr once it has stopped."""
    writer = _open_when_read(proc, fifo)
    try:
        _wait_blocked_reading(proc, fifo)
        proc.send_signal(signum)
        return _stopped(proc)
    finally:
        os.close(writer)


def _open_when_read(proc: subprocess.Popen[str], fifo: Path) -> int:
    """The FIFO opened for writing once the process has opened it to read."""
    deadline = time.monotonic() + OPEN_TIMEOUT_S
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            return os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)  # ENXIO until a reader has it open
        except OSError:
            time.sleep(0.02)
    if proc.poll() is None:  # running, but elsewhere: its stacks say where
        proc.send_signal(signal.SIGABRT)
    err = proc.communicate(timeout=30)[1]
    raise AssertionError(f"newsedit never got to {fifo.name} (exit {proc.returncode}):\n{err}")


def _wait_blocked_reading(proc: subprocess.Popen[str], fifo: Path) -> None:
    """Until the main thread sits in a system call on the FIFO (its read; nothing else waits there):
    the process's own, or its warm worker's fork's (launch.py), whose signals the process forwards."""
    if not Path(f"/proc/{proc.pid}/syscall").exists():  # a kernel without it: the read follows the open at once
        time.sleep(0.5)
        return
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if _reading(proc.pid, fifo) or any(_reading(pid, fifo) for pid in _processes()):
            return
        time.sleep(0.005)
    raise AssertionError(f"newsedit opened {fifo.name} but never waited in a read of it")


def _processes() -> list[int]:
    return [int(entry.name) for entry in Path("/proc").iterdir() if entry.name.isdigit()]


def _reading(pid: int, fifo: Path) -> bool:
    try:
        fields = Path(f"/proc/{pid}/syscall").read_text().split()  # "NUMBER ARG1 ...", or "running"
        return len(fields) > 1 and os.readlink(f"/proc/{pid}/fd/{int(fields[1], 16)}") == str(fifo)
    except (OSError, ValueError):
        return False


def _stopped(proc: subprocess.Popen[str]) -> str:
    """stderr once the process exits; if it does not in time, its threads' stacks in the failure."""
    try:
        return proc.communicate(timeout=STOP_TIMEOUT_S)[1]
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGABRT)
        try:
            err = proc.communicate(timeout=30)[1]
        except subprocess.TimeoutExpired:
            proc.kill()
            err = proc.communicate()[1]
        said = f"newsedit was still running {STOP_TIMEOUT_S} s after Ctrl-C; its threads:\n{err}"
        raise AssertionError(said) from None
