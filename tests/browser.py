"""Headless Chromium driven over the DevTools protocol on a pipe: enough to load a page, run script in it,
collect its console errors and network requests, and take screenshots.

Why this and not a WebDriver client: the DevTools protocol reports console messages, uncaught
exceptions, Content-Security-Policy refusals and every request, which WebDriver does not, and over
`--remote-debugging-pipe` it needs nothing but the standard library (no websocket package, no port
opened on the machine). Debian's `chromium` package is the browser; tests skip with a reason
without it.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import select
import shutil
import signal
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "chrome")


def find() -> str | None:
    """The path of a Chromium binary, or None (`NEWSEDIT_CHROMIUM` names one)."""
    named = os.environ.get("NEWSEDIT_CHROMIUM")
    if named:
        return shutil.which(named)
    return next((found for name in CANDIDATES if (found := shutil.which(name))), None)


class BrowserError(RuntimeError):
    """The browser answered with an error, died or did not answer in time."""


class Browser:
    """One headless Chromium process; commands go to fd 3 and answers come from fd 4, NUL-separated JSON."""

    def __init__(self, binary: str, profile: Path) -> None:
        to_chrome, self._send_fd = os.pipe()
        self._recv_fd, from_chrome = os.pipe()
        args = [binary, "--headless", "--remote-debugging-pipe", f"--user-data-dir={profile}", "--disable-gpu",
                "--no-first-run", "--no-default-browser-check", "--hide-scrollbars", "--mute-audio",
                "--disable-extensions", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--metrics-recording-only", "--disable-dev-shm-usage", "about:blank"]  # fmt: skip
        if os.geteuid() == 0:  # Chromium's sandbox refuses to run as root (as in CI containers)
            args.insert(1, "--no-sandbox")
        null = os.open(os.devnull, os.O_RDWR)
        actions = [(os.POSIX_SPAWN_DUP2, to_chrome, 3), (os.POSIX_SPAWN_DUP2, from_chrome, 4)]
        actions += [(os.POSIX_SPAWN_DUP2, null, 0), (os.POSIX_SPAWN_DUP2, null, 1), (os.POSIX_SPAWN_DUP2, null, 2)]
        # In a process group of its own: its helpers (renderer, crash handler) end with it on close.
        self.pid = os.posix_spawn(binary, args, dict(os.environ), file_actions=actions, setpgroup=0)
        for fd in (to_chrome, from_chrome, null):
            os.close(fd)
        self._next = 0
        self._buffer = b""
        self.events: list[dict[str, Any]] = []

    def send(self, method: str, params: dict[str, Any] | None = None, session: str | None = None,
             timeout: float = 30) -> dict[str, Any]:  # fmt: skip
        """Send one command and wait for its answer (events that arrive meanwhile are kept)."""
        self._next += 1
        message: dict[str, Any] = {"id": self._next, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._send_fd, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            for reply in self._read(deadline):
                if reply.get("id") == self._next:
                    if "error" in reply:
                        raise BrowserError(f"{method}: {reply['error']}")
                    result: dict[str, Any] = reply.get("result", {})
                    return result
                self.events.append(reply)

    def wait_for(self, method: str, session: str | None = None, timeout: float = 30) -> dict[str, Any]:
        """The first event of this kind (already received or still to come)."""
        deadline = time.monotonic() + timeout
        while True:
            for i, event in enumerate(self.events):
                if event.get("method") == method and (session is None or event.get("sessionId") == session):
                    return self.events.pop(i)
            self.events.extend(self._read(deadline))

    def _read(self, deadline: float) -> list[dict[str, Any]]:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([self._recv_fd], [], [], left)[0]:
            raise BrowserError("the browser did not answer in time")
        chunk = os.read(self._recv_fd, 1 << 20)
        if not chunk:
            raise BrowserError("the browser closed its pipe (it died)")
        self._buffer += chunk
        *whole, self._buffer = self._buffer.split(b"\0")
        return [json.loads(part) for part in whole if part]

    def close(self) -> None:
        """End the browser, its helper processes and its pipes."""
        try:
            os.kill(self.pid, signal.SIGTERM)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.pid, signal.SIGKILL)  # helpers still writing to the profile
        for fd in (self._send_fd, self._recv_fd):
            os.close(fd)


class Page:
    """One tab: navigate, evaluate, screenshot; console errors and requests are recorded."""

    def __init__(self, browser: Browser, width: int = 1280, height: int = 900) -> None:
        self.browser = browser
        target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.send(f"{domain}.enable")
        metrics = {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False}
        self.send("Emulation.setDeviceMetricsOverride", metrics)

    def send(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        """A command to this tab."""
        return self.browser.send(method, params, self.session)

    def open(self, url: str) -> float:
        """Load a page and wait for its load event; the seconds it took."""
        start = time.monotonic()
        self.send("Page.navigate", {"url": url})
        self.browser.wait_for("Page.loadEventFired", self.session, timeout=60)
        return time.monotonic() - start

    def evaluate(self, expression: str) -> Any:
        """The value of a script expression in the page (promises awaited)."""
        params = {"expression": expression, "returnByValue": True, "awaitPromise": True}
        reply = self.send("Runtime.evaluate", params)
        if "exceptionDetails" in reply:
            raise BrowserError(f"{expression[:60]}...: {reply['exceptionDetails']}")
        return reply["result"].get("value")

    def errors(self) -> list[str]:
        """Console errors, uncaught exceptions and browser log errors (CSP refusals among them) so far."""
        out = []
        for event in self._mine():
            params = event.get("params", {})
            if event["method"] == "Runtime.exceptionThrown":
                out.append(json.dumps(params.get("exceptionDetails", {}))[:500])
            elif event["method"] == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                out.append(json.dumps(params.get("args", []))[:500])
            elif event["method"] == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
                out.append(params["entry"].get("text", ""))
        return out

    def requests(self) -> list[str]:
        """The URLs the page asked for."""
        return [e["params"]["request"]["url"] for e in self._mine() if e["method"] == "Network.requestWillBeSent"]

    def _mine(self) -> list[dict[str, Any]]:
        return [e for e in self.browser.events if e.get("sessionId") == self.session and "method" in e]

    def screenshot(self) -> bytes:
        """A PNG of the whole page, beyond the window too."""
        reply = self.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True})
        return base64.b64decode(reply["data"])


@contextmanager
def chromium(binary: str) -> Iterator[Browser]:
    """A browser with a throwaway profile, ended on exit."""
    profile = Path(tempfile.mkdtemp(prefix="newsedit-chromium-"))
    browser = Browser(binary, profile)
    try:
        yield browser
    finally:
        browser.close()
        _remove(profile)


def _remove(folder: Path) -> None:
    """Remove the profile; a helper killed a moment ago may still have had a file in flight."""
    for _ in range(50):
        try:
            shutil.rmtree(folder)
            return
        except FileNotFoundError:
            return
        except OSError:
            time.sleep(0.1)
    shutil.rmtree(folder)


# Run in a blank tab: the screenshot decoded by the browser itself, and how many distinct colours each
# region (x, y, width, height in page pixels) holds; a blank or failed chart is one colour.
COLOURS = """
(async (png, regions) => {
  const image = new Image();
  image.src = "data:image/png;base64," + png;
  await image.decode();
  const canvas = document.createElement("canvas");
  canvas.width = image.width; canvas.height = image.height;
  const context = canvas.getContext("2d");
  context.drawImage(image, 0, 0);
  return regions.map(([x, y, w, h]) => {
    const data = context.getImageData(x, y, Math.max(1, w), Math.max(1, h)).data;
    const seen = new Set();
    for (let i = 0; i < data.length; i += 16) seen.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
    return seen.size;
  });
})
"""


def colours(browser: Browser, png: bytes, regions: list[list[float]]) -> list[int]:
    """The number of distinct colours in each region of a screenshot, counted in a blank tab."""
    page = Page(browser)
    call = f"({COLOURS})({json.dumps(base64.b64encode(png).decode())}, {json.dumps(regions)})"
    counts: list[int] = page.evaluate(call)
    return counts
