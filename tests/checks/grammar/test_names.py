"""The desk's names list (grammar.names): listed names are never misspellings, their near misses are errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_helpers import newsedit
from newsedit import namelist
from newsedit.config import load

NAMES = """\
# MPs and mayors
Keir Starmer
Sadiq Khan
Volodymyr Zelenskyy | Zelensky | Volodymyr Zelensky
Ed Davey
Tomasz Brzozowiak
"""


def names() -> namelist.NameList:
    return namelist.build(namelist.parse(NAMES))


def misses(text: str) -> list[tuple[str, str]]:
    return [(text[s:e], right) for s, e, right in names().near_misses(text)]


def test_one_word_a_letter_off_a_listed_name_is_a_near_miss_of_it() -> None:
    text = "Kier Starmer met Sadiq Kahn and Volodymyr Zelenskiy; Keir Starmar spoke later."
    assert misses(text) == [
        ("Kier Starmer", "Keir Starmer"),
        ("Sadiq Kahn", "Sadiq Khan"),
        ("Volodymyr Zelenskiy", "Volodymyr Zelenskyy"),
        ("Keir Starmar", "Keir Starmer"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Keir Starmer and Sadiq Khan met.",  # listed
        "Volodymyr Zelensky spoke.",  # a listed variant
        "Keir Starmer's plan.",  # a possessive
        "Kier, Starmer said.",  # not one run of words
        "Sadiq Kahnemann spoke.",  # more than a letter or two off
        "Ed Dave spoke.",  # the listed word it shares is too short to tell
        "sadiq kahn spoke.",  # lower case: not written as a name
        "Keir STARMER spoke.",  # case alone is no misspelling
        "Kahn spoke.",  # one word of a name proves nothing
    ],
)
def test_listed_names_their_variants_and_far_or_partial_matches_are_not_near_misses(text: str) -> None:
    assert misses(text) == []


def test_distance_counts_a_swap_of_neighbours_as_one_edit() -> None:
    assert namelist.distance("kier", "keir") == 1
    assert namelist.distance("kahn", "khan") == 1
    assert namelist.distance("starmar", "starmer") == 1
    assert namelist.distance("abc", "cab") == 2


def test_the_list_vouches_for_every_word_of_its_names() -> None:
    assert {"Keir", "Starmer", "Zelenskyy", "Zelensky", "Khan"} <= names().words


def test_names_files_are_relative_to_the_config_and_a_missing_one_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "desk").mkdir()
    (tmp_path / "desk" / "names.txt").write_text(NAMES, "utf-8")
    (tmp_path / "newsedit.toml").write_text('[grammar]\nnames = ["desk/names.txt"]\n', "utf-8")
    assert ("Keir", "Starmer") in namelist.load_all(load(tmp_path / "newsedit.toml")).canonical
    (tmp_path / "newsedit.toml").write_text('[grammar]\nnames = ["desk/missing.txt"]\n', "utf-8")
    (tmp_path / "a.txt").write_text("Headline\n\nText.\n", "utf-8")
    result = newsedit("readability", "a.txt", cwd=tmp_path)
    assert result.code == 2
    assert f"grammar.names: cannot read {tmp_path / 'desk' / 'missing.txt'}" in result.err


ARTICLE = """\
Mayor and leader meet

Kier Starmer met Sadiq Kahn at City Hall on Monday, and the envoy Tomasz Brzozowiak joined them by video link.
"""


def _grammar(tmp_path: Path, config: str) -> list[tuple[str, str, list[str]]]:
    (tmp_path / "newsedit.toml").write_text(config, "utf-8")
    (tmp_path / "a.txt").write_text(ARTICLE, "utf-8")
    result = newsedit("grammar", "a.txt", "--format", "json", "--no-cache", cwd=tmp_path)
    report = json.loads(result.out)
    return [(f["rule"], f["text"], f["replacements"]) for f in report["articles"][0]["findings"]]


@pytest.mark.slow
def test_a_names_list_corrects_kier_starmer_and_sadiq_kahn_on_the_real_server(lt_cache: Path, tmp_path: Path) -> None:
    (tmp_path / "names.txt").write_text(NAMES, "utf-8")
    without = _grammar(tmp_path, "")
    assert not [f for f in without if f[0] == "grammar/name-spelling"]
    assert any(text == "Brzozowiak" for _, text, _ in without)  # LanguageTool does not know the name
    found = _grammar(tmp_path, '[grammar]\nnames = ["names.txt"]\n')
    assert [f for f in found if f[0] == "grammar/name-spelling"] == [
        ("grammar/name-spelling", "Kier Starmer", ["Keir Starmer"]),
        ("grammar/name-spelling", "Sadiq Kahn", ["Sadiq Khan"]),
    ]
    # The name finding settles those words; a listed name is never a misspelling.
    others = [f for f in found if f[0] != "grammar/name-spelling"]
    assert not [f for f in others if f[1] in ("Kier", "Kahn", "Tomasz", "Brzozowiak")], others
