"""Files -> articles -> checks -> results: the pure core that the CLI and tests drive."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, Future
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from newsedit import cache, inputs, plan, results, suppress
from newsedit.article import Article
from newsedit.cache import Cache
from newsedit.checks import Check, CheckOutput, Context, CrossCheck, check_outputs, open_check
from newsedit.config import Config
from newsedit.errors import BackendError, InputError
from newsedit.findings import ArticleResult, Finding, InputProblem, RunReport
from newsedit.inputs import Source
from newsedit.plan import Plan
from newsedit.results import ResultStore
from newsedit.rules import Selection
from newsedit.suppress import Suppressions

if TYPE_CHECKING:
    from newsedit.workers import Pool

# How many articles go to a check at once: enough to batch a model or keep a server busy,
# few enough that memory stays bounded on a batch of thousands.
CHUNK = 16

Progress = Callable[[int, int, str], None]  # (done, total, current path)


@dataclass
class Job:
    """What to check and how."""

    paths: Sequence[str]
    config: Config
    checks: Sequence[str]
    # The config for the files of one folder (the closest one above it); None: `config` for all.
    config_for: Callable[[Path], Config] | None = None
    cache: Cache | None = None  # check outputs of articles checked before; None: check everything
    workers: int = 1  # processes that run the checks; 1: all of them in this one
    # Results kept in memory; past that many articles they wait in a temporary file for the report.
    spill_after: int = results.SPILL_AFTER
    stdin_filename: str | None = None  # how standard input is named and read (NAME.md: Markdown)
    # Makes the workers from their number (e.g. Ray actors); None: `workers` local processes.
    pool: Callable[[int], Pool] | None = None
    context: Context = field(default_factory=Context)  # what every check is created with


Item = tuple[Article, Plan]  # an article and the plan of the config it is checked with


def run(job: Job, progress: Progress | None = None) -> RunReport:
    """Check every input of the job with the chosen checks; never stops at one bad input."""
    store = ResultStore(job.spill_after)
    plan_ = Plan.of(job.config, job.checks)  # the run's own config: the report lists its checks
    report = RunReport(articles=store, checks=list(plan_.checks))
    try:
        _check(job, plan_, report, store, progress)
    except BaseException:
        store.close()  # a run that fails has no report to write
        raise
    report.notices.extend(store.notices)
    return report


def _check(job: Job, run: Plan, report: RunReport, store: ResultStore, progress: Progress | None) -> None:
    sources, report.problems = _sources(job, report.notices)
    plans = _plans(job, run, sources)  # a bad config file stops the run before any check starts
    report.fail_on = {source.path: plan.config.fail_on for source, plan in zip(sources, plans, strict=True)}
    with ExitStack() as stack:
        try:
            scheduler = Scheduler(job, stack, workers_for(job.workers, len(sources)))
            for chunk in _chunks(_articles(sources, plans, report, progress)):
                store.extend(scheduler.submit(chunk))
            store.extend(scheduler.drain())
            scheduler.finish(store)
        except KeyboardInterrupt:
            # Ctrl-C: keep what was checked so the caller can still write it; checks close below.
            report.interrupted = True


def wanted_checks(names: Sequence[str], config: Config) -> list[str]:
    """The checks with at least one rule the config selects (the others are not run)."""
    return plan.wanted_checks(names, config.selection())


def workers_for(wanted: int, articles: int) -> int:
    """Worker processes worth starting: none (1) for what fits in one chunk, as in a hook run."""
    return max(1, min(wanted, -(-articles // CHUNK)))


def _sources(job: Job, notices: list[str]) -> tuple[list[Source], list[InputProblem]]:
    found: list[Source] = []
    problems: list[InputProblem] = []
    for item in inputs.expand(job.paths, job.config.extensions, notices, job.stdin_filename):
        if isinstance(item, InputProblem):
            problems.append(item)
        else:
            found.append(item)
    return found, problems


def _plans(job: Job, run: Plan, sources: Sequence[Source]) -> list[Plan]:
    """The plan of each source: that of the closest config above its folder (looked up once per
    folder; folders that share a config share its plan)."""
    if job.config_for is None:
        return [run] * len(sources)
    by_folder: dict[Path, Plan] = {}
    by_file: dict[Path | None, Plan] = {run.config.source: run}  # by the config's own file
    found = []
    for source in sources:
        if source.file is None:  # standard input: the config of the run
            found.append(run)
            continue
        folder = source.file.parent
        if folder not in by_folder:
            config = job.config_for(folder)
            known = by_file.get(config.source)
            if known is None or known.config is not config:
                known = by_file[config.source] = Plan.of(config, job.checks)
            by_folder[folder] = known
        found.append(by_folder[folder])
    return found


def _articles(
    sources: Sequence[Source], plans: Sequence[Plan], report: RunReport, progress: Progress | None
) -> Iterator[Item]:
    for done, (source, plan_) in enumerate(zip(sources, plans, strict=True)):
        if progress:
            progress(done, len(sources), source.path)
        try:
            yield inputs.load(source, plan_.config), plan_
        except InputError as exc:
            report.problems.append(InputProblem(source.path, str(exc)))


def _chunks(items: Iterator[Item]) -> Iterator[list[Item]]:
    chunk: list[Item] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _add(result: ArticleResult, name: str, output: CheckOutput) -> None:
    result.findings.extend(output.findings)
    result.notices.extend(output.notices)
    if output.error:
        result.errors.append(output.error)
    if output.data is not None:
        result.data[name] = output.data


def _headline(article: Article) -> str | None:
    block = article.headline
    return " ".join(block.slice(article.text).split()) if block else None


Marks = tuple[Selection, Suppressions]  # what decides which of an article's findings are reported


@dataclass
class _Pending:
    """One chunk on its way through the checks."""

    items: list[Item]
    outputs: list[dict[str, CheckOutput]]
    keys: dict[tuple[int, str], str] = field(default_factory=dict)  # (item, check) -> cache key
    fresh: list[tuple[int, str]] = field(default_factory=list)  # outputs to store in the cache
    waiting: list[tuple[Future[list[CheckOutput]], str, list[int]]] = field(default_factory=list)


class Scheduler:
    """The checks, cache and worker processes of one run, fed a chunk of articles at a time.

    Checks open on first use, once per distinct settings (see `cache.settings`), so configs
    that differ elsewhere share them. Checks that compare articles with each other
    (`CrossCheck`) run in this process, in article order, and see every article: where a cached
    output stands in for their check, they `observe(article)` instead. The other checks run
    here or, with workers, in worker processes; results keep the input order.
    """

    def __init__(self, job: Job, stack: ExitStack, workers: int = 1) -> None:
        self.names = list(job.checks)
        self.cache = job.cache
        self.workers = workers
        self._stack = stack
        self._context = job.context
        self._checks: dict[tuple[str, str], Check] = {}  # (check, its settings) -> the check
        self._marks: dict[str, Marks] = {}
        self._pending: deque[_Pending] = deque()
        self._pool: Pool | None = None
        self._make_pool = job.pool
        self._beside: Executor | None = None  # the thread for checks that wait on a server

    def submit(self, chunk: list[Item]) -> list[ArticleResult]:
        """Start checking a chunk; returns the results of the chunks that are done, in order."""
        self._pending.append(self._start(chunk))
        done: list[ArticleResult] = []
        # Chunks kept in flight: two per worker process; with none, one, so that a check waiting
        # on its server overlaps the next chunk's reading and other checks.
        while len(self._pending) > (2 * self.workers if self.workers > 1 else 1):
            done.extend(self._complete(self._pending.popleft()))
        return done

    def drain(self) -> list[ArticleResult]:
        """The results of every chunk still in progress."""
        done: list[ArticleResult] = []
        while self._pending:
            done.extend(self._complete(self._pending.popleft()))
        return done

    def finish(self, store: ResultStore) -> None:
        """Add the cross-article findings to their articles, filtered like each article's own."""
        extra: dict[str, list[Finding]] = {}
        for check in self._checks.values():
            if isinstance(check, CrossCheck):
                for finding in check.finish():
                    marks = self._marks.get(finding.path)
                    if marks is not None:
                        extra.setdefault(finding.path, []).extend(_keep([finding], marks))
        store.merge(extra)

    def check(self, name: str, config: Config) -> Check:
        """The check for a config, opened on first use and shared by equal settings."""
        return self._open(name, config, cache.settings(name, config))

    def _open(self, name: str, config: Config, settings: str) -> Check:
        key = (name, settings)
        if key not in self._checks:
            self._checks[key] = open_check(self._stack, name, config, self._context)
        return self._checks[key]

    def _start(self, chunk: list[Item]) -> _Pending:
        pending = _Pending(chunk, [{} for _ in chunk])
        groups = [(name, check, idx) for name in self.names for check, idx in self._by_check(name, chunk)]
        hits = self._lookup(pending, groups)
        for name, check, indexes in groups:
            if isinstance(check, CrossCheck):
                self._cross(pending, name, check, indexes, hits)
                continue
            for i in indexes:
                if (i, name) in hits:
                    pending.outputs[i][name] = hits[(i, name)]
            self._dispatch(pending, name, check, [i for i in indexes if (i, name) not in hits])
        return pending

    def _by_check(self, name: str, chunk: list[Item]) -> list[tuple[Check, list[int]]]:
        groups: dict[str, tuple[Check, list[int]]] = {}
        for i, (_, plan_) in enumerate(chunk):
            if name not in plan_.checks:
                continue  # every rule of this check is deselected for this article
            settings = plan_.settings(name)
            check = self._open(name, plan_.config, settings)
            groups.setdefault(settings, (check, []))[1].append(i)
        return list(groups.values())

    def _lookup(
        self, pending: _Pending, groups: list[tuple[str, Check, list[int]]]
    ) -> dict[tuple[int, str], CheckOutput]:
        """Cached outputs of this chunk, by (item, check)."""
        if self.cache is None:
            return {}
        digests = [cache.article_hash(article) for article, _ in pending.items]
        for name, _, indexes in groups:
            for i in indexes:
                pending.keys[(i, name)] = cache.key(digests[i], pending.items[i][1].token(name))
        stored = self.cache.get_many(sorted(set(pending.keys.values())))
        hits = {}
        for (i, name), key in pending.keys.items():
            output = cache.decode(stored[key], pending.items[i][0]) if key in stored else None
            if output is not None:
                hits[(i, name)] = output
        return hits

    def _cross(
        self,
        pending: _Pending,
        name: str,
        check: CrossCheck,
        indexes: list[int],
        hits: dict[tuple[int, str], CheckOutput],
    ) -> None:
        """Feed a cross-article check every article in order: cached ones observed, others checked."""
        run: list[int] = []
        for i in [*indexes, -1]:
            if i >= 0 and (i, name) not in hits:
                run.append(i)
                continue
            self._dispatch(pending, name, check, run)
            run = []
            if i >= 0:
                pending.outputs[i][name] = hits[(i, name)]
                check.observe(pending.items[i][0])

    def _dispatch(self, pending: _Pending, name: str, check: Check, indexes: list[int]) -> None:
        """Check articles here, or send them to a worker (never a cross-article check's)."""
        if not indexes:
            return
        articles = [pending.items[i][0] for i in indexes]
        if (self.workers <= 1 and self._make_pool is None) or isinstance(check, CrossCheck):
            if check.waits_on_server and not isinstance(check, CrossCheck):
                pending.waiting.append((self._thread().submit(check_outputs, check, articles), name, indexes))
            else:
                self._record(pending, name, indexes, check_outputs(check, articles))
            return
        from newsedit import workers

        config = pending.items[indexes[0]][1].config  # equal settings for this check across `indexes`
        pending.waiting.append((self._workers().submit(workers.check, name, config, articles), name, indexes))

    def _workers(self) -> Pool:
        if self._pool is None:
            from newsedit import workers

            self._pool = (self._make_pool or workers.pool)(self.workers)
            self.workers = self._pool.width  # a cluster may offer fewer
            self._stack.callback(self._pool.shutdown, cancel_futures=True)
        return self._pool

    def _thread(self) -> Executor:
        """One thread for the checks that mostly wait on a server: their chunks go there, in order,
        while this thread reads the next articles and runs the other checks."""
        if self._beside is None:
            from concurrent.futures import ThreadPoolExecutor

            self._beside = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newsedit-check")
            # Registered after the checks it runs, so it closes first: no call in flight on a closed check.
            self._stack.callback(self._beside.shutdown, cancel_futures=True)
        return self._beside

    def _record(self, pending: _Pending, name: str, indexes: list[int], outputs: list[CheckOutput]) -> None:
        for i, output in zip(indexes, outputs, strict=True):
            pending.outputs[i][name] = output
            if (i, name) in pending.keys:
                pending.fresh.append((i, name))

    def _complete(self, pending: _Pending) -> list[ArticleResult]:
        if pending.waiting:
            self._collect(pending)
        self._store(pending)
        return [self._result(article, plan_, pending.outputs[i]) for i, (article, plan_) in enumerate(pending.items)]

    def _collect(self, pending: _Pending) -> None:
        """The outputs of the articles sent to worker processes."""
        from concurrent.futures import BrokenExecutor  # a broken process pool; its module loads multiprocessing

        for future, name, indexes in pending.waiting:
            try:
                self._record(pending, name, indexes, future.result())
            except BrokenExecutor as exc:
                raise BackendError(f"a worker process stopped unexpectedly ({exc})") from None

    def _store(self, pending: _Pending) -> None:
        if self.cache is None or not pending.fresh:
            return
        entries = []
        for i, name in pending.fresh:
            value = cache.encode(pending.outputs[i][name], pending.items[i][0])
            if value is not None:
                entries.append((pending.keys[(i, name)], name, value))
        self.cache.put_many(entries)

    def _result(self, article: Article, plan_: Plan, outputs: dict[str, CheckOutput]) -> ArticleResult:
        result = ArticleResult(article.path, _headline(article), notices=list(article.notices))
        for name in self.names:
            if name in outputs:
                _add(result, name, outputs[name])
        suppressions, notices = suppress.parse(article.text, article.code)
        result.notices.extend(notices)
        marks = self._marks[article.path] = (plan_.selection, suppressions)
        result.findings = sorted(_keep(result.findings, marks), key=lambda f: f.sort_key)
        return result


def _keep(findings: list[Finding], marks: Marks) -> list[Finding]:
    """The findings a config selects and the article does not suppress."""
    selection, suppressions = marks
    kept = selection.apply(findings)
    return suppressions.apply(kept) if suppressions else kept
