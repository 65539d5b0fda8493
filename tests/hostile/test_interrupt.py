"""Ctrl-C in the middle of a batch: a clean stop, the partial report written, nothing half-written."""

from __future__ import annotations

import json
import signal
from pathlib import Path

import interrupting
from cli_helpers import FAST


def test_ctrl_c_mid_batch_writes_the_partial_report(tmp_path: Path) -> None:
    batch = tmp_path / "batch"
    fifo = interrupting.batch_waiting_at(batch, 200, at=100)  # the run waits there, mid-batch
    out = tmp_path / "report.json"
    proc = interrupting.start(
        "check", *FAST, "--no-cache", "-f", "json", "-o", str(out), "--manifest", str(interrupting.listing(batch))
    )
    err = interrupting.interrupt_in_read(proc, fifo)
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    assert "newsedit: interrupted" in err
    report = json.loads(out.read_text("utf-8"))
    assert report["interrupted"] is True
    assert 0 < len(report["articles"]) < 100
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp file left


def test_sigterm_mid_batch_writes_the_partial_report_as_ctrl_c_does(tmp_path: Path) -> None:
    batch = tmp_path / "batch"
    fifo = interrupting.batch_waiting_at(batch, 200, at=100)
    out = tmp_path / "report.json"
    listing = str(interrupting.listing(batch))
    proc = interrupting.start("check", *FAST, "--no-cache", "-f", "json", "-o", str(out), "--manifest", listing)
    err = interrupting.interrupt_in_read(proc, fifo, signal.SIGTERM)
    assert proc.returncode == 128 + signal.SIGTERM, err
    assert "Traceback" not in err and "newsedit: terminated" in err
    report = json.loads(out.read_text("utf-8"))
    assert report["interrupted"] is True
    assert 0 < len(report["articles"]) < 100
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
