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
        """The signatures (of ``rows``, in that order) as a uint32 matrix: a view of the
        buffer when they are all the rows in order, else a copy. No row can be added
        while a view is alive."""
        every = np.frombuffer(self._buffer, dtype=np.uint32).reshape(len(self), self.width // 4)
        if rows is None or (len(rows) == len(self) and all(r == n for n, r in enumerate(rows))):
            return every
        return every[np.asarray(rows, dtype=np.int64)]
