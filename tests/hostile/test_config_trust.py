"""Config is trusted only from the user's own files: a planted newsedit.toml steers nothing, and
text sent to a LanguageTool server other than the local one is said on stderr."""

from __future__ import annotations

import os
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from cli_helpers import FAST, newsedit
from stand_in_server import LANGUAGES, JsonHandler, serving

CLEAN = (Path(__file__).resolve().parents[2] / "fixtures" / "clean.txt").read_text("utf-8")
STRICT = "[readability]\nmax-grade = 1.0\n"  # obeyed, it reports the clean fixture's grade
NOBODY = 65534
as_root = pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="chown needs root")


def _grade_rules(report: dict) -> list[str]:  # type: ignore[type-arg]
    return [f["rule"] for a in report["articles"] for f in a["findings"] if f["rule"] == "readability/article-grade"]


def _desk(tmp_path: Path) -> Path:
    """An editor's own folder inside a shared one; returns the article's path."""
    mine = tmp_path / "desk" / "mine"
    mine.mkdir(parents=True)
    (mine / "story.txt").write_text(CLEAN, "utf-8")
    return mine / "story.txt"


def test_a_config_that_every_user_may_write_is_not_obeyed(tmp_path: Path) -> None:
    story = _desk(tmp_path)
    planted = tmp_path / "desk" / "newsedit.toml"
    planted.write_text(STRICT, "utf-8")
    planted.chmod(0o666)
    result = newsedit("check", *FAST, "-f", "json", str(story))
    assert _grade_rules(result.json()) == []
    assert f"{planted}: not used as config: every user may write it" in result.err
    stdin = newsedit("check", *FAST, "-f", "json", "-", cwd=story.parent, stdin=CLEAN.encode())
    assert _grade_rules(stdin.json()) == []
    planted.chmod(0o644)  # the user's own, private: obeyed
    assert _grade_rules(newsedit("check", *FAST, "-f", "json", str(story)).json())


@as_root
def test_another_users_config_in_a_shared_folder_is_not_obeyed(tmp_path: Path) -> None:
    story = _desk(tmp_path)
    planted = tmp_path / "desk" / "newsedit.toml"
    planted.write_text(STRICT, "utf-8")
    os.chown(planted, NOBODY, NOBODY)
    result = newsedit("check", *FAST, "-f", "json", str(story))
    assert _grade_rules(result.json()) == []
    assert f"not used as config: owned by another user (uid {NOBODY})" in result.err


@as_root
def test_discovery_stops_below_a_folder_every_user_may_write(tmp_path: Path) -> None:
    story = _desk(tmp_path)
    shared = tmp_path / "desk"
    (shared / "pyproject.toml").write_text("[tool.newsedit.readability]\nmax-grade = 1.0\n", "utf-8")
    os.chown(shared, NOBODY, NOBODY)
    shared.chmod(0o1777)  # a sticky shared folder (/tmp, /srv/desk): anyone may add files
    for args, cwd in (([str(story)], None), (["-"], story.parent)):
        report = newsedit("check", *FAST, "-f", "json", *args, cwd=cwd, stdin=CLEAN.encode()).json()
        assert _grade_rules(report) == []


@as_root
def test_a_config_naming_another_users_model_or_archive_is_refused(tmp_path: Path) -> None:
    story = _desk(tmp_path)
    model = tmp_path / "model"
    model.mkdir()
    os.chown(model, NOBODY, NOBODY)
    (story.parent / "newsedit.toml").write_text(f'[summary]\nmodel = "{model}"\n', "utf-8")
    result = newsedit("check", *FAST, str(story))
    assert result.code == 2
    assert f"'summary.model' names {model}, which newsedit does not use: owned by another user" in result.err


class _Recorder(JsonHandler):
    """A LanguageTool stand-in that records the text it is sent."""

    texts: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.answer(LANGUAGES)

    def do_POST(self) -> None:
        form = urllib.parse.parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode("utf-8"))
        type(self).texts.extend(form.get("text", []) + form.get("data", []))
        self.answer({"matches": []})


@pytest.fixture
def recorder() -> Iterator[str]:
    _Recorder.texts = []
    with serving(_Recorder) as url:
        yield url


def test_text_sent_to_a_server_other_than_the_local_one_is_said_on_stderr(tmp_path: Path, recorder: str) -> None:
    story = _desk(tmp_path)
    config = story.parent / "newsedit.toml"
    config.write_text(f'[grammar]\nlt-url = "{recorder}"\n', "utf-8")
    result = newsedit("grammar", "--no-cache", "-f", "json", str(story))
    assert result.code == 0, result.err
    assert _Recorder.texts  # the text did go there
    assert f"article text is sent to the LanguageTool server at {recorder} (grammar.lt-url in {config})" in result.err
    option = newsedit("grammar", "--no-cache", "--lt-url", recorder, "-f", "json", str(story), "--config", str(config))
    assert f"server at {recorder} (--lt-url or NEWSEDIT_LT_URL)" in option.err
