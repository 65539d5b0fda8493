"""Reports and fixes written to what is not a plain file: FIFOs, /dev/stdout, symlinks, an input."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

from cli_helpers import FAST, newsedit

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
CLEAN = (FIXTURES / "clean.txt").read_text("utf-8")


def _article(folder: Path) -> Path:
    path = folder / "a.txt"
    path.write_text(CLEAN, "utf-8")
    return path


def test_a_report_to_a_fifo_is_written_into_it_and_the_fifo_stays(tmp_path: Path) -> None:
    article = _article(tmp_path)
    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    result = newsedit("check", *FAST, "-f", "json", "-o", str(fifo), str(article))
    reader.join(timeout=60)
    assert result.code == 0, result.err
    assert b'"articles"' in got[0]
    assert fifo.is_fifo()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "report.fifo"]


def test_a_report_to_dev_stdout_or_a_link_to_it_goes_to_standard_output(tmp_path: Path) -> None:
    article = _article(tmp_path)
    link = tmp_path / "out"
    link.symlink_to("/dev/stdout")
    for target in ("/dev/stdout", str(link)):
        result = newsedit("check", *FAST, "-o", target, str(article))
        assert result.code == 0, result.err
        assert "No findings: 1 article checked." in result.out
    assert link.is_symlink() and os.readlink(link) == "/dev/stdout"
    assert Path("/dev/stdout").is_symlink() or not Path("/dev/stdout").is_file()


def test_a_report_through_process_substitution_reaches_the_reader(tmp_path: Path) -> None:
    article = _article(tmp_path)
    count = tmp_path / "count"
    script = f"{sys.executable} -m newsedit check {' '.join(FAST)} -o >(wc -c > {count}) {article}"
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    deadline = time.monotonic() + 30  # the reader may still be finishing
    while time.monotonic() < deadline and not (count.exists() and count.read_text().strip()):
        time.sleep(0.1)
    assert int(count.read_text().strip()) > 20


def test_a_report_to_a_symlinked_file_replaces_the_target_and_keeps_the_link(tmp_path: Path) -> None:
    article = _article(tmp_path)
    real = tmp_path / "real.txt"
    real.write_text("old report\n", "utf-8")
    link = tmp_path / "report.txt"
    link.symlink_to(real.name)
    result = newsedit("check", *FAST, "-o", str(link), str(article))
    assert result.code == 0, result.err
    assert link.is_symlink() and "No findings" in real.read_text("utf-8")


def test_a_report_path_that_is_an_input_is_refused(tmp_path: Path) -> None:
    article = _article(tmp_path)
    alias = tmp_path / "alias.txt"
    alias.symlink_to(article.name)
    for output in (article, alias):
        result = newsedit("check", *FAST, str(tmp_path), "-o", str(output))
        assert result.code == 2
        assert "would overwrite it" in result.err
        assert article.read_text("utf-8") == CLEAN


def test_kill_9_while_writing_a_report_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    target.write_text("old\n", "utf-8")
    script = textwrap.dedent(
        f"""
        import sys, time
        from pathlib import Path
        from newsedit.atomic import write_chunks

        def chunks():
            yield "first part\\n"
            print("writing", flush=True)
            time.sleep(60)
            yield "never\\n"

        write_chunks(Path({str(target)!r}), chunks())
        """
    )
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline() == "writing\n"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.txt"]
    assert target.read_text("utf-8") == "old\n"


def test_sigterm_while_writing_removes_the_named_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    script = textwrap.dedent(
        f"""
        import time
        from pathlib import Path
        from newsedit import atomic, cli

        cli.exit_on_sigterm()  # as `newsedit` does on start
        atomic._tmpfile = lambda folder: None  # a file system without O_TMPFILE: a named temporary file

        def chunks():
            yield "first part\\n"
            print("writing", flush=True)
            time.sleep(60)
            yield "never\\n"

        try:
            atomic.write_chunks(Path({str(target)!r}), chunks())
        except KeyboardInterrupt:  # SIGTERM stops as Ctrl-C does; newsedit's main gives 143
            raise SystemExit(128 + cli.GLOBAL_OPTIONS.stop_signal)
        """
    )
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline() == "writing\n"
    assert any(p.name.endswith(".tmp") for p in tmp_path.iterdir())  # the fallback is in use
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=30) == 128 + signal.SIGTERM
    assert list(tmp_path.iterdir()) == []


def test_fix_writes_through_a_symlink_and_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "store" / "bridge.txt"
    real.parent.mkdir()
    shutil.copy(FIXTURES / "boilerplate.txt", real)
    link = tmp_path / "bridge.txt"
    link.symlink_to(real)
    result = newsedit("fix", "--skip", "grammar", "--no-cache", str(link))
    assert result.code == 0, result.err
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert "Share this" not in real.read_text("utf-8")
    assert sorted(p.name for p in real.parent.iterdir()) == ["bridge.txt"]
