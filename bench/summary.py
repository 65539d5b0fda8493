"""Summary throughput on CPU: the check's batched generate against a one-article-at-a-time loop.

The model has distilbart-cnn-12-6's exact architecture (12 encoder and 6 decoder layers, d_model
1024, 16 heads, FFN 4096, 50264-token vocabulary, 1024 positions) with random weights: no
weights can be downloaded here, and speed does not depend on what the weights say. The
tokenizer is a byte-level BPE trained on the corpus. Each article is cut to its lead window of
at most --input-tokens tokens (the check's own windowing), and every summary is exactly
--max-new-tokens long (random weights would stop at random), so both ways do the same work:
the check's batched path (sorted by length, padded per batch) and a plain loop that calls
generate once per article with the same settings. Prints one JSON document.

    .venv/bin/python bench/summary.py [--articles 64] [--input-tokens 128] [--max-new-tokens 24]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "bbc"

# sshleifer/distilbart-cnn-12-6's config.json, the fields that shape the network.
DISTILBART_CNN_12_6 = {
    "vocab_size": 50264,
    "d_model": 1024,
    "encoder_layers": 12,
    "decoder_layers": 6,
    "encoder_attention_heads": 16,
    "decoder_attention_heads": 16,
    "encoder_ffn_dim": 4096,
    "decoder_ffn_dim": 4096,
    "max_position_embeddings": 1024,
    "activation_function": "gelu",
    "normalize_before": False,
    "scale_embedding": False,
    "pad_token_id": 1,
    "bos_token_id": 0,
    "eos_token_id": 2,
    "decoder_start_token_id": 2,
    "forced_bos_token_id": 0,
    "forced_eos_token_id": 2,
    "length_penalty": 2.0,
    "no_repeat_ngram_size": 3,
}


def main() -> None:
    """Measure both ways on the same articles and print the figures."""
    args = _arguments()
    sys.path.insert(0, str(ROOT / "src"))
    import torch

    if args.threads:
        torch.set_num_threads(args.threads)
    paths = _pick(args.articles)
    texts = [p.read_text("utf-8", errors="replace") for p in paths]
    summarizer = _summarizer(texts, args)
    inputs = [_lead(summarizer, text) for text in texts]
    summarizer.generate(inputs[:1])  # warm-up: first-call costs belong to neither side
    batched, batched_s = _timed(lambda: summarizer.generate(inputs))
    looped, looped_s = _timed(lambda: [_one(summarizer, t) for t in inputs])
    print(json.dumps(_report(args, summarizer, inputs, (batched, batched_s), (looped, looped_s)), indent=2))


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=64, help="corpus articles to summarize")
    parser.add_argument("--input-tokens", type=int, default=128, help="lead tokens of each article")
    parser.add_argument("--max-new-tokens", type=int, default=24, help="summary length bound, in tokens")
    parser.add_argument("--beams", type=int, default=4)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--threads", type=int, default=0, help="torch threads (0: torch's default)")
    return parser.parse_args()


def _pick(count: int) -> list[Path]:
    """Articles spread evenly over the whole corpus (every category, short and long)."""
    if not CORPUS.is_dir():
        sys.exit(f"bench/summary.py: the corpus is missing ({CORPUS})")
    paths = sorted(CORPUS.rglob("*.txt"))
    step = len(paths) / count
    return [paths[math.floor(i * step)] for i in range(count)]


def _summarizer(texts: list[str], args: argparse.Namespace) -> Any:
    """The check's Summarizer around a random distilbart-shaped model and a corpus tokenizer."""
    import torch
    from transformers import BartConfig, BartForConditionalGeneration

    from newsedit.backends.summarizer import MAX_TOKENS_PER_WORD, Settings, Summarizer

    sys.path.insert(0, str(ROOT / "tests"))
    from tiny_model import fast_tokenizer

    corpus = [p.read_text("utf-8", errors="replace") for p in sorted(CORPUS.rglob("*.txt"))]
    tokenizer = fast_tokenizer(corpus, DISTILBART_CNN_12_6["vocab_size"], 1024)
    torch.manual_seed(0)
    model = BartForConditionalGeneration(BartConfig(**DISTILBART_CNN_12_6)).eval()
    max_words = math.floor(args.max_new_tokens / MAX_TOKENS_PER_WORD)
    settings = Settings(
        max_words=max_words,
        min_words=max_words,
        num_beams=args.beams,
        batch_size=args.batch_size,
        window_tokens=args.input_tokens,  # lead windows of at most --input-tokens tokens
    )
    summarizer = Summarizer(tokenizer, model, settings)
    # Every summary exactly this long, both ways: random weights would otherwise stop at random.
    summarizer.generation.update(max_new_tokens=args.max_new_tokens, min_new_tokens=args.max_new_tokens)
    return summarizer


def _lead(summarizer: Any, text: str) -> str:
    """The article's first window: its lead sentences that fit the input budget."""
    from newsedit.article import parse

    article = parse(text)
    sentences = [" ".join(s.slice(article.text).split()) for s in article.sentences]
    windows: list[str] = summarizer.windows(sentences)
    return windows[0]


def _one(summarizer: Any, text: str) -> str:
    """The baseline: one article through tokenizer, generate and decode, no batching."""
    import torch

    encoded = summarizer.tokenizer(text, return_tensors="pt")
    with torch.inference_mode():
        ids = summarizer.model.generate(
            input_ids=encoded["input_ids"],
            attention_mask=encoded["attention_mask"],
            generation_config=summarizer.generation,
        )
    decoded: str = summarizer.tokenizer.decode(ids[0], skip_special_tokens=True)
    return " ".join(decoded.replace("\ufffd", "").split())


def _timed(work: Any) -> tuple[list[str], float]:
    start = time.perf_counter()
    out = work()
    return out, time.perf_counter() - start


def _report(
    args: argparse.Namespace,
    summarizer: Any,
    inputs: list[str],
    batched: tuple[list[str], float],
    looped: tuple[list[str], float],
) -> dict[str, Any]:
    import torch

    lengths = [len(ids) for ids in summarizer.tokenizer(inputs)["input_ids"]]
    n = len(inputs)
    return {
        "benchmark": "summary: batched generate vs one-at-a-time loop, CPU",
        "model": "distilbart-cnn-12-6 architecture, random weights",
        "parameters_millions": round(sum(p.numel() for p in summarizer.model.parameters()) / 1e6, 1),
        "device": "cpu",
        "torch_threads": torch.get_num_threads(),
        "cpu_count": os.cpu_count(),
        "articles": n,
        "input_tokens": {"mean": round(sum(lengths) / n, 1), "max": max(lengths)},
        "generation": {
            "num_beams": args.beams,
            "max_new_tokens": summarizer.generation.max_new_tokens,
            "min_new_tokens": summarizer.generation.min_new_tokens,
            "do_sample": False,
        },
        "batch_size": args.batch_size,
        "batched": {"seconds": round(batched[1], 2), "articles_per_second": round(n / batched[1], 3)},
        "one_at_a_time": {"seconds": round(looped[1], 2), "articles_per_second": round(n / looped[1], 3)},
        "speedup": round(looped[1] / batched[1], 2),
        "target_speedup": 2.0,
        "same_summary_both_ways": sum(a == b for a, b in zip(batched[0], looped[0], strict=True)),
    }


if __name__ == "__main__":
    main()
