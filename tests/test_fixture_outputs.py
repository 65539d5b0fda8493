"""Every fixture's report, byte for byte: a change of layout must not change a single output.

Regenerate after an intended change with `NEWSEDIT_UPDATE_GOLDEN=1 pytest tests/test_fixture_outputs.py`.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cli_helpers import FAST, newsedit

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = sorted(path.name for path in (ROOT / "fixtures").iterdir() if path.is_file())
GOLDEN = Path(__file__).parent / "golden" / "fixtures"
UPDATE = os.environ.get("NEWSEDIT_UPDATE_GOLDEN") == "1"
SUFFIX = {"json": "json", "text": "txt"}


def compare(out: str, path: Path) -> None:
    """The output equals the golden file (or becomes it, when regenerating)."""
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(out.encode("utf-8"))
    if not path.is_file():  # a new fixture: its report is recorded once it has been looked at
        pytest.fail(f"no golden file {path.name}: check the output, then run with NEWSEDIT_UPDATE_GOLDEN=1")
    assert out == path.read_bytes().decode("utf-8"), f"{path.name} changed: rerun with NEWSEDIT_UPDATE_GOLDEN=1"


@pytest.mark.parametrize("fmt", ["json", "text"])
@pytest.mark.parametrize("name", FIXTURES)
def test_fast_checks_report_each_fixture_as_before(name: str, fmt: str) -> None:
    result = newsedit("check", *FAST, "--format", fmt, "--no-cache", f"fixtures/{name}", cwd=ROOT)
    assert result.code in (0, 1), result.err
    compare(result.out, GOLDEN / f"{name}.{SUFFIX[fmt]}")


@pytest.mark.slow
@pytest.mark.parametrize("name", FIXTURES)
def test_grammar_reports_each_fixture_as_before(name: str, lt_cache: Path) -> None:
    result = newsedit("grammar", "--format", "json", "--no-cache", f"fixtures/{name}", cwd=ROOT)
    assert result.code in (0, 1), result.err
    compare(result.out, GOLDEN / f"{name}.grammar.json")
