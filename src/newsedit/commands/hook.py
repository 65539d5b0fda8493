"""`newsedit hook install|uninstall`: a plain git pre-commit hook, for teams without the pre-commit tool."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Annotated

import typer

from newsedit.errors import NewseditError

# The line that tells newsedit's own hook from one somebody else wrote.
MARKER = "# newsedit-hook: written by `newsedit hook install`; `newsedit hook uninstall` removes it."
PATTERNS = ("*.txt", "*.md")  # staged files the hook checks (git pathspecs, any folder)
HOOK_ARGS = ("check", "--skip", "summary")  # a hook must answer fast: no summary model

_SCRIPT = """\
#!/bin/sh
{marker}
# Checks the staged articles ({patterns}) as staged (NEWSEDIT_STAGED=1: read from the git index,
# not the working tree), the summary skipped. Findings at or
# above fail-on (error unless the config says otherwise) block the commit; `git commit --no-verify`
# skips the hook once. NEWSEDIT_HOOK_ARGS adds options for one commit, e.g. "--skip grammar".
set -f  # the extra options are split into words, never expanded as file names
if [ ! -x {exe} ]; then
    echo "newsedit hook: {exe} is gone; run 'newsedit hook install' again" >&2
    exit 1
fi
staged() {{
    git diff --cached --name-only --diff-filter=ACMR -z -- {pathspecs}
}}
[ -n "$(staged | tr -d '\\000')" ] || exit 0
NEWSEDIT_STAGED=1
export NEWSEDIT_STAGED
staged | xargs -0 {command} $NEWSEDIT_HOOK_ARGS --
"""


class HookError(NewseditError):
    """The hook cannot be installed or removed here: not a git repository, or somebody else's hook."""


def register(app: typer.Typer) -> None:
    """Add `newsedit hook install` and `newsedit hook uninstall`."""
    hook_app = typer.Typer(help="Install or remove newsedit's git pre-commit hook.", no_args_is_help=True)
    hook_app.command("install")(install_command)
    hook_app.command("uninstall")(uninstall_command)
    app.add_typer(hook_app, name="hook")


def install_command(
    force: Annotated[
        bool, typer.Option("--force", help="Replace a pre-commit hook newsedit did not write (kept as .bak).")
    ] = False,
) -> None:
    """Write .git/hooks/pre-commit: newsedit checks the staged .txt and .md files, the summary skipped."""
    path = install(Path.cwd(), newsedit_command(), force=force)
    typer.echo(f"newsedit: installed {path}")
    typer.echo(grammar_readiness())


def uninstall_command() -> None:
    """Remove the pre-commit hook that `newsedit hook install` wrote."""
    path = uninstall(Path.cwd())
    typer.echo(f"newsedit: removed {path}" if path else "newsedit: no newsedit hook to remove")


def install(repo: Path, command: list[str], *, force: bool = False) -> Path:
    """Write the hook for `command` (newsedit's argv); a foreign hook is kept as .bak only with force."""
    path = hook_path(repo)
    if path.exists() and not is_ours(path):
        if not force:
            raise HookError(f"{path} exists and was not written by newsedit (use --force to replace it)")
        os.replace(path, path.with_name(path.name + ".bak"))
    path.parent.mkdir(parents=True, exist_ok=True)
    from newsedit.atomic import write_text

    write_text(path, script(command))
    path.chmod(0o755)
    return path


def grammar_readiness() -> str:
    """What the hook's grammar check needs before the first commit, as this machine stands."""
    from newsedit.engines import languagetool as lt

    url = os.environ.get(lt.URL_ENV, "").strip()
    if url:
        return f"newsedit: grammar will use the LanguageTool server at {url} ({lt.URL_ENV})"
    if lt.installed():
        return f"newsedit: LanguageTool {lt.VERSION} is set up here: the hook is ready"
    missing = lt.missing_tools()
    if not missing:
        return (
            f"newsedit: the first commit sets LanguageTool {lt.VERSION} up (one Maven fetch, about 250 MB, "
            "once); `newsedit setup` does it now"
        )
    packages = " ".join(package for _, package in missing)
    return (
        f"newsedit: before the first commit, install Java {lt.MIN_JAVA}+ and Maven (missing here: "
        f"`sudo apt-get install {packages}`) or set {lt.URL_ENV} to your team's LanguageTool server; "
        "until then commits are blocked (exit 2), unless NEWSEDIT_HOOK_ARGS='--skip grammar'"
    )


def uninstall(repo: Path) -> Path | None:
    """Delete newsedit's hook; None when there is none. Somebody else's hook is left alone."""
    path = hook_path(repo)
    if not path.exists():
        return None
    if not is_ours(path):
        raise HookError(f"{path} was not written by newsedit; left as it is")
    path.unlink()
    return path


def is_ours(path: Path) -> bool:
    """Whether a hook file carries newsedit's marker."""
    try:
        return MARKER in path.read_text("utf-8", errors="replace")
    except OSError:
        return False


def script(command: list[str]) -> str:
    """The hook's shell script, running `command` (newsedit's argv) on the staged articles."""
    return _SCRIPT.format(
        marker=MARKER,
        patterns=", ".join(PATTERNS),
        exe=shlex.quote(command[0]),
        pathspecs=" ".join(shlex.quote(p) for p in PATTERNS),
        command=shlex.join([*command, *HOOK_ARGS]),
    )


def hook_path(repo: Path) -> Path:
    """Where git runs the pre-commit hook from (core.hooksPath and worktrees included)."""
    top = Path(_git(repo, "rev-parse", "--show-toplevel"))
    return (top / _git(top, "rev-parse", "--git-path", "hooks/pre-commit")).resolve()


def _git(cwd: Path, *args: str) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    except FileNotFoundError:
        raise HookError("git is not installed") from None
    except subprocess.CalledProcessError:
        raise HookError(f"{cwd} is not inside a git repository") from None
    return done.stdout.strip()


def newsedit_command() -> list[str]:
    """How the hook runs this newsedit: its console script beside the interpreter, else `python -m`."""
    beside = Path(sys.executable).with_name("newsedit")
    found = beside if beside.is_file() else shutil.which("newsedit")
    if found:
        return [str(Path(found).absolute())]
    return [str(Path(sys.executable).absolute()), "-m", "newsedit"]
