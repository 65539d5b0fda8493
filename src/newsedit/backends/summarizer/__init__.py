"""The abstractive summarizer: the one place that loads a model runtime for summaries.

A seq2seq model (BART and its kin) summarizes articles in batches; a long article goes in as
several token windows whose summaries are summarized again. The parts, each a module:
`settings` (what the config asks for), `locate` (finding the model on disk, never on the network
unless downloads are allowed), `convert` (CTranslate2's copy of a checkpoint), `windows` (packing
sentences into inputs that fit), `runtimes` (CTranslate2 or torch behind one `Runtime`).
"""

from __future__ import annotations

import copy
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from newsedit import sentences
from newsedit.backends.summarizer.convert import CONVERSION_VERSION, converted
from newsedit.backends.summarizer.locate import (
    Location,
    ModelMissing,
    locate,
    missing_message,
    runtime_message,
    runtime_missing,
)
from newsedit.backends.summarizer.runtimes import Runtime, TorchRuntime, TranslatedModel, pick_device
from newsedit.backends.summarizer.settings import (
    CONVERT_EXTRA,
    MAX_TOKENS_PER_WORD,
    MIN_TOKENS_PER_WORD,
    RUNTIMES,
    SUMMARY_EXTRA,
    Settings,
    pick_runtime,
)
from newsedit.backends.summarizer.windows import MARGIN, Windows, fit_words
from newsedit.errors import BackendError, ConfigError

if TYPE_CHECKING:
    from transformers import GenerationConfig, PreTrainedModel, PreTrainedTokenizerBase

__all__ = [
    "CONVERSION_VERSION",
    "CONVERT_EXTRA",
    "MARGIN",
    "MAX_TOKENS_PER_WORD",
    "MIN_TOKENS_PER_WORD",
    "RUNTIMES",
    "SUMMARY_EXTRA",
    "Location",
    "ModelMissing",
    "Runtime",
    "Settings",
    "Summarizer",
    "Summary",
    "TranslatedModel",
    "converted",
    "fit_words",
    "locate",
    "missing_message",
    "pick_device",
    "pick_runtime",
    "runtime_message",
    "runtime_missing",
]

# Long articles shrink at least by half each round; more rounds than this means something is off.
MAX_ROUNDS = 8


@dataclass(frozen=True)
class Summary:
    """One article's summary and how it was made."""

    text: str
    chunks: int  # input windows the article took (1 unless it was long)
    rounds: int  # generate rounds: 1, or more for long articles (chunks, then their summaries)


class Summarizer:
    """A loaded model and tokenizer that summarize many texts at once."""

    def __init__(
        self, tokenizer: PreTrainedTokenizerBase, model: Any, settings: Settings, runtime: Runtime | None = None
    ) -> None:
        self.tokenizer = tokenizer
        self.model = model  # as transformers sees it: what the limits and generation settings come from
        self.runtime = runtime or TorchRuntime(model)
        self.settings = settings
        self.limit = _input_limit(tokenizer, model)
        self._windows = Windows(tokenizer, min(settings.window_tokens or self.limit, self.limit))
        self.size, self.window = self._windows.size, self._windows.window
        if self.window < 2 * settings.max_new_tokens:
            raise ConfigError(
                f"summary: input windows of {self.window} tokens cannot hold twice the longest summary "
                f"({settings.max_new_tokens} tokens for max-words {settings.max_words}); raise window-tokens "
                "or lower max-words"
            )
        self.generation = _generation_config(model, settings)

    @classmethod
    def load(cls, location: Location, settings: Settings) -> Summarizer:
        """Load tokenizer and model (offline from a folder) on the runtime and device the settings pick."""
        from newsedit.backends.summarizer import runtimes

        tokenizer, model, runtime = runtimes.load(location, settings)
        return cls(tokenizer, model, settings, runtime)

    def summarize(self, documents: Sequence[Sequence[str]]) -> list[Summary]:
        """Summarize documents (each a list of sentences) together, batching across all of them."""
        pending = {i: self.windows(doc) for i, doc in enumerate(documents)}
        chunks = {i: len(w) for i, w in pending.items()}
        rounds: dict[int, int] = defaultdict(int)
        done: dict[int, str] = {i: "" for i, w in pending.items() if not w}
        pending = {i: w for i, w in pending.items() if w}
        while pending:
            jobs = [(i, text) for i, texts in pending.items() for text in texts]
            outputs = self.generate([text for _, text in jobs])
            parts: dict[int, list[str]] = defaultdict(list)
            for (i, _), output in zip(jobs, outputs, strict=True):
                parts[i].append(output)
            pending = self._next_round(pending, parts, rounds, done)
        return [
            Summary(fit_words(done[i], self.settings.max_words), chunks[i], rounds[i]) for i in range(len(documents))
        ]

    def _next_round(
        self, pending: dict[int, list[str]], parts: dict[int, list[str]], rounds: dict[int, int], done: dict[int, str]
    ) -> dict[int, list[str]]:
        """Documents whose windows' summaries must themselves be summarized, as new windows."""
        following = {}
        for i, outputs in parts.items():
            rounds[i] += 1
            if len(pending[i]) == 1:
                done[i] = outputs[0]
                continue
            if rounds[i] >= MAX_ROUNDS:
                raise BackendError(f"a long article did not shrink to one window in {MAX_ROUNDS} rounds")
            joined = " ".join(outputs)
            windows = self.windows([joined[s:e] for s, e in sentences.split(joined, 0, len(joined))])
            following[i] = windows if windows else [joined]
        return following

    def windows(self, parts: Sequence[str]) -> list[str]:
        """Sentences packed in order into texts that each fit the model; nothing is cut off."""
        return self._windows.windows(parts)

    def generate(self, texts: Sequence[str]) -> list[str]:
        """Summaries of texts, longest first in batches so each batch pads little."""
        lengths = [len(ids) for ids in self.tokenizer(list(texts))["input_ids"]]
        order = sorted(range(len(texts)), key=lambda i: -lengths[i])
        out = [""] * len(texts)
        size = self.settings.batch_size
        for start in range(0, len(order), size):
            batch = order[start : start + size]
            for i, text in zip(batch, self.generate_batch([texts[i] for i in batch]), strict=True):
                out[i] = text
        return out

    def generate_batch(self, texts: Sequence[str]) -> list[str]:
        """One padded batch through the runtime: beam search, no sampling."""
        return self.runtime.generate(self.tokenizer, texts, self.limit, self.generation)

    def close(self) -> None:
        """Let the model's memory go (a GPU's memory in particular)."""
        self.runtime.release()
        self.model = None


def _input_limit(tokenizer: PreTrainedTokenizerBase, model: PreTrainedModel) -> int:
    """Most tokens (special ones included) the model reads: its position table, or the tokenizer's."""
    limits = [getattr(model.config, "max_position_embeddings", None), tokenizer.model_max_length]
    sane = [n for n in limits if isinstance(n, int) and 0 < n < 1_000_000]  # unset ones are huge
    return min(sane) if sane else 512


def _generation_config(model: PreTrainedModel, settings: Settings) -> GenerationConfig:
    """The model's own generation settings (length penalty...) with newsedit's lengths and beams."""
    # The model's min/max_length (distilbart: 56/142 tokens) would fight newsedit's lengths.
    model.generation_config.update(min_length=None, max_length=None)
    config = copy.deepcopy(model.generation_config)
    config.update(
        num_beams=settings.num_beams,
        do_sample=False,
        early_stopping=True,
        no_repeat_ngram_size=config.no_repeat_ngram_size or 3,
        max_new_tokens=settings.max_new_tokens,
        min_new_tokens=settings.min_new_tokens,
    )
    return config
