"""The local LanguageTool server's lifecycle, and batches that survive a dead or hung server."""

from __future__ import annotations

import os
import signal
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from cli_helpers import newsedit
from newsedit import runner
from newsedit.backends import languagetool
from newsedit.config import Config
from newsedit.findings import RunReport
from stand_in_server import LANGUAGES, JsonHandler, serving

SAMPLE = Path(__file__).parents[2] / "fixtures" / "lavrov-north-korea.txt"


@pytest.fixture
def hung_url() -> Iterator[str]:
    """A server that accepts connections and never answers (the kernel completes the handshakes)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(64)
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"


_TYPO = {
    "offset": 0,
    "length": 6,
    "message": "Possible typo",
    "replacements": [{"value": "Headline"}],
    "rule": {"id": "MORFOLOGIK_RULE_EN_US", "issueType": "misspelling", "category": {"id": "TYPOS"}},
}


class _CutsItsFirstAnswer(JsonHandler):
    """A LanguageTool stand-in whose first /check answer stops halfway, as when the JVM is killed
    mid-response; later answers are whole. Counts the check requests it was sent."""

    checks = 0

    def do_GET(self) -> None:
        self.answer(LANGUAGES)

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        type(self).checks += 1
        self.answer({"matches": [_TYPO]}, whole=type(self).checks > 1)


@pytest.fixture
def cut_off_url() -> Iterator[str]:
    _CutsItsFirstAnswer.checks = 0
    with serving(_CutsItsFirstAnswer) as url:
        yield url


def wait_for(condition: object, timeout: float, step: float = 0.05) -> bool:
    """Poll condition() until it is true or timeout seconds pass."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(step)
    return False


def test_a_hung_server_is_an_error_for_each_article_not_a_hang(hung_url: str, tmp_path: Path) -> None:
    (tmp_path / "newsedit.toml").write_text("[grammar]\ntimeout = 1.0\n", "utf-8")
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.txt").write_text(f"Headline {name}\n\nDue of rain, the match was off.\n", "utf-8")
    env = {languagetool.CACHE_ENV: str(tmp_path / "cache")}
    done = newsedit("grammar", str(tmp_path), "--lt-url", hung_url, "--no-cache", "--format", "json", env=env)
    assert done.code == 2, done.err
    articles = done.json()["articles"]
    assert len(articles) == 3
    for article in articles:
        [error] = article["errors"]
        assert "did not answer within 1 s" in error or "stopped answering" in error
        # The news rules do not need the server: their findings are still reported.
        assert [f["rule"] for f in article["findings"]] == ["grammar/due-of"]


def test_an_answer_cut_off_halfway_is_asked_again_not_lost(cut_off_url: str, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Hedline\n\nSome text.\n", "utf-8")
    done = newsedit("grammar", str(tmp_path), "--lt-url", cut_off_url, "--no-cache", "--format", "json")
    [article] = done.json()["articles"]
    assert "errors" not in article, article["errors"]
    # The one spelling match of the answer, sent again (an unknown capitalised word: a name to check).
    assert [f["replacements"] for f in article["findings"]] == [["Headline"]]
    assert _CutsItsFirstAnswer.checks == 2


def test_a_named_server_that_is_not_there_is_an_error_for_each_article(tmp_path: Path) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{sock.getsockname()[1]}"  # bound, never listening: refused
        for name in ("a", "b"):
            (tmp_path / f"{name}.txt").write_text(f"Headline {name}\n\nSome text.\n", "utf-8")
        done = newsedit("grammar", str(tmp_path), "--lt-url", url, "--no-cache", "--format", "json")
    assert done.code == 2, done.err
    errors = [a["errors"] for a in done.json()["articles"]]
    assert errors == [[f"grammar: not checked by LanguageTool: cannot reach the LanguageTool server at {url}"]] * 2


@pytest.mark.slow
def test_server_starts_once_is_reused_and_stops_when_idle(languagetool_server: Path, tmp_path: Path) -> None:
    (tmp_path / languagetool.home().name).symlink_to((languagetool_server / languagetool.home().name).resolve())
    env = {languagetool.CACHE_ENV: str(tmp_path)}
    assert newsedit("server", "status", env=env).code == 1
    started = newsedit("server", "start", "--idle-minutes", "0.15", env=env)
    assert started.code == 0 and "running at http://127.0.0.1:" in started.out, started.err
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(languagetool.CACHE_ENV, str(tmp_path))
        state = languagetool.read_state()
        assert state is not None and state.version == languagetool.server_version()
        assert _listening_hosts(state.pid) == {"127.0.0.1"}
        assert newsedit("server", "status", env=env).code == 0
        assert languagetool.ensure_server(idle_minutes=0.15).pid == state.pid
        assert wait_for(lambda: languagetool.read_state() is None and not psutil.pid_exists(state.pid), 120, 0.5)
    assert "idle minutes" in (tmp_path / "languagetool-server.log").read_text("utf-8")


@pytest.mark.slow
def test_killing_the_server_mid_batch_restarts_it_and_rechecks(lt_cache: Path, tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    sample = SAMPLE.read_text("utf-8")
    for i in range(24):
        (folder / f"{i:02}.txt").write_text(f"{sample}\n\nThis is copy number {i} of the story.\n", "utf-8")
    old = languagetool.ensure_server(idle_minutes=30)
    report = _run_killing(runner.Job(paths=[str(folder)], config=Config(), checks=["grammar"]), old)
    assert len(report.articles) == 24
    for article in report.articles:
        assert article.errors == []
        assert "grammar/due-of" in {f.rule for f in article.findings}
    new = languagetool.read_state()
    assert new is not None and new.pid != old.pid and psutil.pid_exists(new.pid)


@pytest.mark.slow
def test_server_stop_ends_it_and_status_says_so(lt_cache: Path) -> None:
    state = languagetool.ensure_server(idle_minutes=30)
    done = newsedit("server", "stop")
    assert done.code == 0 and f"pid {state.pid}" in done.out
    assert languagetool.read_state() is None
    assert wait_for(lambda: not psutil.pid_exists(state.pid), 30)
    assert newsedit("server", "status").code == 1


def _run_killing(job: runner.Job, server: languagetool.ServerState) -> RunReport:
    """Run the job in a thread; SIGKILL the JVM while two or more checks are in flight."""
    out: list[RunReport] = []
    worker = threading.Thread(target=lambda: out.append(runner.run(job)))
    worker.start()
    assert wait_for(lambda: _requests_in_flight(server) >= 2, 120, 0.005), "no concurrent requests seen"
    os.kill(server.pid, signal.SIGKILL)
    worker.join(600)
    assert not worker.is_alive()
    return out[0]


def _requests_in_flight(server: languagetool.ServerState) -> int:
    try:
        connections = psutil.Process(server.pid).net_connections(kind="tcp")
    except psutil.Error:
        return 0
    return sum(1 for c in connections if c.status == psutil.CONN_ESTABLISHED and c.laddr.port == server.port)


def _listening_hosts(pid: int) -> set[str]:
    listening = [c for c in psutil.Process(pid).net_connections(kind="tcp") if c.status == psutil.CONN_LISTEN]
    return {c.laddr.ip.removeprefix("::ffff:") for c in listening}
