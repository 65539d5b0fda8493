"""LanguageTool for benchmarks: a cache folder of their own for newsedit's server, or a plain server of their own."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def cache_folder(prefix: str) -> Iterator[Path]:
    """NEWSEDIT_CACHE_DIR set to a new folder sharing the installed jars; its server stops at the end."""
    from newsedit.backends import languagetool

    if not languagetool.installed():
        sys.exit("LanguageTool is not set up: run `newsedit setup` first")
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    (folder / languagetool.home().name).symlink_to(languagetool.home(), target_is_directory=True)
    previous = os.environ.get(languagetool.CACHE_ENV)
    os.environ[languagetool.CACHE_ENV] = str(folder)
    try:
        yield folder
    finally:
        languagetool.stop_server()
        if previous is None:
            os.environ.pop(languagetool.CACHE_ENV, None)
        else:
            os.environ[languagetool.CACHE_ENV] = previous
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def plain_server(prefix: str, properties: dict[str, str] | None = None, news_rules: bool = False) -> Iterator[str]:
    """LanguageTool as released (the installed jars; newsedit's rule pack only with `news_rules`) on a
    free port, with these server properties if given; yields its URL and stops it at the end."""
    from newsedit.backends import languagetool

    folder = Path(tempfile.mkdtemp(prefix=prefix))
    options = []
    if properties is not None:
        (folder / "server.properties").write_text("".join(f"{k}={v}\n" for k, v in properties.items()), "utf-8")
        options = ["--config", str(folder / "server.properties")]
    port = _free_port()
    jars = [*([str(languagetool.news_rules_dir())] if news_rules else []), str(languagetool.home() / "lib" / "*")]
    command = [
        languagetool.java(), *languagetool.JVM_OPTIONS, "-cp", os.pathsep.join(jars),
        languagetool.MAIN_CLASS, "--port", str(port), *options,
    ]  # fmt: skip
    with (folder / "server.log").open("wb") as log:
        jvm = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + languagetool.START_TIMEOUT_S
        while not languagetool.healthy(url):
            if jvm.poll() is not None or time.monotonic() > deadline:
                sys.exit(f"the benchmark's LanguageTool server did not start; see {folder / 'server.log'}")
            time.sleep(0.2)
        yield url
    finally:
        jvm.terminate()
        jvm.wait(30)
        shutil.rmtree(folder, ignore_errors=True)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port
