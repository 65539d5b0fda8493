"""An executor whose workers are Ray actors: each opens its checks once and checks the chunks it is sent.

The runner hands it the same calls it hands a `-j N` process pool (`workers.check`), so a Ray run
goes through the very same per-article pipeline, cache, cross-article checks and report writer.
Where the cluster has GPUs, summary calls go to actors that each hold one (see `RayPool`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future
from typing import Any

from newsedit.cluster import ray_module as _ray
from newsedit.errors import BackendError, BackendUnavailable, NewseditError

# A killed actor comes back (restarts) and its calls in flight run again (task retries): Ray's own
# fault tolerance, so no chunk is lost and, results being collected per call, none counted twice.
MAX_RESTARTS = 4
MAX_TASK_RETRIES = 4
CLOSE_TIMEOUT_S = 20  # for the actors to close their checks at the end of a run
SUMMARY = "summary"  # the check whose model goes on a GPU where the cluster has one


def connect(address: str | None, **local: Any) -> bool:
    """Join the cluster at `address` (`auto`, `ray://host:port`) or start a local one; True if started here."""
    ray = _ray()
    if ray.is_initialized():
        return False
    # Workers must import this newsedit, not another install; Ray's own logs stay out of the report.
    options: dict[str, Any] = {"log_to_driver": False, "logging_level": "ERROR"}
    if address:
        _join(ray, address, options)
        return False
    options.update({"include_dashboard": False, "num_cpus": os.cpu_count() or 1}, **local)
    ray.init(**options)
    return True


def _join(ray: Any, address: str, options: dict[str, Any]) -> None:
    """Join a running cluster; a refused token (Ray's token authentication) is said in words, with the fix."""
    try:
        ray.init(address=address, **options)
    except (ConnectionError, ray.exceptions.AuthenticationError) as exc:
        raise BackendUnavailable(
            f"cannot join the Ray cluster at {address}: {exc}. A cluster with token authentication (Ray turns it"
            " on at `ray start --head` once a token exists) admits only its token: set RAY_AUTH_MODE=token and"
            " RAY_AUTH_TOKEN to the head's `ray get-auth-token` (or RAY_AUTH_TOKEN_PATH to a copy of its file)"
        ) from None


def cluster_cpus() -> int:
    """CPUs the connected cluster offers: one check actor for each."""
    return max(1, int(_ray().cluster_resources().get("CPU", 1)))


def cluster_gpus() -> int:
    """Whole GPUs the connected cluster offers (0 without): one summary actor for each."""
    return int(_ray().cluster_resources().get("GPU", 0))


def wants_gpu(fn: Callable[..., Any], args: Sequence[Any]) -> bool:
    """Whether a call is summaries whose config lets the model run on CUDA (device auto, cuda, cuda:N)."""
    from newsedit import workers
    from newsedit.config import Config

    if fn is not workers.check or len(args) < 2 or args[0] != SUMMARY or not isinstance(args[1], Config):
        return False
    device: str = args[1].summary.device
    return device == "auto" or device.startswith("cuda")


def on_assigned_gpu(config: Any) -> Any:
    """The config for a GPU actor: `cuda:N` becomes `cuda`, the one GPU Ray made visible to it.

    Ray sets the actor's CUDA_VISIBLE_DEVICES to the GPU it assigned, which torch then numbers 0:
    an index from a one-machine config would name a GPU the actor cannot see.
    """
    from newsedit.config import Config

    if not isinstance(config, Config) or not config.summary.device.startswith("cuda:"):
        return config
    return dataclasses.replace(config, summary=dataclasses.replace(config.summary, device="cuda"))


class CheckWorker:
    """One Ray actor: a newsedit worker process that keeps its checks between calls."""

    def __init__(self, threads: int) -> None:
        # Share the node's cores between actors instead of every model library taking all of them.
        for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
            os.environ.setdefault(name, str(threads))
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

    def call(self, fn: Callable[..., Any], *args: Any) -> Any:
        """Run one call (a chunk through one check) here; checks persist in `newsedit.workers`."""
        return fn(*args)

    def close(self) -> None:
        """Close this actor's checks (a LanguageTool server it started is released)."""
        from newsedit import workers

        workers.close_checks()

    def pid(self) -> int:
        """This actor's process id (for tests that kill it)."""
        return os.getpid()

    def placement(self) -> dict[str, Any]:
        """The GPUs Ray assigned this actor and the checks open in it (where the work went)."""
        from newsedit import workers

        return {"gpus": [str(g) for g in _ray().get_gpu_ids()], "checks": workers.opened()}


class RayPool(Executor):
    """A fixed set of check actors, each call sent to the one with the fewest calls in flight.

    Summary calls go to actors of their own where the cluster has GPUs, started on the first
    summary call: one per GPU (at most `workers`), each holding a whole GPU. A batched generate
    keeps a GPU busy on its own, and two actors on one GPU would each load the model into its
    memory and take turns on it, so fractions would gain nothing. They reserve no CPU: the
    check actors already hold every CPU, and the model's work is on the GPU. Without GPUs, or
    with the summary device set to cpu, summaries go to the check actors like any other check.
    """

    def __init__(self, workers: int, started: bool = False) -> None:
        ray = _ray()
        remote = ray.remote(num_cpus=1, max_restarts=MAX_RESTARTS, max_task_retries=MAX_TASK_RETRIES)(CheckWorker)
        self.width = min(workers, cluster_cpus())
        self._threads = max(1, (os.cpu_count() or 1) // self.width)
        self._wanted = workers
        self.actors = [remote.remote(self._threads) for _ in range(self.width)]
        self.gpu_actors: list[Any] | None = None  # the summary actors, once the first summary call comes
        self._busy = {id(actor): 0 for actor in self.actors}
        self._lock = threading.Lock()  # results settle on Ray's thread while the runner submits
        self._in_flight: set[Any] = set()  # object refs of the calls not done yet
        self._started = started  # shut the local Ray instance down with the pool
        # (id(arg), for a GPU actor) -> (the arg, kept alive; its object ref)
        self._shared: dict[tuple[int, bool], tuple[Any, Any]] = {}

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        """Send one call to the least busy actor of its kind; the future holds its result or a BackendError."""
        gpus = self._gpu_actors() if wants_gpu(fn, args) else []
        group, gpu = gpus or self.actors, bool(gpus)
        with self._lock:
            actor = min(group, key=lambda a: self._busy[id(a)])
            self._busy[id(actor)] += 1
        ref = actor.call.remote(fn, *[self._share(a, gpu) for a in args])
        with self._lock:
            self._in_flight.add(ref)
        future: Future[Any] = Future()
        ref.future().add_done_callback(lambda done: self._settle(actor, ref, done, future))
        return future

    def _gpu_actors(self) -> list[Any]:
        """The summary actors, started on first use: one per GPU of the cluster (none without)."""
        if self.gpu_actors is None:
            count = min(self._wanted, cluster_gpus())
            remote = _ray().remote(
                num_cpus=0, num_gpus=1, max_restarts=MAX_RESTARTS, max_task_retries=MAX_TASK_RETRIES
            )(CheckWorker)
            self.gpu_actors = [remote.remote(self._threads) for _ in range(count)]
            with self._lock:
                self._busy.update({id(actor): 0 for actor in self.gpu_actors})
        return self.gpu_actors

    def _share(self, arg: Any, gpu: bool) -> Any:
        """Configs go to the object store once (once more for the GPU actors), not with every chunk."""
        from newsedit.config import Config

        if not isinstance(arg, Config):
            return arg
        key = (id(arg), gpu)
        if key not in self._shared:
            self._shared[key] = (arg, _ray().put(on_assigned_gpu(arg) if gpu else arg))
        return self._shared[key][1]

    def _settle(self, actor: Any, ref: Any, done: Future[Any], future: Future[Any]) -> None:
        with self._lock:
            self._busy[id(actor)] -= 1
            self._in_flight.discard(ref)
        error = done.exception()
        cause = getattr(error, "cause", error)  # Ray wraps what the actor raised
        if error is None:
            future.set_result(done.result())
        elif isinstance(cause, NewseditError):  # LanguageTool missing on a node, say: newsedit's own message
            future.set_exception(cause)
        else:  # the actor died past its restarts, the call was cancelled, or the cluster went away
            future.set_exception(BackendError(f"a Ray worker failed: {type(error).__name__}: {error}"))

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Stop the actors (their checks close with their processes) and a Ray started for the run.

        With `cancel_futures` (the runner's, on Ctrl-C too) the calls still queued on the actors
        are dropped, so each actor closes its checks right after the call it is running.
        """
        ray = _ray()
        if not ray.is_initialized():
            return
        actors = [*self.actors, *(self.gpu_actors or [])]
        if cancel_futures:
            with self._lock:
                queued = list(self._in_flight)
            for ref in queued:
                with contextlib.suppress(Exception):  # done meanwhile, or its actor is gone
                    ray.cancel(ref)
        closing = [actor.close.remote() for actor in actors]
        # A dead or stuck actor is killed all the same; a second Ctrl-C only skips the wait.
        with contextlib.suppress(Exception, KeyboardInterrupt):
            ray.wait(closing, num_returns=len(closing), timeout=CLOSE_TIMEOUT_S)
        for actor in actors:
            ray.kill(actor, no_restart=True)
        self.actors, self.gpu_actors = [], []
        if self._started:
            ray.shutdown()


def pool_factory(address: str | None, **local: Any) -> Callable[[int], RayPool]:
    """What the runner calls for its workers: connect (or start Ray) on first use, then the actors."""

    def make(workers: int) -> RayPool:
        started = connect(address, **local)
        return RayPool(workers, started=started)

    return make
