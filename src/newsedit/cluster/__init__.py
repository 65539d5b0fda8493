"""Running newsedit on a Ray cluster (the optional `ray` extra): checks in actors, duplicates as a shuffle."""

from __future__ import annotations

from typing import Any

from newsedit.errors import UsageError


def ray_module() -> Any:
    """The `ray` package, imported on first need; without the extra, a usage error before any work."""
    try:
        import ray
    except ImportError:
        raise UsageError("--ray needs the ray extra: pip install 'newsedit[ray]'") from None
    return ray
