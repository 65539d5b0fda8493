"""File names that look like options: the hook manifest passes them after `--`, so they stay files."""

from __future__ import annotations

import shlex
from pathlib import Path

import yaml

from cli_helpers import FAST, newsedit

ROOT = Path(__file__).resolve().parents[2]
CLEAN = (ROOT / "fixtures" / "clean.txt").read_text("utf-8")
NAMES = ["-oREADME.md", "--lt-url=127.0.0.1:18999#.md", "--format=json.md", "@paths.md", "--ray"]


def test_staged_files_named_like_options_are_read_as_articles(tmp_path: Path) -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    assert all(h["args"][-1] == "--" for h in hooks)  # newsedit-fix too: its file names stay files
    (hook,) = [h for h in hooks if h["id"] == "newsedit"]
    entry = shlex.split(hook["entry"])
    assert entry[0] == "newsedit"
    readme = tmp_path / "README.md"
    readme.write_text("# The newsroom\n", "utf-8")
    for name in NAMES:
        (tmp_path / name).write_text(CLEAN, "utf-8")
    # pre-commit runs: entry, args, then the file names; the test's own options go before args.
    result = newsedit(*entry[1:], *FAST, *hook["args"], *NAMES, cwd=tmp_path)
    assert result.code in (0, 1), result.err
    assert "5 articles checked." in result.out and "--format=json.md:" in result.out
    assert readme.read_text("utf-8") == "# The newsroom\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["README.md", *NAMES])
