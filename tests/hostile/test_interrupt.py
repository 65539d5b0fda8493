"""Ctrl-C in the middle of a batch: a clean stop, the partial report written, nothing half-written."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from cli_helpers import FAST

CLEAN = (Path(__file__).resolve().parents[2] / "fixtures" / "clean.txt").read_text("utf-8")


def test_ctrl_c_mid_batch_writes_the_partial_report(tmp_path: Path) -> None:
    batch = tmp_path / "batch"
    batch.mkdir()
    for i in range(4000):
        (batch / f"{i:05}.txt").write_text(CLEAN.replace("three", f"{i} new"), "utf-8")
    out = tmp_path / "report.json"
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsedit", "check", *FAST, "--no-cache", "-f", "json", "-o", str(out), str(batch)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # A shell without job control starts background jobs with Ctrl-C ignored, and children
        # inherit that: give newsedit the terminal's default, as when a user runs it.
        preexec_fn=_default_sigint,
    )
    _wait_until_checking(proc, batch)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130
    assert "Traceback" not in err
    assert "newsedit: interrupted" in err
    report = json.loads(out.read_text("utf-8"))
    assert report["interrupted"] is True
    assert 0 < len(report["articles"]) < 4000
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp file left


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _wait_until_checking(proc: subprocess.Popen[str], batch: Path) -> None:
    """Wait until the process reads article 40: it is checking, and some articles are done."""
    deadline = time.monotonic() + 120
    fds = Path(f"/proc/{proc.pid}/fd")
    while time.monotonic() < deadline and proc.poll() is None:
        if any(_article_number(fd, batch) >= 40 for fd in _listdir(fds)):
            return
        time.sleep(0.01)
    raise AssertionError("newsedit never got far into the batch")


def _listdir(folder: Path) -> list[Path]:
    try:
        return list(folder.iterdir())
    except OSError:
        return []


def _article_number(fd: Path, folder: Path) -> int:
    """The number of the batch article a file descriptor has open, or -1."""
    try:
        target = Path(os.readlink(fd))
    except OSError:
        return -1
    return int(target.stem) if target.parent == folder and target.stem.isdigit() else -1
