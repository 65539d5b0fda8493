"""The README's cluster recipe under Ray's token authentication: a head with a token, a second node that joins
only with RAY_AUTH_MODE=token and the head's token, and `newsedit check --ray auto` on that cluster."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from cli_helpers import FAST, newsedit

ARTICLE = "Storm closes port\n\nStorm closes port\n\nThe port shut on Monday after the storm tore the roofs off.\n"


def ray_cli() -> str:
    found = shutil.which("ray", path=str(Path(sys.executable).parent))
    if found is None:
        pytest.skip("the ray extra is not installed")
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def stop(tag: str) -> None:
    """End the Ray processes this test started: those naming its temporary folder, and their children."""
    mine = [
        p
        for p in psutil.process_iter(["cmdline"])
        if p.pid != os.getpid() and any(tag in arg for arg in (p.info["cmdline"] or []))
    ]
    every = set(mine)
    for p in mine:
        try:
            every.update(p.children(recursive=True))
        except psutil.Error:
            continue
    for p in every:
        with contextlib.suppress(psutil.Error):
            p.terminate()
    _, alive = psutil.wait_procs(list(every), timeout=15)
    for p in alive:
        with contextlib.suppress(psutil.Error):
            p.kill()


class Cluster:
    """A head started as the README says, with its own home (where its token lives) and temporary folder."""

    def __init__(self, root: Path) -> None:
        self.root, self.port = root, free_port()
        self.temp = root / "t"  # short: Ray's socket paths live under it
        for home in ("head", "node", "desk"):
            (root / home).mkdir()

    def run(self, home: str, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
        ambient = {k: v for k, v in os.environ.items() if not k.startswith("RAY_AUTH")}  # only what the test gives
        environ = {**ambient, "HOME": str(self.root / home), "RAY_USAGE_STATS_ENABLED": "0", **env}
        return subprocess.run([ray_cli(), *args], env=environ, capture_output=True, text=True, timeout=180)

    def start(self, home: str, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
        common = ["--num-cpus", "1", "--temp-dir", str(self.temp), "--disable-usage-stats"]
        return self.run(home, "start", *args, *common, **env)

    @property
    def token(self) -> str:
        return (self.root / "head" / ".ray" / "auth_token").read_text("utf-8").strip()


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    ray_cli()
    root = Path(tempfile.mkdtemp(prefix="nr", dir="/tmp"))
    made = Cluster(root)
    try:
        yield made
    finally:
        stop(str(made.temp))
        shutil.rmtree(root, ignore_errors=True)


@pytest.mark.slow
def test_a_token_cluster_admits_a_node_and_a_check_only_with_the_heads_token(cluster: Cluster, tmp_path: Path) -> None:
    generated = cluster.run("head", "get-auth-token", "--generate")
    assert generated.returncode == 0, generated.stderr
    head = cluster.start("head", "--head", "--port", str(cluster.port), "--include-dashboard=false")
    assert head.returncode == 0, head.stderr
    assert "Token authentication is enabled" in head.stdout + head.stderr
    address = f"127.0.0.1:{cluster.port}"

    refused = cluster.start("node", "--address", address)
    assert refused.returncode != 0 and "AuthenticationError" in refused.stdout + refused.stderr
    joined = cluster.start("node", "--address", address, RAY_AUTH_MODE="token", RAY_AUTH_TOKEN=cluster.token)
    assert joined.returncode == 0, joined.stdout + joined.stderr

    (tmp_path / "a.txt").write_text(ARTICLE, "utf-8")
    desk = {"HOME": str(cluster.root / "desk"), "RAY_ADDRESS": address, "RAY_USAGE_STATS_ENABLED": "0"}
    args = ["check", *FAST, "a.txt", "--format", "json", "--no-cache"]
    here = newsedit(*args, cwd=tmp_path)
    token = {"RAY_AUTH_MODE": "token", "RAY_AUTH_TOKEN": cluster.token}
    on_ray = newsedit(*args, "--ray", "auto", cwd=tmp_path, env={**desk, **token})
    assert on_ray.code == here.code == 0, on_ray.err
    assert json.loads(on_ray.out)["articles"] == json.loads(here.out)["articles"]

    without = newsedit(*args, "--ray", "auto", cwd=tmp_path, env=desk)
    assert without.code == 2
    assert "set RAY_AUTH_MODE=token and RAY_AUTH_TOKEN to the head's `ray get-auth-token`" in without.err
