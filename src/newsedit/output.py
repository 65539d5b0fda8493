"""Where the report goes: never over one of the run's inputs, to standard output or a file."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from newsedit import config as config_mod
from newsedit.errors import OutputError, UsageError

if TYPE_CHECKING:
    from newsedit.commandline import CommandOptions


def refuse_inputs(opts: CommandOptions, cfg: config_mod.Config) -> None:
    """Refuse a report path that is one of the run's inputs (an article, the config, the archive,
    the baseline, the manifest): the report would overwrite it."""
    from newsedit import inputs
    from newsedit.atomic import same_file

    if opts.output is None:
        return
    clash = inputs.clashes(opts.paths, cfg.extensions, opts.output)
    if clash is not None:
        raise UsageError(f"--output {opts.output} is the article {clash}: the report would overwrite it")
    for what, path in _other_inputs(opts, cfg):
        if path is not None and same_file(path, opts.output):
            raise UsageError(f"--output {opts.output} is {what} {path}: the report would overwrite it")


def _other_inputs(opts: CommandOptions, cfg: config_mod.Config) -> list[tuple[str, Path | None]]:
    """What a run reads besides its articles; the config above the report's own folder counts too."""
    from newsedit import archive

    assert opts.output is not None
    return [
        ("the config", cfg.source),
        ("the config", config_mod.discover(opts.output)[0]),
        ("the archive", archive.location(cfg)),
        ("the baseline", opts.baseline),
        ("the manifest", opts.manifest),
    ]


def terminal(opts: CommandOptions) -> tuple[bool, bool]:
    """Whether the report is coloured, and whether it goes to a terminal."""
    to_terminal = opts.output is None and sys.stdout.isatty()
    color = opts.color == "always" or (opts.color == "auto" and to_terminal and "NO_COLOR" not in os.environ)
    return color, to_terminal


def write(chunks: Iterable[str], output: Path | None) -> None:
    """Write the report to standard output, or replace the file atomically."""
    if output is None:
        # A file name that is not UTF-8 holds surrogates: shown as \udce9, never raw bytes or a crash.
        if hasattr(sys.stdout, "reconfigure"):
            sys.stdout.reconfigure(errors="backslashreplace")
        try:
            for chunk in chunks:
                sys.stdout.write(chunk)
            sys.stdout.flush()
        except BrokenPipeError:
            _reader_left()
        except OSError as exc:  # /dev/full, a closed descriptor
            raise OutputError(f"cannot write the report to standard output: {exc.strerror or exc}") from None
        return
    from newsedit.atomic import write_chunks

    try:
        write_chunks(output, chunks)
    except OSError as exc:
        raise OutputError(f"cannot write the report to {output}: {exc.strerror or exc}") from None


def _reader_left() -> None:
    """The reader closed the pipe (`| head -1`): it has what it wanted; the exit code stays the run's."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())  # Python's flush at exit must not fail on the closed pipe
    os.close(devnull)
