"""One plan per config: its checks, selection and cache tokens decided once, however many articles and folders."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from newsedit import cache, config, plan, runner
from newsedit.cache import Cache

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
FAST = ["dupes", "readability"]


def test_a_plan_keeps_the_checks_its_selection_wants() -> None:
    made = plan.Plan.of(config.Config(select=["readability"]), FAST)
    assert made.checks == ("readability",)
    assert made.selection.wants("readability/long-sentence") and not made.selection.wants("dupes/teaser")
    assert made.settings("readability") == cache.settings("readability", made.config)


def test_folders_that_share_a_config_share_one_plan_and_its_tokens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for folder in ("a", "b", "b/c"):
        (tmp_path / folder).mkdir(parents=True)
        for name in ("clean.txt", "long-sentence.txt"):
            shutil.copy(FIXTURES / name, tmp_path / folder / name)
    (tmp_path / "newsedit.toml").write_text("[readability]\nmax-grade = 9\n", "utf-8")
    loaded = config.load(tmp_path / "newsedit.toml")
    tokens: list[str] = []
    real = cache.check_token
    monkeypatch.setattr(cache, "check_token", lambda name, cfg: tokens.append(name) or real(name, cfg))
    store = Cache(tmp_path / "cache" / "results.sqlite3")
    job = runner.Job([str(tmp_path)], loaded, FAST, config_for=lambda folder: loaded, cache=store)
    report = runner.run(job)
    store.close()
    try:
        assert len(report.articles) == 6
        assert sorted(tokens) == FAST  # once per check for the one config, not once per article or folder
    finally:
        report.close()
