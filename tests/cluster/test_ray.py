"""`--ray`: the checks in Ray actors on a real local Ray instance give the report a single process gives."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import wait
from pathlib import Path
from typing import Any

import psutil
import pytest

import interrupting
import tiny_model
from cli_helpers import FAST, newsedit
from newsedit import checks, config, formats, manifest, runner
from newsedit.checks.dupes import batch, fingerprints
from newsedit.cluster import cli as ray_cli
from newsedit.cluster import dupes as cluster_dupes
from newsedit.cluster import pool
from newsedit.cluster.pool import RayPool
from newsedit.errors import BackendError

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def _batch(folder: Path, count: int) -> Path:
    """Fixtures and variants of them: some the same story twice (a duplicate across the batch)."""
    folder.mkdir(parents=True)
    sources = [*sorted(FIXTURES.glob("*.txt")), FIXTURES / "article.md"]
    for i in range(count):
        source = sources[i % len(sources)]
        text = source.read_text("utf-8")
        if i % 5:
            text = text.replace("\n\n", f"\n\nStory {i} adds one more line here.\n\n", 1)
        (folder / f"{i:04}{source.suffix}").write_text(text, "utf-8")
    return folder


def _raylets() -> set[int]:
    return {p.pid for p in psutil.process_iter(["name"]) if p.info["name"] == "raylet"}


@pytest.fixture
def ray_installed() -> None:
    """Skip where the ray extra is missing; fail if a run leaves a Ray process behind."""
    pytest.importorskip("ray")
    before = _raylets()
    yield
    deadline = time.monotonic() + 30
    while _raylets() - before and time.monotonic() < deadline:
        time.sleep(0.5)
    assert _raylets() - before == set(), "a Ray instance was left running"


def test_ray_without_an_address_means_a_local_instance() -> None:
    assert ray_cli.argv(["check", "--ray", "docs"]) == ["check", "--ray", "local", "docs"]
    assert ray_cli.argv(["check", "a.txt", "--ray"]) == ["check", "a.txt", "--ray", "local"]
    assert ray_cli.argv(["check", "--ray", "auto", "d"]) == ["check", "--ray", "auto", "d"]
    assert ray_cli.argv(["check", "--ray", "ray://head:10001", "d"])[2] == "ray://head:10001"
    assert ray_cli.argv(["check", "--ray", "10.0.0.5:6379", "d"])[2] == "10.0.0.5:6379"


def test_a_manifest_lists_the_paths(tmp_path: Path) -> None:
    batch = _batch(tmp_path / "b", 6)
    listing = tmp_path / "list.txt"
    listing.write_text("# the batch\nb/0000.txt\n\n" + str(batch / "0002.txt") + "\n", "utf-8")
    assert manifest.expand(["x.txt"], listing) == ["x.txt", str(batch / "0000.txt"), str(batch / "0002.txt")]
    via_option = newsedit("check", *FAST, "--no-cache", "-f", "json", "--manifest", str(listing))
    assert via_option.code == 0
    assert [a["path"] for a in via_option.json()["articles"]] == [str(batch / "0000.txt"), str(batch / "0002.txt")]
    missing = newsedit("check", *FAST, "--manifest", str(tmp_path / "nope.txt"))
    assert missing.code == 2 and "cannot read the manifest" in missing.err


@pytest.mark.slow
def test_a_ray_run_reports_exactly_what_one_process_reports(
    ray_installed: None, lt_cache: Path, tmp_path: Path
) -> None:
    batch = _batch(tmp_path / "batch", 40)
    args = ["check", "--skip", "summary", "--no-cache", "-f", "json", str(FIXTURES), str(batch)]
    one = newsedit(*args)
    on_ray = newsedit(*args, "--ray")
    assert on_ray.code == one.code == 1, on_ray.err
    assert on_ray.json() == one.json()
    rules = {f["rule"].split("/")[0] for a in one.json()["articles"] for f in a["findings"]}
    assert {"grammar", "dupes", "readability"} <= rules  # every kind of check ran
    assert any(f["rule"] == "dupes/batch-headline" for a in one.json()["articles"] for f in a["findings"])


@pytest.fixture(scope="module")
def local_ray() -> Iterator[Any]:
    """A small real Ray instance in this process: two worker CPUs, 100 MB of object store, and
    one GPU that Ray counts whether or not the machine has it (the summary actors ask for it)."""
    ray = pytest.importorskip("ray")
    ray.init(
        num_cpus=2, num_gpus=1, object_store_memory=100 * 1024 * 1024, include_dashboard=False, log_to_driver=False
    )
    yield ray
    ray.shutdown()


@pytest.mark.slow
def test_a_worker_killed_mid_run_loses_no_article(local_ray: Any, tmp_path: Path) -> None:
    batch = _batch(tmp_path / "batch", 400)
    cfg = config.for_file(batch, None)
    pools: list[RayPool] = []

    def make(workers: int) -> RayPool:
        pools.append(RayPool(workers))
        return pools[-1]

    def kill(done: int, total: int, path: str) -> None:
        if done == 150:  # chunks are in flight on both actors, more are coming
            os.kill(local_ray.get(pools[0].actors[0].pid.remote()), signal.SIGKILL)

    on_ray = runner.run(runner.Job([str(batch)], cfg, ["dupes", "readability"], workers=2, pool=make), kill)
    one = runner.run(runner.Job([str(batch)], cfg, ["dupes", "readability"]))
    assert not on_ray.interrupted and on_ray.failed() == one.failed()
    assert formats.render("json", on_ray) == formats.render("json", one)  # each article once, none lost
    assert len(on_ray.articles) == 400
    on_ray.close()
    one.close()


@pytest.fixture(scope="module")
def summary_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny BART built here (random weights: it goes through the real loading and generate)."""
    pytest.importorskip("torch")
    texts = [path.read_text("utf-8") for path in sorted(FIXTURES.glob("*.txt"))]
    return tiny_model.build(tmp_path_factory.mktemp("tiny-bart"), texts)


@pytest.mark.slow
def test_summaries_run_in_an_actor_holding_a_gpu_and_the_other_checks_in_cpu_actors(
    local_ray: Any, summary_model: Path, tmp_path: Path
) -> None:
    folder = _batch(tmp_path / "batch", 24)
    cfg = config.for_file(folder, None)
    fast = {"model": str(summary_model), "runtime": "torch", "cache": False, "max_words": 10, "min_words": 3}
    for key, value in {**fast, "num_beams": 2, "batch_size": 8}.items():
        setattr(cfg.summary, key, value)
    assert cfg.summary.device == "auto"  # CUDA where the actor sees its GPU; this machine's is only counted
    placements: list[dict[str, Any]] = []

    class Observed(RayPool):
        def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
            actors = [*self.actors, *(self.gpu_actors or [])]
            placements.extend(local_ray.get([actor.placement.remote() for actor in actors]))
            super().shutdown(wait, cancel_futures=cancel_futures)

    on_ray = runner.run(runner.Job([str(folder)], cfg, ["summary", "readability"], workers=2, pool=Observed))
    one = runner.run(runner.Job([str(folder)], cfg, ["summary", "readability"]))
    on_gpu = [p for p in placements if p["gpus"]]
    assert [p["checks"] for p in on_gpu] == [["summary"]]  # one summary actor for the one GPU
    on_cpu = [p for p in placements if not p["gpus"]]
    assert len(on_cpu) == 2 and {e for p in on_cpu for e in p["checks"]} == {"readability"}
    # Without CUDA the model ran on the CPU there: abstractive summaries, the same as one process's.
    assert {a.data["summary"]["kind"] for a in on_ray.articles} == {"abstractive"}
    assert formats.render("json", on_ray) == formats.render("json", one)
    on_ray.close()
    one.close()


def test_summaries_go_to_gpu_actors_unless_their_device_is_set_elsewhere() -> None:
    from newsedit import workers

    cfg = config.Config()
    assert pool.wants_gpu(workers.check, ["summary", cfg, []])
    assert not pool.wants_gpu(workers.check, ["grammar", cfg, []])
    assert not pool.wants_gpu(len, ["summary", cfg, []])
    assert pool.on_assigned_gpu(cfg) is cfg
    for device, gpu in (("cuda", True), ("cuda:3", True), ("cpu", False), ("mps", False)):
        cfg.summary.device = device
        assert pool.wants_gpu(workers.check, ["summary", cfg, []]) is gpu
    cfg.summary.device = "cuda:3"  # on a one-machine config; in an actor its one GPU is cuda:0
    moved = pool.on_assigned_gpu(cfg)
    assert moved.summary.device == "cuda" and cfg.summary.device == "cuda:3"
    assert moved.summary.model == cfg.summary.model and moved.dupes == cfg.dupes


@pytest.mark.slow
def test_shutting_down_drops_the_calls_still_queued_on_the_actors(local_ray: Any, tmp_path: Path) -> None:
    def slow(marker: str) -> str:
        time.sleep(1.0)
        Path(marker).touch()
        return marker

    made = RayPool(2)
    futures = [made.submit(slow, str(tmp_path / f"call{i}")) for i in range(8)]
    made.shutdown(cancel_futures=True)
    ran = sorted(p.name for p in tmp_path.iterdir())
    assert len(ran) <= 2, ran  # at most the call each actor was running; without the cancel, all 8
    settled = wait(futures, timeout=60)
    assert not settled.not_done  # nothing the runner could wait on is left hanging
    assert all(f.exception() is None or isinstance(f.exception(), BackendError) for f in futures)


@pytest.mark.slow
def test_ctrl_c_stops_a_ray_run_and_writes_the_partial_report(ray_installed: None, tmp_path: Path) -> None:
    batch = tmp_path / "batch"
    fifo = interrupting.batch_waiting_at(batch, 3000, at=1500)  # the run waits there, mid-batch
    out = tmp_path / "report.json"
    args = [
        "check",
        *FAST,
        "--no-cache",
        "-f",
        "json",
        "-o",
        str(out),
        "--ray",
        "-j",
        "2",
        "--manifest",
        str(interrupting.listing(batch)),
    ]
    proc = interrupting.start(*args)
    err = interrupting.interrupt_in_read(proc, fifo)
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "newsedit: interrupted" in err
    report = json.loads(out.read_text("utf-8"))
    assert report["interrupted"] is True and 0 < len(report["articles"]) < 1500


def _headlines(seed: int, count: int) -> list[str]:
    """Random headlines with planted copies: exact, re-cased, one word changed; and a few empty."""
    rng = random.Random(seed)
    vocabulary = ["".join(rng.choice("abcdefghijklmnop") for _ in range(rng.randint(3, 9))) for _ in range(2000)]
    found = [" ".join(rng.choice(vocabulary) for _ in range(rng.randint(5, 11))).capitalize() for _ in range(count)]
    for _ in range(count // 15):
        words = rng.choice(found).split()
        kind = rng.random()
        if kind < 0.5:
            words[rng.randrange(len(words))] = rng.choice(vocabulary)
        found.append(" ".join(words).upper() + "!" if kind > 0.8 else " ".join(words))
    found += ["", "", "ab"]
    rng.shuffle(found)
    return found


@pytest.mark.slow
def test_distributed_duplicate_groups_equal_the_single_machine_ones(local_ray: Any) -> None:
    headlines = _headlines(7, 3000)
    alone = batch.headline_groups(headlines, 0.9)
    assert len(alone) > 100 and any(len(g.members) > 2 for g in alone)  # the planted copies were found
    assert cluster_dupes.headline_groups(headlines, 0.9, shards=3, reducers=2) == alone
    assert cluster_dupes.headline_groups(headlines, 0.7, shards=5, reducers=3) == batch.headline_groups(headlines, 0.7)
    bodies = fingerprints.bodies([h.lower().split() * 6 for h in headlines])
    alone = batch.body_groups(bodies.sigs, bodies.sizes, 0.8)
    assert len(alone) > 40
    assert cluster_dupes.body_groups(bodies.sigs, bodies.sizes, 0.8, shards=3, reducers=2) == alone


@pytest.mark.slow
def test_a_ray_run_with_the_distributed_duplicate_pass_reports_the_same(local_ray: Any, tmp_path: Path) -> None:
    folder = _batch(tmp_path / "batch", 40)
    cfg = config.for_file(folder, None)

    grouping = cluster_dupes.Grouping(minimum=2, task_cpus=0.0)  # distributed even for a small batch
    job = runner.Job([str(folder)], cfg, ["dupes", "readability"], workers=2, pool=RayPool)
    job.context = checks.Context(grouping=grouping)
    on_ray = runner.run(job)
    one = runner.run(runner.Job([str(folder)], cfg, ["dupes", "readability"]))
    rendered = formats.render("json", on_ray)
    assert rendered == formats.render("json", one) and "dupes/batch-body" in rendered
    on_ray.close()
    one.close()


def test_the_progress_bar_shows_the_rate(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from rich.console import Console

    from newsedit import progress

    screen = io.StringIO()
    monkeypatch.setattr("rich.progress.get_console", lambda: Console(file=screen, force_terminal=True, width=120))
    with progress.bar(True) as tick:
        for done in range(4):
            tick(done, 10, f"{done}.txt")
            time.sleep(0.02)
    assert "/s" in screen.getvalue() and "3/10" in screen.getvalue()


def test_ray_without_the_extra_is_a_usage_error(sample_path: Path) -> None:
    code = "import sys; sys.modules['ray'] = None; from newsedit.cli import main; main()"
    proc = subprocess.run(
        [sys.executable, "-c", code, "check", *FAST, "--ray", str(sample_path)], capture_output=True, text=True
    )
    assert proc.returncode == 2 and "--ray needs the ray extra" in proc.stderr and proc.stdout == ""


@pytest.mark.slow
def test_index_add_on_ray_builds_the_same_archive(ray_installed: None, tmp_path: Path) -> None:
    import sqlite3

    folder = _batch(tmp_path / "batch", 450)  # three chunks of the index's 200
    files = sorted(folder.iterdir())
    for i in range(0, 450, 7):  # copies of articles already in the batch (added once) and a few new ones
        text = files[i].read_text("utf-8") if i % 9 else f"A new story {i}\n\nIt has one paragraph of words."
        (folder / f"copy{i}{files[i].suffix}").write_text(text, "utf-8")
    one, on_ray = tmp_path / "one.sqlite", tmp_path / "ray.sqlite"
    said = [
        newsedit("index", "add", "--date", "2024-05-01", "--index", str(db), *ray, "batch", cwd=tmp_path)
        for db, ray in ((one, []), (on_ray, ["--ray"]))
    ]
    assert said[0].code == said[1].code and said[0].out.replace("one.", "ray.") == said[1].out, said[1].err
    tables = {
        "articles": "digest, path, headline, headline_key, published, body_words, body_sig",
        "headline_bands": "key, article",
        "body_bands": "key, article",
    }
    for table, columns in tables.items():
        rows = [
            sqlite3.connect(db).execute(f"SELECT {columns} FROM {table} ORDER BY 1, 2").fetchall()
            for db in (one, on_ray)
        ]
        assert rows[0] == rows[1] and rows[0], table


def test_ray_takes_one_actor_per_cpu_unless_jobs_are_given() -> None:
    pytest.importorskip("ray")
    job = runner.Job([], config.Config(), ["readability"])
    ray_cli.configure(job, ray_cli.LOCAL, None)  # no -j: every CPU of the cluster
    assert job.workers == ray_cli.ALL and job.context.grouping is not None
    ray_cli.configure(job, ray_cli.LOCAL, "1")  # -j 1 means one actor, as it means one process without --ray
    assert job.workers == 1
