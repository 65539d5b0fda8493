"""The results store: exact round trips, path order, spilling to a file that never outlives it."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsedit import article, atomic, config, formats, results, runner
from newsedit.findings import ArticleResult, Finding, RunReport, Severity, Totals
from newsedit.formats import RenderOptions
from newsedit.formats import json as json_format

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "fixtures" / "lavrov-north-korea.txt"


def result(path: str, text: str = "Headline\n\nThe minister said due of the rain.\n") -> ArticleResult:
    """A result with findings at real offsets (source lines included) and nested check data."""
    parsed = article.parse(text, path)
    start = text.index("due of") if "due of" in text else 0
    findings = [
        parsed.finding(start, start + 6, "grammar/due-of", 'Use "due to".', severity="error", replacements=["due to"]),
        parsed.finding(0, 8, "dupes/repeated-headline", "Repeated.", severity="info"),
    ]
    data = {"readability": {"article": {"flesch_kincaid_grade": 7.25}, "paragraphs": [{"line": 3, "x": None}]}}
    return ArticleResult(path, "Headline", sorted(findings, key=lambda f: f.sort_key), data)


def sources(findings: list[Finding]) -> list[str]:
    return [f.source for f in findings]


def open_files_under(folder: Path) -> list[str]:
    """Files this process holds open under `folder`, deleted ones included (Linux)."""
    fds = Path("/proc/self/fd")
    found = []
    for fd in fds.iterdir() if fds.is_dir() else []:
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith(str(folder)):
            found.append(target)
    return found


def test_a_result_survives_the_round_trip_exactly() -> None:
    odd = "Bad \udcff byte ünïcode — “quoted”\n\nA line with due of and a tab\there.\n"
    original = result("odd/ünï name.txt", odd)
    original.notices.append("decoded with a warning")
    original.errors.append("summary: not checked")
    back = results.decode(results.encode(original))
    assert back == original
    assert sources(back.findings) == sources(original.findings) and back.findings[0].source
    assert [type(f.severity) for f in back.findings] == [Severity, Severity]
    assert back.findings[1].replacements == ("due to",)


def test_results_come_back_in_path_order_every_time() -> None:
    store = results.ResultStore(spill_after=2)
    for name in ["c.txt", "a.txt", "d.txt", "b.txt"]:
        store.append(result(name))
    assert store.spilled
    paths = [r.path for r in store]
    assert paths == ["a.txt", "b.txt", "c.txt", "d.txt"] == [r.path for r in store]
    assert len(store) == 4 and store[1].path == "b.txt" and [r.path for r in store[-2:]] == ["c.txt", "d.txt"]
    store.close()


def test_small_runs_stay_in_memory_and_spill_past_the_threshold() -> None:
    store = results.ResultStore(spill_after=3)
    kept = [result(f"{i}.txt") for i in range(3)]
    store.extend(kept)
    assert not store.spilled and next(iter(store)) is kept[0]
    store.append(result("3.txt"))
    assert store.spilled and [r.path for r in store] == ["0.txt", "1.txt", "2.txt", "3.txt"]
    assert store.totals() == Totals.of([*kept, result("3.txt")])
    assert store.totals().by_severity == {"error": 4, "warning": 0, "info": 4}
    store.close()


@pytest.mark.parametrize("spill_after", [0, 100])
def test_cross_article_findings_are_merged_in_order(spill_after: int) -> None:
    store = results.ResultStore(spill_after)
    store.extend([result("b.txt"), result("a.txt")])
    extra = result("a.txt").findings[0]
    late = dataclasses.replace(extra, rule="dupes/batch-body", start=1, end=3)
    store.merge({"a.txt": [late], "gone.txt": [late]})
    first = store[0]
    assert [f.rule for f in first.findings] == ["dupes/repeated-headline", "dupes/batch-body", "grammar/due-of"]
    assert first.findings[1].source == late.source
    assert store.totals().findings == 5
    store.close()


def test_the_file_has_no_name_and_is_gone_when_closed(tmp_path: Path) -> None:
    store = results.ResultStore(spill_after=0, folder=tmp_path)
    store.extend(result(f"{i}.txt") for i in range(5))
    assert store.spilled and list(tmp_path.iterdir()) == []
    store.close()
    assert list(tmp_path.iterdir()) == [] and open_files_under(tmp_path) == []
    with pytest.raises(ValueError):
        list(store)


def test_without_a_temporary_folder_results_stay_in_memory(tmp_path: Path) -> None:
    store = results.ResultStore(spill_after=1, folder=tmp_path / "missing")
    store.extend(result(f"{i}.txt") for i in range(3))
    assert not store.spilled and len(store) == 3
    assert store.notices and "results kept in memory" in store.notices[0]


def test_a_full_disk_brings_the_results_back_into_memory() -> None:
    # A real write failure: the file size limit makes the temporary file's writes fail (EFBIG).
    script = textwrap.dedent(
        """
        import resource, signal, sys
        sys.path.insert(0, sys.argv[1])
        from test_results_store import result
        from newsedit import results
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (4000, 4000))
        store = results.ResultStore(spill_after=1)
        store.extend(result(f"{i:02}.txt") for i in range(40))
        print(store.spilled, len(store), [r.path for r in store] == [f"{i:02}.txt" for i in range(40)])
        print(store.notices[0])
        """
    )
    if not hasattr(signal, "SIGXFSZ"):
        pytest.skip("no file size limits here")
    out = subprocess.run([sys.executable, "-c", script, str(ROOT / "tests")], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == "False 40 True"
    assert "no longer fit" in lines[1] and lines[1].endswith("results kept in memory")


def test_rewrite_makes_a_new_store_and_closes_the_old() -> None:
    store = results.ResultStore(spill_after=0)
    store.extend([result("b.txt"), result("a.txt")])
    fresh = results.rewrite(store, lambda r: ArticleResult(r.path, r.headline, r.findings[:1]))
    assert isinstance(fresh, results.ResultStore) and fresh.spilled
    assert [(r.path, len(r.findings)) for r in fresh] == [("a.txt", 1), ("b.txt", 1)]
    assert fresh.totals().findings == 2
    with pytest.raises(ValueError):
        len(store)
    assert results.rewrite([result("x.txt")], lambda r: r)[0].path == "x.txt"


def batch(folder: Path, copies: int = 1) -> Path:
    """The fixtures (`copies` times) plus a copy of the sample, so that duplicates across the run are reported."""
    for n in range(copies):
        shutil.copytree(ROOT / "fixtures", folder / f"copy-{n}")
    shutil.copy(SAMPLE, folder / "copy-of-sample.txt")
    return folder


def run(folder: Path, spill_after: int) -> RunReport:
    cfg = config.for_file(folder, None)
    return runner.run(runner.Job([str(folder)], cfg, ["dupes", "readability"], spill_after=spill_after))


def test_a_spilled_report_writes_the_same_output_as_one_in_memory(tmp_path: Path) -> None:
    folder = batch(tmp_path / "articles")
    spilled, kept = run(folder, 0), run(folder, 1000)
    assert isinstance(spilled.articles, results.ResultStore) and spilled.articles.spilled
    assert not kept.articles.spilled  # type: ignore[attr-defined]
    assert any(f.rule.startswith("dupes/batch-") for f in spilled.findings())
    for name in formats.FORMATS:
        for options in (RenderOptions(), RenderOptions(color=True, show_source=True)):
            assert formats.render(name, spilled, options) == formats.render(name, kept, options), name
            assert "".join(formats.stream(name, spilled, options)) == formats.render(name, kept, options), name
    assert (spilled.worst(), spilled.failed(), spilled.totals()) == (kept.worst(), kept.failed(), kept.totals())
    spilled.close()


def test_streamed_json_is_what_json_dumps_writes(tmp_path: Path) -> None:
    report = run(batch(tmp_path / "articles"), 0)
    report.notices.append("a notice")
    whole = json.dumps(json_format.to_dict(report), ensure_ascii=False, indent=2) + "\n"
    assert formats.render("json", report) == whole
    empty = RunReport(checks=["dupes"])
    assert formats.render("json", empty) == json.dumps(json_format.to_dict(empty), ensure_ascii=False, indent=2) + "\n"
    report.close()


def test_the_golden_report_spilled_renders_as_in_memory() -> None:
    from golden_report import golden_report

    kept = golden_report()
    store = results.ResultStore(spill_after=0)
    store.extend(reversed(golden_report().articles))
    spilled = dataclasses.replace(golden_report(), articles=store)
    for name in formats.FORMATS:
        for options in (RenderOptions(), RenderOptions(color=True, show_source=True)):
            assert formats.render(name, spilled, options) == formats.render(name, kept, options), name
    whole = json.dumps(json_format.to_dict(kept), ensure_ascii=False, indent=2) + "\n"
    assert formats.render("json", spilled) == whole
    store.close()


def test_ctrl_c_keeps_the_spilled_results_until_the_report_is_closed(tmp_path: Path) -> None:
    folder = batch(tmp_path / "articles", copies=4)  # more than one chunk of articles
    tmp = tmp_path / "tmp"
    tmp.mkdir()

    def stop(done: int, total: int, path: str) -> None:
        if done == total - 2:
            raise KeyboardInterrupt

    cfg = config.for_file(folder, None)
    job = runner.Job([str(folder)], cfg, ["readability"], spill_after=0)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tempfile, "tempdir", str(tmp))
        report = runner.run(job, stop)
        assert report.interrupted and report.articles.spilled  # type: ignore[attr-defined]
        assert 0 < len(report.articles) < 33 and len(open_files_under(tmp)) == 1
        assert json.loads(formats.render("json", report))["interrupted"] is True
        report.close()
        assert open_files_under(tmp) == [] and list(tmp.iterdir()) == []


def test_a_failed_run_closes_its_file(tmp_path: Path) -> None:
    folder = batch(tmp_path / "articles", copies=4)
    tmp = tmp_path / "tmp"
    tmp.mkdir()

    def fail(done: int, total: int, path: str) -> None:
        if done == total - 2:
            raise RuntimeError("boom")

    cfg = config.for_file(folder, None)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tempfile, "tempdir", str(tmp))
        with pytest.raises(RuntimeError):
            runner.run(runner.Job([str(folder)], cfg, ["readability"], spill_after=0), fail)
        assert open_files_under(tmp) == [] and list(tmp.iterdir()) == []


def test_a_streamed_report_that_fails_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text("old", "utf-8")

    def pieces() -> Iterator[str]:
        yield "new, half"
        raise OSError("the disk is full")

    with pytest.raises(OSError):
        atomic.write_chunks(target, pieces())
    assert target.read_text("utf-8") == "old" and [p.name for p in tmp_path.iterdir()] == ["report.json"]
    atomic.write_chunks(target, iter(["new ", "report\n"]))
    assert target.read_text("utf-8") == "new report\n"
