"""Error types, each mapped to an exit code in one place (cli.main)."""

from __future__ import annotations


class NewseditError(Exception):
    """Base of newsedit's own errors: the message is for the user, no traceback."""

    exit_code = 2


class UsageError(NewseditError):
    """A command-line option has a value newsedit does not accept."""


class ConfigError(NewseditError):
    """A config file is unreadable or holds a bad key or value."""


class InputError(NewseditError):
    """An input file cannot be checked (missing, binary, undecodable, empty, too large)."""


class OutputError(NewseditError):
    """A report or a fixed file could not be written (a full disk, a missing folder)."""


class BackendUnavailable(NewseditError):
    """A backend cannot run here (LanguageTool not set up, Java missing, no model)."""


class BackendError(NewseditError):
    """A backend failed on one article (a server that timed out, for instance)."""
