"""A progress bar on a terminal for long runs; nothing at all in pipes and CI logs."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

Tick = Callable[[int, int, str], None]


def wanted(stream: TextIO) -> bool:
    """A bar only on an interactive terminal, and never under CI."""
    return stream.isatty() and not os.environ.get("CI") and os.environ.get("TERM") != "dumb"


@contextmanager
def bar(enabled: bool, minimum: int = 2) -> Iterator[Tick]:
    """Yields tick(done, total, label); draws a bar once there are at least `minimum` items."""
    if not enabled:
        yield lambda done, total, label: None
        return
    import time

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(
        TextColumn("[bold]checking"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),  # articles a second: what sizes a cluster run
        TimeRemainingColumn(),
        TextColumn("{task.description}"),
        transient=True,
    ) as progress:
        task = None
        started = time.monotonic()

        def tick(done: int, total: int, label: str) -> None:
            nonlocal task
            if total < minimum:
                return
            if task is None:
                task = progress.add_task("", total=total, rate="")
            elapsed = time.monotonic() - started
            rate = f"{done / elapsed:.1f}/s" if done and elapsed > 0 else ""
            progress.update(task, completed=done, description=label[-40:], rate=rate)

        yield tick
