"""The HTML report: one self-contained page, hostile text kept as text, and (in headless Chromium) the page
draws its charts without an error, filters its table and opens an article's findings in context."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

import browser
from cli_helpers import FAST, newsedit
from golden_report import CATALOGUE, ROOT, golden_report, odd_result, sample_result
from newsedit import formats
from newsedit.findings import ArticleResult, InputProblem, RunReport, Severity
from newsedit.formats import RenderOptions, html

CHROMIUM = browser.find()
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="no chromium on PATH (Debian: apt-get install chromium; or set NEWSEDIT_CHROMIUM)"
)
ATTACK = '</script><script>window.pwned=1</script><img src=x onerror="window.pwned=2"><!--'


def data(page: str, name: str) -> object:
    """An embedded JSON block of the page, as the page's script parses it."""
    found = re.search(rf'<script type="application/json" id="{name}">(.*?)</script>', page, re.DOTALL)
    assert found, name
    return json.loads(found[1])


def hostile_report() -> RunReport:
    """Every text the page shows carries an attempt to run script or load something."""
    odd = odd_result()
    odd.path = f"articles/{ATTACK}.md"
    odd.headline = ATTACK
    odd.findings = [
        replace(f, path=odd.path, message=ATTACK, text=ATTACK, replacements=(ATTACK,)) for f in odd.findings
    ]
    odd.notices.append(ATTACK)
    odd.data["summary"] = {"kind": "extractive", "summary": ATTACK}
    return RunReport(articles=[sample_result(), odd], problems=[InputProblem(ATTACK, ATTACK)], notices=[ATTACK])


def test_the_page_is_self_contained() -> None:
    page = formats.render("html", golden_report(), RenderOptions(rules=tuple(CATALOGUE), max_grade=10))
    assert page.startswith("<!DOCTYPE html>") and page.endswith("</html>\n")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", page)  # nothing fetched
    assert "default-src 'none'" in page  # and the browser is told to refuse any fetch
    run = data(page, "run")
    assert isinstance(run, dict) and run["grades"]["target"] == 10
    assert run["rules"]["grammar/due-of"][3] == CATALOGUE[0].explanation


def test_text_from_articles_cannot_leave_the_data_block() -> None:
    page = formats.render("html", hostile_report())
    assert ATTACK not in page and "</script><script>" not in page and "<img" not in page
    assert page.count("<script") == 3  # the two data blocks and the page's own script
    articles = data(page, "articles")
    assert isinstance(articles, list)
    odd = articles[1]
    assert odd[0] == f"articles/{ATTACK}.md" and odd[1] == ATTACK  # the text itself survives, as data
    assert odd[4][0][6] == ATTACK and odd[4][0][8] == [ATTACK]


def test_duplicates_become_groups_and_archive_matches_keep_their_date() -> None:
    base = sample_result()
    anchor = base.findings[0]
    names = ["a/one.txt", "a/two, with comma.txt", "a/three.txt", "a/four.txt", "a/five.txt"]

    def batch(path: str) -> ArticleResult:
        others = [n for n in names if n != path]
        message = f"same headline as {', '.join(others[:3])} and {len(others) - 3} more in this run"
        finding = replace(anchor, path=path, rule="dupes/batch-headline", message=message, severity=Severity.WARNING)
        return ArticleResult(path, base.headline, [finding])

    archived = replace(
        anchor, path="b/old.txt", rule="dupes/archived-body",
        message="body nearly the same as an article already published (similarity 0.91): 'Old story' in "
        "archive/old.txt on 2024-03-01",
    )  # fmt: skip
    articles = [batch(n) for n in names] + [ArticleResult("b/old.txt", "Old", [archived])]
    run = data(formats.render("html", RunReport(articles=articles)), "run")
    assert isinstance(run, dict)
    assert run["clusters"] == [{"members": [0, 1, 2, 3, 4], "rules": ["dupes/batch-headline"]}]
    assert run["archived"] == [
        {"archived": "'Old story' in archive/old.txt on 2024-03-01", "members": [5], "rules": ["dupes/archived-body"]}
    ]


def test_findings_carry_their_sentence() -> None:
    due = next(f for f in sample_result().findings if f.rule == "grammar/due-of")
    before, after = html.context(due)
    assert before == "" and after == " its ongoing war with the South, North Korea possesses a sizable arsenal."
    nanjin = next(f for f in sample_result().findings if f.text == "Nanjin")
    before, after = html.context(nanjin)
    assert before.startswith("In early September, 300 containers") and after.endswith("…")


def test_the_page_streams_a_batch_held_on_disk(tmp_path: Path) -> None:
    from newsedit.results import ResultStore

    one = sample_result()
    with ResultStore(spill_after=5, folder=tmp_path) as store:
        for i in range(12):
            path = f"a/{i:02}.txt"
            store.append(ArticleResult(path, one.headline, [replace(f, path=path) for f in one.findings], one.data))
        pieces = list(html.stream(RunReport(articles=store), RenderOptions()))
    assert len(pieces) > 12  # one piece per article at least
    articles = data("".join(pieces), "articles")
    assert isinstance(articles, list) and len(articles) == 12


def _archived_batch(tmp_path: Path) -> tuple[Path, Path]:
    """Fixtures archived with `index add`, a config naming the archive, and two of them as a new batch."""
    published, batch = tmp_path / "published", tmp_path / "batch"
    published.mkdir()
    batch.mkdir()
    for name in ("clean.txt", "grammar.txt", "american.txt", "long-sentence.txt"):
        (published / name).write_bytes((ROOT / "fixtures" / name).read_bytes())
    for name in ("clean.txt", "long-sentence.txt"):
        (batch / name).write_bytes((ROOT / "fixtures" / name).read_bytes())
    (tmp_path / "newsedit.toml").write_text('[dupes]\nindex = "archive.sqlite"\n', encoding="utf-8")
    added = newsedit("index", "add", str(published), cwd=tmp_path)
    assert added.code == 0, added.err
    return tmp_path / "archive.sqlite", batch


def _page_grades(tmp_path: Path, batch: Path, *extra: str) -> dict[str, object]:
    out = tmp_path / "r.html"
    result = newsedit("check", *FAST, *extra, "--format", "html", "-o", str(out), str(batch), cwd=tmp_path)
    assert result.code in (0, 1), result.err
    grades = data(out.read_text("utf-8"), "run")["grades"]  # type: ignore[index]
    assert isinstance(grades, dict)
    return grades


def test_the_archive_grades_beside_the_batch_are_those_index_add_recorded(tmp_path: Path) -> None:
    _, batch = _archived_batch(tmp_path)
    grades = _page_grades(tmp_path, batch)
    archived, batch_grades = grades["archive"], grades["batch"]
    assert isinstance(archived, list) and isinstance(batch_grades, list)
    assert len(archived) == 4 and len(batch_grades) == 2
    assert set(batch_grades) <= set(archived)  # the same article, the same grade, archived or new
    # The config's formula applies to the archive's counts too.
    (tmp_path / "newsedit.toml").write_text(
        '[dupes]\nindex = "archive.sqlite"\n[readability]\ngrade-formula = "smog"\n', encoding="utf-8"
    )
    smog = _page_grades(tmp_path, batch)
    assert set(smog["batch"]) <= set(smog["archive"]) and smog["archive"] != archived  # type: ignore[arg-type]


def test_an_archive_without_grades_or_with_hostile_rows_still_gives_a_page(tmp_path: Path) -> None:
    import sqlite3

    db, batch = _archived_batch(tmp_path)
    with sqlite3.connect(db) as conn:
        conn.executemany(
            "INSERT INTO readability (digest, counts) VALUES (?, ?)",
            [("x1", "not json"), ("x2", "[1, -1, 2, 3, 4, 5, 6, 7]"), ("x3", '{"words": 9}'), ("x4", "[0, 0, 0]")],
        )
    assert len(_page_grades(tmp_path, batch)["archive"]) == 4  # type: ignore[arg-type]
    with sqlite3.connect(db) as conn:
        conn.execute("DROP TABLE readability")  # an archive from before grades were recorded
    assert _page_grades(tmp_path, batch)["archive"] == []


# ---- in the browser -----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def chrome() -> Iterator[browser.Browser]:
    assert CHROMIUM is not None
    with browser.chromium(CHROMIUM) as running:
        yield running


@pytest.fixture(scope="module")
def fixture_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report of the fixture batch, as `newsedit check fixtures --format html -o` writes it."""
    out = tmp_path_factory.mktemp("html") / "report.html"
    result = newsedit("check", *FAST, "--format", "html", "-o", str(out), "fixtures", cwd=ROOT)
    assert result.code in (0, 1), result.err
    return out


def opened(chrome: browser.Browser, path: Path) -> browser.Page:
    page = browser.Page(chrome)
    page.open(path.as_uri())
    assert page.evaluate("document.body.dataset.ready") == "1", page.errors()
    return page


def rows(page: browser.Page) -> list[str]:
    """The paths of the table's article rows, in order."""
    rows: list[str] = page.evaluate("[...document.querySelectorAll('#rows tr.article .path')].map(e => e.textContent)")
    return rows


def click(page: browser.Page, selector: str) -> None:
    """A real mouse click in the middle of the element."""
    box = page.evaluate(
        f"(() => {{ const e = document.querySelector({json.dumps(selector)}); e.scrollIntoView({{block: 'center'}});"
        " const r = e.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()"
    )
    for kind in ("mousePressed", "mouseReleased"):
        page.send(
            "Input.dispatchMouseEvent", {"type": kind, "x": box[0], "y": box[1], "button": "left", "clickCount": 1}
        )


@needs_chromium
def test_the_fixture_report_renders_without_errors_and_draws_its_charts(
    chrome: browser.Browser, fixture_page: Path
) -> None:
    page = opened(chrome, fixture_page)
    assert page.errors() == []
    assert page.requests() == [fixture_page.as_uri()]  # nothing else was fetched
    assert page.evaluate("document.querySelectorAll('#rules-chart .bar rect').length") >= 5
    assert page.evaluate("document.querySelectorAll('#grades-chart rect.grade-bar').length") >= 10
    assert page.evaluate("document.querySelectorAll('#grades-chart line.target').length") == 1
    assert page.evaluate("document.getElementById('verdict-title').textContent").startswith(("Blocked", "Ready"))
    assert len(rows(page)) == len(list((ROOT / "fixtures").iterdir()))


@needs_chromium
def test_the_table_filters_sorts_and_opens_an_article(chrome: browser.Browser, fixture_page: Path) -> None:
    page = opened(chrome, fixture_page)
    every = rows(page)
    page.evaluate(
        "(s => { s.value = 'clean'; s.dispatchEvent(new Event('change')); })(document.getElementById('f-severity'))"
    )
    clean = rows(page)
    assert 0 < len(clean) < len(every) and "fixtures/clean.txt" in clean
    click(page, "#f-reset")
    page.evaluate("new Promise(r => setTimeout(r, 50))")
    assert rows(page) == every
    click(page, "#f-path")
    page.send("Input.insertText", {"text": "lavrov"})
    assert rows(page) == ["fixtures/lavrov-north-korea.txt"]
    click(page, "#rows tr.article")
    assert page.evaluate("document.querySelectorAll('#rows td.details .finding mark').length") > 5
    assert "Summary" not in page.evaluate("document.querySelector('#rows td.details').textContent")  # FAST: none
    click(page, "#f-reset")
    page.evaluate("new Promise(r => setTimeout(r, 50))")
    click(page, "#rules-chart .bar")  # the most frequent rule: explained, and the table shows its articles
    rule = page.evaluate("document.querySelector('#rules-chart .bar').dataset.rule")
    assert page.evaluate("document.getElementById('rule-explain').hidden") is False
    assert rule in page.evaluate("document.getElementById('rule-explain').textContent")
    assert 0 < len(rows(page)) < len(every)
    click(page, "th[data-sort='path']")
    assert rows(page) == sorted(rows(page))
    assert page.errors() == []


@needs_chromium
def test_hostile_text_runs_nothing_in_the_browser(chrome: browser.Browser, tmp_path: Path) -> None:
    target = tmp_path / "hostile.html"
    target.write_text(formats.render("html", hostile_report()), "utf-8")
    page = opened(chrome, target)
    click(page, "#rows tr.article:nth-of-type(1)")
    page.evaluate("document.querySelectorAll('#rows tr.article').forEach(r => r.click())")
    assert page.evaluate("typeof window.pwned") == "undefined"
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    assert ATTACK in page.evaluate("document.body.textContent")  # shown as the text it is
    assert page.errors() == [] and page.requests() == [target.as_uri()]


@needs_chromium
def test_a_screenshot_of_the_fixture_batch_shows_the_verdict_and_both_charts(
    chrome: browser.Browser, fixture_page: Path
) -> None:
    """Kept as NEWSEDIT_SCREENSHOT (a path) when set, for a person to look at."""
    page = opened(chrome, fixture_page)
    png = page.screenshot()
    if os.environ.get("NEWSEDIT_SCREENSHOT"):
        Path(os.environ["NEWSEDIT_SCREENSHOT"]).write_bytes(png)
    assert png.startswith(b"\x89PNG") and len(png) > 50_000
    regions = page.evaluate(
        "['verdict', 'rules-chart', 'grades-chart', 'articles-table'].map(id => {"
        " const r = document.getElementById(id).getBoundingClientRect();"
        " return [r.x + scrollX, r.y + scrollY, r.width, r.height]; })"
    )
    assert all(w > 100 and h > 50 for _, _, w, h in regions), regions
    colours = browser.colours(chrome, png, regions)
    assert all(n > 20 for n in colours), colours  # drawn: text, bars and lines, not one flat colour
    blank = browser.colours(chrome, png, [[regions[1][0], regions[1][1] + regions[1][3] + 4, 8, 8]])
    assert blank[0] <= 2  # and the gap between cards is plain: the count tells drawing from background


@needs_chromium
def test_what_blocks_publication_lists_every_error_first(chrome: browser.Browser, tmp_path: Path) -> None:
    target = tmp_path / "golden.html"
    target.write_text(formats.render("html", golden_report(), RenderOptions(rules=tuple(CATALOGUE))), "utf-8")
    page = opened(chrome, target)
    assert page.evaluate("document.getElementById('verdict-title').textContent") == "Blocked: 2 errors in 1 article"
    lines = page.evaluate("[...document.querySelectorAll('table.blockers tbody tr')].map(r => r.textContent)")
    assert len(lines) == 3  # the two errors and the check that could not run
    assert "Due of" in lines[1] and "“Due to”" in lines[1] and "safe: newsedit fix applies it" in lines[1]
    assert "not checked: summary: not checked: the model timed out" in lines[2]
    click(page, "table.blockers button.path")  # opens that article's findings in the table
    assert rows(page) == ["articles/lavrov-north-korea.txt"]
    assert page.evaluate("document.querySelectorAll('#rows td.details .finding').length") == 5
    assert page.errors() == []


@needs_chromium
def test_the_archive_grades_are_drawn_beside_the_batch(chrome: browser.Browser, tmp_path: Path) -> None:
    _, batch = _archived_batch(tmp_path)
    out = tmp_path / "r.html"
    result = newsedit("check", *FAST, "--format", "html", "-o", str(out), str(batch), cwd=tmp_path)
    assert result.code in (0, 1), result.err
    page = opened(chrome, out)
    assert page.errors() == []
    assert page.evaluate("document.querySelectorAll('#grades-chart rect.archive-bar').length") >= 1
    assert "the archive (4 articles)" in page.evaluate("document.getElementById('grades-card').textContent")
