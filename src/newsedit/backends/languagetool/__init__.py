"""LanguageTool for newsedit: provisioning, the local server's lifecycle, and the client.

- `install.py` copies a pinned LanguageTool release from Maven into the user cache and verifies
  it (`newsedit setup`). Nothing is fetched when articles are checked.
- `server.py` starts a local server on first need (`ensure_server`) and reuses it across invocations.
  A small supervisor process (`python -m newsedit.backends.languagetool serve`) owns the JVM: it warms
  it up, records it in a state file (pid, port, version), and stops it once nobody has used it for
  the idle time. The server listens on 127.0.0.1 only.
- `client.py` checks texts on that server, or on one named by `--lt-url`, `NEWSEDIT_LT_URL` or
  `grammar.lt-url`, over LanguageTool's HTTP API (requests; language_tool_python's public
  LanguageTag checks the configured language); it restarts a local server that dies under a
  batch and turns a server that stops answering into per-article errors.

This face re-exports the names the rest of newsedit uses; requests and language_tool_python are
imported inside functions only, so that the package stays cheap to load.
"""

from newsedit.backends.languagetool.client import (
    DEFAULT_LANGUAGE,
    Client,
    Match,
    Outcome,
    Part,
    ServerGone,
    TimedOut,
    identity,
    remote_url,
)
from newsedit.backends.languagetool.install import (
    MIN_JAVA,
    NEWS_RULES_FILE,
    NOT_SET_UP,
    PINNED,
    POM,
    URL_ENV,
    VERSION,
    Installed,
    Say,
    first_use_message,
    home,
    install,
    installed,
    java,
    java_major,
    missing_tools,
    news_rules_digest,
    news_rules_dir,
    parse_java_version,
    server_version,
    set_up_on_first_use,
    verify,
)
from newsedit.backends.languagetool.server import (
    JVM_OPTIONS,
    MAIN_CLASS,
    MODULE,
    SERVER_PROPERTIES,
    START_TIMEOUT_S,
    ServerState,
    _open_log,
    _opener,
    ensure_server,
    healthy,
    last_used,
    log_file,
    read_state,
    starting,
    status,
    stop_server,
    supervised,
    touch,
)
from newsedit.backends.languagetool.supervisor import main, serve
from newsedit.paths import CACHE_ENV

__all__ = [
    "CACHE_ENV",
    "DEFAULT_LANGUAGE",
    "JVM_OPTIONS",
    "MAIN_CLASS",
    "MIN_JAVA",
    "MODULE",
    "NEWS_RULES_FILE",
    "NOT_SET_UP",
    "PINNED",
    "POM",
    "SERVER_PROPERTIES",
    "START_TIMEOUT_S",
    "URL_ENV",
    "VERSION",
    "Client",
    "Installed",
    "Match",
    "Outcome",
    "Part",
    "Say",
    "ServerGone",
    "ServerState",
    "TimedOut",
    "_open_log",
    "_opener",
    "ensure_server",
    "first_use_message",
    "healthy",
    "home",
    "identity",
    "install",
    "installed",
    "java",
    "java_major",
    "last_used",
    "log_file",
    "main",
    "missing_tools",
    "news_rules_digest",
    "news_rules_dir",
    "parse_java_version",
    "read_state",
    "remote_url",
    "serve",
    "server_version",
    "set_up_on_first_use",
    "starting",
    "status",
    "stop_server",
    "supervised",
    "touch",
    "verify",
]
