"""A stale server record never stops what its pids now name: another cache folder's LanguageTool."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from cli_helpers import newsedit
from newsedit.backends.languagetool.server import MAIN_CLASS, MODULE

SLEEP = "import time; time.sleep(120)"


@pytest.fixture
def other_folders_server(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], subprocess.Popen[bytes]]]:
    """Two processes that look like another cache folder's supervisor and JVM (by command line)."""
    other = tmp_path / "other-cache"
    other.mkdir()
    env = {**os.environ, "NEWSEDIT_CACHE_DIR": str(other)}
    properties = str(other / "languagetool-server.properties")
    supervisor = subprocess.Popen([sys.executable, "-c", SLEEP, "-m", MODULE, "serve"], env=env)
    jvm = subprocess.Popen([sys.executable, "-c", SLEEP, MAIN_CLASS, "--config", properties], env=env)
    yield supervisor, jvm
    for process in (supervisor, jvm):
        process.kill()
        process.wait()


def test_server_stop_with_a_stale_record_leaves_another_folders_server_alone(
    tmp_path: Path, other_folders_server: tuple[subprocess.Popen[bytes], subprocess.Popen[bytes]]
) -> None:
    supervisor, jvm = other_folders_server
    ours = tmp_path / "our-cache"
    ours.mkdir()
    record = {"pid": jvm.pid, "supervisor": supervisor.pid, "port": 9, "version": "6.8",
              "idle_minutes": 30.0, "started": time.time(), "status": "ready"}  # fmt: skip
    (ours / "languagetool-server.json").write_text(json.dumps(record), "utf-8")
    newsedit("server", "stop", env={"NEWSEDIT_CACHE_DIR": str(ours)})
    time.sleep(0.5)
    assert supervisor.poll() is None and jvm.poll() is None
