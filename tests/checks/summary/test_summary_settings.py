"""The summary check's parts that need no model: settings, finding models, the cache, lengths."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsedit.backends.summarizer import Location, ModelMissing, Settings, fit_words, locate
from newsedit.checks import summary
from newsedit.checks.summary import SummaryCache
from newsedit.config import Config
from newsedit.errors import ConfigError


@pytest.mark.parametrize(
    "fields",
    [{"min_words": 80, "max_words": 60}, {"min_words": 0}, {"num_beams": 0}, {"batch_size": 0}, {"device": "gpu"}],
)
def test_bad_settings_are_config_errors(fields: dict[str, object]) -> None:
    config = Config()
    for key, value in fields.items():
        setattr(config.summary, key, value)
    with pytest.raises(ConfigError):
        summary.create(config)


def test_settings_bound_generation_in_tokens() -> None:
    settings = Settings(max_words=60, min_words=15)
    assert settings.max_new_tokens == 96 and settings.min_new_tokens == 18
    assert Settings(batch_size=1).key() == Settings(batch_size=32, device="cpu").key()  # same summaries
    assert Settings(max_words=50).key() != Settings().key()


def test_summaries_of_one_runtime_are_not_reused_by_the_other() -> None:
    pytest.importorskip("ctranslate2")
    pytest.importorskip("torch")
    assert Settings(runtime="ctranslate2").key() != Settings(runtime="torch").key()


def test_a_folder_is_found_as_itself(tmp_path: Path) -> None:
    assert locate(str(tmp_path)) == Location(str(tmp_path), tmp_path)


def test_a_missing_model_names_itself_and_the_ways_to_provide_it(tmp_path: Path) -> None:
    with pytest.raises(ModelMissing) as missing:
        locate("acme/news-model", cache_dir=tmp_path)
    message = str(missing.value)
    for part in ["'acme/news-model'", str(tmp_path), "--model DIR", "hf download acme/news-model", "download = true"]:
        assert part in message
    with pytest.raises(ModelMissing, match="there is no folder"):
        locate(str(tmp_path / "nothing"))


def test_downloads_happen_only_when_allowed(tmp_path: Path) -> None:
    location = locate("acme/news-model", download=True, cache_dir=tmp_path)
    assert location == Location("acme/news-model", None) and location.fingerprint() == "hub:acme/news-model"


def test_the_fingerprint_follows_the_model_files(tmp_path: Path) -> None:
    (tmp_path / "model.safetensors").write_bytes(b"1")
    before = Location("m", tmp_path).fingerprint()
    (tmp_path / "model.safetensors").write_bytes(b"22")
    assert Location("m", tmp_path).fingerprint() != before


def test_the_cache_keeps_summaries_on_disk_and_survives_damage(tmp_path: Path) -> None:
    data = {"kind": "abstractive", "summary": "Lavrov visited.", "model": "m", "words": 2, "chunks": 1}
    SummaryCache(tmp_path).put("ab" + "0" * 62, data)
    files = list(tmp_path.rglob("*"))
    assert [p.name for p in files if p.is_file()] == ["ab" + "0" * 62 + ".json"]  # no temporary files left
    assert SummaryCache(tmp_path).get("ab" + "0" * 62) == data
    (tmp_path / "ab" / ("ab" + "0" * 62 + ".json")).write_text(json.dumps({"summary": 3}), "utf-8")
    assert SummaryCache(tmp_path).get("ab" + "0" * 62) is None
    memory = SummaryCache(None)
    memory.put("k", data)
    assert memory.get("k") == data and SummaryCache(None).get("k") is None


def test_an_unwritable_cache_only_costs_time(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", "utf-8")
    cache = SummaryCache(blocker / "below")
    cache.put("k" * 64, {"summary": "x"})
    assert cache.get("k" * 64) == {"summary": "x"}


def test_summaries_keep_whole_sentences_within_max_words() -> None:
    text = "Lavrov visited Pyongyang. He praised Kim. The talks went on for two long days."
    assert fit_words(text, 20) == text
    assert fit_words(text, 7) == "Lavrov visited Pyongyang. He praised Kim."
    assert fit_words("one two three four five six", 4) == "one two three four…"


def test_the_text_block_labels_each_kind() -> None:
    extract_lines = summary.text_block({"kind": "extractive", "summary": "One. Two."})
    assert extract_lines[0].startswith("extractive summary") and extract_lines[1].strip() == "One. Two."
    model_lines = summary.text_block({"kind": "abstractive", "model": "m", "summary": "S.", "chunks": 3})
    assert model_lines[0] == "abstractive summary (m, from 3 parts):"
