"""newsedit opens no network connection but to its own LanguageTool server on loopback."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from newsedit.backends import languagetool

SAMPLE = Path(__file__).resolve().parents[2] / "fixtures" / "lavrov-north-korea.txt"
LOOPBACK = re.compile(r'inet_addr\("127\.|inet_pton\(AF_INET6, "(::1|::ffff:127\.)')


def _isolated_command(trace: Path, cache: Path) -> list[str]:
    """newsedit check in a network namespace that has only loopback, every connect() traced."""
    for tool in ("unshare", "ip", "strace"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is needed for this test (util-linux, iproute2, strace)")
    newsedit = f"{sys.executable} -m newsedit"
    # The server starts first, untraced: strace -f would otherwise wait for that long-lived process.
    inner = (
        f"ip link set lo up && {newsedit} server start >&2 && "
        f"strace -f -qq -e trace=connect -o {trace} {newsedit} check --no-cache --cache-dir {cache} -f json {SAMPLE}; "
        f"code=$?; {newsedit} server stop >&2; exit $code"
    )
    return ["unshare", "--net", "sh", "-c", inner]


@pytest.mark.slow
def test_a_full_check_connects_only_to_loopback(tmp_path: Path) -> None:
    if not languagetool.installed():
        pytest.fail("LanguageTool is not set up: run `newsedit setup` (make setup does)")
    if os.geteuid() != 0:
        pytest.skip("a private network namespace needs root (CI runs as root)")
    cache = tmp_path / "cache"
    cache.mkdir()
    # The installed LanguageTool, but a server of this test's own inside the namespace.
    (cache / languagetool.home().name).symlink_to(languagetool.home())
    env = {**os.environ, "NEWSEDIT_CACHE_DIR": str(cache)}
    trace = tmp_path / "connect.trace"
    try:
        proc = subprocess.run(_isolated_command(trace, cache), capture_output=True, text=True, env=env, timeout=600)
    finally:
        subprocess.run([sys.executable, "-m", "newsedit", "server", "stop"], env=env, capture_output=True)
    assert "Traceback" not in proc.stderr
    report = json.loads(proc.stdout)
    rules = {f["rule"] for f in report["articles"][0]["findings"]}
    assert "grammar/due-of" in rules and "dupes/repeated-headline" in rules
    inet = [line for line in trace.read_text().splitlines() if "AF_INET" in line]
    assert inet, "the check reached LanguageTool without any connect(): the trace is not working"
    assert [line for line in inet if not LOOPBACK.search(line)] == []
