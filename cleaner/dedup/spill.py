"""Strings the corpus stage counts but rarely reads, kept on disk.

Every distinct raw text of a teaser (and of its caption) is counted, but only the winner
of each teaser is read back, at the end, to write its record. In memory a text is an
8-byte digest; the strings go to a temporary file once each. At 80,000 generated files
that is about 150,000 distinct texts, 900 bytes each as Python strings.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import tempfile
from collections.abc import Collection, Iterator, Mapping
from typing import IO


def digest(parts: tuple[str | None, ...]) -> int:
    """A stable 64-bit digest of a tuple of strings (Python's ``hash`` changes per
    process; this one does not, so ties break the same way on every run)."""
    data = "\x1f".join("\x00" if p is None else p for p in parts).encode("utf-8")
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "little")


class StringSpill:
    """Tuples of strings by digest: :meth:`put` writes one (the caller knows whether it
    is new, or does not mind a second copy: no set of digests here); :meth:`fetch` finds the ones asked for in one pass
    over the file, and reads each back when it is looked up: the texts of 86,000
    teasers would take 100 MB as Python strings, their offsets 9 MB."""

    def __init__(self) -> None:
        # Closed by close(), which the run's exit stack calls.
        self._file: IO[bytes] = tempfile.TemporaryFile("w+b")  # noqa: SIM115
        self._fetched = False

    def put(self, key: int, parts: tuple[str | None, ...]) -> None:
        if self._fetched:
            raise RuntimeError("a spill is read-only once fetched")
        self._file.write(json.dumps([key, *parts], ensure_ascii=False).encode("utf-8") + b"\n")

    def fetch(self, keys: Collection[int]) -> SpilledStrings:
        offsets: dict[int, int] = {}
        self._file.seek(0)
        offset = 0
        for line in self._file:
            # The digest opens the line: the rest is parsed only when looked up.
            key = int(line[1 : line.index(b",")])
            if key in keys:
                offsets[key] = offset
            offset += len(line)
        self._file.flush()
        self._fetched = True
        return SpilledStrings(self._file, offsets)

    def close(self) -> None:
        self._file.close()


class SpilledStrings(Mapping[int, tuple[str | None, ...]]):
    """The tuples :meth:`StringSpill.fetch` found, read and parsed when looked up."""

    _READ = 4096  # bytes read at a time: most lines fit in one

    def __init__(self, file: IO[bytes], offsets: dict[int, int]) -> None:
        self._fd = file.fileno()
        self._offsets = offsets

    def _read(self, size: int, offset: int) -> bytes:
        # pread leaves the file position alone, and one call replaces a buffered seek,
        # a read of the buffer and a seek back: that was most of writing the teaser
        # records. (A map of the file would count its pages as this process's memory.)
        if hasattr(os, "pread"):
            return os.pread(self._fd, size, offset)
        os.lseek(self._fd, offset, os.SEEK_SET)  # Windows: nothing else reads the file meanwhile
        return os.read(self._fd, size)

    def __getitem__(self, key: int) -> tuple[str | None, ...]:
        start = self._offsets[key]
        line = self._read(self._READ, start)
        while (end := line.find(b"\n")) < 0:
            more = self._read(max(self._READ, len(line)), start + len(line))
            if not more:
                end = len(line)
                break
            line += more
        _, *parts = json.loads(line[:end])
        return tuple(parts)

    def __iter__(self) -> Iterator[int]:
        return iter(self._offsets)

    def __len__(self) -> int:
        return len(self._offsets)


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
