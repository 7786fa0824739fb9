"""Candidate pairs from datasketch's MinHashLSH, verified on the shingle sets."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

import numpy as np

from cleaner.dedup.minhash import Signer
from cleaner.dedup.unionfind import UnionFind


def candidate_pairs(signatures: Sequence[np.ndarray], signer: Signer, bands: int) -> list[tuple[int, int]]:
    """Pairs ``(i, j)``, ``i < j``, that share at least one LSH band, from datasketch's
    ``MinHashLSH``: one insert and one query per *distinct* text. The corpus pipeline
    uses :func:`band_pairs` instead, which gives the same pairs in far less memory
    (a test checks the equality); this is the reference."""
    from datasketch import MinHashLSH

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


def _buckets(matrix: np.ndarray, rows: int, band: int, only: np.ndarray | None = None) -> Iterator[list[int]]:
    """The rows of ``matrix`` whose slice for ``band`` is equal, byte for byte (how
    ``MinHashLSH`` buckets them), for buckets of two rows or more, members sorted; with
    ``only`` (a boolean per row), the buckets that hold at least one such row."""
    block = np.ascontiguousarray(matrix[:, band * rows : (band + 1) * rows])
    keys = block.view(np.dtype((np.void, block.dtype.itemsize * rows))).ravel()
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    ends = np.r_[starts[1:], len(ordered)]
    keep = ends - starts >= 2
    if only is not None:
        keep &= np.add.reduceat(only[order].astype(np.int32), starts) > 0
    for start, end in zip(starts[keep].tolist(), ends[keep].tolist(), strict=True):
        yield sorted(order[start:end].tolist())


def band_pairs(matrix: np.ndarray, rows: int, first_band: int, last_band: int) -> set[tuple[int, int]]:
    """Candidate pairs of the bands ``first_band..last_band-1`` of a signature matrix
    (one row per text), as ``MinHashLSH`` finds them, one band at a time: datasketch's
    in-memory index keeps a set per bucket for every band at once, which measured 3.7 GB
    for the 80,000-file benchmark corpus (benchmarks/RESULTS.md)."""
    pairs: set[tuple[int, int]] = set()
    for band in range(first_band, last_band):
        for members in _buckets(matrix, rows, band):
            pairs.update((a, b) for i, a in enumerate(members) for b in members[i + 1 :])
    return pairs


def banded_candidate_pairs(signatures: Sequence[np.ndarray], bands: int) -> list[tuple[int, int]]:
    if not signatures:
        return []
    matrix = np.vstack(signatures)
    return sorted(band_pairs(matrix, matrix.shape[1] // bands, 0, bands))


def join_candidates(
    signatures: Sequence[np.ndarray],
    bands: int,
    sets: UnionFind,
    accept: Callable[[int, int], bool],
    only: np.ndarray | None = None,
) -> None:
    """Join in ``sets`` the candidate pairs of :func:`band_pairs` that ``accept`` takes,
    one band at a time, without gathering them. A popular teaser has hundreds of texts in
    one bucket of every band: its members are grouped by their current set first, and
    only pairs across two sets are tried, until one joins them. The sets found are those
    of trying every pair (components do not depend on the order of the unions);
    ``accept`` must not depend on the order of its two arguments. With
    ``only`` (a boolean per text), buckets without such a text are skipped: ``accept``
    would refuse all their pairs."""
    if not signatures:
        return
    matrix = np.vstack(signatures)
    rows = matrix.shape[1] // bands
    for band in range(bands):
        for members in _buckets(matrix, rows, band, only):
            join_bucket(members, sets, accept, only)


def join_bucket(
    members: Sequence[int], sets: UnionFind, accept: Callable[[int, int], bool], only: np.ndarray | None = None
) -> None:
    """Join the members of one bucket (sorted) whose pairs ``accept`` takes; with
    ``only``, try just the pairs with at least one such member."""
    groups: dict[int, list[int]] = {}
    for member in members:
        groups.setdefault(sets.find(member), []).append(member)
    if len(groups) < 2:
        return
    ordered = list(groups.values())
    for x, first in enumerate(ordered):
        for second in ordered[x + 1 :]:
            if only is None:
                _join_groups(first, second, sets, accept)
                continue
            marked = [m for m in first if only[m]]
            _join_groups(marked, second, sets, accept)
            _join_groups([m for m in first if not only[m]], [m for m in second if only[m]], sets, accept)


def _join_groups(first: list[int], second: list[int], sets: UnionFind, accept: Callable[[int, int], bool]) -> None:
    for a in first:
        for b in second:
            if sets.find(a) == sets.find(b):
                return  # joined meanwhile, through another pair
            if accept(a, b):
                sets.union(a, b)
                return
