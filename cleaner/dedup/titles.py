"""Whether two (folded) titles agree: they share a given share of the words of the
shorter one. Copies of one teaser or article keep their title, a typo at most, so
this is the first test of every candidate pair.

Titles are numbered, and held as sorted tuples of word numbers (a set of words per
title would cost 1.6 KB each). Different teasers with alike summaries meet in the same
LSH buckets, hundreds at a time in the benchmark corpora: :meth:`TitleWords.components`
decides all the pairs of a bucket's titles in one matrix product instead of one Python
call per pair.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence
from itertools import chain

import numpy as np

from cleaner.dedup.unionfind import UnionFind

# Below this many titles, pair-by-pair tests cost less than building the matrices.
_BULK_FROM = 12


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
                self.words.append(tuple(sorted({vocabulary.setdefault(w, len(vocabulary)) for w in title.split()})))
            self._of.append(number)
        self.sizes = np.fromiter((len(w) for w in self.words), dtype=np.int64, count=len(self.words))

    def of(self, item: int) -> int:
        return self._of[item]

    def agree(self, a: int, b: int) -> bool:
        first, second = self.words[a], self.words[b]
        common = len(set(first).intersection(second))
        return common >= self.share * max(1, min(len(first), len(second)))

    def components(self, titles: Sequence[int]) -> list[list[int]]:
        """The positions in ``titles`` (title numbers, distinct) grouped so that titles
        that agree are in one group, and so are, transitively, their partners: the
        connected components of the "agree" graph."""
        linked = UnionFind(len(titles))
        if len(titles) < _BULK_FROM:
            # agree() pair by pair, with each title's set of words built once.
            words = [set(self.words[t]) for t in titles]
            sizes = [max(1, len(w)) for w in words]
            share = self.share
            for x in range(len(titles)):
                first, size = words[x], sizes[x]
                for y in range(x + 1, len(titles)):
                    if len(first.intersection(words[y])) >= share * min(size, sizes[y]) and linked.find(
                        x
                    ) != linked.find(y):
                        linked.union(x, y)
        else:
            for x, y in self.agreeing_pairs(titles):
                linked.union(x, y)
        return list(linked.groups().values())

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
