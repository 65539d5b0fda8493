"""Article text and file names cannot drive the terminal or GitHub Actions through newsedit's output."""

from __future__ import annotations

import re
from pathlib import Path

from cli_helpers import FAST, newsedit

CLEAN = (Path(__file__).resolve().parents[2] / "fixtures" / "clean.txt").read_text("utf-8")
HOSTILE = (
    "Council backs bus plan\n\n"
    "::warning file=README.md,line=1::The mayor said the new routes would start in June.\n\n"
    "The council \x1b]0;pwned\x07approved the routes on Tuesday \u202eevil\u202c after a long debate.\n"
)
COMMAND = re.compile(r"^\s*::", re.MULTILINE)


def _unsafe(text: str) -> list[str]:
    return [c for c in text if c in "\x1b\x07\u202e\u202c" or (ord(c) < 32 and c not in "\n")]


def test_text_output_escapes_controls_and_bidi_and_neutralises_workflow_commands(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(HOSTILE, "utf-8")
    for command in (["check", "--skip", "grammar"], ["dupes"], ["fix", "--skip", "grammar", "--diff"]):
        result = newsedit(*command, "--no-cache", str(path))
        both = result.out + result.err if command[0] != "fix" else result.err
        assert "Traceback" not in result.err
        assert _unsafe(both) == [], command
        assert not COMMAND.search(both), command
    shown = newsedit("check", "--skip", "grammar", "--no-cache", str(path)).out  # the summary quotes the article
    assert "\\x3a:warning file=README.md" in shown and "\\u202eevil\\u202c" in shown and "\\x1b]0;pwned" in shown


def test_a_file_name_with_a_newline_and_a_command_stays_on_one_line(tmp_path: Path) -> None:
    name = "a\n::error file=x::pwned\x1b[2J.txt"
    (tmp_path / name).write_text(CLEAN.replace("three", "three three three three"), "utf-8")
    (tmp_path / "twin.txt").write_text(CLEAN.replace("three", "three three three three"), "utf-8")
    for fmt in ("text", "github", "markdown", "junit", "sarif"):
        result = newsedit("check", *FAST, "--no-cache", "-f", fmt, str(tmp_path))
        assert "Traceback" not in result.err, fmt
        out = result.out
        # github: the runner decodes %0A and friends back into the name, so what it shows is exact
        assert "\x1b" not in out or fmt == "github", fmt
        if fmt in ("text", "github"):  # line-based: every line is newsedit's own
            assert all(not line.lstrip().startswith("::error file=x") for line in out.splitlines()), fmt
    text = newsedit("check", *FAST, "--no-cache", str(tmp_path)).out
    assert "a\\x0a::error file=x::pwned\\x1b[2J.txt'" in text  # quoted and escaped, on one line
