"""Every finding of every check on every fixture points exactly at its text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsedit import checks, inputs, runner
from newsedit.config import Config
from newsedit.findings import RunReport

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _position(text: str, offset: int) -> tuple[int, int]:
    """Line and column counted afresh from the text, independently of newsedit's LineIndex."""
    before = text[:offset]
    breaks = list(re.finditer(r"\r\n|\r|\n", before))
    line_start = breaks[-1].end() if breaks else 0
    return len(breaks) + 1, offset - line_start + 1


@pytest.fixture(scope="module")
def report() -> RunReport:
    """All installed checks over the fixtures folder, as `newsedit check fixtures/` runs them."""
    return runner.run(runner.Job(paths=[str(FIXTURES)], config=Config(), checks=checks.available()))


@pytest.mark.slow
def test_every_finding_slices_back_to_its_text(report: RunReport) -> None:
    assert report.findings(), "the fixtures hold defects: an empty report means a check is broken"
    for finding in report.findings():
        text, _ = inputs.decode(Path(finding.path).read_bytes())
        assert text[finding.start : finding.end] == finding.text, finding
        assert _position(text, finding.start) == (finding.line, finding.column), finding
        assert _position(text, finding.end) == (finding.end_line, finding.end_column), finding


@pytest.mark.slow
def test_every_fixture_was_checked(report: RunReport) -> None:
    checked = {Path(a.path).name for a in report.articles}
    assert checked == {p.name for p in FIXTURES.iterdir() if p.suffix in (".txt", ".md")}
    assert report.problems == []
