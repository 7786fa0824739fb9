"""Whether two (folded) titles agree: they share a given share of the words of the
shorter one. Copies of one teaser or article keep their title, a typo at most, so
this is the first test of every candidate pair.

Titles are numbered, and held as sorted tuples of word numbers (a set of words per
title would cost 1.6 KB each). Different teasers with alike summaries meet in the same
LSH buckets, hundreds at a time in the benchmark corpora, and most candidate pairs are
refused on their titles: :meth:`TitleWords.agreeing` decides all the pairs of a bucket's
titles in one matrix product, and :meth:`TitleWords.agree_many` any list of pairs at once,
instead of one Python call per pair.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable, Sequence
from itertools import chain

import numpy as np

from cleaner.dedup.words import words

# Below this many titles, pair-by-pair tests cost less than building the matrices.
_BULK_FROM = 12
# Titles are compared many pairs at once on a table of their word numbers, padded to
# this many words; the pairs with a longer title take the pair-by-pair way.
_TABLE_WORDS = 32
_PAIRS_AT_ONCE = 4096  # a chunk's comparisons: 4096 x 32 x 32 bytes
_TITLES_AT_ONCE = 4096


_DIGIT_RUNS = re.compile(r"\d+")  # standard `re`, which never releases the GIL


def title_numbers(title: str) -> tuple[str, ...]:
    """The numbers of a title, in order. Copies of one teaser keep them; titles alike but
    for them announce other stories (a daily bulletin's date, a toll, a score), so two
    titles with other numbers never agree as one story's, however many words they share."""
    return tuple(_DIGIT_RUNS.findall(title))


def overlaps(a: Iterable[str], b: Iterable[str], share: float) -> bool:
    """The rule itself, on two titles' words (:class:`TitleWords` applies it by number)."""
    first, second = set(a), set(b)
    return len(first & second) >= share * max(1, min(len(first), len(second)))


class TitleWords:
    """The titles of a list of items: ``of(i)`` is the number of item ``i``'s title
    (equal titles, equal numbers), and :meth:`agree` applies :func:`overlaps` to two
    title numbers."""

    def __init__(self, titles: Iterable[str], share: float) -> None:
        self.share = share
        numbers: dict[str, int] = {}
        vocabulary: dict[str, int] = {}
        self.words: list[tuple[int, ...]] = []  # per title number: its distinct words, numbered, sorted
        self._of = array("I")
        for title in titles:
            number = numbers.get(title)
            if number is None:
                number = numbers[title] = len(self.words)
                self.words.append(tuple(sorted({vocabulary.setdefault(w, len(vocabulary)) for w in words(title)})))
            self._of.append(number)
        self.sizes = np.fromiter((len(w) for w in self.words), dtype=np.int64, count=len(self.words))
        self._vocabulary = len(vocabulary)
        self._table: np.ndarray | None = None  # built when first needed (agree_many)

    def of(self, item: int) -> int:
        return self._of[item]

    def numbers(self) -> np.ndarray:
        """Every item's title number, as an array (a view: no copy)."""
        return np.frombuffer(self._of, dtype=np.uint32) if len(self._of) else np.zeros(0, dtype=np.uint32)

    def agree(self, a: int, b: int) -> bool:
        first, second = self.words[a], self.words[b]
        common = len(set(first).intersection(second))
        return common >= self.share * max(1, min(len(first), len(second)))

    def agree_many(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """:meth:`agree` of the pairs ``(a[k], b[k])`` (title numbers), all at once: the
        candidate pairs of an LSH band are mostly different teasers whose summaries
        were written from one template, and one Python call each was a fifth of the
        clustering."""
        table = self._padded()
        sizes = self.sizes
        agreed = np.zeros(len(a), dtype=bool)
        longer = np.maximum(sizes[a], sizes[b])
        wide = longer > _TABLE_WORDS
        # Shortest first: a chunk compares only as many columns as its longest title
        # has words (titles of 8-14 words, against the table's 32: a quarter of the cells).
        narrow = np.flatnonzero(~wide)
        narrow = narrow[np.argsort(longer[narrow], kind="stable")]
        for start in range(0, len(narrow), _PAIRS_AT_ONCE):
            chunk = narrow[start : start + _PAIRS_AT_ONCE]
            first, second = a[chunk], b[chunk]
            width = max(1, int(longer[chunk[-1]]))
            columns = table[:, :width]
            # Words are distinct within a title, so the equal cells of the two rows are
            # the common words, plus the padding cells matched with each other.
            equal = (columns[first][:, :, None] == columns[second][:, None, :]).sum(axis=(1, 2), dtype=np.int64)
            size_a, size_b = sizes[first], sizes[second]
            pad = np.int64(width)
            common = equal - (pad - size_a) * (pad - size_b)
            # The same float64 products as agree() computes, so the verdicts are equal.
            agreed[chunk] = common >= self.share * np.maximum(1, np.minimum(size_a, size_b))
        for k in np.flatnonzero(wide).tolist():
            agreed[k] = self.agree(int(a[k]), int(b[k]))
        return agreed

    def _padded(self) -> np.ndarray:
        """One row per title: its word numbers, then a number no word has."""
        if self._table is None:
            dtype = np.uint16 if self._vocabulary < np.iinfo(np.uint16).max else np.uint32
            table = np.full((len(self.words), _TABLE_WORDS), np.iinfo(dtype).max, dtype=dtype)
            # A few thousand titles at a time: the index arrays of all of them at once
            # raised the run's peak by 45 MB at 80,000 files.
            for first in range(0, len(self.words), _TITLES_AT_ONCE):
                words = self.words[first : first + _TITLES_AT_ONCE]
                sizes = self.sizes[first : first + len(words)]
                flat = np.fromiter(chain.from_iterable(words), dtype=dtype, count=int(sizes.sum()))
                rows = np.repeat(np.arange(first, first + len(words)), sizes)
                columns = np.arange(len(flat)) - np.repeat(np.cumsum(sizes) - sizes, sizes)
                fits = columns < _TABLE_WORDS  # (pairs with a longer title are decided one by one)
                table[rows[fits], columns[fits]] = flat[fits]
            self._table = table
        return self._table

    def agreeing(self, titles: Sequence[int]) -> list[tuple[int, int]]:
        """The pairs of positions ``x < y`` in ``titles`` (title numbers, distinct) whose
        titles agree: pair by pair for a few, in one matrix product for more."""
        if len(titles) >= _BULK_FROM:
            return self.agreeing_pairs(titles)
        words = [set(self.words[t]) for t in titles]  # each title's set built once
        sizes = [max(1, len(w)) for w in words]
        share = self.share
        return [
            (x, y)
            for x in range(len(titles))
            for y in range(x + 1, len(titles))
            if len(words[x].intersection(words[y])) >= share * min(sizes[x], sizes[y])
        ]

    def agreeing_pairs(self, titles: Sequence[int]) -> list[tuple[int, int]]:
        """The pairs of positions ``x < y`` in ``titles`` whose titles agree, all at once."""
        count = len(titles)
        # One row per title, one column per word met in these titles: the product of the
        # 0/1 matrix with its transpose counts the common words of every pair (exact in
        # float32 below 2**24 words).
        sizes = self.sizes[list(titles)]
        flat = np.fromiter(chain.from_iterable(self.words[t] for t in titles), dtype=np.int64, count=int(sizes.sum()))
        columns, position = np.unique(flat, return_inverse=True)
        incidence = np.zeros((count, columns.size), dtype=np.float32)
        incidence[np.repeat(np.arange(count), sizes), position] = 1.0
        common = incidence @ incidence.T
        # The same float64 products as agree() computes, so the verdicts are equal.
        needed = self.share * np.maximum(1, np.minimum.outer(sizes, sizes))
        xs, ys = np.nonzero(np.triu(common >= needed, 1))
        return list(zip(xs.tolist(), ys.tolist(), strict=True))
