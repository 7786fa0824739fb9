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
from dataclasses import dataclass
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
    is new, or does not mind a second copy: no set of digests here); once all are put,
    :meth:`shared` gives the index, where the caller finds the ones it needs, and
    :func:`read_record` reads one back: the texts of 86,000 teasers would take 100 MB as
    Python strings; here a tuple costs 16 bytes of memory (its digest and where it ends
    in the file)."""

    def __init__(self) -> None:
        # Closed by close(), which the run's exit stack calls.
        self._file: IO[bytes] = tempfile.TemporaryFile("w+b")  # noqa: SIM115
        self._keys = array("Q")
        self._ends = array("Q")  # a record starts where the one before it ends
        self._size = 0
        self._shared = False

    def put(self, key: int, parts: tuple[str | None, ...]) -> None:
        if self._shared:
            raise RuntimeError("a spill is read-only once shared")
        # A pickle, not JSON: the driver puts a string per new teaser text during
        # pass 1, and pickling a tuple of strings costs a fraction of encoding JSON.
        record = pickle.dumps(parts, protocol=pickle.HIGHEST_PROTOCOL)
        self._file.write(record)
        self._size += len(record)
        self._keys.append(key)
        self._ends.append(self._size)

    def shared(self) -> SharedSpill:
        """What this process or another needs to read the spill. Everything is written
        to the file first: a child may start now (and a forked one would otherwise write
        its copy of the buffer too). Nothing can be put any more."""
        self._file.flush()
        self._shared = True
        return SharedSpill(self._file.fileno(), self._keys, self._ends)

    def close(self) -> None:
        self._file.close()


@dataclass(frozen=True)
class SharedSpill:
    """A spill's file descriptor and index: where each tuple is, for this process or a
    child that inherits the descriptor (cleaner.dedup.record_helper)."""

    fd: int
    keys: array[int]  # digests, in the order of the file
    ends: array[int]  # a record starts where the one before it ends


def read_record(fd: int, start: int, size: int) -> tuple[str | None, ...]:
    """The tuple of strings spilled at ``start`` (the file was written by this run:
    unpickling it trusts nothing from outside)."""
    # pread leaves the file position alone, and one call replaces a buffered seek, a
    # read of the buffer and a seek back. (A map of the file would count its pages as
    # this process's memory.)
    record = _read(fd, size, start)
    while len(record) < size:  # a short read (pread may return less than asked)
        more = _read(fd, size - len(record), start + len(record))
        if not more:
            raise OSError(f"spill file truncated at offset {start + len(record)}")
        record += more
    parts: tuple[str | None, ...] = pickle.loads(record)
    return parts


def _read(fd: int, size: int, offset: int) -> bytes:
    if hasattr(os, "pread"):
        return os.pread(fd, size, offset)
    os.lseek(fd, offset, os.SEEK_SET)  # Windows: nothing else reads the file meanwhile
    return os.read(fd, size)


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
