"""Token windows: an article's sentences packed in order into inputs that fit the model, nothing cut off;
and summaries fitted to a length in words."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from newsedit import sentences

# Tokens left free in each window: a sentence counted alone can take a token more once joined.
MARGIN = 8


class Windows:
    """Packs sentences into windows of at most `window` tokens (`size` with special tokens) for a tokenizer."""

    def __init__(self, tokenizer: Any, size: int) -> None:
        self.tokenizer = tokenizer
        # Longest input, special tokens included; sentences are packed into a little less.
        self.size = size
        self.window = size - len(tokenizer("")["input_ids"]) - MARGIN

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
