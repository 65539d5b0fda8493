"""`newsedit setup`: fetch and verify LanguageTool once, so that checks never download anything."""

from __future__ import annotations

import time
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    """Add the `setup` command."""
    app.command("setup")(setup)


Force = Annotated[bool, typer.Option("--force", help="Fetch LanguageTool again even when it is already set up.")]


def setup(force: Force = False) -> None:
    """Set up LanguageTool for the grammar checks (needs Java 17+ and Maven; run it once).

    LanguageTool's pinned release is copied from Maven's repository into newsedit's cache folder
    ($NEWSEDIT_CACHE_DIR, else the user cache folder) and its checksums are verified. Running it
    again does nothing when all is in place. Example: newsedit setup
    """
    from newsedit.backends import languagetool

    started = time.monotonic()
    result = languagetool.install(force=force, say=lambda line: typer.echo(line, err=True))
    took = time.monotonic() - started
    if result.fetched:
        typer.echo(f"LanguageTool {languagetool.VERSION} is set up in {result.home} ({took:.0f} s).")
    else:
        typer.echo(f"LanguageTool {languagetool.VERSION} is already set up in {result.home}.")
