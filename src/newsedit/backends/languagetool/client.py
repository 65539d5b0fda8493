"""The LanguageTool client: checks texts on the local server, or on one the config names, with retries.

`Client` speaks LanguageTool's HTTP API (/v2/languages, /v2/check): to the local server with the
standard library's http.client, to a remote one with requests (proxies and all); a configured
language the server does not list as written is normalized by language_tool_python's public
LanguageTag (both packages imported inside functions only, so that this module stays cheap to
load). It restarts a local server that dies under a batch and turns a server that stops answering
into per-article errors. The server is named by `--lt-url`,
`NEWSEDIT_LT_URL` or `grammar.lt-url`, else it is the local one.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from newsedit.backends.languagetool.answers import Match, matches
from newsedit.backends.languagetool.install import URL_ENV, server_version
from newsedit.backends.languagetool.server import ensure_server, healthy, log_file, read_state, stop_server, touch
from newsedit.errors import BackendError, BackendUnavailable, ConfigError

if TYPE_CHECKING:
    import requests

    from newsedit.config import GrammarConfig

DEFAULT_LANGUAGE = "en-US"  # the client's language when each request names its own
RESTARTS = 2  # how often one batch may restart a local server that died under it
# No proxy for the local server, whatever the environment says (requests skips empty entries).
NO_PROXY = {"http": "", "https": ""}

Part = dict[str, str]  # one piece of a LanguageTool `data` request: text, or markup it skips


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
        self._server: _Server | None = None
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
            self._server = None  # the server went away: the next round finds or starts one again
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
            server = self._connect()
        except (ServerGone, BackendError) as exc:
            outcomes = [exc] * len(texts)
        except BackendUnavailable as exc:  # not set up, no Java: the other checks still report
            outcomes = [BackendError(str(exc))] * len(texts)
        else:
            outcomes = self._ask(server, texts, languages)
        if any(isinstance(o, TimedOut) for o in outcomes):
            self._after_timeout()
        return outcomes

    def _ask(
        self, server: _Server, texts: Sequence[Sequence[Part]], languages: Sequence[str]
    ) -> list[Outcome | ServerGone]:
        """Send the texts, several at once, longest first: the batch then ends on short requests,
        not on one long one while the server's other threads sit idle."""
        ask = partial(self._one, server)
        if len(texts) == 1:
            return [ask(texts[0], languages[0])]
        order = sorted(range(len(texts)), key=lambda i: -sum(len(p.get("text", "")) for p in texts[i]))
        answers = self._workers().map(ask, [texts[i] for i in order], [languages[i] for i in order])
        by_index = dict(zip(order, answers, strict=True))
        return [by_index[i] for i in range(len(texts))]

    def _connect(self) -> _Server:
        if self._down:
            raise BackendError(self._down)
        if self._server is None:
            self._server = self._open_remote(self.remote) if self.remote else self._open_local()
        elif self.remote is None:
            touch()
        return self._server

    def _open_remote(self, url: str) -> _Server:
        self.url = url
        return _open(url, self.settings, local=False)

    def _open_local(self) -> _Server:
        """The recorded server when it answers, else a started one.

        The first request (the server's languages) is the health check on the fast path: a
        hook run then pays for one round trip less. Any failure there takes the slow path,
        which checks, stops and starts the server under the lock.
        """
        state = read_state()
        if state is not None and state.version == server_version():
            with contextlib.suppress(ServerGone, BackendError):
                server = _open(state.url, self.settings, local=True)
                self.url = state.url
                touch()
                return server
        self.url = ensure_server(self.settings.idle_minutes).url
        return _open(self.url, self.settings, local=True)

    def _one(self, server: _Server, parts: Sequence[Part], language: str = "") -> Outcome | ServerGone:
        text = "".join(p.get("text", p.get("markup", "")) for p in parts)
        try:
            return matches(server.check_parts(parts, language), text)
        except (ServerGone, BackendError) as exc:
            return exc

    def _after_timeout(self) -> None:
        """A request timed out: a server that no longer answers its health check is replaced
        (local) or no longer asked (remote), so the rest of a batch does not wait on it too."""
        if healthy(self.url):
            return
        self._server = None
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


def _session(local: bool) -> requests.Session:
    """A session for one request; for the local server, nothing from the environment applies.

    One request per connection, as requests.post makes them: LanguageTool's HTTP server sends
    its answers with Nagle's algorithm on, so on a kept-alive connection each answer waits
    about 40 ms for the client's delayed ACK (bench/grammar.py's sample: a hook run slower by
    that much); a new connection answers at once.
    """
    import requests

    session = requests.Session()
    if local:
        # No proxy (nor netrc or CA bundle) for 127.0.0.1, whatever http_proxy says; a remote
        # server is reached as the environment says, proxy included.
        session.trust_env = False
        session.proxies = dict(NO_PROXY)
    return session


@dataclass(frozen=True)
class _Server:
    """One LanguageTool server's HTTP API (/v2), asked with newsedit's language, rules and timeout."""

    base: str  # base URL, no /v2: what error messages name
    params: dict[str, str]  # language, disabledRules, disabledCategories: sent with every check
    timeout: float
    local: bool  # newsedit's own server on 127.0.0.1: never through a proxy

    def check_parts(self, parts: Sequence[Part], language: str = "") -> list[dict[str, Any]]:
        """LanguageTool's raw matches for a `data` request (markup parts skipped, still counted)."""
        form = dict(self.params)
        if language:
            form["language"] = language
        form["data"] = json.dumps({"annotation": list(parts)}, ensure_ascii=False)
        answer = self.ask("check", form)
        try:
            matches = answer["matches"]
            if not isinstance(matches, list):
                raise TypeError(f"matches is {type(matches).__name__}, not a list")
            return matches
        except (KeyError, TypeError) as exc:
            raise BackendError(f"unexpected answer from LanguageTool at {self.base}/v2/: {exc!r}") from None

    def ask(self, endpoint: str, form: dict[str, str] | None = None) -> Any:
        """The JSON answer to a GET (no form) or POST of /v2/<endpoint>, or the error it means."""
        if self.local:
            return self._ask_local(endpoint, form)
        import http.client

        import requests

        url = f"{self.base}/v2/{endpoint}"
        try:
            with _session(self.local) as session:
                if form is None:
                    response = session.get(url, timeout=self.timeout)
                else:
                    response = session.post(url, data=form, timeout=self.timeout)
                with response:
                    return _json(response, self.base)
        except requests.Timeout:
            raise TimedOut(f"LanguageTool at {self.base} did not answer within {self.timeout:g} s") from None
        # Refused, reset, or cut off halfway through an answer (a JVM killed mid-response): all
        # mean the server went away, so the request is worth sending again to a new one.
        except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError) as exc:
            raise ServerGone(str(exc)) from None
        except (OSError, http.client.HTTPException) as exc:
            raise _refused(self.base, f"{self.base}/v2/: {exc}") from None

    def _ask_local(self, endpoint: str, form: dict[str, str] | None) -> Any:
        """`ask` of newsedit's own server on 127.0.0.1 with the standard library's HTTP client:
        no proxy or other setting from the environment applies, and a hook run does not pay
        for importing requests. One request per connection, as `_session` says why."""
        import http.client
        import urllib.parse

        address = urllib.parse.urlsplit(self.base)
        connection = http.client.HTTPConnection(address.hostname or "127.0.0.1", address.port, timeout=self.timeout)
        body = urllib.parse.urlencode(form).encode() if form is not None else None
        headers = {"Connection": "close", "Accept": "application/json"}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request("GET" if body is None else "POST", f"/v2/{endpoint}", body, headers)
            content = connection.getresponse().read()
        except TimeoutError:
            raise TimedOut(f"LanguageTool at {self.base} did not answer within {self.timeout:g} s") from None
        # Refused, reset, or cut off halfway through an answer: the server went away (see ask).
        except (ConnectionError, http.client.IncompleteRead, http.client.BadStatusLine) as exc:
            raise ServerGone(f"{self.base}/v2/{endpoint}: {exc!r}") from None
        except (OSError, http.client.HTTPException) as exc:
            raise _refused(self.base, f"{self.base}/v2/: {exc}") from None
        finally:
            connection.close()
        try:
            return json.loads(content)
        except ValueError:
            raise _refused(self.base, content.decode("utf-8", "replace")) from None


def _open(base: str, settings: GrammarConfig, local: bool) -> _Server:
    """The server at base, asked for its languages (also the health check): the configured
    language is checked against them with language_tool_python's LanguageTag."""
    bare = _Server(base, {}, settings.timeout, local)
    known = _languages(bare.ask("languages"), base)
    # "auto": each request names the article's own English (see Client.check).
    language = DEFAULT_LANGUAGE if settings.language == "auto" else settings.language
    params = {"language": language if language in known else _language_tag(language, known)}
    if settings.disabled_rules:
        params["disabledRules"] = ",".join(dict.fromkeys(settings.disabled_rules))
    if settings.disabled_categories:
        params["disabledCategories"] = ",".join(dict.fromkeys(settings.disabled_categories))
    return _Server(base, params, settings.timeout, local)


def _language_tag(language: str, known: set[str]) -> str:
    """A language the server does not list as written (en_gb, EN, C.UTF-8), normalized by
    language_tool_python's LanguageTag; one it lists as written needs no import of that package
    (a third of a hook run's start-up, with psutil and requests)."""
    from language_tool_python import LanguageTag

    try:
        return str(LanguageTag(language, known))
    except ValueError as exc:  # a language the server lacks
        raise ConfigError(f"grammar.language: {exc}") from None


def _languages(answer: Any, base: str) -> set[str]:
    """The language codes (short and long) in a /v2/languages answer, and "auto"."""
    try:
        codes = {str(code) for entry in answer for code in (entry.get("code"), entry.get("longCode")) if code}
    except (AttributeError, TypeError) as exc:
        raise BackendError(f"unexpected answer from LanguageTool at {base}/v2/: {exc!r}") from None
    return codes | {"auto"}


def _json(response: requests.Response, base: str) -> Any:
    """The answer's JSON; anything else (an error page, a plain-text refusal) is the server's error."""
    try:
        return response.json()
    except ValueError:
        raise _refused(base, response.content.decode("utf-8", "replace")) from None


def _refused(base: str, why: str) -> BackendError:
    return BackendError(f"LanguageTool at {base} failed: {why.strip()[:300]}")
