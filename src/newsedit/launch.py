"""The `newsedit` command's entry point: a check goes to the warm worker when one runs, else runs here.

A pre-commit hook's check spends most of its time starting: importing newsedit and its libraries
and building their tables, about 0.2 s of 0.3. The warm worker (`warm.py`, started beside the
local LanguageTool server and stopped with it) has done that once. For each run it forks a copy
of itself that takes this process's arguments, folder, environment, umask and standard streams
(the file descriptors themselves), so the run reads, writes and exits as it would here. A worker
serves only processes whose newsedit files, interpreter, import path, limits and powers are its
own: all of them name its socket. Anything amiss before the run has begun there means it runs here.

This module imports only what the hand-over needs, so that handing over costs milliseconds.
"""

from __future__ import annotations

import _socket
import os
import sys

from newsedit import stamp

WORKER_ENV = "NEWSEDIT_WORKER"  # 0, off, no or false: every run here; "require": fail without one
WARM_COMMANDS = frozenset({"check"})  # what a hook runs; the other commands start here
CACHE_ENV = "NEWSEDIT_CACHE_DIR"  # paths.CACHE_ENV; a test pins the two folders to each other
PROTOCOL = "1"
MAX_SOCKET_PATH = 107  # bytes in sun_path, its final NUL left out
MAX_DESCRIPTORS = 250  # open descriptors one request hands over (the kernel takes 253 a message)
_CONNECT_TIMEOUT_S = 1.0
# Limits a run inherits; a worker under other limits (a test's, a CI job's) is another worker.
_LIMITS = ("RLIMIT_CPU", "RLIMIT_FSIZE", "RLIMIT_DATA", "RLIMIT_STACK", "RLIMIT_AS", "RLIMIT_NOFILE", "RLIMIT_NPROC")
_FLAGS = ("optimize", "utf8_mode", "dev_mode", "bytes_warning", "warn_default_encoding", "int_max_str_digits")


def main() -> None:
    """`newsedit ...`: hand the run over where a worker can take it, else run it in this process."""
    if wanted(sys.argv[1:]):
        code = hand_over(sys.argv)
        if code is not None:
            sys.exit(code)
        if os.environ.get(WORKER_ENV, "").lower() == "require":
            print(f"newsedit: error: no warm worker took this run ({WORKER_ENV}=require)", file=sys.stderr)
            sys.exit(2)
    from newsedit.cli import main as run_here

    run_here()


def switched_off() -> bool:
    """No warm worker here: NEWSEDIT_WORKER says no, or the system is not Linux (fds over Unix
    sockets and fork are what the hand-over needs; SO_PEERCRED is Linux's)."""
    return os.environ.get(WORKER_ENV, "").lower() in ("0", "off", "no", "false") or sys.platform != "linux"


def wanted(args: list[str]) -> bool:
    """Whether this run may go to a worker: a check (not on Ray), where workers are not switched off."""
    if switched_off():
        return False
    command = next((a for a in args if not a.startswith("-")), None)  # the top level has flags only
    # A batch on worker processes or Ray is no hook run, and its processes belong under this one.
    batch = any(a in ("--ray", "--jobs") or a.startswith(("--ray=", "--jobs=", "-j")) for a in args)
    return command in WARM_COMMANDS and not batch


def socket_path(folder: str | None = None) -> str:
    """The socket of the worker that may run this process's checks (in newsedit's cache folder)."""
    return os.path.join(os.path.abspath(folder or cache_folder()), f"worker-{key()}.sock")


def cache_folder() -> str:
    """newsedit's cache folder as `paths.cache_dir` names it on Linux, without importing platformdirs."""
    override = os.environ.get(CACHE_ENV)
    if override:
        return override
    base = os.environ.get("XDG_CACHE_HOME", "")
    return os.path.join(base if base.strip() else os.path.expanduser("~/.cache"), "newsedit")


def key() -> str:
    """A stamp of what a run's behaviour rests on besides its request: newsedit's files (path, size,
    time), the interpreter, its flags and import path (the first entry, the script's folder, aside)
    with each folder's time, the locale's encoding, the resource limits, and who the process is
    (user, groups, capabilities, namespaces, control groups, security label)."""
    import zlib

    parts = [PROTOCOL, sys.executable, sys.version, repr(sys.path[1:]), repr(sys.warnoptions), _encoding()]
    parts += [repr(getattr(sys.flags, name, None)) for name in _FLAGS]
    parts += _limits() + _identity()
    # An install or upgrade of a library changes its folder on the import path.
    parts += [f"{entry}:{os.stat(entry).st_mtime_ns}" for entry in sys.path[1:] if os.path.isdir(entry)]
    parts += [stamp.ROOT, *stamp.package_files()]
    data = "\0".join(parts).encode("utf-8", "surrogateescape")
    return f"{zlib.crc32(data):08x}{zlib.adler32(data[::-1]):08x}"


def _encoding() -> str:
    import _locale

    return f"{_locale.getencoding()}:{sys.getfilesystemencoding()}"


def _limits() -> list[str]:
    import resource

    return [f"{name}={resource.getrlimit(getattr(resource, name))}" for name in _LIMITS if hasattr(resource, name)]


def _identity() -> list[str]:
    """What the system lets this process do and see: a run with fewer powers (capabilities dropped,
    another user, a container, a memory-capped control group) is not a run for this worker."""
    parts = [repr((os.getuid(), os.geteuid(), os.getgid(), os.getegid(), sorted(os.getgroups())))]
    for name in ("status", "cgroup", "attr/current"):
        try:
            with open(f"/proc/self/{name}", "rb") as handle:
                text = handle.read().decode("utf-8", "replace")
        except OSError:
            continue
        if name == "status":  # what stays the same for a process, not its pid or memory
            text = "".join(line for line in text.splitlines(True) if line.startswith(_STATUS_FIELDS))
        parts.append(text)
    for space in ("mnt", "user", "pid", "net", "ipc", "uts", "cgroup"):
        try:  # noqa: SIM105 (contextlib is one more import on the hand-over's path)
            parts.append(os.readlink(f"/proc/self/ns/{space}"))
        except OSError:
            pass
    return parts


_STATUS_FIELDS = ("Cap", "NoNewPrivs", "Seccomp", "Cpus_allowed_list", "Mems_allowed_list")


def hand_over(argv: list[str]) -> int | None:
    """Run argv in the worker and return its exit code; None where no worker took the run."""
    path = socket_path()
    if len(os.fsencode(path)) > MAX_SOCKET_PATH or not os.path.exists(path):
        return None
    try:
        fds = open_descriptors()
        if not {0, 1, 2} <= set(fds) or len(fds) > MAX_DESCRIPTORS:
            return None  # a closed standard stream, or more than one message carries
        request = encode_request(argv, fds)
    except (OSError, ValueError):
        return None
    sock = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    try:
        sock.settimeout(_CONNECT_TIMEOUT_S)
        sock.connect(path)
        if peer_uid(sock) != os.getuid():
            sock.close()
            return None  # a socket somebody else put in a shared folder: they get nothing
        sock.settimeout(None)
        rights = b"".join(fd.to_bytes(4, sys.byteorder, signed=True) for fd in fds)
        sent = sock.sendmsg([request], [(_socket.SOL_SOCKET, _socket.SCM_RIGHTS, rights)])
        _send_all(sock, request[sent:])
        pid = read_int(sock)
    except OSError:
        sock.close()
        return None
    if pid is None:
        sock.close()
        return None  # the worker ended before the run began: it runs here
    return _await(sock, pid)


def _await(sock: _socket.socket, pid: int) -> int:
    """The run's exit code; the signals this process gets (Ctrl-C, a CI's SIGTERM) go to the run."""
    import signal

    def forward(signum: int, _frame: object) -> None:
        try:  # noqa: SIM105 (contextlib is one more import on the hand-over's path)
            os.kill(pid, signum)
        except OSError:
            pass

    for name in ("SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT"):
        signal.signal(getattr(signal, name), forward)
    try:
        code = read_int(sock)
    except OSError:
        code = None
    if code is None:
        print("newsedit: error: the warm worker's run ended without an exit code", file=sys.stderr)
        return 2
    return code


def open_descriptors() -> list[int]:
    """This process's open file descriptors (the run gets them all, as a run here has them)."""
    listed = [int(name) for name in os.listdir("/proc/self/fd")]
    found = []
    for fd in sorted(listed):
        try:
            os.fstat(fd)  # the listing's own descriptor is closed by now
        except OSError:
            continue
        found.append(fd)
    return found


def encode_request(argv: list[str], fds: list[int]) -> bytes:
    """argv, folder, umask, environment, the descriptors' numbers, the standard streams' encodings
    and how Python was started (its `__main__`'s package), NUL-separated (no argument, path or
    variable can hold a NUL), after the body's length."""
    umask = os.umask(0o077)
    os.umask(umask)
    # How Python was started ("python -m newsedit" or a script) names the program in usage lines.
    package = getattr(sys.modules.get("__main__"), "__package__", None) or ""
    fields = [PROTOCOL, os.getcwd(), str(umask), package, ",".join(map(str, fds)), str(len(argv)), *argv]
    for stream in (sys.stdin, sys.stdout, sys.stderr):
        fields += [getattr(stream, "encoding", None) or "utf-8", getattr(stream, "errors", None) or "strict"]
    fields += [f"{k}={v}" for k, v in os.environ.items()]
    body = "\0".join(fields).encode("utf-8", "surrogateescape")
    return len(body).to_bytes(8, "big") + body


def peer_uid(sock: _socket.socket) -> int:
    """The user id of the process at the other end of a Unix socket (SO_PEERCRED: pid, uid, gid)."""
    creds = sock.getsockopt(_socket.SOL_SOCKET, _socket.SO_PEERCRED, 12)
    return int.from_bytes(creds[4:8], sys.byteorder)


def read_int(sock: _socket.socket) -> int | None:
    """A 4-byte signed integer, or None at the end of the stream."""
    data = b""
    while len(data) < 4:
        chunk = sock.recv(4 - len(data))
        if not chunk:
            return None
        data += chunk
    return int.from_bytes(data, "big", signed=True)


def _send_all(sock: _socket.socket, data: bytes) -> None:
    while data:
        sent = sock.send(data)
        data = data[sent:]
