"""The warm worker (`python -m newsedit.warm --parent PID`): newsedit started once, a fork per check.

The LanguageTool supervisor starts it beside the server; it stops with its parent, and once
newsedit's files change (an upgrade, an edit) so that no client names its socket any more. It
imports newsedit and warms it with one check of each kind of input, then listens on a Unix
socket in the private cache folder, for processes of its own user only. Each request (see
`launch.py`) is served by a fork: a copy of the warm process that takes the client's open
descriptors (standard streams and all), folder, umask, environment and arguments, runs the
command line as a fresh process would, and sends its exit code; it dies with its client.
Nothing of one run reaches the next: each starts from the warm state.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import gc
import io
import os
import select
import signal
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass

from newsedit import launch

MAX_REQUEST_BYTES = 4 << 20  # arguments and environment; a larger one is refused
REQUEST_TIMEOUT_S = 5.0  # a client that connects and sends nothing is dropped
CHECK_EVERY_S = 2.0  # how often the worker looks whether its parent and its files are still there
# One check of each kind of input warms what a first run builds: the tables, the compiled patterns,
# the LanguageTool client, Markdown parsing.
WARM_UP = {
    "warm-up.txt": "Minister says talks will resume\n\nThe minister said on Monday that talks would resume.\n",
    "warm-up.md": "# Minister says talks will resume\n\nThe minister *said* on Monday that talks would resume.\n",
}


@dataclass(frozen=True)
class Request:
    """What a client sends besides its descriptors: its arguments, folder, umask, environment and
    its standard streams' encodings."""

    argv: list[str]
    cwd: str
    umask: int
    main_package: str  # the client's __main__.__package__: "newsedit" under python -m, else ""
    fds: list[int]  # the client's open descriptors, in the order they come with the request
    env: dict[str, str]
    streams: list[tuple[str, str]]  # (encoding, errors) of stdin, stdout, stderr


def decode_request(body: bytes) -> Request:
    """The inverse of `launch.encode_request` (without its length); ValueError on anything else."""
    fields = body.decode("utf-8", "surrogateescape").split("\0")
    if len(fields) < 6 or fields[0] != launch.PROTOCOL:
        raise ValueError("not a request of this protocol")
    fds, count = [int(n) for n in fields[4].split(",")], int(fields[5])
    argv, rest = fields[6 : 6 + count], fields[6 + count :]
    if len(argv) != count or len(rest) < 6 or not {0, 1, 2} <= set(fds) or min(fds) < 0:
        raise ValueError("a request cut short")
    streams = [(rest[i], rest[i + 1]) for i in (0, 2, 4)]
    env = dict(item.partition("=")[::2] for item in rest[6:] if "=" in item)
    return Request(argv, fields[1], int(fields[2]), fields[3], fds, env, streams)


def serve(parent: int, folder: str) -> Job | None:
    """Warm up, then serve requests until the parent ends or newsedit's files change. In a fork,
    the run it is to make: the fork runs it from the top, past none of the server's clean-ups."""
    if launch.switched_off():
        return None
    path = launch.socket_path(folder)
    if len(os.fsencode(path)) > launch.MAX_SOCKET_PATH:
        print(f"newsedit: no warm worker: its socket path is too long ({path})", flush=True)
        return None
    warm_up(folder)
    listener = _listen(path)
    if listener is None:
        return None  # another worker serves these runs
    server, bound = os.getpid(), os.stat(path).st_ino
    signal.signal(signal.SIGTERM, _stop)  # the supervisor's stop: remove the socket on the way out
    print(f"newsedit: warm worker ready at {path} (pid {server})", flush=True)
    gc.freeze()  # the warm objects stay out of the forks' collections: fewer pages copied
    try:
        return _loop(listener, parent, path)
    finally:
        if os.getpid() == server:
            with contextlib.suppress(OSError):
                if os.stat(path).st_ino == bound:  # not a newer worker's socket
                    os.unlink(path)
            listener.close()


def warm_up(folder: str) -> None:
    """Run one check of each kind of input here, its report thrown away, so that the forks start warm."""
    from newsedit import cli
    from newsedit.checks.readability import syllables

    with tempfile.TemporaryDirectory(dir=folder, prefix="warm-up-") as scratch:
        for name, text in WARM_UP.items():
            path = os.path.join(scratch, name)
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(text)
            sys.argv = ["newsedit", "check", "--skip", "summary", "--no-cache", "--format", "json", path]
            with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
                cli.main()
    syllables.keep_in_memory()  # the whole table: no SQLite connection may cross a fork


def _listen(path: str) -> socket.socket | None:
    """A listening socket at path, only its owner may connect; None where a live worker has it or
    it cannot be made."""
    if os.path.exists(path):
        with socket.socket(socket.AF_UNIX) as probe, contextlib.suppress(OSError):
            probe.connect(path)
            return None
        os.unlink(path)  # a worker that died without removing it
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    old = os.umask(0o177)
    try:
        listener.bind(path)
        listener.listen(64)
    except OSError as exc:  # another worker bound it first, or the folder refuses
        print(f"newsedit: no warm worker: {exc}", flush=True)
        listener.close()
        return None
    finally:
        os.umask(old)
    return listener


def _loop(listener: socket.socket, parent: int, path: str) -> Job | None:
    checked = time.monotonic()
    while True:
        ready, _, _ = select.select([listener], [], [], CHECK_EVERY_S)
        _reap()
        if ready and (job := _accept(listener)) is not None:
            return job
        if time.monotonic() - checked >= CHECK_EVERY_S:
            checked = time.monotonic()
            if os.getppid() != parent or launch.socket_path(os.path.dirname(path)) != path:
                return None


def _stop(signum: int, _frame: object) -> None:
    raise SystemExit(0)


def _reap() -> None:
    with contextlib.suppress(ChildProcessError):
        while os.waitpid(-1, os.WNOHANG)[0]:
            pass


def _accept(listener: socket.socket) -> Job | None:
    """Read one request and fork its run: the fork gets the run back, the server None. A request
    that is not a whole one from this user is dropped."""
    try:
        conn, _ = listener.accept()
    except OSError:
        return None
    try:
        conn.settimeout(REQUEST_TIMEOUT_S)
        if launch.peer_uid(conn) != os.getuid():
            raise ValueError("a connection from another user")
        request, fds = _read_request(conn)
        conn.settimeout(None)
        sys.stdout.flush()  # nothing of the server's output may reach the fork's streams
        sys.stderr.flush()
        pid = os.fork()
    except (OSError, ValueError) as exc:
        print(f"newsedit: warm worker: a request dropped: {exc}", flush=True)
        conn.close()
        return None
    if pid == 0:
        listener.close()
        return Job(conn, request, fds)
    for fd in fds:
        os.close(fd)
    conn.close()
    return None


def _read_request(conn: socket.socket) -> tuple[Request, list[int]]:
    data, fds, _, _ = socket.recv_fds(conn, 65536, launch.MAX_DESCRIPTORS)
    try:
        if len(data) < 8:
            raise ValueError("a request cut short")
        size = int.from_bytes(data[:8], "big")
        if size > MAX_REQUEST_BYTES:
            raise ValueError(f"a request of {size} bytes")
        body = bytearray(data[8:])
        while len(body) < size:
            chunk = conn.recv(min(65536, size - len(body)))
            if not chunk:
                raise ValueError("a request cut short")
            body += chunk
        request = decode_request(bytes(body[:size]))
        if len(request.fds) != len(fds):
            raise ValueError(f"{len(fds)} descriptors for the {len(request.fds)} of the request")
        return request, fds
    except BaseException:
        for fd in fds:
            os.close(fd)
        raise


@dataclass(frozen=True)
class Job:
    """One run in a fork: the client's connection, its request and its standard streams."""

    conn: socket.socket
    request: Request
    fds: list[int]


def run(job: Job) -> None:
    """The fork's run: become the client's process, run its command line, send its exit code."""
    request, log = job.request, os.dup(1)
    try:
        conn, log = _take_descriptors(job.conn, job.fds, request.fds, log)
        for signum in (signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT, signal.SIGCHLD):
            signal.signal(signum, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        os.chdir(request.cwd)
        os.umask(request.umask)
        os.environ.clear()
        os.environ.update(request.env)
        time.tzset()  # TZ as the client has it
        _standard_streams(request.streams)
        sys.argv = list(request.argv)
        sys.modules["__main__"].__package__ = request.main_package or None  # the usage line's program name
        conn.sendall(os.getpid().to_bytes(4, "big", signed=True))
    except BaseException as exc:
        with contextlib.suppress(OSError):  # the server's stdout is the supervisor's log file
            os.write(log, f"newsedit: warm worker: a run could not begin: {exc!r}\n".encode())
        os._exit(1)  # before the pid went out the client runs the check itself; after, it says so
    sent = threading.Event()  # the code is out: the client may go, and the fork ends on its own
    threading.Thread(target=_die_with_client, args=(conn, sent), name="newsedit-client-watch", daemon=True).start()
    code = [1]
    atexit.register(_send_code, conn, code, sent)  # registered first, so it runs after the run's own
    from newsedit import cli

    try:
        cli.main()
        code[0] = 0
    except SystemExit as exc:
        code[0] = _exit_code(exc.code)
    except BaseException:
        sys.excepthook(*sys.exc_info())
    sys.exit(code[0])


def _die_with_client(conn: socket.socket, sent: threading.Event) -> None:
    """The client never sends after its request: the end of its stream before the exit code went
    out is its end (`kill -9` included), and a run in its own process would have ended with it."""
    with contextlib.suppress(OSError):
        while conn.recv(1):
            pass
    if not sent.is_set():
        os.kill(os.getpid(), signal.SIGKILL)


def _standard_streams(streams: Sequence[tuple[str, str]]) -> None:
    """New sys.stdin, stdout and stderr on the client's fds 0-2, as Python makes them at start: the
    client's encodings, stdout line-buffered on a terminal, stderr always. (The server's own are
    the log file's, which can seek: reconfigured onto a pipe they fail.)"""
    made = []
    for fd, (encoding, errors) in enumerate(streams):
        raw = io.FileIO(fd, "rb" if fd == 0 else "wb", closefd=False)
        buffered = io.BufferedReader(raw) if fd == 0 else io.BufferedWriter(raw)
        line = fd == 2 or (fd == 1 and os.isatty(fd))
        made.append(io.TextIOWrapper(buffered, encoding, errors, newline="\n", line_buffering=line))
    sys.stdin, sys.stdout, sys.stderr = made


def _take_descriptors(
    conn: socket.socket, received: Sequence[int], numbers: Sequence[int], log: int
) -> tuple[socket.socket, int]:
    """Give the fork the client's open descriptors under the client's numbers (a `/dev/fd/63` of
    bash's `>(...)` names the same pipe), and nothing else of the server's; the connection and
    the server's log move above them all."""
    import fcntl

    above = max([*numbers, *received, conn.fileno(), log]) + 1
    moved = [fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, above) for fd in received]
    link = socket.socket(fileno=fcntl.fcntl(conn.fileno(), fcntl.F_DUPFD_CLOEXEC, above))
    log = fcntl.fcntl(log, fcntl.F_DUPFD_CLOEXEC, above)
    keep = {*moved, link.fileno(), log}
    for name in os.listdir("/proc/self/fd"):
        fd = int(name)
        if fd not in keep:
            with contextlib.suppress(OSError):
                os.close(fd)
    for fd, number in zip(moved, numbers, strict=True):
        os.dup2(fd, number)
        os.close(fd)
    return link, log


def _exit_code(value: object) -> int:
    """What Python's own exit makes of SystemExit's argument."""
    if value is None:
        return 0
    if isinstance(value, int):
        return value
    print(value, file=sys.stderr)
    return 1


def _send_code(conn: socket.socket, code: list[int], sent: threading.Event) -> None:
    """Flush the streams and send the exit code. What cannot be written (a full disk) is dropped
    silently, as Python drops it at the end of its own process."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            with contextlib.suppress(OSError, ValueError):
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, stream.fileno())
                os.close(devnull)
                stream.flush()
    sent.set()
    with contextlib.suppress(OSError):
        conn.sendall(code[0].to_bytes(4, "big", signed=True))


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m newsedit.warm --parent PID [--folder DIR]`."""
    parser = argparse.ArgumentParser(prog="python -m newsedit.warm", description=__doc__.splitlines()[0])
    parser.add_argument("--parent", type=int, required=True, help="stop when this process ends")
    parser.add_argument("--folder", default="", help="newsedit's cache folder (default: as a run finds it)")
    args = parser.parse_args(argv)
    job = serve(args.parent, args.folder or launch.cache_folder())
    if job is not None:
        run(job)  # exits with the run's code
    return 0


if __name__ == "__main__":
    sys.exit(main())
