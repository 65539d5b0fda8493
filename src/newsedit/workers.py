"""Worker processes for `-j N`: each opens its checks once and checks the articles it is sent."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from typing import TYPE_CHECKING, Any, Protocol

from newsedit import cache, checks
from newsedit.article import Article
from newsedit.checks import Check, CheckOutput
from newsedit.config import Config

if TYPE_CHECKING:  # multiprocessing is imported when a pool is made: one-file runs never need it
    from concurrent.futures import Future

# This worker's checks, keyed like the main process's: (check name, its config settings).
_CHECKS: dict[tuple[str, str], Check] = {}
_STACK = ExitStack()


def count(value: str) -> int:
    """Workers for a -j value: a positive number, or `auto` for one per usable core."""
    if value == "auto":
        return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise ValueError(f"must be a positive number or auto, not {value!r}")
    return number


class Pool(Protocol):
    """Where the runner sends checks besides its own process: these worker processes, or Ray actors."""

    width: int  # how many workers it has (a cluster may offer fewer than asked for)

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        """Run one call on a worker."""
        ...

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Stop the workers."""
        ...


def pool(workers: int) -> Pool:
    """A pool of fresh interpreters (spawned: no threads or open files inherited from this one)."""
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    class _Processes(ProcessPoolExecutor):
        """The pool, with the width the runner reads (`Pool`)."""

        width = workers

    cores = os.cpu_count() or 1
    return _Processes(
        max_workers=workers,
        mp_context=get_context("spawn"),
        initializer=_init,
        initargs=(max(1, cores // workers), os.getpid()),
    )


def _init(threads: int, parent: int) -> None:
    # Ctrl-C reaches the whole process group: the main process stops the pool, workers stay quiet.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with(parent)
    # Share the cores between workers instead of every model library taking all of them.
    for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ.setdefault(name, str(threads))
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    # Checks close when the worker exits (multiprocessing skips atexit handlers in workers).
    from multiprocessing import util

    util.Finalize(None, _STACK.close, exitpriority=10)


# How often a worker looks for its parent where the kernel cannot tell it (seconds).
PARENT_POLL_S = 1.0
_PR_SET_PDEATHSIG = 1


def _die_with(parent: int) -> None:
    """End this worker when the main process dies, even by kill -9 (it cannot stop us then).

    On Linux the kernel sends SIGKILL when the parent goes (prctl PR_SET_PDEATHSIG); everywhere,
    a thread checks that the parent is still ours, as the parent may have died before prctl.
    """
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), name="newsedit-parent-watch", daemon=True).start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_POLL_S)
    os._exit(1)  # orphaned: nobody will read our results


def check(name: str, config: Config, articles: Sequence[Article]) -> list[CheckOutput]:
    """Run one check over articles in this worker, opening it on first use."""
    key = (name, cache.settings(name, config))
    check = _CHECKS.get(key)
    if check is None:
        check = _CHECKS[key] = checks.open_check(_STACK, name, config)
    return checks.check_outputs(check, articles)


def opened() -> list[str]:
    """The names of the checks open in this worker, sorted."""
    return sorted({name for name, _ in _CHECKS})


def close_checks() -> None:
    """Close this worker's checks (a LanguageTool server one started is released); they reopen on next use."""
    _STACK.close()
    _CHECKS.clear()
