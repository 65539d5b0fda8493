"""`newsedit index`: the archive of published articles that `newsedit check` compares new ones with."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from newsedit.formats.escape import file_name, no_commands, visible

if TYPE_CHECKING:
    from newsedit.archive import Archive, ArchiveRow
    from newsedit.article import Article
    from newsedit.config import Config
    from newsedit.inputs import Source

ConfigOpt = Annotated[
    Path | None,
    typer.Option("--config", help="Config file (default: the closest newsedit.toml or [tool.newsedit])."),
]
DateOpt = Annotated[
    str | None,
    typer.Option("--date", help="Publication date (YYYY-MM-DD) for every article added; default: each file's mtime."),
]
IndexOpt = Annotated[Path | None, typer.Option("--index", help="Archive file (default: config dupes.index).")]
RayOpt = Annotated[
    str | None,
    typer.Option("--ray", metavar="[ADDRESS]", help="Fingerprint on a Ray cluster (auto, ray://host:port, or local)."),
]
ARTICLES_PER_COMMIT = 200  # articles fingerprinted and committed together


def register(app: typer.Typer) -> None:
    """Add `newsedit index add|list|stats|names` to the CLI."""
    index = typer.Typer(
        help="The archive of published articles: newsedit check flags headlines and bodies found in it.",
        no_args_is_help=True,
    )
    index.command("add")(add)
    index.command("list")(list_recent)
    index.command("stats")(stats)
    index.command("names")(names)
    app.add_typer(index, name="index")


def add(
    paths: Annotated[list[str], typer.Argument(help="Published articles: files, folders (recursively) or globs.")],
    date: DateOpt = None,
    config: ConfigOpt = None,
    index: IndexOpt = None,
    ray: RayOpt = None,
) -> None:
    """Record published articles (re-adding one is a no-op; a crash loses nothing committed).

    Example: newsedit index add published/ --date 2024-05-01
    """
    from newsedit.archive import Archive
    from newsedit.checks.dupes import fingerprints

    published = _parse_date(date)
    cfg, path = _where(paths, config, index)
    added = skipped = 0
    sources, failed = _sources(paths, cfg.extensions)
    with Archive.open(path, create=True, schemes=fingerprints.describe()) as archive:
        archive.check_intact()
        loaded = (
            ((chunk, bad), new)
            for chunk in _chunks(sources, ARTICLES_PER_COMMIT)
            for new, bad in [_load(chunk, cfg, archive)]
        )
        for (chunk, bad), new, made in _fingerprinted(loaded, published, ray):
            failed += bad
            skipped += len(chunk) - len(new) - bad
            learnt = []
            for (article, _), (_, ok) in zip(new, archive.add(made, per_transaction=ARTICLES_PER_COMMIT), strict=True):
                added, skipped = added + ok, skipped + (not ok)
                if ok:
                    learnt.append(article)
            _learn(archive, learnt)
    tail = f", {failed} could not be read" if failed else ""
    typer.echo(f"{file_name(str(path))}: {added} added, {skipped} already there{tail}")
    raise typer.Exit(2 if failed else 0)


def list_recent(
    limit: Annotated[int, typer.Option("--limit", "-n", help="How many articles to show.")] = 20,
    config: ConfigOpt = None,
    index: IndexOpt = None,
) -> None:
    """Show the latest-published articles in the archive."""
    from newsedit.archive import Archive

    with Archive.open(_where([], config, index)[1]) as archive:
        for record in archive.recent(limit):
            # Headlines and paths come from articles: escaped as the check output escapes them.
            headline = no_commands(visible(record.headline)) if record.headline else "(no headline)"
            typer.echo(f"{record.published}  {headline}  {file_name(record.path)}")


def stats(config: ConfigOpt = None, index: IndexOpt = None) -> None:
    """Say where the archive is, how many articles it holds and which dates they span."""
    from newsedit.archive import Archive

    with Archive.open(_where([], config, index)[1]) as archive:
        info = archive.stats()
    span = f"{info.first} to {info.last}" if info.first else "none yet"
    where = file_name(str(info.path))
    typer.echo(f"archive: {where}\narticles: {info.articles}\npublished: {span}\nsize: {info.bytes:,} bytes")


def _parse_date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date like 2024-05-01", param_hint="--date") from None


def _where(paths: Sequence[str], explicit: Path | None, index: Path | None) -> tuple[Config, Path]:
    """The config for these paths and the archive file it names (or --index)."""
    from newsedit import archive
    from newsedit import config as config_mod

    cfg = config_mod.for_paths(paths, explicit)
    return cfg, index if index is not None else archive.location(cfg)


def _sources(paths: Sequence[str], extensions: Sequence[str]) -> tuple[list[Source], int]:
    """Inputs to add, and how many named inputs are missing (said on stderr, counted, not fatal)."""
    from newsedit import inputs
    from newsedit.findings import InputProblem

    found, missing = [], 0
    for item in inputs.expand(paths, extensions):
        if isinstance(item, InputProblem):
            typer.echo(f"{file_name(item.path)}: error: {visible(item.message)}", err=True)
            missing += 1
        else:
            found.append(item)
    return found, missing


def _chunks(items: list[Source], size: int) -> Iterator[list[Source]]:
    for lo in range(0, len(items), size):
        yield items[lo : lo + size]


def _load(chunk: list[Source], cfg: Config, archive: Archive) -> tuple[list[tuple[Article, dt.date]], int]:
    """Parse the chunk's articles that the archive lacks: (new articles with dates, unreadable)."""
    from newsedit import inputs
    from newsedit.archive import digest
    from newsedit.errors import InputError

    new, bad = [], 0
    for source in chunk:
        try:
            article = inputs.load(source, cfg)
        except InputError as exc:
            typer.echo(f"{file_name(source.path)}: error: {visible(str(exc))}", err=True)
            bad += 1
            continue
        if not archive.has(digest(article)):
            new.append((article, _mtime(source.file)))
    return new, bad


def _learn(archive: Archive, articles: list[Article]) -> None:
    """Teach the archive the new articles' words and English (grammar's house vocabulary), and keep
    their readability counts (the HTML report's archive grades)."""
    from newsedit.archive import digest
    from newsedit.checks.grammar import article_language, prose_text
    from newsedit.checks.grammar.vocabulary import words_of
    from newsedit.checks.readability.measure import measure

    if articles:
        archive.learn([words_of(prose_text(a)) for a in articles], [article_language(a) for a in articles])
        archive.record_readability((digest(a), measure(a).counts) for a in articles)


def _fingerprinted(
    loaded: Iterator[tuple[Any, list[tuple[Article, dt.date]]]], published: dt.date | None, ray: str | None
) -> Iterator[tuple[Any, list[tuple[Article, dt.date]], list[ArchiveRow]]]:
    """(chunk, new articles, their archive rows): here, or with --ray on a cluster."""
    if ray is None:
        for item, new in loaded:
            yield item, new, _rows(new, published)
        return
    from newsedit.cluster import index

    address = None if ray == "local" else ray
    for (item, new), made in index.fingerprinted((((i, n), n) for i, n in loaded), published, address):
        yield item, new, made


def _mtime(file: Path | None) -> dt.date:
    return dt.date.fromtimestamp(file.stat().st_mtime) if file is not None else dt.date.today()


def _rows(new: list[tuple[Article, dt.date]], published: dt.date | None) -> list[ArchiveRow]:
    from newsedit.archive import archive_rows

    if not new:
        return []
    return archive_rows([a for a, _ in new], [published or d for _, d in new])


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
