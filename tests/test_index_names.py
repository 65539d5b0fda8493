"""`newsedit index names`: names an archive uses again and again, proposed for the desk's names list."""

from __future__ import annotations

from pathlib import Path

from cli_helpers import newsedit

STORIES = [
    "Council Approves Budget For Harbour\n\nThe Harbour Board met on Monday. Council leader Amira Haddad said the "
    "vote was close.\n\nThe vote followed a long debate, Amira Haddad added.\n",
    "Harbour Reopens\n\nThe Harbour Board said the harbour reopened. Amira Haddad welcomed the news.\n",
    "Ferry Returns\n\nFerries returned on Friday, the Harbour Board said, and Amira Haddad thanked the crews.\n",
    "Storm Warning\n\nThe storm may return, forecasters said.\n",
]


def test_names_used_in_enough_articles_are_proposed_as_a_names_file(tmp_path: Path) -> None:
    for i, story in enumerate(STORIES):
        (tmp_path / f"{i}.txt").write_text(story, "utf-8")
    result = newsedit("index", "names", ".", "--min-articles", "3", cwd=tmp_path)
    assert result.code == 0, result.err
    # "The Harbour Board" opens sentences: "The" is mostly written "the" in these articles, so it is dropped.
    # Headlines are title case: "Council Approves Budget" is no name.
    assert result.out.splitlines()[1:] == ["Amira Haddad  # 3 articles", "Harbour Board  # 3 articles"]


def test_names_already_listed_are_left_out(tmp_path: Path) -> None:
    for i, story in enumerate(STORIES):
        (tmp_path / f"{i}.txt").write_text(story, "utf-8")
    (tmp_path / "names.txt").write_text("Amira Haddad\n", "utf-8")
    (tmp_path / "newsedit.toml").write_text('[grammar]\nnames = ["names.txt"]\n', "utf-8")
    result = newsedit("index", "names", ".", cwd=tmp_path)
    assert result.out.splitlines()[1:] == ["Harbour Board  # 3 articles"]
