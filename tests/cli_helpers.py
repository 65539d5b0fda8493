"""Running the real `newsedit` command in a subprocess, as users and hooks do."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema

# The checks that need no server or model: fast enough for every CLI test.
FAST = ["--skip", "grammar", "--skip", "summary"]


@dataclass
class Result:
    """What a newsedit process printed and returned."""

    code: int
    out: str
    err: str

    def json(self) -> dict[str, Any]:
        """stdout parsed as a JSON report, validated against the shipped schema."""
        report: dict[str, Any] = json.loads(self.out)
        jsonschema.validate(report, report_schema())
        return report


def newsedit(
    *args: str,
    cwd: Path | None = None,
    stdin: bytes | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 600,
) -> Result:
    """Run `python -m newsedit ARGS` and capture everything."""
    proc = subprocess.run(
        [sys.executable, "-m", "newsedit", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        env={**os.environ, **(env or {})},
        timeout=timeout,
    )
    return Result(proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8"))


def report_schema() -> dict[str, Any]:
    """The JSON Schema newsedit ships for its report."""
    text = resources.files("newsedit.data").joinpath("report.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema
