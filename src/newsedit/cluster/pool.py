"""An executor whose workers are Ray actors: each opens its engines once and checks the chunks it is sent.

The runner hands it the same calls it hands a `-j N` process pool (`workers.check`), so a Ray run
goes through the very same per-article pipeline, cache, cross-article checks and report writer.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable
from concurrent.futures import Executor, Future
from typing import Any

from newsedit.cluster import ray_module as _ray
from newsedit.errors import EngineError, NewseditError

# A killed actor comes back (restarts) and its calls in flight run again (task retries): Ray's own
# fault tolerance, so no chunk is lost and, results being collected per call, none counted twice.
MAX_RESTARTS = 4
MAX_TASK_RETRIES = 4
CLOSE_TIMEOUT_S = 20  # for the actors to close their engines at the end of a run


def connect(address: str | None, **local: Any) -> bool:
    """Join the cluster at `address` (`auto`, `ray://host:port`) or start a local one; True if started here."""
    ray = _ray()
    if ray.is_initialized():
        return False
    # Workers must import this newsedit, not another install; Ray's own logs stay out of the report.
    options: dict[str, Any] = {"log_to_driver": False, "logging_level": "ERROR"}
    if address:
        ray.init(address=address, **options)
        return False
    options.update({"include_dashboard": False, "num_cpus": os.cpu_count() or 1}, **local)
    ray.init(**options)
    return True


def cluster_cpus() -> int:
    """CPUs the connected cluster offers: one engine actor for each."""
    return max(1, int(_ray().cluster_resources().get("CPU", 1)))


class EngineWorker:
    """One Ray actor: a newsedit worker process that keeps its engines between calls."""

    def __init__(self, threads: int) -> None:
        # Share the node's cores between actors instead of every model library taking all of them.
        for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
            os.environ.setdefault(name, str(threads))
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

    def call(self, fn: Callable[..., Any], *args: Any) -> Any:
        """Run one call (a chunk through one engine) here; engines persist in `newsedit.workers`."""
        return fn(*args)

    def close(self) -> None:
        """Close this actor's engines (a LanguageTool server it started is released)."""
        from newsedit import workers

        workers.close_engines()

    def pid(self) -> int:
        """This actor's process id (for tests that kill it)."""
        return os.getpid()


class RayPool(Executor):
    """A fixed set of engine actors, each call sent to the one with the fewest calls in flight."""

    def __init__(self, workers: int, started: bool = False) -> None:
        ray = _ray()
        remote = ray.remote(num_cpus=1, max_restarts=MAX_RESTARTS, max_task_retries=MAX_TASK_RETRIES)(EngineWorker)
        self.width = min(workers, cluster_cpus())
        threads = max(1, (os.cpu_count() or 1) // self.width)
        self.actors = [remote.remote(threads) for _ in range(self.width)]
        self._busy = [0] * self.width
        self._lock = threading.Lock()  # results settle on Ray's thread while the runner submits
        self._started = started  # shut the local Ray instance down with the pool
        # id(arg) -> (the arg, kept alive; its object ref)
        self._shared: dict[int, tuple[Any, Any]] = {}
        from newsedit.cluster.dupes import Grouping

        # The runner hands it to the duplicates check, which runs when every chunk is done: the
        # actors hold the CPUs but sit idle then, so its tasks reserve none.
        self.grouping = Grouping(task_cpus=0.0)

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        """Send one call to the least busy actor; the future holds its result or an EngineError."""
        with self._lock:
            slot = min(range(len(self.actors)), key=self._busy.__getitem__)
            self._busy[slot] += 1
        ref = self.actors[slot].call.remote(fn, *[self._share(a) for a in args])
        future: Future[Any] = Future()
        ref.future().add_done_callback(lambda done: self._settle(slot, done, future))
        return future

    def _share(self, arg: Any) -> Any:
        """Configs go to the object store once, not with every chunk."""
        from newsedit.config import Config

        if not isinstance(arg, Config):
            return arg
        if id(arg) not in self._shared:
            self._shared[id(arg)] = (arg, _ray().put(arg))
        return self._shared[id(arg)][1]

    def _settle(self, slot: int, done: Future[Any], future: Future[Any]) -> None:
        with self._lock:
            self._busy[slot] -= 1
        error = done.exception()
        cause = getattr(error, "cause", error)  # Ray wraps what the actor raised
        if error is None:
            future.set_result(done.result())
        elif isinstance(cause, NewseditError):  # LanguageTool missing on a node, say: newsedit's own message
            future.set_exception(cause)
        else:  # the actor died past its restarts, or the cluster went away
            future.set_exception(EngineError(f"a Ray worker failed: {type(error).__name__}: {error}"))

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Stop the actors (their engines close with their processes) and a Ray started for the run."""
        ray = _ray()
        if not ray.is_initialized():
            return
        closing = [actor.close.remote() for actor in self.actors]
        with contextlib.suppress(Exception):  # a dead or stuck actor is killed all the same
            ray.wait(closing, num_returns=len(closing), timeout=CLOSE_TIMEOUT_S)
        for actor in self.actors:
            ray.kill(actor, no_restart=True)
        self.actors = []
        if self._started:
            ray.shutdown()


def pool_factory(address: str | None, **local: Any) -> Callable[[int], RayPool]:
    """What the runner calls for its workers: connect (or start Ray) on first use, then the actors."""

    def make(workers: int) -> RayPool:
        started = connect(address, **local)
        return RayPool(workers, started=started)

    return make
