"""What `--ray` changes in a command: its argument, and the job's workers (actors instead of processes)."""

from __future__ import annotations

import re

from newsedit.cluster import ray_module
from newsedit.runner import Job

LOCAL = "local"  # `--ray` with no address: a Ray instance started for the run on this machine
# Small: chunks of articles stream through it, they never pile up.
LOCAL_OBJECT_STORE_BYTES = 256 * 1024 * 1024
ALL = 1 << 20  # as many actors as the cluster has CPUs
_ADDRESS = re.compile(r"auto|local|ray://\S+|[\w.-]+:\d+")


def argv(args: list[str]) -> list[str]:
    """The arguments with `local` after a `--ray` that has no address of its own (none after `--`,
    where a file may be named `--ray`)."""
    out: list[str] = []
    for i, arg in enumerate(args):
        out.append(arg)
        if arg == "--":
            return out + args[i + 1 :]
        if arg == "--ray":
            following = args[i + 1] if i + 1 < len(args) else ""
            if not _ADDRESS.fullmatch(following):
                out.append(LOCAL)
    return out


def configure(job: Job, address: str, jobs: str | None) -> None:
    """Run the job's checks in Ray actors: one per cluster CPU, or at most `-j N` (None: no -j given)."""
    from newsedit import workers
    from newsedit.checks import Context
    from newsedit.cluster import pool
    from newsedit.cluster.dupes import Grouping

    ray_module()  # no ray extra: a usage error before any work
    job.pool = pool.pool_factory(None if address == LOCAL else address, object_store_memory=LOCAL_OBJECT_STORE_BYTES)
    # The duplicates check's batch pass runs when every chunk is done: the actors hold the CPUs
    # but sit idle then, so its tasks reserve none.
    job.context = Context(grouping=Grouping(task_cpus=0.0))
    job.workers = ALL if jobs is None else workers.count(jobs)
