"""MinHash signatures of one kind, as the rows of one growing buffer.

A signature kept as its own ``bytes`` costs 33 bytes more than its 512, and a large run
keeps 220,000 of them; worse, freed one by one they leave holes the size of a signature
all over the heap, which the process keeps. One buffer holds them all, becomes the
signature matrix without a copy, and goes back to the system in one piece.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["SignatureRows"]


class SignatureRows:
    def __init__(self, width: int) -> None:
        self.width = width  # bytes a signature
        self._buffer = bytearray()

    def __len__(self) -> int:
        return len(self._buffer) // self.width

    def append(self, blob: bytes) -> int:
        """Add a signature (``b""``: a row of zeros, for a document without one); its row."""
        if blob and len(blob) != self.width:
            raise ValueError(f"a signature of {len(blob)} bytes among rows of {self.width}")
        row = len(self)
        self._buffer += blob or bytes(self.width)
        return row

    def replace(self, row: int, blob: bytes) -> None:
        if len(blob) != self.width:
            raise ValueError(f"a signature of {len(blob)} bytes among rows of {self.width}")
        self._buffer[row * self.width : (row + 1) * self.width] = blob

    def row(self, row: int) -> bytes:
        return bytes(self._buffer[row * self.width : (row + 1) * self.width])

    def matrix(self, rows: Sequence[int] | None = None) -> np.ndarray:
        """The signatures (of ``rows``, in that order) as a uint32 matrix. When ``rows``
        are all the rows, in any order, it is a view of the buffer, which is reordered
        to match (row ``n`` becomes the signature that was row ``rows[n]``): a copy
        would hold every signature twice, 70 MB at 80,000 files, when only a few are out
        of place (the workers can send a text's signature with a later occurrence than
        its first). Otherwise it is a copy. No row can be added while a view is alive."""
        every = np.frombuffer(self._buffer, dtype=np.uint32).reshape(len(self), self.width // 4)
        if rows is None:
            return every
        order = np.asarray(rows, dtype=np.int64)
        if not _permutes(order, len(self)):
            return every[order]
        _reorder(every, order)
        return every


_CHUNK = 4096  # rows moved at a time: the temporary copy of a chunk is 2 MB


def _permutes(order: np.ndarray, size: int) -> bool:
    if len(order) != size:
        return False
    if size == 0:
        return True
    if order.min() < 0 or order.max() >= size:
        return False
    return bool(np.bincount(order, minlength=size).max() == 1)


def _reorder(matrix: np.ndarray, order: np.ndarray) -> None:
    """Make row ``n`` of ``matrix`` its row ``order[n]``, in place (``order`` is a
    permutation), with a copy of the rows that move up only.

    The rows that take a row from below (``order[n] <= n``, all but a few) are moved in
    chunks from the last one down: a chunk reads rows at or below its own, which no
    chunk above it has written, and its own before it writes them (numpy reads the
    whole right-hand side first). The rows that take one from above read rows already
    overwritten, so those are copied out first and put in last."""
    moved = np.flatnonzero(order != np.arange(len(order)))
    if moved.size == 0:
        return
    up = moved[order[moved] > moved]
    saved = matrix[order[up]]
    for end in range(len(order), int(moved[0]), -_CHUNK):
        start = max(int(moved[0]), end - _CHUNK)
        matrix[start:end] = matrix[order[start:end]]
    matrix[up] = saved
