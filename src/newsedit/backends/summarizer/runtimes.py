"""The two runtimes that run a summary model behind one interface (`Runtime`), and the choice between them.

CTranslate2 (the `summary` extra; int8 on CPU, the checkpoint converted once) or torch through
transformers' AutoModelForSeq2SeqLM and generate (`newsedit[torch]`: GPUs, or where CTranslate2 is
missing). transformers is the model and tokenizer layer of both; each is imported only here, and
only when a model is really loaded.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, cast

from newsedit.backends.summarizer.convert import converted
from newsedit.backends.summarizer.locate import Location
from newsedit.backends.summarizer.settings import pick_runtime
from newsedit.errors import BackendError, BackendUnavailable

if TYPE_CHECKING:
    import torch
    from transformers import GenerationConfig, PreTrainedModel, PreTrainedTokenizerBase

    from newsedit.backends.summarizer.settings import Settings


class Runtime(Protocol):
    """What the summarizer asks of the runtime that runs its model."""

    def generate(self, tokenizer: Any, texts: Sequence[str], limit: int, generation: GenerationConfig) -> list[str]:
        """One batch of summaries: beam search, no sampling; an input past `limit` tokens is an error."""
        ...

    def release(self) -> None:
        """Let the model's memory go."""
        ...


Loaded = tuple[
    "PreTrainedTokenizerBase", Any, Runtime
]  # the tokenizer, the model (as transformers sees it), its runtime


def load(location: Location, settings: Settings) -> Loaded:
    """Load tokenizer and model (offline from a folder) on the runtime and device the settings pick."""
    if pick_runtime(settings) == "ctranslate2":
        return _load_ctranslate2(location)
    return _load_torch(location, settings)


def _load_ctranslate2(location: Location) -> Loaded:
    """The tokenizer and generation settings from the checkpoint, the model converted for CTranslate2."""
    _quiet()
    from transformers import AutoConfig, AutoTokenizer, GenerationConfig

    folder = location.folder if location.folder is not None else _download(location.model)
    try:
        tokenizer = AutoTokenizer.from_pretrained(str(folder), local_files_only=True)
        if (folder / "model.bin").is_file():  # converted already: its config.json is CTranslate2's
            config: Any = _Config(None)
            generation = GenerationConfig()
        else:
            config = AutoConfig.from_pretrained(str(folder), local_files_only=True)
            generation = GenerationConfig.from_model_config(config)
        with contextlib.suppress(OSError):  # a generation_config.json, when the model has one, wins
            generation = GenerationConfig.from_pretrained(str(folder), local_files_only=True)
        model = TranslatedModel.load(converted(Location(location.model, folder)), config, generation)
    except BackendUnavailable:
        raise
    except Exception as exc:  # any failure to load means the same thing to the user
        raise BackendUnavailable(f"cannot load summary model {location.model!r}: {type(exc).__name__}: {exc}") from None
    return tokenizer, model, model


def _load_torch(location: Location, settings: Settings) -> Loaded:
    """transformers' model on torch, on the settings' device."""
    device = pick_device(settings.device)
    _quiet()
    import torch
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    source = str(location.folder) if location.folder is not None else location.model
    offline = location.folder is not None
    dtype = torch.float16 if device.type == "cuda" else torch.float32
    try:
        tokenizer = AutoTokenizer.from_pretrained(source, local_files_only=offline)
        model = AutoModelForSeq2SeqLM.from_pretrained(source, local_files_only=offline, dtype=dtype)
    except Exception as exc:  # any failure to load means the same thing to the user
        raise BackendUnavailable(f"cannot load summary model {location.model!r}: {type(exc).__name__}: {exc}") from None
    model = model.to(device).eval()
    return tokenizer, model, TorchRuntime(model)


class TorchRuntime:
    """A transformers model on torch (`Runtime`)."""

    def __init__(self, model: PreTrainedModel) -> None:
        self.model: PreTrainedModel | None = model

    def generate(self, tokenizer: Any, texts: Sequence[str], limit: int, generation: GenerationConfig) -> list[str]:
        """One padded batch through transformers' generate, without gradients."""
        import torch

        assert self.model is not None, "the runtime was released"
        encoded = tokenizer(list(texts), padding=True, return_tensors="pt")
        if encoded["input_ids"].shape[1] > limit:  # windows fit by construction: never truncate
            raise BackendError(f"an input of {encoded['input_ids'].shape[1]} tokens exceeds the model's {limit}")
        inputs = {k: encoded[k].to(self.model.device) for k in ("input_ids", "attention_mask")}
        try:
            with torch.inference_mode():
                # nn.Module's __getattr__ hides generate from type checkers
                ids = cast(Any, self.model).generate(**inputs, generation_config=generation)
        except RuntimeError as exc:  # out of memory, a broken model: this batch fails, not the run
            raise BackendError(f"summary model failed: {exc}") from None
        return [tidy(t) for t in tokenizer.batch_decode(ids, skip_special_tokens=True)]

    def release(self) -> None:
        """Drop the model and give a GPU's cached memory back."""
        self.model = None
        try:
            import torch

            if torch.cuda.is_available():
                torch.cuda.empty_cache()
        except ImportError:  # pragma: no cover - torch is a dependency
            pass


class TranslatedModel:
    """A seq2seq model converted for CTranslate2 (`Runtime`), with what Summarizer reads of a transformers model."""

    def __init__(self, translator: Any, config: Any, generation_config: GenerationConfig) -> None:
        self.translator = translator
        self.config = config
        self.generation_config = generation_config
        self.device = _Device("cpu")

    @classmethod
    def load(cls, folder: Path, config: Any, generation_config: GenerationConfig) -> TranslatedModel:
        """The converted model in folder, on CPU with all cores."""
        import ctranslate2

        return cls(ctranslate2.Translator(str(folder), device="cpu", compute_type="int8"), config, generation_config)

    def generate_ids(self, tokenizer: Any, inputs: list[list[int]], generation: GenerationConfig) -> list[list[int]]:
        """Beam search with transformers' generation settings (beams, penalties, lengths in new tokens)."""
        forced = generation.forced_bos_token_id
        prefix = [[tokenizer.convert_ids_to_tokens(forced)]] * len(inputs) if forced is not None else None
        results = self.translator.translate_batch(
            [tokenizer.convert_ids_to_tokens(ids) for ids in inputs],
            target_prefix=prefix,
            beam_size=generation.num_beams or 1,
            length_penalty=1.0 if generation.length_penalty is None else generation.length_penalty,
            no_repeat_ngram_size=generation.no_repeat_ngram_size or 0,
            max_decoding_length=generation.max_new_tokens,
            min_decoding_length=generation.min_new_tokens or 0,
            max_batch_size=len(inputs),
        )
        return [tokenizer.convert_tokens_to_ids(r.hypotheses[0]) for r in results]

    def generate(self, tokenizer: Any, texts: Sequence[str], limit: int, generation: GenerationConfig) -> list[str]:
        """One batch of summaries of texts."""
        ids = tokenizer(list(texts))["input_ids"]
        if max(map(len, ids)) > limit:  # windows fit by construction: never truncate
            raise BackendError(f"an input of {max(map(len, ids))} tokens exceeds the model's {limit}")
        out = self.generate_ids(tokenizer, ids, generation)
        return [tidy(t) for t in tokenizer.batch_decode(out, skip_special_tokens=True)]

    def release(self) -> None:
        """Drop the translator (its memory is CTranslate2's own)."""
        self.translator = None


@dataclass(frozen=True)
class _Device:
    type: str


@dataclass(frozen=True)
class _Config:
    """A converted model's input limit is unknown: the tokenizer's applies."""

    max_position_embeddings: int | None


def _download(model: str) -> Path:
    """Fetch a hub model into the Hugging Face cache (only where downloads are allowed)."""
    from huggingface_hub import snapshot_download

    return Path(str(snapshot_download(model)))


def pick_device(name: str) -> torch.device:
    """The device to run on: auto is CUDA when present, else CPU; an explicit one must exist."""
    import torch

    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    device = torch.device(name)
    if device.type == "cuda" and not torch.cuda.is_available():
        raise BackendUnavailable(f"summary device {name!r} was asked for, but torch sees no CUDA GPU")
    if device.type == "mps" and not torch.backends.mps.is_available():
        raise BackendUnavailable(f"summary device {name!r} was asked for, but MPS is not available")
    return device


def tidy(text: str) -> str:
    """One line, without the replacement characters that half-decoded byte tokens leave."""
    return " ".join(text.replace("\ufffd", "").split())


def _quiet() -> None:
    """No download bars or load chatter on the user's terminal."""
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    from huggingface_hub.utils import disable_progress_bars
    from transformers.utils import logging

    disable_progress_bars()
    logging.set_verbosity_error()
    logging.disable_progress_bar()
