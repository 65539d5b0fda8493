"""`--statistics`: counts by rule, in text and JSON, that agree with the JSON report."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from cli_helpers import FAST, newsedit
from golden_report import golden_report
from newsedit.formats import statistics

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def test_statistics_match_the_json_reports_counts() -> None:
    report = newsedit("check", *FAST, "--format", "json", str(FIXTURES)).json()
    stats = json.loads(newsedit("check", *FAST, "--format", "json", "--statistics", str(FIXTURES)).out)
    findings = [f for a in report["articles"] for f in a["findings"]]
    assert {row["rule"]: row["count"] for row in stats} == Counter(f["rule"] for f in findings)
    assert sum(row["count"] for row in stats) == report["totals"]["findings"]
    for row in stats:
        mine = [f for f in findings if f["rule"] == row["rule"]]
        assert row["fixable"] == sum(f["fix"] == "safe" for f in mine)
        assert row["unsafe_fixable"] == sum(f["fix"] == "unsafe" for f in mine)
        assert row["severity"] in {f["severity"] for f in mine}
    assert [row["count"] for row in stats] == sorted((row["count"] for row in stats), reverse=True)


def test_statistics_as_text_print_one_line_per_rule() -> None:
    result = newsedit("check", *FAST, "--statistics", str(FIXTURES))
    assert result.code in (0, 1), result.err
    lines = result.out.splitlines()
    boilerplate = next(line for line in lines if "dupes/boilerplate" in line)
    assert boilerplate.split()[0].isdigit() and boilerplate.split()[2] == "warning" and boilerplate.endswith("[*]")
    assert any(line.startswith("[*] ") and "fixable with `newsedit fix`" in line for line in lines)


def test_statistics_of_the_golden_report() -> None:
    text = statistics.as_text(golden_report())
    assert text.splitlines()[0].split() == ["1", "dupes/repeated-headline", "error", "[*]"]  # errors first among equals
    rows = json.loads(statistics.as_json(golden_report()))
    assert {r["rule"]: (r["severity"], r["count"], r["fixable"]) for r in rows}["grammar/due-of"] == ("error", 1, 1)
