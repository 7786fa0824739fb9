"""The teaser texts signed in one run: a table of their fingerprints, in memory that the
forked workers of a local pool share (and, for Ray batches, which share no memory, the
fingerprints the driver has received so far).

A text recurs under hundreds of articles and is signed once. Each process used to
remember the texts it had signed lately, which missed those another worker signed (with
two workers, a quarter more signatures than texts at 5,000 files) and, over a long run,
those it had forgotten (with one process, 219,000 signatures for 141,000 texts at 80,000
files); each one was hashed, signed, pickled, sent and dropped by the driver. The table
holds a 64-bit fingerprint of every text signed, in an anonymous shared mapping made
before the workers are forked: its size is fixed for the run (two slots or more a
document), and it answers for every process at once.

Nothing here needs a lock, because every mistake the table can make is harmless in one
direction and caught in the other:
- Two workers that fill the same empty slot at once keep only one of the two
  fingerprints; the other text is signed again when next met. A slot read half-written
  matches nothing, with the same effect.
- A text whose fingerprint another text has (odds of about 10^-9 at 80,000 files) is
  taken as signed when it is not: the driver signs, at the end, every text whose
  signature never came (``CorpusRun.cluster_teasers``).
- A table too full to take a fingerprint within a few slots says "not seen": the text
  is signed again when next met.
"""

from __future__ import annotations

import mmap
from collections.abc import Iterable
from typing import Protocol

__all__ = ["FingerprintSet", "SeenKeys", "SignedTexts", "fingerprint"]

_SLOT_BYTES = 8
_PROBES = 8  # slots looked at before the table counts as full for a fingerprint
_MIN_SLOTS = 1 << 10
_MAX_SLOTS = 1 << 22  # 32 MB; a table that fills up only costs signatures


def fingerprint(digest: int) -> int:
    """The 64 bits of a key digest (``extract.key_digest``) that stand for its text here;
    never 0, which marks an empty slot."""
    return (digest & 0xFFFF_FFFF_FFFF_FFFF) or 1


class SignedTexts(Protocol):
    """What an extractor asks before it signs a teaser text."""

    def seen_or_add(self, digest: int) -> bool:
        """Whether the text of key digest ``digest`` was signed already (by whoever the
        answer covers); from now on it counts as signed."""
        ...


class SeenKeys:
    """Fingerprints of the texts signed by any process forked after it was made."""

    def __init__(self, expected: int) -> None:
        """``expected``: about how many distinct texts the run will sign. The table has
        at least twice as many slots (a power of two), so that few lookups go past the
        first slot; its pages are touched only where fingerprints land."""
        slots = _MIN_SLOTS
        while slots < 2 * expected and slots < _MAX_SLOTS:
            slots <<= 1
        self._mask = slots - 1
        # Anonymous and MAP_SHARED (mmap's default): a forked child writes into the same
        # pages as its parent and its siblings.
        self._memory = mmap.mmap(-1, slots * _SLOT_BYTES)
        self._slots = memoryview(self._memory).cast("Q")

    def __len__(self) -> int:
        return len(self._slots)

    def seen_or_add(self, digest: int) -> bool:
        """Whether a text of key digest ``digest`` (``extract.key_digest``) was added by
        any process; if not, it is added now (the caller signs it)."""
        mark = fingerprint(digest)
        slots, mask = self._slots, self._mask
        slot = (digest >> 64) & mask  # the other half of the digest picks the slot
        for _ in range(_PROBES):
            found = slots[slot]
            if found == mark:
                return True
            if found == 0:
                slots[slot] = mark
                return False
            slot = (slot + 1) & mask
        return False

    def close(self) -> None:
        self._slots.release()
        self._memory.close()


class FingerprintSet:
    """The texts signed for one Ray batch: those whose signatures the driver held when
    the batch was sent (``before``: their fingerprints), and those the batch signs. A
    batch may run on another machine, so it cannot share the table; it learns what the
    batches before it signed from the driver, a few batches late (those still running
    when it was sent sign their texts too). The mistakes are the table's: a text taken
    for signed because another has its fingerprint is signed by the driver at the end."""

    def __init__(self, before: Iterable[int] = ()) -> None:
        self._fingerprints = set(before)

    def __len__(self) -> int:
        return len(self._fingerprints)

    def seen_or_add(self, digest: int) -> bool:
        mark = fingerprint(digest)
        if mark in self._fingerprints:
            return True
        self._fingerprints.add(mark)
        return False
