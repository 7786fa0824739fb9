"""The corpus's teaser titles, by hash: what finds a headerless teaser block."""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Sized

import numpy as np


class KnownTitles(Sized):
    """Hashes of folded teaser titles (``extract.title_hash``), sorted in one array of
    4-byte values.

    The set travels to every worker with each chunk of documents cleaned again, and at
    80,000 files it holds about 100,000 titles: as a frozenset that was 7 MB in each
    process (and a pickle of 0.6 MB), beside the workers at the run's peak of memory; as
    an array it is 0.4 MB, pickled as its bytes. A lookup is a binary search."""

    __slots__ = ("_hashes",)

    def __init__(self, hashes: Iterable[int] = ()) -> None:
        self._hashes = array("I")
        self._hashes.frombytes(np.unique(np.fromiter(hashes, dtype=np.uint32)).tobytes())

    def __contains__(self, value: object) -> bool:
        if not isinstance(value, int):
            return False
        hashes = self._hashes
        at = bisect_left(hashes, value)
        return at < len(hashes) and hashes[at] == value

    def __len__(self) -> int:
        return len(self._hashes)

    def __iter__(self) -> Iterator[int]:
        return iter(self._hashes)

    def among(self, values: np.ndarray) -> np.ndarray:
        """For each of ``values`` (title hashes), whether it is known."""
        return np.isin(values, np.frombuffer(self._hashes, dtype=np.uint32))

    def __reduce__(self) -> tuple[Callable[[bytes], KnownTitles], tuple[bytes]]:
        return _sorted_titles, (self._hashes.tobytes(),)


def _sorted_titles(packed: bytes) -> KnownTitles:
    """A :class:`KnownTitles` from the bytes of its sorted array (unpickling)."""
    known = KnownTitles()
    known._hashes.frombytes(packed)
    return known
