"""Each file is checked with the config closest above it, in one run, without restarting checks."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path

import pytest

from cli_helpers import FAST, newsedit
from newsedit import config, runner

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture
def newsroom(tmp_path: Path) -> Path:
    """A root config and three desks: one with its own file, one with a pyproject table, one without."""
    (tmp_path / "newsedit.toml").write_text("[readability]\nmax-grade = 8\nmin-reading-ease = 0\n", "utf-8")
    desks = {
        "world": (".newsedit.toml", 'ignore = ["readability"]\n'),
        "sport": ("pyproject.toml", '[tool.newsedit]\nseverity = { dupes = "error" }\n'
                  '[tool.newsedit.dupes]\nboilerplate = ["^Final whistle$"]\n'),
        "local": (None, ""),
    }  # fmt: skip
    for desk, (name, toml) in desks.items():
        (tmp_path / desk).mkdir()
        if name:
            (tmp_path / desk / name).write_text(toml, "utf-8")
        text = (FIXTURES / "lavrov-north-korea.txt").read_text("utf-8")
        (tmp_path / desk / "story.txt").write_text(text.replace("No comments:", "Final whistle"), "utf-8")
    return tmp_path


def _rules(report: dict[str, object], desk: str) -> dict[str, str]:
    """rule -> severity of the findings of one desk's story."""
    articles = report["articles"]
    assert isinstance(articles, list)
    story = next(a for a in articles if Path(a["path"]).parent.name == desk)
    return {f["rule"]: f["severity"] for f in story["findings"]}


def test_each_folder_gets_its_closest_config(newsroom: Path) -> None:
    report = newsedit("check", *FAST, "--no-cache", "-f", "json", str(newsroom)).json()
    world, sport, local = (_rules(report, d) for d in ("world", "sport", "local"))
    assert not any(r.startswith("readability/") for r in world)  # ignored there
    assert "readability/article-grade" in local  # the root's max-grade = 8 (the story reads at 12.4)
    assert "readability/article-grade" not in sport  # the closest file wins whole: the default target, not the root's
    assert sport["dupes/boilerplate"] == "error" and sport["dupes/repeated-headline"] == "error"
    assert "dupes/boilerplate" not in local and "dupes/boilerplate" not in world  # their own patterns


def test_the_command_line_applies_on_top_of_every_folder(newsroom: Path) -> None:
    report = newsedit("check", *FAST, "--no-cache", "-f", "json", "--ignore", "dupes", str(newsroom)).json()
    for desk in ("world", "sport", "local"):
        assert not any(rule.startswith("dupes/") for rule in _rules(report, desk))
    assert not any(r.startswith("readability/") for r in _rules(report, "world"))


def test_an_explicit_config_applies_to_every_file(newsroom: Path) -> None:
    args = ["check", *FAST, "--no-cache", "-f", "json", "--config", str(newsroom / "world" / ".newsedit.toml")]
    report = newsedit(*args, str(newsroom)).json()
    for desk in ("world", "sport", "local"):
        assert not any(r.startswith("readability/") for r in _rules(report, desk))
        assert "dupes/boilerplate" not in _rules(report, desk)


def test_a_bad_config_in_a_subfolder_stops_the_run_naming_file_and_key(newsroom: Path) -> None:
    bad = newsroom / "sport" / "pyproject.toml"
    bad.write_text("[tool.newsedit.readability]\nmax-grad = 9\n", "utf-8")
    result = newsedit("check", *FAST, "--no-cache", str(newsroom))
    assert result.code == 2 and result.out == ""
    assert str(bad.resolve()) in result.err
    assert "unknown key 'readability.max-grad' (allowed: " in result.err and "max-grade" in result.err


def test_configs_that_agree_on_a_check_share_one_instance(tmp_path: Path) -> None:
    loose, strict = config.Config(), config.Config()
    strict.readability.max_grade = 6.0
    strict.source = tmp_path / "newsedit.toml"
    with ExitStack() as stack:
        scheduler = runner.Scheduler(runner.Job([], loose, ["dupes", "readability"]), stack)
        assert scheduler.check("dupes", loose) is scheduler.check("dupes", strict)
        assert scheduler.check("readability", loose) is not scheduler.check("readability", strict)
        assert scheduler.check("readability", strict) is scheduler.check("readability", strict)


def test_section_labels_follow_each_folder(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "newsedit.toml").write_text('labels = ["Evening Edition"]\n', "utf-8")
    text = "Evening Edition\n\n" + (FIXTURES / "clean.txt").read_text("utf-8")
    for desk in ("a", "b"):
        (tmp_path / desk / "story.txt").write_text(text, "utf-8")
    report = newsedit("check", *FAST, "--no-cache", "-f", "json", str(tmp_path)).json()
    assert "dupes/section-label" in _rules(report, "a")
    assert "dupes/section-label" not in _rules(report, "b")
