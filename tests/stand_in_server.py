"""Stand-in HTTP servers for the LanguageTool client's tests: a handler that answers JSON, served on a free port."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# What LanguageTool's /v2/languages says, cut to the one language the tests ask for.
LANGUAGES = [{"name": "English (US)", "code": "en", "longCode": "en-US"}]


class JsonHandler(BaseHTTPRequestHandler):
    """A request handler whose answers are JSON documents; it logs nothing."""

    def answer(self, document: object, whole: bool = True) -> None:
        """Send one JSON answer; not `whole`: its first half, then hang up (a JVM killed mid-answer)."""
        body = json.dumps(document).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body if whole else body[: len(body) // 2])
        self.close_connection = not whole

    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def serving(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """The handler served on 127.0.0.1 in a thread; yields its URL and stops it at the end."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
