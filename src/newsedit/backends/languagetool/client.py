"""The LanguageTool client: checks texts on the local server, or on one the config names, with retries.

`Client` goes through language_tool_python's remote-server mode (imported inside functions only, so that
this module stays cheap to load); it restarts a local server that dies under a batch and turns a server
that stops answering into per-article errors. The server is named by `--lt-url`, `NEWSEDIT_LT_URL` or
`grammar.lt-url`, else it is the local one.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache, partial
from typing import TYPE_CHECKING, Any

from newsedit.backends.languagetool.install import URL_ENV, server_version
from newsedit.backends.languagetool.server import ensure_server, healthy, log_file, read_state, stop_server, touch
from newsedit.errors import BackendError, BackendUnavailable, ConfigError

if TYPE_CHECKING:
    from newsedit.config import GrammarConfig

DEFAULT_LANGUAGE = "en-US"  # the client's language when each request names its own
RESTARTS = 2  # how often one batch may restart a local server that died under it
# No proxy for the local server, whatever the environment says (requests skips empty entries).
NO_PROXY = {"http": "", "https": ""}

Part = dict[str, str]  # one piece of a LanguageTool `data` request: text, or markup it skips


@dataclass(frozen=True)
class Match:
    """One LanguageTool match; start and end are code-point offsets into the checked text."""

    start: int
    end: int
    rule: str
    category: str
    issue_type: str
    message: str
    replacements: tuple[str, ...]


class ServerGone(Exception):
    """The server refused or dropped the connection: it died (or was never there)."""


class TimedOut(BackendError):
    """The server took longer than the configured timeout."""


Outcome = list[Match] | BackendError


def remote_url(settings: GrammarConfig) -> str | None:
    """The server named by config or NEWSEDIT_LT_URL (base URL, no /v2), or None for the local one."""
    raw = (settings.lt_url or os.environ.get(URL_ENV) or "").strip()
    if not raw:
        return None
    if "://" not in raw:
        raw = "http://" + raw
    raw = raw.rstrip("/")
    return raw[: -len("/v2")] if raw.endswith("/v2") else raw


def identity(settings: GrammarConfig) -> str:
    """Which LanguageTool answers for these settings (for result caches); no request is made."""
    url = remote_url(settings)
    return f"languagetool {server_version()} (local)" if url is None else f"languagetool at {url}"


class Client:
    """Checks texts on one LanguageTool server, several at a time."""

    def __init__(self, settings: GrammarConfig) -> None:
        self.settings = settings
        self.remote = remote_url(settings)
        self.url = self.remote or ""
        self._tool: Any = None
        self._down: str | None = None  # why a remote server is no longer asked
        self._pool: ThreadPoolExecutor | None = None

    def check(self, texts: Sequence[Sequence[Part]], languages: Sequence[str] | None = None) -> list[Outcome]:
        """LanguageTool's matches for each text, or the error that kept it from being checked.

        languages: one language code per text (en-GB, en-US...); default: the config's.
        """
        results: dict[int, Outcome] = {}
        pending = list(range(len(texts)))
        chosen = list(languages) if languages is not None else [""] * len(texts)
        for _ in range(RESTARTS + 1):
            outcomes = self._round([texts[i] for i in pending], [chosen[i] for i in pending])
            results.update((i, o) for i, o in zip(pending, outcomes, strict=True) if not isinstance(o, ServerGone))
            pending = [i for i, o in zip(pending, outcomes, strict=True) if isinstance(o, ServerGone)]
            if not pending:
                break
            self._tool = None  # the server went away: the next round finds or starts one again
        if pending and self.remote:
            self._down = self._unreachable()  # the rest of the run fails fast instead of retrying
        for i in pending:
            results[i] = BackendError(self._unreachable())
        return [results[i] for i in range(len(texts))]

    def close(self) -> None:
        """Finish the worker threads (the local server keeps running for the next invocation)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None

    def _round(self, texts: Sequence[Sequence[Part]], languages: Sequence[str]) -> list[Outcome | ServerGone]:
        outcomes: list[Outcome | ServerGone]
        try:
            tool = self._connect()
        except (ServerGone, BackendError) as exc:
            outcomes = [exc] * len(texts)
        except BackendUnavailable as exc:  # not set up, no Java: the other checks still report
            outcomes = [BackendError(str(exc))] * len(texts)
        else:
            outcomes = self._ask(tool, texts, languages)
        if any(isinstance(o, TimedOut) for o in outcomes):
            self._after_timeout()
        return outcomes

    def _ask(self, tool: Any, texts: Sequence[Sequence[Part]], languages: Sequence[str]) -> list[Outcome | ServerGone]:
        """Send the texts, several at once, longest first: the batch then ends on short requests,
        not on one long one while the server's other threads sit idle."""
        ask = partial(self._one, tool)
        if len(texts) == 1:
            return [ask(texts[0], languages[0])]
        order = sorted(range(len(texts)), key=lambda i: -sum(len(p.get("text", "")) for p in texts[i]))
        answers = self._workers().map(ask, [texts[i] for i in order], [languages[i] for i in order])
        by_index = dict(zip(order, answers, strict=True))
        return [by_index[i] for i in range(len(texts))]

    def _connect(self) -> Any:
        if self._down:
            raise BackendError(self._down)
        if self._tool is None:
            self._tool = self._open_remote(self.remote) if self.remote else self._open_local()
        elif self.remote is None:
            touch()
        return self._tool

    def _open_remote(self, url: str) -> Any:
        self.url = url
        return _open_tool(url, self.settings, local=False)

    def _open_local(self) -> Any:
        """The recorded server when it answers, else a started one.

        language_tool_python's first request (the server's languages) is the health check on
        the fast path: a hook run then pays for one round trip less. Any failure there takes
        the slow path, which checks, stops and starts the server under the lock.
        """
        state = read_state()
        if state is not None and state.version == server_version():
            with contextlib.suppress(ServerGone, BackendError):
                tool = _open_tool(state.url, self.settings, local=True)
                self.url = state.url
                touch()
                return tool
        self.url = ensure_server(self.settings.idle_minutes).url
        return _open_tool(self.url, self.settings, local=True)

    def _one(self, tool: Any, parts: Sequence[Part], language: str = "") -> Outcome | ServerGone:
        text = "".join(p.get("text", p.get("markup", "")) for p in parts)
        try:
            return _matches(tool.check_parts(parts, language), text)
        except (ServerGone, BackendError) as exc:
            return exc

    def _after_timeout(self) -> None:
        """A request timed out: a server that no longer answers its health check is replaced
        (local) or no longer asked (remote), so the rest of a batch does not wait on it too."""
        if healthy(self.url):
            return
        self._tool = None
        if self.remote is None:
            stop_server()
        else:
            self._down = f"the LanguageTool server at {self.url} stopped answering; not asked again in this run"

    def _unreachable(self) -> str:
        if self.remote is None:
            return f"the local LanguageTool server kept dying (see {log_file()})"
        return f"cannot reach the LanguageTool server at {self.url}"

    def _workers(self) -> ThreadPoolExecutor:
        if self._pool is None:
            workers = self.settings.concurrency or (os.cpu_count() or 2) + 1
            self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="languagetool")
        return self._pool


def _open_tool(url: str, settings: GrammarConfig, local: bool) -> Any:
    """language_tool_python's client for this server, with newsedit's language and rules."""
    from language_tool_python.exceptions import LanguageToolError

    try:
        # "auto": each request names the article's own English (see Client.check).
        language = DEFAULT_LANGUAGE if settings.language == "auto" else settings.language
        tool = _tool_class()(language, url, settings.timeout, NO_PROXY if local else None)
    except LanguageToolError as exc:
        raise _failure(exc, url, settings.timeout) from None
    except ValueError as exc:  # language_tool_python's answer to a language the server lacks
        raise ConfigError(f"grammar.language: {exc}") from None
    tool.disabled_rules = set(settings.disabled_rules)
    tool.disabled_categories = set(settings.disabled_categories)
    return tool


@cache
def _tool_class() -> type[Any]:
    """language_tool_python's LanguageTool in remote-server mode, with two additions.

    Remote-server mode neither downloads nor starts anything: the server is newsedit's own (or
    the one the config names). The additions: the timeout comes from newsedit's config (the
    library's is a fixed 300 s), and texts go out as LanguageTool `data` requests, whose markup
    parts LanguageTool skips while its offsets still count them. Matches are read from the JSON
    here rather than through the library's Match class, which keeps per-text state in class
    attributes (unsafe with several requests in flight) and counts lengths in UTF-16 units.
    """
    import language_tool_python
    from language_tool_python.exceptions import LanguageToolError

    class Tool(language_tool_python.LanguageTool):
        def __init__(self, language: str, url: str, timeout: float, proxies: dict[str, str] | None) -> None:
            self._TIMEOUT = timeout  # type: ignore[assignment]
            super().__init__(language, remote_server=url, proxies=proxies)

        def check_parts(self, parts: Sequence[Part], language: str = "") -> list[dict[str, Any]]:
            params = self._create_params("")
            del params["text"]
            if language:
                params["language"] = language
            params["data"] = json.dumps({"annotation": list(parts)}, ensure_ascii=False)
            try:
                answer = self._query_server(f"{self.url}check", params, num_tries=1, method="post")
                return list(answer["matches"])
            except LanguageToolError as exc:
                raise _failure(exc, self.url, float(self._TIMEOUT)) from None
            except (KeyError, TypeError) as exc:
                raise BackendError(f"unexpected answer from LanguageTool at {self.url}: {exc!r}") from None

    return Tool


def _failure(exc: Exception, url: str, timeout: float) -> ServerGone | BackendError:
    """What a language_tool_python error means: a dead server, a slow one, or a refusal."""
    import requests

    cause = exc.__cause__
    if isinstance(cause, requests.Timeout):
        return TimedOut(f"LanguageTool at {url.removesuffix('/v2/')} did not answer within {timeout:g} s")
    # Refused, reset, or cut off halfway through an answer (a JVM killed mid-response): all
    # mean the server went away, so the request is worth sending again to a new one.
    if isinstance(cause, requests.ConnectionError | requests.exceptions.ChunkedEncodingError):
        return ServerGone(str(cause))
    return BackendError(f"LanguageTool at {url.removesuffix('/v2/')} failed: {str(exc).strip()[:300]}")


def _matches(raw: Sequence[dict[str, Any]], text: str) -> list[Match]:
    """Matches with LanguageTool's UTF-16 offsets turned into code-point offsets."""
    index = _code_points(text)
    out = []
    for m in raw:
        start, end = m["offset"], m["offset"] + m["length"]
        if index is not None:
            start, end = index[min(start, len(index) - 1)], index[min(end, len(index) - 1)]
        rule = m.get("rule", {})
        replacements = tuple(r["value"] for r in m.get("replacements", []) if "value" in r)
        kind = (rule.get("category", {}).get("id", ""), rule.get("issueType", ""))
        out.append(Match(start, end, rule.get("id", ""), *kind, m.get("message", ""), replacements))
    return out


def _code_points(text: str) -> list[int] | None:
    """UTF-16 offset -> code-point offset, or None when the two agree (no astral characters)."""
    if text.isascii() or max(text) <= "\uffff":
        return None
    index = []
    for i, char in enumerate(text):
        index.extend([i, i] if ord(char) > 0xFFFF else [i])
    index.append(len(text))
    return index
