"""Headlines and bodies -> the keys, shingle sets, MinHash signatures and LSH bands that match them.

One place decides how texts are fingerprinted, so that a batch run, the archive it writes and
the lookups made against it months later all agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsedit.checks.dupes.keys import key, words

if TYPE_CHECKING:
    from newsedit.article import Article
    from newsedit.backends.minhash import I64, U32, Scheme, Tokens

HEADLINE_NGRAM = 3  # characters: a changed word moves a few shingles, not the whole headline
BODY_NGRAM = 3  # words: lightly edited copies keep most word triples


def schemes() -> tuple[Scheme, Scheme]:
    """Headline and body signature schemes.

    Headlines: 25 bands of 7 rows make a candidate of a pair at Jaccard 0.8 with probability
    0.997 and at 0.7 with 0.88, but of an unrelated pair (Jaccard 0.2) with 0.0003, so what a
    lookup must check grows with the archive by little, not with its square (5 rows: 0.008).
    Bodies: 25 bands of 5 rows catch nearly every pair at 0.8 and most at 0.6.
    """
    from newsedit.backends.minhash import Scheme

    return Scheme(num_perm=175, bands=25, rows=7), Scheme(num_perm=125, bands=25, rows=5)


def describe() -> dict[str, str]:
    """The schemes as the archive records them."""
    headline, body = schemes()
    return {
        "headline_scheme": f"chars={HEADLINE_NGRAM} {headline.describe()}",
        "body_scheme": f"words={BODY_NGRAM} {body.describe()}",
    }


@dataclass(frozen=True)
class Headlines:
    """Fingerprints of many headlines, row i for headline i."""

    keys: list[str]
    sets: Tokens
    sigs: U32
    bands: I64


@dataclass(frozen=True)
class Bodies:
    """Fingerprints of many bodies, row i for body i."""

    sizes: list[int]  # words
    sigs: U32
    bands: I64


def headlines(texts: Sequence[str]) -> Headlines:
    """Fingerprint headlines (folded first, so case, punctuation and U+00A0 do not count)."""
    from newsedit.backends import minhash

    scheme = schemes()[0]
    keys = [key(t) for t in texts]
    tokens = minhash.char_shingles(keys, HEADLINE_NGRAM)
    sigs = minhash.signatures(tokens, scheme)
    return Headlines(keys, minhash.unique(tokens), sigs, minhash.band_keys(sigs, scheme))


def bodies(texts: Sequence[Sequence[str]]) -> Bodies:
    """Fingerprint bodies given as their folded words."""
    from newsedit.backends import minhash

    scheme = schemes()[1]
    sigs = minhash.signatures(minhash.word_shingles(texts, BODY_NGRAM), scheme)
    return Bodies([len(t) for t in texts], sigs, minhash.band_keys(sigs, scheme))


def body_words(article: Article) -> list[str]:
    """The folded words of an article's body paragraphs."""
    return [w for p in article.paragraphs for w in words(p.slice(article.text))]


def headline_text(article: Article) -> str:
    """The headline as one line ("" when the article has none)."""
    block = article.headline
    return " ".join(block.slice(article.text).split()) if block else ""
