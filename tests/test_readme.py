"""The README's onboarding snippets work as written: the pre-commit config, the install tag, the house rules file."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

from newsedit import __version__, house_rules

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text("utf-8")


def block(language: str, holding: str) -> str:
    """The README's fenced block of this language that holds the text."""
    found = [b for b in re.findall(rf"```{language}\n(.*?)```", README, re.DOTALL) if holding in b]
    assert len(found) == 1, holding
    return found[0]


def test_the_pre_commit_snippet_is_a_whole_config_pinned_to_this_versions_tag() -> None:
    config = yaml.safe_load(block("yaml", "repos:"))
    (repo,) = config["repos"]
    assert repo["rev"] == f"v{__version__}"
    manifest = {h["id"] for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))}
    assert [h["id"] for h in repo["hooks"]] == ["newsedit", "newsedit-fix"] and manifest == {"newsedit", "newsedit-fix"}
    from pre_commit.clientlib import CONFIG_SCHEMA, cfgv

    cfgv.validate(config, CONFIG_SCHEMA)


def test_the_install_lines_pin_the_same_tag() -> None:
    installs = block("sh", 'pip install "git+')
    assert installs.count(f"@v{__version__}") == 2 and "pip install newsedit\n" not in README


def test_the_house_rules_example_loads_and_passes_its_examples(tmp_path: Path) -> None:
    text = block("toml", "[[rule]]")
    tomllib.loads(text)
    (tmp_path / "house.toml").write_text(text, "utf-8")
    (rule,) = house_rules.load(tmp_path / "house.toml")
    assert rule.id == "house/mln"
