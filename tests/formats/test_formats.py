"""Every CI format against its golden file, for one hand-made report that no check change can move.

Regenerate the golden files after an intended change with
`NEWSEDIT_UPDATE_GOLDEN=1 pytest tests/formats/test_formats.py`.
"""

from __future__ import annotations

import os

import pytest

from golden_report import CATALOGUE, ODD_TEXT, ROOT, golden_report
from newsedit import __version__, formats
from newsedit.findings import Finding
from newsedit.formats import RenderOptions, sarif

GOLDEN = ROOT / "tests" / "golden"
UPDATE = os.environ.get("NEWSEDIT_UPDATE_GOLDEN") == "1"
CI_FORMATS = {"sarif": "sarif.json", "junit": "junit.xml", "github": "github.txt", "markdown": "markdown.md"}


def render_golden(name: str) -> str:
    """One format of the golden report; SARIF gets the fixed catalogue and a placeholder version."""
    report = golden_report()
    if name == "sarif":
        return sarif.dump(sarif.to_dict(report, CATALOGUE)).replace(f'"{__version__}"', '"<version>"')
    return formats.render(name, report, RenderOptions())


@pytest.mark.parametrize("name", sorted(CI_FORMATS))
def test_format_matches_its_golden_file(name: str) -> None:
    path = GOLDEN / CI_FORMATS[name]
    out = render_golden(name)
    if UPDATE:
        path.write_bytes(out.encode("utf-8"))
    assert out == path.read_bytes().decode("utf-8"), f"{path.name} changed: rerun with NEWSEDIT_UPDATE_GOLDEN=1"


def test_every_ci_format_is_registered_and_pure() -> None:
    report = golden_report()
    for name in CI_FORMATS:
        assert name in formats.FORMATS
        assert formats.render(name, report) == formats.render(name, report)


def test_findings_in_the_golden_report_slice_back_to_their_text() -> None:
    texts = {
        "articles/lavrov-north-korea.txt": (ROOT / "fixtures" / "lavrov-north-korea.txt").read_text("utf-8"),
        "articles/odd, name: 100%.md": ODD_TEXT,
    }
    findings: list[Finding] = golden_report().findings()
    assert len(findings) == 7
    for f in findings:
        assert texts[f.path][f.start : f.end] == f.text
