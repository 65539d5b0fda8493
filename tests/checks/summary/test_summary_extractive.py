"""The built-in extractive summary and the summary check without a model."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from newsedit.article import Article, parse
from newsedit.checks import summary
from newsedit.checks.summary import extractive
from newsedit.config import Config

SAMPLE = Path(__file__).resolve().parents[3] / "fixtures" / "lavrov-north-korea.txt"


@pytest.fixture
def article() -> Article:
    return parse(SAMPLE.read_text("utf-8"), str(SAMPLE))


def offline_config(tmp_path: Path, **summary_fields: object) -> Config:
    """A config whose model cannot be found and whose cache lives under tmp_path."""
    config = Config()
    config.summary.model = str(tmp_path / "no-model-here")
    config.summary.cache_dir = str(tmp_path / "cache")
    for key, value in summary_fields.items():
        setattr(config.summary, key, value)
    return config


def test_extractive_picks_whole_sentences_in_article_order(article: Article) -> None:
    extract = extractive.summarize(article, max_words=60)
    assert extract.spans and list(extract.spans) == sorted(extract.spans, key=lambda s: s.start)
    assert all(s in article.sentences for s in extract.spans)
    assert extract.text == " ".join(" ".join(s.slice(article.text).split()) for s in extract.spans)
    assert extract.words <= 60
    assert extract.text.startswith("North Korean leader Kim Jong Un has Moscow's")


def test_extractive_skips_the_repeated_headline_and_respects_the_length(article: Article) -> None:
    for limit in (15, 30, 100):
        extract = extractive.summarize(article, max_words=limit)
        assert extract.words <= limit or len(extract.spans) == 1
        assert "Lavrov praises stronger relations" not in extract.text
    assert extractive.summarize(article, 60) == extractive.summarize(article, 60)


def test_extractive_of_an_article_without_body_is_empty() -> None:
    assert extractive.summarize(parse("Just a headline\n"), 60).text == ""


def test_without_a_model_the_summary_is_extractive_and_says_why(article: Article, tmp_path: Path) -> None:
    check = summary.create(offline_config(tmp_path))
    first, second = check.check_many([article, article])
    assert first.data is not None and first.data["kind"] == "extractive" and first.data["model"] is None
    assert first.data["summary"] == extractive.summarize(article, 60).text
    for span in first.data["sentences"]:
        assert article.text[span["start"] : span["end"]] in article.text
    (notice,) = first.notices
    assert str(tmp_path / "no-model-here") in notice and "--model DIR" in notice
    assert second.notices == [] and second.data == first.data  # said once per run
    assert first.findings == []
    check.close()


def test_a_missing_model_is_told_without_loading_torch(tmp_path: Path) -> None:
    """The fallback is fast: finding out that the model is missing never imports torch."""
    code = f"""
import json, sys
from newsedit import runner
from newsedit.config import Config
config = Config()
config.summary.cache_dir = {str(tmp_path / "cache")!r}
report = runner.run(runner.Job([{str(SAMPLE)!r}], config, ["summary"]))
print(json.dumps([report.articles[0].data["summary"]["kind"], report.articles[0].notices, "torch" in sys.modules]))
"""
    env = {"HF_HOME": str(tmp_path / "hf"), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    kind, notices, torch_loaded = json.loads(out.stdout)
    assert kind == "extractive" and not torch_loaded
    assert "'sshleifer/distilbart-cnn-12-6' is not available" in notices[0]
    assert "hf download sshleifer/distilbart-cnn-12-6" in notices[0]
