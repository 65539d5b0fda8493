"""A reader that closes the pipe early (`| head -1`) does not change the exit code or add noise."""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

from cli_helpers import FAST

CLEAN = (Path(__file__).resolve().parents[2] / "fixtures" / "clean.txt").read_text("utf-8")


def test_a_closed_pipe_keeps_the_exit_code_of_the_run(tmp_path: Path) -> None:
    for i in range(60):  # far more output than a pipe buffer: the writes after `head` left fail
        (tmp_path / f"{i:03}.txt").write_text("Top Stories\n\n" + CLEAN.replace("bus", f"bus {i}"), "utf-8")
    command = shlex.join([sys.executable, "-m", "newsedit", "check", *FAST, str(tmp_path)])
    for gate, code in (("error", 0), ("warning", 1)):
        script = f"{command} --fail-on {gate} | head -1 >/dev/null; exit ${{PIPESTATUS[0]}}"
        done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=300)
        assert done.returncode == code, done.stderr
        assert done.stderr == ""
