"""The LanguageTool client: the configured language, what a check request holds, and proxies."""

from __future__ import annotations

import json
import socket
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from newsedit.backends.languagetool import Client
from newsedit.config import GrammarConfig
from newsedit.errors import ConfigError
from stand_in_server import LANGUAGES, JsonHandler, serving

TEXT = [{"text": "They organise the colour of the car.\n"}]


class _Proxy(JsonHandler):
    """An HTTP proxy that answers for LanguageTool itself: records each request's target and form."""

    seen: ClassVar[list[tuple[str, dict[str, list[str]]]]] = []

    def do_GET(self) -> None:
        type(self).seen.append((self.path, {}))
        self.answer(LANGUAGES)

    def do_POST(self) -> None:
        form = urllib.parse.parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode("utf-8"))
        type(self).seen.append((self.path, form))
        self.answer({"matches": []})


@pytest.fixture
def proxy(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The stand-in proxy, named by http_proxy in the environment (with nothing exempt from it)."""
    _Proxy.seen = []
    with serving(_Proxy) as url:
        for name in ("http_proxy", "HTTP_PROXY"):
            monkeypatch.setenv(name, url)
        for name in ("no_proxy", "NO_PROXY", "all_proxy", "ALL_PROXY"):
            monkeypatch.delenv(name, raising=False)
        yield url


def _rules(settings: GrammarConfig, parts: list[dict[str, str]] = TEXT) -> set[str]:
    client = Client(settings)
    try:
        [outcome] = client.check([parts])
    finally:
        client.close()
    assert isinstance(outcome, list), outcome
    return {m.rule for m in outcome}


def test_a_named_server_is_reached_through_the_environments_proxy(proxy: str) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{sock.getsockname()[1]}"  # not listening: only the proxy can answer
        settings = GrammarConfig(lt_url=url, disabled_rules=["JONG_UN", "OUTSIDE_OF"], disabled_categories=["TYPOS"])
        assert _rules(settings, [{"text": "Due "}, {"markup": "**"}, {"text": "to rain."}]) == set()
    [(languages, _), (check, form)] = _Proxy.seen
    assert (languages, check) == (f"{url}/v2/languages", f"{url}/v2/check")
    # What LanguageTool is sent: the language (checked against its list), the rules and
    # categories to leave out, and the text as a `data` annotation whose markup it skips.
    assert form == {
        "language": ["en-US"],
        "disabledRules": ["JONG_UN,OUTSIDE_OF"],
        "disabledCategories": ["TYPOS"],
        "data": [json.dumps({"annotation": [{"text": "Due "}, {"markup": "**"}, {"text": "to rain."}]})],
    }


def test_a_named_servers_path_is_kept(proxy: str) -> None:
    # A server behind a reverse proxy at /languagetool: its API is /languagetool/v2/.
    for named in ("http://lt.invalid/languagetool", "http://lt.invalid/languagetool/v2/"):
        _Proxy.seen = []
        assert _rules(GrammarConfig(lt_url=named)) == set()
        assert [path for path, _ in _Proxy.seen] == [
            "http://lt.invalid/languagetool/v2/languages",
            "http://lt.invalid/languagetool/v2/check",
        ]


@pytest.mark.slow
def test_the_local_server_is_never_reached_through_a_proxy(lt_cache: Path, proxy: str) -> None:
    assert "MORFOLOGIK_RULE_EN_US" in _rules(GrammarConfig(), [{"text": "He recieved the cup.\n"}])
    assert _Proxy.seen == []


@pytest.mark.slow
def test_the_configured_language_is_matched_to_the_servers_own_code(lt_cache: Path) -> None:
    # "en-gb" is the server's en-GB: its Oxford spelling advice runs, and "colour" is no typo.
    assert "OXFORD_SPELLING_Z_NOT_S" in _rules(GrammarConfig(language="en-gb"))
    assert "OXFORD_SPELLING_Z_NOT_S" not in _rules(GrammarConfig(language="en-US"))


@pytest.mark.slow
def test_a_language_the_server_lacks_is_a_config_error(lt_cache: Path) -> None:
    client = Client(GrammarConfig(language="xx-YY"))
    try:
        with pytest.raises(ConfigError, match=r"^grammar\.language: .*'xx-YY'"):
            client.check([TEXT])
    finally:
        client.close()
