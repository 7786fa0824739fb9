"""MinHash signatures computed in bulk, equal to datasketch's own.

datasketch's ``MinHash(scheme="affine32", hashfunc=hash32)`` fed shingle by shingle
gives the same hash values as :meth:`Signer.sign` (a test checks it); signing here is
one numpy expression per text instead of one Python call per shingle.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from cleaner.dedup.shingles import hash32

_SCHEME = "affine32"
_EMPTY = np.uint32(0xFFFFFFFF)


def _fmix32(h: np.ndarray) -> np.ndarray:
    # MurmurHash3's finaliser, as datasketch applies it before its permutations.
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return np.asarray(h ^ (h >> np.uint32(16)), dtype=np.uint32)


class Signer:
    """Signs hashed shingle sets with ``num_perm`` permutations seeded by ``seed``."""

    def __init__(self, num_perm: int, seed: int) -> None:
        # The permutations datasketch's MinHash draws for the affine32 scheme (odd a,
        # any b, from RandomState(seed)), drawn here: importing datasketch pulls in scipy,
        # 48 MB of resident memory in every worker and half a second. A test checks
        # they equal datasketch's own.
        generator = np.random.RandomState(seed)
        a = generator.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
        b = generator.randint(0, 1 << 32, num_perm, dtype=np.uint32)
        self._permutations = np.array([a, b])
        self.num_perm = num_perm
        self.seed = seed
        self._a = a[np.newaxis, :]
        self._b = b[np.newaxis, :]

    def sign(self, hashes: np.ndarray) -> np.ndarray:
        """The signature (``num_perm`` uint32) of a set of 32-bit shingle hashes."""
        if hashes.size == 0:
            return np.full(self.num_perm, _EMPTY, dtype=np.uint32)
        return np.asarray(self._permuted(hashes).min(axis=0), dtype=np.uint32)

    def sign_many(self, hash_sets: list[np.ndarray]) -> np.ndarray:
        """The signatures of several hash sets, one row each, equal to :meth:`sign` of
        each: the few new teaser texts of a document are signed in one pass, where each
        call on its own was mostly numpy's fixed cost."""
        signatures = np.full((len(hash_sets), self.num_perm), _EMPTY, dtype=np.uint32)
        filled = [i for i, hashes in enumerate(hash_sets) if hashes.size]
        if not filled:
            return signatures
        sizes = np.array([hash_sets[i].size for i in filled])
        starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
        permuted = self._permuted(np.concatenate([hash_sets[i] for i in filled]))
        signatures[filled] = np.minimum.reduceat(permuted, starts, axis=0)
        return signatures

    def _permuted(self, hashes: np.ndarray) -> np.ndarray:
        """Every permutation of every hash: one row per hash, one column per permutation.
        Array arithmetic wraps modulo 2^32 silently, as the affine32 scheme wants."""
        mixed = _fmix32(hashes.astype(np.uint32))[:, np.newaxis]
        return np.asarray(mixed * self._a + self._b, dtype=np.uint32)

    def minhash(self, signature: np.ndarray) -> Any:
        """A datasketch ``LeanMinHash`` holding ``signature``, for MinHashLSH."""
        from datasketch import LeanMinHash, MinHash

        # Passing the permutations saves datasketch drawing them again for every sketch.
        sketch = MinHash(
            num_perm=self.num_perm,
            seed=self.seed,
            scheme=_SCHEME,
            hashvalues=signature,
            permutations=self._permutations,
        )
        return LeanMinHash(sketch)

    def reference(self, shingles: list[bytes]) -> np.ndarray:
        """datasketch's own signature, one ``update`` per shingle (for tests and baselines)."""
        from datasketch import MinHash

        sketch = MinHash(num_perm=self.num_perm, seed=self.seed, scheme=_SCHEME, hashfunc=hash32)
        for shingle in shingles:
            sketch.update(shingle)
        return np.asarray(sketch.hashvalues, dtype=np.uint32)
