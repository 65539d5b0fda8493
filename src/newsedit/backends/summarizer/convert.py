"""Converting a transformers checkpoint for CTranslate2 (int8), once per model, into newsedit's cache folder."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from newsedit.backends.summarizer.locate import Location
from newsedit.backends.summarizer.settings import CONVERT_EXTRA
from newsedit.errors import BackendUnavailable

# Bump when the conversion changes, so that models converted before are converted again.
CONVERSION_VERSION = 1


def converted(location: Location) -> Path:
    """The model converted for CTranslate2 (int8), done once per model and cached in newsedit's
    cache folder; a folder that already holds a converted model (model.bin) is used as it is."""
    folder = location.folder
    assert folder is not None
    if (folder / "model.bin").is_file():
        return folder
    from newsedit.paths import cache_dir

    target = cache_dir() / "summary-models" / f"{location.fingerprint()[:24]}-ct2-v{CONVERSION_VERSION}"
    if (target / "model.bin").is_file():
        return target
    import importlib.util

    if importlib.util.find_spec("torch") is None:
        raise BackendUnavailable(
            f"summary model {location.model!r} must be converted for CTranslate2 once, which needs torch: "
            f"{CONVERT_EXTRA} (on this or any machine; or give --model a folder converted with "
            "ct2-transformers-converter)"
        )
    _convert(folder, target)
    return target


def _convert(folder: Path, target: Path) -> None:
    """Convert in a staging folder beside target, then move it in place (concurrent runs: last wins)."""
    import shutil
    import tempfile

    from ctranslate2.converters import TransformersConverter

    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".converting-", dir=target.parent))
    try:
        source = _with_converter_config(folder, staging / "source")
        TransformersConverter(str(source)).convert(str(staging / "model"), quantization="int8")
        with contextlib.suppress(OSError):
            os.replace(staging / "model", target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _with_converter_config(folder: Path, staging: Path) -> Path:
    """The checkpoint as CTranslate2's converter reads it: transformers 5 dropped BART's constant
    `normalize_before` (always false) from its config, and the converter still asks for it."""
    import json

    config = json.loads((folder / "config.json").read_text("utf-8"))
    if config.get("model_type") != "bart" or "normalize_before" in config:
        return folder
    staging.mkdir(parents=True)
    for path in folder.iterdir():
        if path.name != "config.json":
            (staging / path.name).symlink_to(path.resolve())
    (staging / "config.json").write_text(json.dumps({**config, "normalize_before": False}), "utf-8")
    return staging
