"""`newsedit index add --ray`: articles fingerprinted in Ray tasks, the archive written by the driver alone."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import deque
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from newsedit.archive import ArchiveRow
    from newsedit.article import Article

T = TypeVar("T")
Loaded = list[tuple["Article", dt.date]]  # a chunk's new articles, with their dates


def fingerprinted(
    chunks: Iterator[tuple[T, Loaded]], published: dt.date | None, address: str | None
) -> Iterator[tuple[T, list[ArchiveRow]]]:
    """Each chunk with its archive rows, computed on the cluster a few chunks ahead, in order."""
    from newsedit.cluster import pool, ray_module
    from newsedit.cluster.cli import LOCAL_OBJECT_STORE_BYTES

    started = pool.connect(address, object_store_memory=LOCAL_OBJECT_STORE_BYTES)
    ray = ray_module()
    try:
        task = ray.remote(_rows)
        window: deque[tuple[T, Loaded, Any]] = deque()
        ahead = 2 * pool.cluster_cpus()
        for item, new in chunks:
            window.append((item, new, task.remote(new, published) if new else None))
            while len(window) > ahead:
                yield _done(ray, *window.popleft())
        while window:
            yield _done(ray, *window.popleft())
    finally:
        if started:
            ray.shutdown()


def _rows(new: Loaded, published: dt.date | None) -> list[ArchiveRow]:
    from newsedit.archive import archive_rows

    return archive_rows([a for a, _ in new], [published or d for _, d in new])


def _done(ray: Any, item: T, new: Loaded, ref: Any) -> tuple[T, list[ArchiveRow]]:
    from newsedit.archive import stored_path

    if ref is None:
        return item, []
    # A worker resolves a relative path against its own folder: the driver's is the one meant.
    made: list[ArchiveRow] = ray.get(ref)
    return item, [dataclasses.replace(e, path=stored_path(a.path)) for e, (a, _) in zip(made, new, strict=True)]
