"""`newsedit index names PATH...`: names the archive uses again and again, proposed for the desk's names list."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from newsedit.article import Article
    from newsedit.config import Config

MIN_ARTICLES = 3


def names(
    paths: Annotated[list[str], typer.Argument(help="Published articles: files, folders (recursively) or globs.")],
    min_articles: Annotated[
        int, typer.Option("--min-articles", min=1, help="Propose names used in this many articles.")
    ] = MIN_ARTICLES,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="Propose at most this many names.")] = 200,
    config: Annotated[
        Path | None, typer.Option("--config", help="Config file (its grammar.names are left out).")
    ] = None,
) -> None:
    """Propose names for grammar.names: runs of capitalised words the articles use again and again, most used
    first, as lines of a names file (review them before adding: a desk's list says how names are spelt).

    Example: newsedit index names published/ --min-articles 5 > names-proposed.txt
    """
    from newsedit import config as config_mod
    from newsedit import namelist

    cfg = config_mod.for_paths(paths, config)
    known = {" ".join(name) for name in namelist.load_all(cfg).canonical}
    found = [(name, n) for name, n in namelist.propose(_articles(paths, cfg), min_articles) if name not in known]
    typer.echo(f"# names used in at least {min_articles} articles; review before adding to grammar.names")
    for name, n in found[:limit]:
        typer.echo(f"{name}  # {n} articles")


def _articles(paths: Sequence[str], cfg: Config) -> Iterator[Article]:
    from newsedit import inputs
    from newsedit.errors import InputError
    from newsedit.findings import InputProblem

    for item in inputs.expand(paths, cfg.extensions):
        if isinstance(item, InputProblem):
            typer.echo(f"{item.path}: error: {item.message}", err=True)
            continue
        try:
            yield inputs.load(item, cfg)
        except InputError as exc:
            typer.echo(f"{item.path}: error: {exc}", err=True)
