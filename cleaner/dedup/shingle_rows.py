"""The shingle hashes of teaser texts, kept from signing them for verifying pairs.

A worker hashes a text's shingles to sign it; the driver needs the same hashes again to
verify the candidate pairs of the clustering (Jaccard or containment), and hashing them
a second time there was a third of the clustering time. So the workers send them along
with the signatures, and the driver keeps them the way it keeps the signatures: rows of
one flat buffer (a numpy array per text would cost 112 bytes more than its content).
"""

from __future__ import annotations

from array import array
from collections.abc import Callable

import numpy as np

__all__ = ["ShingleRows"]


class ShingleRows:
    """Rows of sorted unique uint32 hashes, added in the order of the signature rows; a
    row can be unknown (a signature read from an index, stored without its hashes)."""

    def __init__(self) -> None:
        self._hashes = array("I")
        self._ends = array("Q")
        self._known = bytearray()

    def __len__(self) -> int:
        return len(self._ends)

    def append(self, blob: bytes | None) -> int:
        """Add a row (``None``: unknown); its number."""
        if blob:
            self._hashes.frombytes(blob)
        self._ends.append(len(self._hashes))
        self._known.append(blob is not None)
        return len(self._ends) - 1

    def reader(self) -> Callable[[int], np.ndarray | None]:
        """``row -> hashes`` (a view, or ``None`` when unknown). No row can be added
        while a reader is alive."""
        hashes = np.frombuffer(self._hashes, dtype=np.uint32) if self._hashes else np.zeros(0, dtype=np.uint32)
        ends, known = self._ends, self._known

        def read(row: int) -> np.ndarray | None:
            if not known[row]:
                return None
            return hashes[ends[row - 1] if row else 0 : ends[row]]

        return read
