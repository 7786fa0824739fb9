"""Strings the corpus stage counts but rarely reads, kept on disk.

Every distinct raw text of a teaser (and of its caption) is counted, but only the winner
of each teaser is read back, at the end, to write its record. In memory a text is an
8-byte digest, and 16 bytes in the spill's index; the strings go to a temporary file
once each. At 80,000 generated files
that is about 150,000 distinct texts, 900 bytes each as Python strings.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from array import array
from collections.abc import Collection, Iterator, Mapping
from typing import IO

_UNSIGNED_64 = (1 << 64) - 1


def digest(parts: tuple[str | None, ...]) -> int:
    """A 64-bit digest of a tuple of strings, for this process only: Python's ``hash``
    (seeded per process, so nothing that outlives the run may hold one, and no output
    depends on its value: ties between texts break by the texts). It replaced a BLAKE2b
    digest that cost 5 us per call, twice per teaser occurrence in the driver."""
    return hash(parts) & _UNSIGNED_64


class StringSpill:
    """Tuples of strings by digest: :meth:`put` writes one (the caller knows whether it
    is new, or does not mind a second copy: no set of digests here); :meth:`fetch` finds
    the ones asked for, and each is read back when it is looked up: the texts of 86,000
    teasers would take 100 MB as Python strings; here a tuple costs 16 bytes of memory
    (its digest and where it ends in the file)."""

    def __init__(self) -> None:
        # Closed by close(), which the run's exit stack calls.
        self._file: IO[bytes] = tempfile.TemporaryFile("w+b")  # noqa: SIM115
        self._keys = array("Q")
        self._ends = array("Q")  # a record starts where the one before it ends
        self._size = 0
        self._fetched = False

    def put(self, key: int, parts: tuple[str | None, ...]) -> None:
        if self._fetched:
            raise RuntimeError("a spill is read-only once fetched")
        # A pickle, not JSON: the driver puts a string per new teaser text during
        # pass 1, and pickling a tuple of strings costs a fraction of encoding JSON.
        record = pickle.dumps(parts, protocol=pickle.HIGHEST_PROTOCOL)
        self._file.write(record)
        self._size += len(record)
        self._keys.append(key)
        self._ends.append(self._size)

    def flush(self) -> None:
        """Everything put so far to the file: before a fork, so that a child reads it all
        and the buffer is not written twice (by the child's copy and by this one)."""
        self._file.flush()

    def fetch(self, keys: Collection[int]) -> SpilledStrings:
        places: dict[int, tuple[int, int]] = {}
        start = 0
        for key, end in zip(self._keys, self._ends, strict=True):
            if key in keys:
                places[key] = (start, end - start)
            start = end
        self._file.flush()
        # The index stays (16 bytes a string): the write stage may fetch again, for the
        # share of a forked child that died (cleaner.dedup.forked).
        self._fetched = True
        return SpilledStrings(self._file, places)

    def close(self) -> None:
        self._file.close()


class SpilledStrings(Mapping[int, tuple[str | None, ...]]):
    """The tuples :meth:`StringSpill.fetch` found, read and unpickled when looked up
    (the file is this process's own: unpickling it trusts nothing from outside)."""

    def __init__(self, file: IO[bytes], places: dict[int, tuple[int, int]]) -> None:
        self._fd = file.fileno()
        self._places = places

    def _read(self, size: int, offset: int) -> bytes:
        # pread leaves the file position alone, and one call replaces a buffered seek,
        # a read of the buffer and a seek back. (A map of the file would count its
        # pages as this process's memory.)
        if hasattr(os, "pread"):
            return os.pread(self._fd, size, offset)
        os.lseek(self._fd, offset, os.SEEK_SET)  # Windows: nothing else reads the file meanwhile
        return os.read(self._fd, size)

    def __getitem__(self, key: int) -> tuple[str | None, ...]:
        start, size = self._places[key]
        record = self._read(size, start)
        while len(record) < size:  # a short read (pread may return less than asked)
            more = self._read(size - len(record), start + len(record))
            if not more:
                raise OSError(f"spill file truncated at offset {start + len(record)}")
            record += more
        parts: tuple[str | None, ...] = pickle.loads(record)
        return parts

    def __iter__(self) -> Iterator[int]:
        return iter(self._places)

    def __len__(self) -> int:
        return len(self._places)


class ColumnSpill:
    """A list of strings that goes to disk as it grows and comes back whole
    (:meth:`read`). What the corpus stage needs only after pass 1 (the teaser keys,
    the articles' folded titles and leads: about 100 MB at 80,000 files) is out of
    memory while the workers run beside the driver, and back once they are gone."""

    _CHUNK = 4096  # strings per pickle: small enough to bound the buffer, big enough to be fast

    def __init__(self) -> None:
        # Closed by read() or close(), which the run's exit stack calls.
        self._file: IO[bytes] = tempfile.TemporaryFile("w+b")  # noqa: SIM115
        self._pending: list[str] = []
        self._written = 0

    def append(self, value: str) -> None:
        self._pending.append(value)
        if len(self._pending) >= self._CHUNK:
            pickle.dump(self._pending, self._file, protocol=pickle.HIGHEST_PROTOCOL)
            self._written += len(self._pending)
            self._pending = []

    def __len__(self) -> int:
        return self._written + len(self._pending)

    def read(self) -> list[str]:
        """Every string, in order; the file is gone afterwards (this process wrote it,
        so unpickling it trusts nothing from outside)."""
        values: list[str] = []
        self._file.seek(0)
        while len(values) < self._written:
            values.extend(pickle.load(self._file))
        values.extend(self._pending)
        self.close()
        return values

    def close(self) -> None:
        self._file.close()
