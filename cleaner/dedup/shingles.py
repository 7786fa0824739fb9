"""What is compared: folded keys and word shingles, with a stable 32-bit hash.

A shingle's hash combines the CRC-32 of its words (a polynomial modulo 2^32), so that
all the shingles of a text are hashed in one numpy expression over its word hashes,
and a single shingle can still be hashed on its own (:func:`hash32`, what a datasketch
``MinHash`` is given as ``hashfunc``): both give the same values.
"""

from __future__ import annotations

import zlib

import numpy as np
import regex

from cleaner.dedup.words import article_words, letter_words
from cleaner.text import fold

# A final ellipsis and the blanks around it. Searched in reverse (?r): the pattern is
# anchored at the end, and a forward search tries every position of the summary for
# where the leading blanks could start (4 -> 0.8 us a summary; a test checks both agree).
ELLIPSIS_AT_END = regex.compile(r"(?r)\s*(?:\.{3,}|…)\s*$")
_MULTIPLIER = np.uint64(0x01000193)  # the FNV prime: odd, so the combination is a bijection per word
_MASK = np.uint64(0xFFFFFFFF)


def teaser_key(title: str, summary: str) -> str:
    """The exact-hash key of a teaser: folded title and summary, truncation mark dropped.

    >>> a = teaser_key("L’Armée  avance", "Forte de huit décennies…")
    >>> a == teaser_key("L'armée avance", "forte de huit décennies...")
    True
    """
    return fold(title) + "\n" + fold(ELLIPSIS_AT_END.sub("", summary, count=1, concurrent=False))


def shingles(tokens: list[str], size: int) -> list[bytes]:
    """Word n-grams as UTF-8 bytes; a text shorter than ``size`` is one shingle."""
    if len(tokens) <= size:
        return [" ".join(tokens).encode("utf-8")] if tokens else []
    return [" ".join(tokens[i : i + size]).encode("utf-8") for i in range(len(tokens) - size + 1)]


def hash32(shingle: bytes) -> int:
    """The hash of one shingle (space-separated words); stable across processes and runs,
    unlike Python's salted ``hash``."""
    value = 0
    for word in shingle.split(b" "):
        value = (value * 0x01000193 + zlib.crc32(word)) & 0xFFFFFFFF
    return value


def _encoded(tokens: list[str]) -> list[bytes]:
    """The tokens in UTF-8; encoded in one call when no token holds a space (none does:
    they come from a split at blanks or a pattern of letters and digits)."""
    encoded = " ".join(tokens).encode("utf-8").split(b" ")
    return encoded if len(encoded) == len(tokens) else [t.encode("utf-8") for t in tokens]


def shingle_values(tokens: list[str], size: int) -> np.ndarray:
    """The hashes of the word ``size``-grams of ``tokens`` in text order, repeats kept:
    what a MinHash signature needs (its minimum ignores repeats), without the sort."""
    if not tokens:
        return np.zeros(0, dtype=np.uint32)
    encoded = _encoded(tokens)
    word_hashes = np.fromiter(map(zlib.crc32, encoded), dtype=np.uint64, count=len(encoded))
    size = min(size, len(tokens))
    count = len(tokens) - size + 1
    combined = np.zeros(count, dtype=np.uint64)
    for k in range(size):
        combined = (combined * _MULTIPLIER + word_hashes[k : k + count]) & _MASK
    return combined.astype(np.uint32)


def shingle_hashes(tokens: list[str], size: int) -> np.ndarray:
    """The sorted unique hashes of the word ``size``-grams of ``tokens``, vectorised:
    equal to ``{hash32(s) for s in shingles(tokens, size)}``."""
    return np.unique(shingle_values(tokens, size))


def shingle_hash_set(tokens: list[str], size: int) -> set[int]:
    """:func:`shingle_hashes` as a set, in plain Python: for the few dozen words of a
    teaser, numpy's fixed cost per call is more than the work."""
    if not tokens:
        return set()
    values = list(map(zlib.crc32, _encoded(tokens)))
    size = min(size, len(values))
    # One pass per word of the shingle, all shingles at once: after pass j, combined[i]
    # holds the hash of the words i..i+j.
    width = len(values) - size + 1
    combined = values[:width]
    for j in range(1, size):
        combined = [
            (value * 0x01000193 + word) & 0xFFFFFFFF
            for value, word in zip(combined, values[j : j + width], strict=True)
        ]
    return set(combined)


def teaser_tokens(key: str, summary_words: int) -> tuple[list[str], list[str]]:
    title, _, summary = key.partition("\n")
    return letter_words(title), letter_words(summary)[:summary_words]


def teaser_hashes(key: str, size: int, summary_words: int) -> np.ndarray:
    """The sorted unique hashes of a teaser key's shingles, as a compact array (a set of
    Python ints would take ten times the room in the driver's cache)."""
    # Title and summary are shingled apart: no shingle straddles them.
    title, summary = teaser_tokens(key, summary_words)
    return np.array(sorted(shingle_hash_set(title, size) | shingle_hash_set(summary, size)), dtype=np.uint32)


def teaser_shingles(key: str, size: int, summary_words: int) -> list[bytes]:
    title, summary = teaser_tokens(key, summary_words)
    return shingles(title, size) + shingles(summary, size)


def article_tokens(text: str, max_words: int) -> list[str]:
    # Blank-separated, case-folded words (character pairs, in Chinese or Thai): a
    # duplicate is the same text, so no finer tokenising is needed, and str.split is
    # several times faster than a pattern.
    return article_words(text[: max_words * 16].casefold(), max_words)


def article_hashes(text: str, size: int, max_words: int) -> np.ndarray:
    return shingle_hashes(article_tokens(text, max_words), size)


def article_values(text: str, size: int, max_words: int) -> np.ndarray:
    """:func:`article_hashes` unsorted, repeats kept: enough to sign an article."""
    return shingle_values(article_tokens(text, max_words), size)


def article_shingles(text: str, size: int, max_words: int) -> list[bytes]:
    return shingles(article_tokens(text, max_words), size)


def hash_array(items: list[bytes]) -> np.ndarray:
    """The sorted unique :func:`hash32` values of ``items`` (the slow, reference path)."""
    return np.unique(np.fromiter((hash32(s) for s in items), dtype=np.uint32, count=len(items)))
