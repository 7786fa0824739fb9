"""Every teaser occurrence of a run, one row each, in flat arrays.

A row is 26 bytes: the variant (distinct teaser key), the document and the position in
it, and the digests of the raw text and caption seen there. The corpus stage used to
keep, per variant, two Counters and two arrays: about 700 bytes of Python objects per
distinct teaser text, most of the memory of a large run. Counts, "most frequent" and
the teasers of each document are computed from the rows when the records are written.
"""

from __future__ import annotations

from array import array
from collections.abc import Collection, Iterable

import numpy as np

from cleaner.dedup.record_json import NO_CAPTION

__all__ = ["NO_CAPTION", "OccurrenceLog", "Rows"]


class OccurrenceLog:
    """Rows are appended while documents are absorbed; :meth:`rows` reads them back."""

    def __init__(self) -> None:
        self.variant = array("I")
        self.document = array("I")
        self.position = array("H")
        self.text = array("Q")
        self.caption = array("Q")

    def __len__(self) -> int:
        return len(self.variant)

    def add(self, variant: int, document: int, position: int, text: int, caption: int) -> None:
        self.variant.append(variant)
        self.document.append(document)
        self.position.append(position)
        self.text.append(text)
        self.caption.append(caption)

    def drop_documents(self, documents: Collection[int], before: int) -> None:
        """Remove the rows below row ``before`` that belong to ``documents``: those
        documents were cleaned again, and their new rows (from ``before`` on) replace them."""
        if not documents or before == 0:
            return
        numbers = np.frombuffer(self.document, dtype=np.uint32)[:before]
        keep = ~np.isin(numbers, np.fromiter(documents, dtype=np.uint32, count=len(documents)))
        keep = np.concatenate([keep, np.ones(len(self) - before, dtype=bool)])
        del numbers  # a view blocks resizing the array it reads
        for name in ("variant", "document", "position", "text", "caption"):
            column: array[int] = getattr(self, name)
            setattr(self, name, array(column.typecode, _column(column)[keep].tobytes()))

    def rows(self) -> Rows:
        return Rows(self)


_DTYPES = {"I": np.uint32, "H": np.uint16, "Q": np.uint64}


class Rows:
    """The log as numpy columns (copies: the log may still grow), with the rows of each
    variant and of each document found by sorting once."""

    def __init__(self, log: OccurrenceLog) -> None:
        self.variant = _column(log.variant)
        self.document = _column(log.document)
        self.position = _column(log.position)
        self.text = _column(log.text)
        self.caption = _column(log.caption)
        self._by_variant = np.argsort(self.variant, kind="stable")
        self._variant_starts = np.searchsorted(self.variant[self._by_variant], np.arange(_top(self.variant) + 2))

    def of_variants(self, variants: Iterable[int]) -> np.ndarray:
        """Row numbers of the occurrences of these variants."""
        starts = self._variant_starts
        parts = [self._by_variant[starts[v] : starts[v + 1]] for v in variants if v + 1 < len(starts)]
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)

    def by_document(self, documents: int) -> tuple[np.ndarray, np.ndarray]:
        """Row numbers sorted by (document, position), and where each document's start:
        the rows of document ``n`` are ``order[starts[n]:starts[n + 1]]``."""
        order = np.lexsort((self.position, self.document))
        starts = np.searchsorted(self.document[order], np.arange(documents + 1))
        return order, starts


def _column(values: array[int]) -> np.ndarray:
    return np.frombuffer(values, dtype=_DTYPES[values.typecode]).copy()


def _top(values: np.ndarray) -> int:
    return int(values.max()) if len(values) else -1
