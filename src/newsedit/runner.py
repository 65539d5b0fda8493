"""Files -> articles -> engines -> results: the pure core that the CLI and tests drive."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass

from newsedit import checks, inputs
from newsedit.article import Article
from newsedit.checks import BatchCheck, Check, CheckOutput, CrossCheck
from newsedit.config import Config
from newsedit.errors import EngineError, InputError
from newsedit.findings import ArticleResult, InputProblem, RunReport
from newsedit.inputs import Source

# How many articles go to an engine at once: enough to batch a model or keep a server busy,
# few enough that memory stays bounded on a batch of thousands.
CHUNK = 16

Progress = Callable[[int, int, str], None]  # (done, total, current path)


@dataclass
class Job:
    """What to check and how."""

    paths: Sequence[str]
    config: Config
    engines: Sequence[str]


def run(job: Job, progress: Progress | None = None) -> RunReport:
    """Check every input of the job with the chosen engines; never stops at one bad input."""
    report = RunReport(engines=list(job.engines))
    sources, report.problems = _sources(job)
    with ExitStack() as stack:
        engines = [_open(stack, name, job.config) for name in job.engines]
        for chunk in _chunks(_articles(sources, job.config, report, progress)):
            report.articles.extend(check_articles(chunk, engines, job.config))
        _finish(engines, report, job.config)
    report.articles.sort(key=lambda a: a.path)
    return report


def _sources(job: Job) -> tuple[list[Source], list[InputProblem]]:
    found: list[Source] = []
    problems: list[InputProblem] = []
    for item in inputs.expand(job.paths, job.config.extensions):
        if isinstance(item, InputProblem):
            problems.append(item)
        else:
            found.append(item)
    return found, problems


def _open(stack: ExitStack, name: str, config: Config) -> Check:
    engine = checks.create(name, config)
    stack.callback(engine.close)
    return engine


def _articles(
    sources: Sequence[Source], config: Config, report: RunReport, progress: Progress | None
) -> Iterator[Article]:
    for done, source in enumerate(sources):
        if progress:
            progress(done, len(sources), source.path)
        try:
            yield inputs.load(source, config)
        except InputError as exc:
            report.problems.append(InputProblem(source.path, str(exc)))


def _chunks(articles: Iterator[Article]) -> Iterator[list[Article]]:
    chunk: list[Article] = []
    for article in articles:
        chunk.append(article)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def check_articles(articles: Sequence[Article], engines: Sequence[Check], config: Config) -> list[ArticleResult]:
    """Run every engine over a few articles and gather one result per article."""
    results = [ArticleResult(a.path, _headline(a), notices=list(a.notices)) for a in articles]
    for engine in engines:
        for result, output in zip(results, _outputs(engine, articles), strict=True):
            result.findings.extend(output.findings)
            result.notices.extend(output.notices)
            if output.error:
                result.errors.append(output.error)
            if output.data is not None:
                result.data[engine.name] = output.data
    selection = config.selection()
    for result in results:
        result.findings = sorted(selection.apply(result.findings), key=lambda f: f.sort_key)
    return results


def _outputs(engine: Check, articles: Sequence[Article]) -> list[CheckOutput]:
    """One output per article; an engine failure on one article becomes a notice, not a crash."""
    if isinstance(engine, BatchCheck) and len(articles) > 1:
        try:
            return engine.check_many(articles)
        except EngineError:
            pass  # retried one by one below, so one bad article does not sink the others
    return [_one(engine, a) for a in articles]


def _one(engine: Check, article: Article) -> CheckOutput:
    try:
        return engine.check(article)
    except EngineError as exc:
        return CheckOutput(error=f"{engine.name}: not checked: {exc}")


def _finish(engines: Sequence[Check], report: RunReport, config: Config) -> None:
    by_path = {a.path: a for a in report.articles}
    selection = config.selection()
    for engine in engines:
        if not isinstance(engine, CrossCheck):
            continue
        for finding in selection.apply(engine.finish()):
            if finding.path in by_path:
                by_path[finding.path].findings.append(finding)
    for result in report.articles:
        result.findings.sort(key=lambda f: f.sort_key)


def _headline(article: Article) -> str | None:
    block = article.headline
    return " ".join(block.slice(article.text).split()) if block else None
