"""Finding a summary model without the network: a local folder, else the Hugging Face cache (read as plain files)."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from newsedit.backends.summarizer.settings import RUNTIMES, SUMMARY_EXTRA
from newsedit.errors import BackendUnavailable

# A hub repo id: NAME or OWNER/NAME, as huggingface_hub validates them.
_HUB_ID = re.compile(r"(?:[\w.-]{1,96}/)?[\w.-]{1,96}")


@dataclass(frozen=True)
class Location:
    """Where a model's files are: `folder` on disk, or None when they are still to be downloaded."""

    model: str  # as the user named it
    folder: Path | None

    def fingerprint(self) -> str:
        """Names this exact model: its folder (a hub snapshot names its commit) and file stamps."""
        if self.folder is None:
            return f"hub:{self.model}"
        digest = hashlib.sha256(str(self.folder.resolve()).encode())
        for path in sorted(self.folder.iterdir()):
            if path.is_file():
                stat = path.stat()
                digest.update(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
        return digest.hexdigest()


class ModelMissing(BackendUnavailable):
    """The model is neither a local folder nor in the Hugging Face cache, and may not be downloaded."""


def locate(model: str, download: bool = False, cache_dir: str | Path | None = None) -> Location:
    """Find a model without the network: a local folder, else the hub cache; else ModelMissing."""
    missing = runtime_missing()
    if missing:
        raise ModelMissing(runtime_message(missing))
    if not download:
        # Nothing in this process may reach the hub (transformers reads this when imported).
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
    folder = Path(model).expanduser()
    if folder.is_dir():
        return Location(model, folder)
    if _looks_like_path(model):
        raise ModelMissing(missing_message(model, f"there is no folder {model}", hub=False))
    cached = _hub_cache_folder(model, cache_dir)
    if cached is not None:
        return Location(model, cached)
    if download:
        return Location(model, None)
    raise ModelMissing(missing_message(model, f"it is not in the Hugging Face cache at {_cache_root(cache_dir)}"))


def runtime_missing() -> list[str]:
    """The summary runtime's packages that are not installed (found on the path, not imported)."""
    import importlib.util

    missing = [] if importlib.util.find_spec("transformers") else ["transformers"]
    if not any(importlib.util.find_spec(name) for name in RUNTIMES):
        missing.append("ctranslate2")
    return missing


def runtime_message(missing: Sequence[str]) -> str:
    """What to tell a user of the core install, which has no summary runtime."""
    return (
        f"abstractive summaries need newsedit's summary extra ({' and '.join(missing)} not installed here): "
        f"{SUMMARY_EXTRA}, then a summary model (--model DIR or the Hugging Face cache). Until then the "
        "summary is extractive: sentences picked from the article"
    )


def missing_message(model: str, why: str, hub: bool = True) -> str:
    """What to tell a user whose summary model is missing, and how to provide it."""
    fetch = (
        f", or download it into the Hugging Face cache on a machine with network (hf download {model}) "
        "and copy the cache here, or let newsedit fetch it with download = true under [tool.newsedit.summary]"
    )
    return (
        f"summary model {model!r} is not available ({why}), so the summary is extractive: "
        "sentences picked from the article. For abstractive summaries give a model folder with "
        f'--model DIR (or model = "DIR" under [tool.newsedit.summary]){fetch if hub else ""}.'
    )


def _looks_like_path(model: str) -> bool:
    """A hub id is NAME or OWNER/NAME; anything else is meant as a folder."""
    return model.startswith((".", "/", "~")) or model.count("/") > 1 or (os.sep != "/" and os.sep in model)


def _hub_cache_folder(model: str, cache_dir: str | Path | None) -> Path | None:
    """The model's snapshot in the hub cache, read as plain files (huggingface_hub's layout:
    models--OWNER--NAME/refs/main names the snapshot); importing huggingface_hub costs a
    run without the model ~0.16 s just to learn that it is missing."""
    if not _HUB_ID.fullmatch(model):
        return None
    entry = Path(_cache_root(cache_dir)) / ("models--" + model.replace("/", "--"))
    try:
        commit = (entry / "refs" / "main").read_text("utf-8").strip()
    except OSError:
        commit = ""
    candidates = [entry / "snapshots" / commit] if commit else []
    # No refs/main (a snapshot copied in by hand): the newest snapshot that has a config.
    candidates += sorted((entry / "snapshots").glob("*/config.json"), key=_mtime, reverse=True)
    for candidate in candidates:
        folder = candidate.parent if candidate.name == "config.json" else candidate
        if (folder / "config.json").is_file():
            return folder
    return None


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _cache_root(cache_dir: str | Path | None) -> str:
    """Where the hub cache is, resolved as huggingface_hub resolves it (without importing it)."""
    if cache_dir is not None:
        return str(cache_dir)
    for name in ("HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE"):
        if os.environ.get(name):
            return str(Path(os.environ[name]).expanduser())
    xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    home = os.environ.get("HF_HOME") or str(Path(xdg) / "huggingface")
    return str(Path(home).expanduser() / "hub")
