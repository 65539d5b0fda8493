"""`newsedit server start|stop|status`: the local LanguageTool server the grammar checks use."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from newsedit.backends.languagetool import ServerState

server_app = typer.Typer(
    help="The local LanguageTool server: newsedit starts it on first need and it stops when idle.",
    no_args_is_help=True,
)

IdleMinutes = Annotated[
    float | None,
    typer.Option("--idle-minutes", help="Stop after this long unused (default: grammar.idle-minutes, 30)."),
]


def register(app: typer.Typer) -> None:
    """Add the `server` command group."""
    app.add_typer(server_app, name="server")


@server_app.command("start")
def start(idle_minutes: IdleMinutes = None) -> None:
    """Start the server now (or say where it already runs), so that the next check is fast."""
    from newsedit import config
    from newsedit.backends import languagetool
    from newsedit.errors import UsageError

    problem = config.option_problem("--idle-minutes", idle_minutes)
    if problem:
        raise UsageError(f"--idle-minutes {problem}")
    idle = idle_minutes if idle_minutes is not None else _configured_idle()
    state = languagetool.ensure_server(idle)
    typer.echo(_describe(state))


@server_app.command("stop")
def stop() -> None:
    """Stop the server (the next check starts it again)."""
    from newsedit.backends import languagetool

    state = languagetool.stop_server()
    typer.echo(f"Stopped LanguageTool (pid {state.pid})." if state else "No local LanguageTool server was running.")


@server_app.command("status")
def status() -> None:
    """Say whether the server runs; exit code 0 when it does, 1 when it does not."""
    from newsedit.backends import languagetool

    state = languagetool.status()
    if state is None:
        begun = languagetool.starting()
        if begun is not None and languagetool.supervised(begun):
            typer.echo(f"LanguageTool {begun.version} is starting at {begun.url} (supervisor pid {begun.supervisor}).")
        elif begun is not None:
            typer.echo(
                f"LanguageTool (pid {begun.pid}) was left running by an interrupted start: "
                "`newsedit server stop` ends it (so does the next check)."
            )
        else:
            typer.echo("No local LanguageTool server is running (a check starts one).")
        raise typer.Exit(1)
    typer.echo(_describe(state))
    typer.echo(_worker())


def _worker() -> str:
    """Whether a check from here goes to the warm worker (launch.py) or runs in its own process."""
    from newsedit import launch

    if launch.switched_off():
        return f"No warm worker: {launch.WORKER_ENV} switches it off, or this system is not Linux."
    path = launch.socket_path()
    if os.path.exists(path):
        return f"newsedit's warm worker takes the checks run from here ({path})."
    return (
        "No warm worker takes the checks run from here yet (it starts with the server, and within a minute "
        "after newsedit's files change): each runs in its own process."
    )


def _describe(state: ServerState) -> str:
    from newsedit.backends import languagetool

    idle = max(0.0, time.time() - languagetool.last_used()) / 60
    return (
        f"LanguageTool {state.version} is running at {state.url} (pid {state.pid}); "
        f"idle for {idle:.0f} min, stops after {state.idle_minutes:g} min idle."
    )


def _configured_idle() -> float:
    from newsedit import config

    return config.for_file(Path.cwd()).grammar.idle_minutes
