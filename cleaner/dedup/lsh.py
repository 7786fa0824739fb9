"""Candidate pairs from datasketch's MinHashLSH, verified on the shingle sets."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from datasketch import MinHashLSH

from cleaner.dedup.minhash import Signer


def candidate_pairs(signatures: Sequence[np.ndarray], signer: Signer, bands: int) -> list[tuple[int, int]]:
    """Pairs ``(i, j)``, ``i < j``, that share at least one LSH band. One insert and one
    query per *distinct* text: occurrences never reach this point."""
    rows = signer.num_perm // bands
    lsh = MinHashLSH(num_perm=signer.num_perm, params=(bands, rows))
    sketches = [signer.minhash(s) for s in signatures]
    with lsh.insertion_session() as session:
        for i, sketch in enumerate(sketches):
            session.insert(i, sketch, check_duplication=False)
    pairs: set[tuple[int, int]] = set()
    for i, sketch in enumerate(sketches):
        for j in lsh.query(sketch):
            if j != i:
                pairs.add((i, j) if i < j else (j, i))
    return sorted(pairs)


def set_similarity(a: np.ndarray, b: np.ndarray, containment: bool) -> float:
    """Jaccard of two sorted unique hash arrays; with ``containment``, the share of the
    smaller set found in the larger (a truncated copy is contained in the full one)."""
    if a.size == 0 or b.size == 0:
        return 0.0
    common = np.intersect1d(a, b, assume_unique=True).size
    if containment:
        return common / min(a.size, b.size)
    return common / (a.size + b.size - common)


def signature_similarity(a: np.ndarray, b: np.ndarray) -> float:
    """The MinHash estimate of the Jaccard similarity."""
    return float(np.count_nonzero(a == b)) / a.size


def verified_pairs(pairs: Sequence[tuple[int, int]], similar: Callable[[int, int], bool]) -> list[tuple[int, int]]:
    return [(i, j) for i, j in pairs if similar(i, j)]
