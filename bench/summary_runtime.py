"""Which runtime should run the summary model on CPU: torch, or CTranslate2 (int8 and float32)?

The model is distilbart-cnn-12-6's architecture with random weights (bench/summary.py builds
it, and its corpus tokenizer), saved as a transformers checkpoint and converted once with
CTranslate2's TransformersConverter. Every runtime summarizes the same lead windows of the same
corpus articles, sorted by length and batched alike, with the same beams, the same length
penalty and no-repeat-ngram size, and a fixed summary length (random weights would stop at
random), on the same number of threads. Reported per runtime: seconds, articles/s, generated
tokens/s, and the installed size of the runtime with everything it pulls in (from the
installed distributions' RECORD files; torch as installed here, i.e. PyPI's Linux wheel, which
is the CUDA build). Prints one JSON document.

    .venv/bin/python bench/summary_runtime.py [--articles 16] [--input-tokens 128] [--max-new-tokens 24]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
MB = 1024 * 1024


def main() -> None:
    """Convert once, run each runtime over the same inputs, print the figures."""
    args = _arguments()
    sys.path[:0] = [str(ROOT / "src"), str(ROOT / "bench")]
    import torch
    from summary import _lead, _pick, _summarizer  # bench/summary.py: the same model and inputs

    torch.set_num_threads(args.threads)
    texts = [p.read_text("utf-8", errors="replace") for p in _pick(args.articles)]
    summarizer = _summarizer(texts, args)
    inputs = [_lead(summarizer, text) for text in texts]
    lengths = [len(ids) for ids in summarizer.tokenizer(inputs)["input_ids"]]
    order = sorted(range(len(inputs)), key=lambda i: -lengths[i])
    batches = [[inputs[i] for i in order[s : s + args.batch_size]] for s in range(0, len(order), args.batch_size)]
    work = Path(tempfile.mkdtemp(prefix="newsedit-runtime-"))
    try:
        results = {"torch_float32": _measure(_torch_runner(summarizer), batches)}
        print(f"torch: {results['torch_float32']}", file=sys.stderr, flush=True)
        checkpoint = work / "hf"
        summarizer.tokenizer.save_pretrained(checkpoint)
        summarizer.model.save_pretrained(checkpoint)
        for quantization in ("int8", "float32"):
            started = time.perf_counter()
            folder = _convert(checkpoint, work / f"ct2-{quantization}", quantization)
            converted = time.perf_counter() - started
            runner = _ct2_runner(folder, summarizer, args, quantization)
            results[f"ctranslate2_{quantization}"] = {
                **_measure(runner, batches),
                "conversion_seconds": round(converted, 1),
                "model_mb": round(_folder_size(folder) / MB, 1),
            }
            print(f"ctranslate2 {quantization}: {results[f'ctranslate2_{quantization}']}", file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(_report(args, inputs, lengths, results), indent=2))


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=16, help="corpus articles to summarize")
    parser.add_argument("--input-tokens", type=int, default=128, help="lead tokens of each article")
    parser.add_argument("--max-new-tokens", type=int, default=24, help="summary length, in tokens")
    parser.add_argument("--beams", type=int, default=4)
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1, help="threads for every runtime")
    return parser.parse_args()


Runner = Callable[[list[str]], list[int]]  # one batch of texts -> generated tokens per text


def _measure(runner: Runner, batches: list[list[str]]) -> dict[str, Any]:
    """Seconds, articles/s and tokens/s over all batches, after one warm-up batch."""
    runner(batches[-1][:2])  # first-call costs (allocations, kernels) belong to no runtime
    started = time.perf_counter()
    tokens = [n for batch in batches for n in runner(batch)]
    seconds = time.perf_counter() - started
    return {
        "seconds": round(seconds, 2),
        "articles_per_second": round(len(tokens) / seconds, 3),
        "tokens_per_second": round(sum(tokens) / seconds, 1),
        "generated_tokens": sum(tokens),
    }


def _torch_runner(summarizer: Any) -> Runner:
    """transformers' generate on torch, with the check's generation config."""
    import torch

    pad = summarizer.tokenizer.pad_token_id

    def run(texts: list[str]) -> list[int]:
        encoded = summarizer.tokenizer(texts, padding=True, return_tensors="pt")
        with torch.inference_mode():
            ids = summarizer.model.generate(
                input_ids=encoded["input_ids"],
                attention_mask=encoded["attention_mask"],
                generation_config=summarizer.generation,
            )
        return [int((row != pad).sum()) - 1 for row in ids]  # less the decoder's start token

    return run


def _convert(checkpoint: Path, target: Path, quantization: str) -> Path:
    from ctranslate2.converters import TransformersConverter

    return Path(TransformersConverter(str(checkpoint)).convert(str(target), quantization=quantization))


def _ct2_runner(folder: Path, summarizer: Any, args: argparse.Namespace, compute_type: str) -> Runner:
    """The check's CTranslate2 path (TranslatedModel) with the same generation settings as torch."""
    import ctranslate2

    from newsedit.backends.summarizer import TranslatedModel

    translator = ctranslate2.Translator(
        str(folder), device="cpu", compute_type=compute_type, intra_threads=args.threads, inter_threads=1
    )
    model = TranslatedModel(translator, summarizer.model.config, summarizer.generation)

    def run(texts: list[str]) -> list[int]:
        ids = summarizer.tokenizer(texts)["input_ids"]
        return [len(out) for out in model.generate_ids(summarizer.tokenizer, ids, summarizer.generation)]

    return run


def _report(
    args: argparse.Namespace, inputs: list[str], lengths: list[int], results: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    import ctranslate2
    import torch

    base = results["torch_float32"]["seconds"]
    for figures in results.values():
        figures["speedup_vs_torch"] = round(base / figures["seconds"], 2)
    return {
        "benchmark": "summary runtime on CPU: torch vs CTranslate2, batched beam search",
        "model": "distilbart-cnn-12-6 architecture, random weights",
        "threads": args.threads,
        "cpu_count": os.cpu_count(),
        "articles": len(inputs),
        "input_tokens": {"mean": round(sum(lengths) / len(lengths), 1), "max": max(lengths)},
        "generation": {"num_beams": args.beams, "new_tokens": args.max_new_tokens, "batch_size": args.batch_size},
        "results": results,
        "install_mb": {
            f"torch {torch.__version__} (as installed: PyPI's Linux wheel, CUDA build)": _closure_mb("torch"),
            f"ctranslate2 {ctranslate2.__version__}": _closure_mb("ctranslate2"),
            "transformers + tokenizers (needed by both)": round(
                sum(_dist_bytes(n) for n in ("transformers", "tokenizers")) / MB, 1
            ),
        },
    }


def _closure_mb(name: str) -> dict[str, Any]:
    """A distribution and everything it requires (no extras), installed sizes in MB."""
    seen: set[str] = set()
    pending = [name]
    while pending:
        current = _canonical(pending.pop())
        if current in seen:
            continue
        try:
            requires = metadata.requires(current) or []
        except metadata.PackageNotFoundError:
            continue
        seen.add(current)
        for requirement in requires:
            if "extra ==" in requirement or "extra==" in requirement:
                continue
            marker = requirement.split(";", 1)
            if len(marker) == 2 and not _marker_holds(marker[1]):
                continue
            found = re.match(r"[A-Za-z0-9_.-]+", requirement)
            if found:
                pending.append(found.group(0))
    sizes = {n: _dist_bytes(n) for n in seen}
    biggest = sorted(sizes.items(), key=lambda kv: -kv[1])[:6]
    return {
        "total": round(sum(sizes.values()) / MB, 1),
        "distributions": len(seen),
        "largest": {n: round(b / MB, 1) for n, b in biggest},
    }


def _marker_holds(marker: str) -> bool:
    from packaging.markers import Marker

    try:
        return bool(Marker(marker.strip()).evaluate({"extra": ""}))
    except Exception:  # an odd marker: count the requirement in, to err on the large side
        return True


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _dist_bytes(name: str) -> int:
    try:
        dist = metadata.distribution(name)
    except metadata.PackageNotFoundError:
        return 0
    total = 0
    for file in dist.files or []:
        path = Path(str(dist.locate_file(file)))
        if path.is_file():
            total += path.stat().st_size
    return total


def _folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


if __name__ == "__main__":
    main()
