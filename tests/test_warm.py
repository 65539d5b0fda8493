"""The warm worker: a check handed to it (launch.py, warm.py) is the check a fresh process makes.

The session's LanguageTool supervisor starts the worker in the session's cache folder; each test
runs the same command with the hand-over required (NEWSEDIT_WORKER=require: no worker, exit 2)
and with it switched off, and compares what the two print and return.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import interrupting
from cli_helpers import FAST, Result, newsedit
from newsedit import cli, launch, paths, warm

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="the warm worker is Linux's (SO_PEERCRED, fork)")

REQUIRE, HERE = {launch.WORKER_ENV: "require"}, {launch.WORKER_ENV: "0"}


@pytest.fixture
def worker(lt_cache: Path) -> Path:
    """The socket of the session's warm worker, once it listens (its warm-up takes a second or two)."""
    asked = [sys.executable, "-c", "from newsedit import launch; print(launch.socket_path())"]
    path = Path(subprocess.run(asked, capture_output=True, text=True, check=True).stdout.strip())
    deadline = time.monotonic() + 120
    while not path.exists():
        if time.monotonic() > deadline:
            log = (lt_cache / "languagetool-server.log").read_text("utf-8", "replace")[-3000:]
            pytest.fail(f"no warm worker at {path} after 120 s; the server's log ends:\n{log}")
        time.sleep(0.1)
    return path


def both(*args: str, cwd: Path, env: dict[str, str] | None = None, stdin: bytes | None = None) -> tuple[Result, Result]:
    """The same command run by the worker and here."""
    there = newsedit(*args, cwd=cwd, stdin=stdin, env={**(env or {}), **REQUIRE})
    here = newsedit(*args, cwd=cwd, stdin=stdin, env={**(env or {}), **HERE})
    return there, here


def test_a_check_in_the_worker_is_the_check_made_here(worker: Path, sample_path: Path, tmp_path: Path) -> None:
    """Grammar included: same report, same exit code, the worker's folder, config and environment
    those of the client (a relative path, a config beside it, GitHub's run link from the environment)."""
    (tmp_path / "sample.txt").write_text(sample_path.read_text("utf-8"), "utf-8")
    (tmp_path / "newsedit.toml").write_text('fail-on = "warning"\n', "utf-8")
    github = {"GITHUB_SERVER_URL": "https://github.example", "GITHUB_REPOSITORY": "desk/copy", "GITHUB_RUN_ID": "77"}
    there, here = both(
        "check", "--skip", "summary", "--no-cache", "-f", "markdown", "sample.txt", cwd=tmp_path, env=github
    )
    assert there == here
    assert there.code == 1
    assert "Due of" in there.out
    assert "https://github.example/desk/copy/actions/runs/77" in there.out


def test_standard_input_usage_errors_and_the_program_name_are_the_clients(worker: Path, tmp_path: Path) -> None:
    text = b"Minister resigns\n\nThe the minister resigned on Monday.\n"
    there, here = both("check", *FAST, "--no-cache", "-", stdin=text, cwd=tmp_path)
    assert there == here
    assert "<stdin>" in there.out
    there, here = both("check", "--no-such-option", cwd=tmp_path)
    assert there == here
    assert there.code == 2
    assert "Usage: python -m newsedit check" in there.err


def test_a_process_under_other_limits_is_not_the_workers(worker: Path, tmp_path: Path) -> None:
    """A run under a lower limit (a test's, a CI job's) names another worker's socket: none takes it."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    lower = max(64, min(soft, 1024) - 1)
    (tmp_path / "a.txt").write_text("Minister resigns\n\nThe minister resigned on Monday.\n", "utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "newsedit", "check", *FAST, "a.txt"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, **REQUIRE},
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (lower, hard)),
    )
    assert done.returncode == 2
    assert "no warm worker took this run" in done.stderr


def test_ctrl_c_reaches_the_run_in_the_worker(worker: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The client forwards Ctrl-C: the run stops with its partial report and exit 130."""
    fifo = interrupting.batch_waiting_at(tmp_path / "batch", count=5, at=3)
    listing = interrupting.listing(tmp_path / "batch")
    out = tmp_path / "report.json"
    monkeypatch.setenv(launch.WORKER_ENV, "require")
    proc = interrupting.start("check", *FAST, "--no-cache", "-f", "json", "-o", str(out), "--manifest", str(listing))
    err = interrupting.interrupt_in_read(proc, fifo, signal.SIGINT)
    assert proc.returncode == 130, err
    assert "interrupted" in err
    assert '"articles"' in out.read_text("utf-8")


def test_the_request_survives_the_wire() -> None:
    """Arguments and environment as Python holds them, bytes that are not UTF-8 included."""
    argv = ["newsedit", "check", "caf\udce9.txt", "a b", ""]
    sent = launch.encode_request(argv, [0, 1, 2, 63])
    request = warm.decode_request(sent[8:])
    assert int.from_bytes(sent[:8], "big") == len(sent) - 8
    assert request.argv == argv
    assert request.fds == [0, 1, 2, 63]
    assert request.cwd == os.getcwd()
    assert request.env == dict(os.environ)
    with pytest.raises(ValueError):
        warm.decode_request(b"0\0/\0" + sent[12:])


def test_the_client_finds_the_cache_folder_newsedit_uses(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(paths.CACHE_ENV, raising=False)
    for xdg in (str(tmp_path / "xdg"), "", "  "):
        monkeypatch.setenv("XDG_CACHE_HOME", xdg)
        assert launch.cache_folder() == str(paths.cache_dir())
    monkeypatch.setenv(paths.CACHE_ENV, str(tmp_path / "own"))
    assert launch.cache_folder() == str(paths.cache_dir())
    assert launch.CACHE_ENV == paths.CACHE_ENV


def test_only_checks_go_to_the_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(launch.WORKER_ENV, raising=False)
    assert launch.WARM_COMMANDS <= cli.CHECK_COMMANDS
    assert launch.wanted(["--debug", "check", "a.txt"])
    assert not launch.wanted(["check", "--ray", "a.txt"])
    assert not launch.wanted(["check", "-j", "2", "batch/"])
    assert not launch.wanted(["server", "stop"])
    monkeypatch.setenv(launch.WORKER_ENV, "off")
    assert not launch.wanted(["check", "a.txt"])


def test_the_run_in_the_worker_ends_with_its_client_on_kill_9(worker: Path, tmp_path: Path) -> None:
    """`kill -9` leaves the client no time to forward anything: its fork sees the connection close."""
    fifo = tmp_path / "waits.txt"
    os.mkfifo(fifo)
    holder = os.open(fifo, os.O_RDWR)  # a writer that never writes: the run's read waits
    client = subprocess.Popen(
        [sys.executable, "-m", "newsedit", "check", *FAST, str(fifo)],
        env={**os.environ, **REQUIRE},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        fork = _reader_of(fifo, client)
        client.kill()
        client.wait(30)
        deadline = time.monotonic() + 10
        while Path(f"/proc/{fork}").exists() and _state(fork) != "Z" and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not Path(f"/proc/{fork}").exists() or _state(fork) == "Z", "the fork outlived its client"
    finally:
        client.kill()
        os.close(holder)


def _reader_of(fifo: Path, client: subprocess.Popen[bytes]) -> int:
    """The process that has the FIFO open: not the client (nor this one, which holds it too), the fork."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit() and int(entry.name) not in (client.pid, os.getpid()) and _holds(entry, fifo):
                return int(entry.name)
        time.sleep(0.05)
    raise AssertionError(f"no process opened {fifo}")


def _holds(process: Path, path: Path) -> bool:
    try:
        return any(os.readlink(fd) == str(path) for fd in (process / "fd").iterdir())
    except OSError:
        return False


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "gone"


# A listener that accepts one connection and prints how many bytes came before the client closed it.
_STRANGER = """
import os, socket, sys
listener = socket.socket(socket.AF_UNIX)
listener.bind(sys.argv[1])
os.chmod(sys.argv[1], 0o777)
listener.listen(1)
print("listening", flush=True)
listener.settimeout(60)
conn, _ = listener.accept()
conn.settimeout(10)
got = b""
while chunk := conn.recv(65536):
    got += chunk
print(len(got), flush=True)
"""


# The stranger runs a Python that any user may start (this one may sit in a private folder).
_ANY_PYTHON = next((p for p in ("/usr/bin/python3", "/usr/local/bin/python3") if os.access(p, os.X_OK)), None)


@pytest.mark.skipif(
    os.geteuid() != 0 or _ANY_PYTHON is None, reason="listening as another user needs root and a system Python"
)
def test_a_socket_another_user_put_in_a_shared_folder_gets_nothing() -> None:
    """The client asks who listens before it sends its environment (tokens and all): not its user, no request."""
    import shutil
    import tempfile

    shared = Path(tempfile.mkdtemp(prefix="ne-shared-", dir="/tmp"))
    try:
        shared.chmod(0o1777)  # like /tmp: everybody may put files there
        env = {**os.environ, paths.CACHE_ENV: str(shared), **REQUIRE, "SECRET_TOKEN": "s3cret"}
        asked = [sys.executable, "-c", "from newsedit import launch; print(launch.socket_path())"]
        path = subprocess.run(asked, capture_output=True, text=True, check=True, env=env).stdout.strip()
        stranger = subprocess.Popen(
            [str(_ANY_PYTHON), "-c", _STRANGER, path], user=65534, group=65534, stdout=subprocess.PIPE, text=True
        )
        assert stranger.stdout is not None and stranger.stdout.readline().strip() == "listening"
        done = subprocess.run(
            [sys.executable, "-m", "newsedit", "check", *FAST, "-"], input=b"x", env=env, capture_output=True
        )
        received = stranger.communicate(timeout=30)[0].strip()
        assert done.returncode == 2
        assert b"no warm worker took this run" in done.stderr
        assert received == "0"
    finally:
        shutil.rmtree(shared, ignore_errors=True)
