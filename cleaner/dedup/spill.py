"""Strings the corpus stage counts but rarely reads, kept on disk.

Every distinct raw text of a teaser (and of its caption) is counted, but only the winner
of each teaser is read back, at the end, to write its record. In memory a text is an
8-byte digest; the strings go to a temporary file once each. At 80,000 generated files
that is about 150,000 distinct texts, 900 bytes each as Python strings.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from collections.abc import Collection
from typing import IO


def digest(parts: tuple[str | None, ...]) -> int:
    """A stable 64-bit digest of a tuple of strings (Python's ``hash`` changes per
    process; this one does not, so ties break the same way on every run)."""
    data = "\x1f".join("\x00" if p is None else p for p in parts).encode("utf-8")
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "little")


class StringSpill:
    """Tuples of strings by digest: :meth:`put` writes one (the caller knows whether it
    is new: no set of digests here); :meth:`fetch` reads back the ones asked for, in one
    pass over the file."""

    def __init__(self) -> None:
        # Closed by close(), which the run's exit stack calls.
        self._file: IO[str] = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115

    def put(self, key: int, parts: tuple[str | None, ...]) -> None:
        self._file.write(json.dumps([key, *parts], ensure_ascii=False) + "\n")

    def fetch(self, keys: Collection[int]) -> dict[int, tuple[str | None, ...]]:
        found: dict[int, tuple[str | None, ...]] = {}
        self._file.seek(0)
        for line in self._file:
            key, *parts = json.loads(line)
            if key in keys:
                found[key] = tuple(parts)
        self._file.seek(0, 2)  # later adds append
        return found

    def close(self) -> None:
        self._file.close()
