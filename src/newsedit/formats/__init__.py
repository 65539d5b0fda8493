"""Output formats: each module exposes `render(report, options) -> str` and stays pure."""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from newsedit.findings import RunReport

FORMATS = ("text", "json", "sarif", "junit", "github", "markdown")


@dataclass(frozen=True)
class RenderOptions:
    """How to render: colour and source carets are for terminals only."""

    color: bool = False
    show_source: bool = False


def render(name: str, report: RunReport, options: RenderOptions | None = None) -> str:
    """The report in one format."""
    if name not in FORMATS:
        raise ValueError(f"unknown format {name!r} (allowed: {', '.join(FORMATS)})")
    module = importlib.import_module(f"newsedit.formats.{name}")
    out: str = module.render(report, options or RenderOptions())
    return out
