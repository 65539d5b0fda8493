"""The abstractive path on a tiny BART built here: loading, chunking, batching, caching, the CLI."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

import tiny_model
from cli_helpers import newsedit
from newsedit.article import Article, parse
from newsedit.checks import summary
from newsedit.config import Config
from newsedit.engines.summarizer import Location, ModelMissing, Settings, Summarizer, locate, pick_device

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "fixtures" / "lavrov-north-korea.txt"
# Short summaries and two beams keep the tiny model's generate calls quick. These tests count
# transformers' generate calls: torch runs them (tests/test_summary_runtime.py covers CTranslate2).
FAST = Settings(max_words=10, min_words=3, num_beams=2, batch_size=4, device="cpu", runtime="torch")


@pytest.fixture(scope="session")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A random tiny BART with a tokenizer trained on the sample article, saved once per run."""
    return tiny_model.build(tmp_path_factory.mktemp("tiny-bart"), [SAMPLE.read_text("utf-8")])


@dataclass
class Calls:
    """What went through generate: one entry per call, the token ids of each row."""

    inputs: list[list[list[int]]] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(len(batch) for batch in self.inputs)

    def texts(self, tokenizer: Any) -> list[list[str]]:
        """The rows of each call, decoded back to text."""
        return [tokenizer.batch_decode(batch, skip_special_tokens=True) for batch in self.inputs]


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Calls:
    """Counts the real generate calls of every BART model (the calls still run)."""
    from transformers import BartForConditionalGeneration

    record = Calls()
    original = BartForConditionalGeneration.generate

    def counting(self: Any, *args: Any, **kwargs: Any) -> Any:
        record.inputs.append(kwargs["input_ids"].tolist())
        return original(self, *args, **kwargs)

    monkeypatch.setattr(BartForConditionalGeneration, "generate", counting)
    return record


def load(model_dir: Path, settings: Settings = FAST) -> Summarizer:
    return Summarizer.load(locate(str(model_dir)), settings)


def long_article(words: int = 5000) -> Article:
    """The sample's paragraphs, numbered and repeated until the body has `words` words."""
    sample = parse(SAMPLE.read_text("utf-8"))
    paragraphs = [" ".join(p.slice(sample.text).split()) for p in sample.paragraphs]
    body: list[str] = []
    while sum(len(p.split()) for p in body) < words:
        body.append(f"Part {len(body) + 1}. {paragraphs[len(body) % len(paragraphs)]}")
    return parse("A very long article\n\n" + "\n\n".join(body) + "\n")


def config_for(model: Path | str, tmp_path: Path, **fields: Any) -> Config:
    config = Config()
    config.summary.model = str(model)
    config.summary.cache_dir = str(tmp_path / "cache")
    fast = {"max_words": 10, "min_words": 3, "num_beams": 2, "batch_size": 4, "device": "cpu", "runtime": "torch"}
    for key, value in {**fast, **fields}.items():
        setattr(config.summary, key, value)
    return config


def test_a_local_folder_loads_offline(model_dir: Path) -> None:
    summarizer = load(model_dir)
    assert summarizer.model.device.type == "cpu" and not summarizer.model.training
    assert summarizer.limit == 256 and summarizer.window == 256 - 2 - 8
    assert summarizer.generation.num_beams == 2 and summarizer.generation.do_sample is False


def test_the_device_is_cuda_when_there_is_one_else_cpu() -> None:
    import torch

    assert pick_device("auto").type == ("cuda" if torch.cuda.is_available() else "cpu")
    assert pick_device("cpu").type == "cpu"


def test_an_absent_device_falls_back_to_extractive_and_says_why(model_dir: Path, tmp_path: Path) -> None:
    import torch

    if torch.cuda.is_available():
        pytest.skip("this machine has a GPU")
    article = parse(SAMPLE.read_text("utf-8"), str(SAMPLE))
    output = summary.create(config_for(model_dir, tmp_path, device="cuda")).check(article)
    assert output.data is not None and output.data["kind"] == "extractive"
    assert "summary device 'cuda' was asked for, but torch sees no CUDA GPU" in output.notices[0]


def test_a_model_in_the_hub_cache_is_found_without_network(model_dir: Path, tmp_path: Path) -> None:
    folder = hub_cache_with(model_dir, tmp_path / "hub", "acme/tiny-news")
    location = locate("acme/tiny-news", cache_dir=tmp_path / "hub")
    assert location == Location("acme/tiny-news", folder)
    Summarizer.load(location, FAST)
    with pytest.raises(ModelMissing, match="hf download acme/other"):
        locate("acme/other", cache_dir=tmp_path / "hub")
    with pytest.raises(ModelMissing, match=r"there is no folder \./missing/model"):
        locate("./missing/model")


def hub_cache_with(model_dir: Path, cache: Path, repo: str) -> Path:
    """A Hugging Face hub cache holding one snapshot of the tiny model under a repo id."""
    commit = "0" * 40
    entry = cache / ("models--" + repo.replace("/", "--"))
    (entry / "refs").mkdir(parents=True)
    (entry / "refs" / "main").write_text(commit)
    return Path(shutil.copytree(model_dir, entry / "snapshots" / commit))


def test_a_long_article_is_chunked_and_every_chunk_summarized(model_dir: Path, calls: Calls) -> None:
    summarizer = load(model_dir)
    article = long_article(5000)
    sentences = [" ".join(s.slice(article.text).split()) for s in article.sentences]
    windows = summarizer.windows(sentences)
    assert len(windows) > 10
    assert " ".join(windows) == " ".join(sentences)  # nothing dropped, nothing reordered
    limit = summarizer.limit
    assert all(len(summarizer.tokenizer(w)["input_ids"]) <= limit for w in windows)

    (result,) = summarizer.summarize([sentences])
    first_round = [text for batch in calls.texts(summarizer.tokenizer) for text in batch][: len(windows)]
    assert first_round and sorted(first_round) == sorted(windows)  # every chunk went to generate
    assert result.chunks == len(windows) and result.rounds >= 2
    assert calls.rows > len(windows) and len(calls.inputs[-1]) == 1  # then the summary of summaries
    assert 3 <= len(result.text.split()) <= 10


def test_articles_are_batched_longest_first(model_dir: Path, calls: Calls) -> None:
    summarizer = load(model_dir)
    sample = parse(SAMPLE.read_text("utf-8"))
    sentences = [" ".join(s.slice(sample.text).split()) for s in sample.sentences]
    documents = [sentences[i : i + n] for i, n in [(0, 1), (2, 3), (5, 2), (8, 1), (10, 2)]]
    batched = summarizer.summarize(documents)
    assert [len(b) for b in calls.inputs] == [4, 1]
    pad = summarizer.tokenizer.pad_token_id
    widths = [sum(t != pad for t in row) for batch in calls.inputs for row in batch]
    assert widths == sorted(widths, reverse=True)
    one_by_one = [summarizer.summarize([d])[0] for d in documents]
    assert [s.text for s in batched] == [s.text for s in one_by_one]  # padding changes nothing


def test_summaries_are_cached_by_article_model_and_settings(model_dir: Path, tmp_path: Path, calls: Calls) -> None:
    article = parse(SAMPLE.read_text("utf-8"), str(SAMPLE))
    first = summary.create(config_for(model_dir, tmp_path)).check(article)
    assert first.data is not None and first.data["kind"] == "abstractive" and calls.rows
    assert len(list((tmp_path / "cache").rglob("*.json"))) == 1

    calls.inputs.clear()
    again = summary.create(config_for(model_dir, tmp_path))
    assert again.check(article).data == first.data and again.summarizer is None and calls.rows == 0

    longer = summary.create(config_for(model_dir, tmp_path, max_words=12)).check(article)
    assert calls.rows and longer.data is not None and longer.data["summary"]
    assert len(list((tmp_path / "cache").rglob("*.json"))) == 2

    for path in (tmp_path / "cache").rglob("*.json"):
        path.write_text("{broken", "utf-8")
    calls.inputs.clear()
    assert summary.create(config_for(model_dir, tmp_path)).check(article).data == first.data and calls.rows


def test_the_check_batches_articles_and_guards_each_summary(model_dir: Path, tmp_path: Path, calls: Calls) -> None:
    text = SAMPLE.read_text("utf-8")
    articles = [
        parse(text, "a.txt"),
        parse(text.replace("Lavrov", "Lawrow"), "b.txt"),
        parse("Headline only\n", "c.txt"),
    ]
    check = summary.create(config_for(model_dir, tmp_path, cache=False))
    outputs = check.check_many(articles)
    assert [o.data["kind"] if o.data else None for o in outputs] == ["abstractive", "abstractive", None]
    assert outputs[2].notices == ["summary: the article has no body text to summarize"]
    for article, output in zip(articles, outputs, strict=True):
        assert output.findings == summary.guard(article, output.data["summary"] if output.data else "")
        assert all(f.text == article.text[f.start : f.end] for f in output.findings)
    check.close()
    assert check.summarizer is None


def test_an_unloadable_model_folder_falls_back_to_extractive(tmp_path: Path) -> None:
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "config.json").write_text("{}", "utf-8")
    article = parse(SAMPLE.read_text("utf-8"), str(SAMPLE))
    output = summary.create(config_for(tmp_path / "broken", tmp_path)).check(article)
    assert output.data is not None and output.data["kind"] == "extractive"
    assert "cannot load summary model" in output.notices[0]


def test_cli_summarizes_with_the_model_end_to_end(model_dir: Path, tmp_path: Path) -> None:
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache"), "HF_HOME": str(tmp_path / "hf")}
    args = ["summarize", str(SAMPLE), "--model", str(model_dir), "--max-words", "12", "--min-words", "3"]
    result = newsedit(*args, "--format", "json", env=env)
    assert result.code == 0, result.err
    (article,) = result.json()["articles"]
    assert article["summary"]["kind"] == "abstractive" and article["summary"]["model"] == str(model_dir)
    assert article["summary"]["summary"] and "notices" not in article
    text = newsedit(*args, env=env)  # served from the cache this time
    assert text.code == 0 and f"abstractive summary ({model_dir}" in text.out


def test_cli_without_a_model_gives_the_extractive_summary_and_says_so(tmp_path: Path) -> None:
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache"), "HF_HOME": str(tmp_path / "hf")}
    result = newsedit("summarize", str(SAMPLE), "--format", "json", env=env)
    assert result.code == 0, result.err
    (article,) = result.json()["articles"]
    assert article["summary"]["kind"] == "extractive"
    assert "'sshleifer/distilbart-cnn-12-6' is not available" in article["notices"][0]
    text = newsedit("summarize", str(SAMPLE), env=env)
    assert "note: summary model 'sshleifer/distilbart-cnn-12-6' is not available" in text.out
    assert "extractive summary (sentences picked from the article" in text.out


def test_the_results_cache_key_changes_when_the_model_arrives(tmp_path: Path, model_dir: Path) -> None:
    """A summary cached as extractive (no model) must not be reused once the model is there."""
    from newsedit.checks import summary
    from newsedit.config import Config, SummaryConfig

    missing = Config(summary=SummaryConfig(model=str(tmp_path / "not-yet")))
    assert summary.fingerprint(missing) == "missing"
    (tmp_path / "not-yet").symlink_to(model_dir)
    assert summary.fingerprint(missing) not in ("missing", "")
