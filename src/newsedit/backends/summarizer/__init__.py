"""The abstractive summarizer: the one module that loads a model runtime for summaries.

A seq2seq model (BART and its kin): AutoTokenizer and the checkpoint's configs from transformers,
run on CPU by CTranslate2 (int8; the checkpoint converted once and cached) or by torch through
AutoModelForSeq2SeqLM and generate (GPUs, or where CTranslate2 is missing). Finding the model
is plain file-system checks and never touches the network unless downloads are allowed; the
runtime is imported only when a model is really loaded.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import math
import os
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from newsedit import sentences
from newsedit.config import SummaryConfig
from newsedit.errors import BackendError, BackendUnavailable, ConfigError

if TYPE_CHECKING:
    import torch
    from transformers import GenerationConfig, PreTrainedModel, PreTrainedTokenizerBase

# What runs the model: CTranslate2 (the `summary` extra; int8 on CPU) or torch (`newsedit[torch]`:
# GPUs, and the one-time conversion of a transformers checkpoint). transformers is the model and
# tokenizer layer of both. The core install (a pre-commit hook's) has none of them.
RUNTIMES = ("ctranslate2", "torch")
CONVERT_EXTRA = 'pip install "newsedit[torch]"'
# Bump when the conversion changes, so that models converted before are converted again.
CONVERSION_VERSION = 1
SUMMARY_EXTRA = 'pip install "newsedit[summary]"'
# English takes about 1.3 BPE tokens a word; generation is bounded in tokens, summaries in words.
MAX_TOKENS_PER_WORD = 1.6
MIN_TOKENS_PER_WORD = 1.2
# Tokens left free in each window: a sentence counted alone can take a token more once joined.
MARGIN = 8
# Long articles shrink at least by half each round; more rounds than this means something is off.
MAX_ROUNDS = 8
_DEVICE = re.compile(r"auto|cpu|mps|cuda(?::\d+)?")
# A hub repo id: NAME or OWNER/NAME, as huggingface_hub validates them.
_HUB_ID = re.compile(r"(?:[\w.-]{1,96}/)?[\w.-]{1,96}")


@dataclass(frozen=True)
class Settings:
    """How summaries are made; everything but batch_size and device changes the summary."""

    # The config's summary fields of these names, with its defaults: defined once, in SummaryConfig.
    max_words: int = SummaryConfig.max_words
    min_words: int = SummaryConfig.min_words
    num_beams: int = SummaryConfig.num_beams
    batch_size: int = SummaryConfig.batch_size
    window_tokens: int = SummaryConfig.window_tokens  # 0: the model's input limit
    device: str = SummaryConfig.device
    runtime: str = SummaryConfig.runtime  # auto: CTranslate2 on CPU where installed, else torch (see pick_runtime)

    @classmethod
    def of(cls, config: SummaryConfig) -> Settings:
        """The settings a summary config gives: its fields of the same names."""
        return cls(**{f.name: getattr(config, f.name) for f in fields(cls)})

    @property
    def max_new_tokens(self) -> int:
        """Most tokens a summary may take."""
        return math.ceil(self.max_words * MAX_TOKENS_PER_WORD)

    @property
    def min_new_tokens(self) -> int:
        """Fewest tokens a summary may take."""
        return math.ceil(self.min_words * MIN_TOKENS_PER_WORD)

    def key(self) -> dict[str, int | str]:
        """The settings that change what a summary says (int8 CTranslate2 and torch differ slightly)."""
        try:
            runtime = pick_runtime(self)
        except BackendUnavailable:
            runtime = "missing"
        return {
            "max_words": self.max_words,
            "min_words": self.min_words,
            "num_beams": self.num_beams,
            "window_tokens": self.window_tokens,
            "runtime": runtime,
        }

    def validate(self) -> None:
        """Raise ConfigError for settings no model can honour."""
        if not 1 <= self.min_words <= self.max_words:
            raise ConfigError(f"summary: need 1 <= min-words <= max-words (got {self.min_words} and {self.max_words})")
        if self.num_beams < 1 or self.batch_size < 1 or self.window_tokens < 0:
            raise ConfigError("summary: num-beams and batch-size must be at least 1, window-tokens at least 0")
        if not _DEVICE.fullmatch(self.device):
            raise ConfigError(f"summary: device must be auto, cpu, cuda, cuda:N or mps (got {self.device!r})")
        if self.runtime not in ("auto", *RUNTIMES):
            raise ConfigError(f"summary: runtime must be auto, ctranslate2 or torch (got {self.runtime!r})")


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


@dataclass(frozen=True)
class Summary:
    """One article's summary and how it was made."""

    text: str
    chunks: int  # input windows the article took (1 unless it was long)
    rounds: int  # generate rounds: 1, or more for long articles (chunks, then their summaries)


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


class Summarizer:
    """A loaded model and tokenizer that summarize many texts at once."""

    def __init__(self, tokenizer: PreTrainedTokenizerBase, model: PreTrainedModel, settings: Settings) -> None:
        self.tokenizer = tokenizer
        self.model = model
        self.settings = settings
        self.limit = _input_limit(tokenizer, model)
        # Longest input, special tokens included; sentences are packed into a little less.
        self.size = min(settings.window_tokens or self.limit, self.limit)
        self.window = self.size - len(tokenizer("")["input_ids"]) - MARGIN
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
        if pick_runtime(settings) == "ctranslate2":
            return cls._load_ctranslate2(location, settings)
        return cls._load_torch(location, settings)

    @classmethod
    def _load_ctranslate2(cls, location: Location, settings: Settings) -> Summarizer:
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
            raise BackendUnavailable(
                f"cannot load summary model {location.model!r}: {type(exc).__name__}: {exc}"
            ) from None
        return cls(tokenizer, cast(Any, model), settings)

    @classmethod
    def _load_torch(cls, location: Location, settings: Settings) -> Summarizer:
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
            raise BackendUnavailable(
                f"cannot load summary model {location.model!r}: {type(exc).__name__}: {exc}"
            ) from None
        return cls(tokenizer, model.to(device).eval(), settings)

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
        pieces = [p for s, n in zip(parts, self._counts(parts), strict=True) for p in self._fitting(s, n)]
        groups: list[list[str]] = []
        size = 0
        for piece, n in zip(pieces, self._counts(pieces), strict=True):
            if groups and size + n <= self.window:
                groups[-1].append(piece)
                size += n
            else:
                groups.append([piece])
                size = n
        return [text for group in groups for text in self._verified(group)]

    def _counts(self, texts: Sequence[str]) -> list[int]:
        """Tokens of each text as it reads inside a window (after a space)."""
        if not texts:
            return []
        return [len(ids) for ids in self.tokenizer([" " + t for t in texts], add_special_tokens=False)["input_ids"]]

    def _fitting(self, sentence: str, tokens: int) -> list[str]:
        """A sentence longer than a window, split between words into pieces that fit."""
        if tokens <= self.window:
            return [sentence]
        words = [w for word in sentence.split() for w in self._short_words(word)]
        pieces: list[list[str]] = [[]]
        size = 0
        for word, n in zip(words, self._counts(words), strict=True):
            if pieces[-1] and size + n > self.window:
                pieces.append([])
                size = 0
            pieces[-1].append(word)
            size += n
        return [" ".join(p) for p in pieces]

    def _short_words(self, word: str) -> list[str]:
        """A 'word' too long for a window (a pasted blob) in pieces; a character is at most 4 tokens."""
        step = max(1, self.window // 4)
        return [word[i : i + step] for i in range(0, len(word), step)]

    def _verified(self, group: list[str]) -> list[str]:
        """The window's text, checked against the model's limit; split again if counting drifted."""
        text = " ".join(group)
        if len(self.tokenizer(text)["input_ids"]) <= self.size or len(group) == 1:
            return [text]
        half = len(group) // 2
        return self._verified(group[:half]) + self._verified(group[half:])

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
        """One padded batch through generate: beam search, no sampling, no gradients."""
        if isinstance(self.model, TranslatedModel):
            ids = self.tokenizer(list(texts))["input_ids"]
            if max(map(len, ids)) > self.limit:  # windows fit by construction: never truncate
                raise BackendError(f"an input of {max(map(len, ids))} tokens exceeds the model's {self.limit}")
            out = self.model.generate_ids(self.tokenizer, ids, self.generation)
            return [_tidy(t) for t in self.tokenizer.batch_decode(out, skip_special_tokens=True)]
        import torch

        encoded = self.tokenizer(list(texts), padding=True, return_tensors="pt")
        if encoded["input_ids"].shape[1] > self.limit:  # windows fit by construction: never truncate
            raise BackendError(f"an input of {encoded['input_ids'].shape[1]} tokens exceeds the model's {self.limit}")
        inputs = {k: encoded[k].to(self.model.device) for k in ("input_ids", "attention_mask")}
        try:
            with torch.inference_mode():
                # nn.Module's __getattr__ hides generate from type checkers
                ids = cast(Any, self.model).generate(**inputs, generation_config=self.generation)
        except RuntimeError as exc:  # out of memory, a broken model: this batch fails, not the run
            raise BackendError(f"summary model failed: {exc}") from None
        return [_tidy(t) for t in self.tokenizer.batch_decode(ids, skip_special_tokens=True)]

    def close(self) -> None:
        """Let the model's memory go (a GPU's memory in particular)."""
        translated = isinstance(self.model, TranslatedModel)
        self.model = None  # type: ignore[assignment]
        if translated:
            return
        try:
            import torch

            if torch.cuda.is_available():
                torch.cuda.empty_cache()
        except ImportError:  # pragma: no cover - torch is a dependency
            pass


def pick_runtime(settings: Settings) -> str:
    """CTranslate2 for CPU where it is installed (it is faster there, and light); torch for GPUs,
    or where CTranslate2 is missing."""
    import importlib.util

    if settings.runtime != "auto":
        wanted = settings.runtime
        if importlib.util.find_spec(wanted) is None:
            extra = SUMMARY_EXTRA if wanted == "ctranslate2" else CONVERT_EXTRA
            raise BackendUnavailable(f"summary runtime {wanted} was asked for, but it is not installed: {extra}")
        return wanted
    has_ct2 = importlib.util.find_spec("ctranslate2") is not None
    if not has_ct2 or settings.device not in ("auto", "cpu"):
        return "torch"
    if settings.device == "cpu" or importlib.util.find_spec("torch") is None:
        return "ctranslate2"
    import ctranslate2

    # auto with torch installed: a CUDA GPU goes to torch (float16), no GPU to CTranslate2.
    return "torch" if ctranslate2.get_cuda_device_count() > 0 else "ctranslate2"


class TranslatedModel:
    """A seq2seq model converted for CTranslate2, with what Summarizer reads of a transformers model."""

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


@dataclass(frozen=True)
class _Device:
    type: str


@dataclass(frozen=True)
class _Config:
    """A converted model's input limit is unknown: the tokenizer's applies."""

    max_position_embeddings: int | None


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


def fit_words(text: str, max_words: int) -> str:
    """Whole sentences within max_words; a first sentence that is too long is cut with an ellipsis."""
    if len(text.split()) <= max_words:
        return text
    kept: list[str] = []
    for start, end in sentences.split(text, 0, len(text)):
        if len(" ".join([*kept, text[start:end]]).split()) > max_words:
            break
        kept.append(text[start:end])
    return " ".join(kept) if kept else " ".join(text.split()[:max_words]) + "…"


def _tidy(text: str) -> str:
    """One line, without the replacement characters that half-decoded byte tokens leave."""
    return " ".join(text.replace("\ufffd", "").split())


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


def _quiet() -> None:
    """No download bars or load chatter on the user's terminal."""
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    from huggingface_hub.utils import disable_progress_bars
    from transformers.utils import logging

    disable_progress_bars()
    logging.set_verbosity_error()
    logging.disable_progress_bar()
