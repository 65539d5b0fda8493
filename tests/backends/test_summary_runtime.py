"""The CTranslate2 summary path on a tiny BART built here: conversion once, cached; loading without torch.

A process "without torch" is a real interpreter in which `import torch` fails and importlib
finds no torch (sys.modules["torch"] = None), as in an install of the `summary` extra alone.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import tiny_model
from newsedit.article import parse
from newsedit.backends.summarizer import (
    CONVERT_EXTRA,
    Settings,
    Summarizer,
    TranslatedModel,
    locate,
    pick_runtime,
)
from newsedit.errors import ConfigError

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "fixtures" / "lavrov-north-korea.txt"
FAST = Settings(max_words=10, min_words=3, num_beams=2, batch_size=4, device="cpu")


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tiny_model.build(tmp_path_factory.mktemp("tiny-bart"), [SAMPLE.read_text("utf-8")])


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NEWSEDIT_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def sentences() -> list[str]:
    article = parse(SAMPLE.read_text("utf-8"))
    return [" ".join(s.slice(article.text).split()) for s in article.sentences]


def test_on_cpu_ctranslate2_runs_a_checkpoint_converted_once(model_dir: Path, cache: Path) -> None:
    assert pick_runtime(FAST) == "ctranslate2"
    summarizer = Summarizer.load(locate(str(model_dir)), FAST)
    assert isinstance(summarizer.model, TranslatedModel)
    assert summarizer.limit == 256 and summarizer.generation.num_beams == 2
    (converted,) = (cache / "summary-models").glob("*/model.bin")
    stamp = converted.stat().st_mtime_ns
    inputs = summarizer.tokenizer(sentences()[:6])["input_ids"]
    generated = summarizer.model.generate_ids(summarizer.tokenizer, inputs, summarizer.generation)
    assert all(FAST.min_new_tokens <= len(ids) <= FAST.max_new_tokens for ids in generated), generated
    outputs = summarizer.generate(sentences()[:6])
    (summary,) = summarizer.summarize([sentences()])
    assert summary.text and len(summary.text.split()) <= FAST.max_words and summary.chunks > 1

    again = Summarizer.load(locate(str(model_dir)), FAST)  # reuses the conversion
    assert converted.stat().st_mtime_ns == stamp and len(list((cache / "summary-models").iterdir())) == 1
    assert again.generate(sentences()[:6]) == outputs


def test_without_torch_the_cached_conversion_loads_and_a_new_checkpoint_says_how(
    model_dir: Path, cache: Path, tmp_path: Path
) -> None:
    Summarizer.load(locate(str(model_dir)), FAST)  # converted here, with torch
    done = _without_torch(model_dir, cache)
    assert done["runtime"] == "ctranslate2" and done["summary"], done
    assert done["torch_imported"] is False

    other = Path(shutil.copytree(model_dir, tmp_path / "other-model"))  # another model: not converted yet
    refused = _without_torch(other, cache)
    assert "must be converted for CTranslate2 once" in refused["error"] and CONVERT_EXTRA in refused["error"]


def test_a_folder_converted_elsewhere_is_used_as_it_is(model_dir: Path, cache: Path, tmp_path: Path) -> None:
    Summarizer.load(locate(str(model_dir)), FAST)
    (converted,) = (cache / "summary-models").iterdir()
    portable = Path(shutil.copytree(converted, tmp_path / "portable"))
    for name in ("tokenizer.json", "tokenizer_config.json", "generation_config.json"):
        if (model_dir / name).is_file():
            shutil.copy(model_dir / name, portable / name)
    done = _without_torch(portable, tmp_path / "empty-cache")
    assert done["runtime"] == "ctranslate2" and done["summary"], done
    assert not (tmp_path / "empty-cache" / "summary-models").exists()


def test_the_runtime_setting_is_checked() -> None:
    with pytest.raises(ConfigError, match="runtime' must be one of auto, ctranslate2 or torch"):
        Settings(runtime="onnx").validate()
    assert pick_runtime(Settings(device="cuda")) == "torch"
    assert pick_runtime(Settings(runtime="torch")) == "torch"


def _without_torch(model: Path, cache: Path) -> dict[str, object]:
    """Load and summarize in a fresh interpreter that cannot import torch."""
    code = f"""
import json, sys
sys.modules["torch"] = None
from newsedit.backends.summarizer import Settings, Summarizer, locate, pick_runtime
from newsedit.errors import BackendUnavailable
settings = Settings(max_words=10, min_words=3, num_beams=2, batch_size=4, device="cpu")
out = {{"runtime": pick_runtime(settings)}}
try:
    summarizer = Summarizer.load(locate({str(model)!r}), settings)
    out["summary"] = summarizer.generate(["Mr. Lavrov praised stronger relations with North Korea."])[0]
except BackendUnavailable as exc:
    out["error"] = str(exc)
out["torch_imported"] = sys.modules.get("torch") is not None
print(json.dumps(out))
"""
    env = {**os.environ, "NEWSEDIT_CACHE_DIR": str(cache)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result
