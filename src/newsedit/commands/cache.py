"""`newsedit cache info|clear`: the results cache that lets an unchanged article skip the checks."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from newsedit.errors import OutputError

if TYPE_CHECKING:
    from newsedit.cache import Cache

cache_app = typer.Typer(
    help="The results cache: check outputs of articles checked before, found again by content hash. "
    "It never changes a result (its key covers the text, the config and every check's version); "
    "clearing it only costs the next run time.",
    no_args_is_help=True,
)

CacheDir = Annotated[
    Path | None,
    typer.Option("--cache-dir", help="Folder of the results cache (default: newsedit's user cache folder)."),
]


def register(app: typer.Typer) -> None:
    """Add the `cache` command group."""
    app.add_typer(cache_app, name="cache")


@cache_app.command("info")
def info(cache_dir: CacheDir = None) -> None:
    """Say where the results cache is, how many results it holds and its size on disk."""
    _with_cache(
        cache_dir,
        "No results cache at {path} yet (a check makes one).",
        lambda store, path: f"{path}: {_results(store.count())}, {_size(path)} on disk.",
    )


@cache_app.command("clear")
def clear(cache_dir: CacheDir = None) -> None:
    """Remove every cached result: the next run checks every article again.

    LanguageTool, its server and cached summaries are left alone.
    """
    _with_cache(
        cache_dir,
        "No results cache at {path}: nothing to clear.",
        lambda store, path: f"Removed {_results(store.clear())} from {path}.",
    )


def _with_cache(cache_dir: Path | None, missing: str, act: Callable[[Cache, Path], str]) -> None:
    """Say what `act` makes of the cache, or `missing` where there is none (never create one)."""
    from newsedit import cache

    path = (cache_dir or cache.folder()) / cache.FILENAME
    if not path.exists():
        typer.echo(missing.format(path=path))
        return
    store, problem = cache.open_default(cache_dir)
    if store is None:
        raise OutputError(problem or f"cannot open the results cache {path}")
    if problem:
        typer.echo(f"newsedit: warning: {problem}", err=True)
    try:
        typer.echo(act(store, path))
    except sqlite3.DatabaseError as exc:  # damaged past its first page: a cache is only worth deleting
        if not cache.damaged(exc):
            raise OutputError(f"cannot use the results cache {path}: {exc}") from None
        store.damaged = True
        typer.echo(f"{path}: damaged ({exc}); removed (the next run makes a new one).")
    finally:
        store.close()


def _results(n: int) -> str:
    return f"{n} cached result" + ("" if n == 1 else "s")


def _size(path: Path) -> str:
    """The database and its write-ahead log, in the largest unit that keeps a whole number."""
    total = sum(p.stat().st_size for p in (path, path.with_name(path.name + "-wal")) if p.exists())
    for unit in ("bytes", "KiB", "MiB"):
        if total < 1024:
            return f"{total} {unit}"
        total //= 1024
    return f"{total} GiB"
