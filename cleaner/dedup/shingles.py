"""What is compared: folded keys and word shingles, with a stable 32-bit hash."""

from __future__ import annotations

import zlib

import numpy as np
import regex

from cleaner.text import fold

_ELLIPSIS = regex.compile(r"\s*(?:\.{3,}|…)\s*$")
_WORD = regex.compile(r"[\p{L}\p{N}]+", regex.V1)


def is_truncated(summary: str) -> bool:
    return _ELLIPSIS.search(summary) is not None


def teaser_key(title: str, summary: str) -> str:
    """The exact-hash key of a teaser: folded title and summary, truncation mark dropped.

    >>> a = teaser_key("L’Armée  avance", "Forte de huit décennies…")
    >>> a == teaser_key("L'armée avance", "forte de huit décennies...")
    True
    """
    return fold(title) + "\n" + fold(_ELLIPSIS.sub("", summary))


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def shingles(tokens: list[str], size: int) -> list[bytes]:
    """Word n-grams as UTF-8 bytes; a text shorter than ``size`` is one shingle."""
    if len(tokens) <= size:
        return [" ".join(tokens).encode("utf-8")] if tokens else []
    return [" ".join(tokens[i : i + size]).encode("utf-8") for i in range(len(tokens) - size + 1)]


def teaser_shingles(key: str, size: int, summary_words: int) -> list[bytes]:
    title, _, summary = key.partition("\n")
    # Title and summary are shingled apart: no shingle straddles them.
    return shingles(_WORD.findall(title), size) + shingles(_WORD.findall(summary)[:summary_words], size)


def article_shingles(text: str, size: int, max_words: int) -> list[bytes]:
    return shingles(words(text)[:max_words], size)


def hash32(shingle: bytes) -> int:
    """Stable across processes and runs (Python's ``hash`` is salted)."""
    return zlib.crc32(shingle)


def hash_array(items: list[bytes]) -> np.ndarray:
    return np.unique(np.fromiter((zlib.crc32(s) for s in items), dtype=np.uint32, count=len(items)))
