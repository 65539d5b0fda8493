"""How summaries are made: the settings a summary config gives, and the token budgets they mean."""

from __future__ import annotations

import math
from dataclasses import dataclass, fields

from newsedit.config import SummaryConfig
from newsedit.errors import BackendUnavailable

# What runs the model: CTranslate2 (the `summary` extra; int8 on CPU) or torch (`newsedit[torch]`:
# GPUs, and the one-time conversion of a transformers checkpoint). transformers is the model and
# tokenizer layer of both. The core install (a pre-commit hook's) has none of them.
RUNTIMES = ("ctranslate2", "torch")
CONVERT_EXTRA = 'pip install "newsedit[torch]"'
SUMMARY_EXTRA = 'pip install "newsedit[summary]"'
# English takes about 1.3 BPE tokens a word; generation is bounded in tokens, summaries in words.
MAX_TOKENS_PER_WORD = 1.6
MIN_TOKENS_PER_WORD = 1.2


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
        """Raise ConfigError for settings no model can honour: held to what the summary config's
        fields allow (their ranges and choices are declared there, once)."""
        from newsedit.config import Config, check_section

        summary = SummaryConfig(**{f.name: getattr(self, f.name) for f in fields(self)})
        check_section(Config(summary=summary), "summary")


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
