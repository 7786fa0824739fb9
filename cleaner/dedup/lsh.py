"""Candidate pairs from datasketch's MinHashLSH, verified on the shingle sets."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeAlias

import numpy as np

from cleaner.dedup.minhash import Signer
from cleaner.dedup.unionfind import UnionFind

# One signature per row: a matrix (the corpus pipeline builds one, without a copy per
# row) or a sequence of rows (tests and the baselines).
Signatures: TypeAlias = "np.ndarray | Sequence[np.ndarray]"


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


def as_matrix(signatures: Signatures) -> np.ndarray:
    """The signatures as rows of one matrix; a matrix already is one (no copy)."""
    return signatures if isinstance(signatures, np.ndarray) else np.vstack(signatures)


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


def _buckets(
    matrix: np.ndarray, rows: int, band: int, only: np.ndarray | None = None, roots: np.ndarray | None = None
) -> Iterator[list[int]]:
    """The rows of ``matrix`` whose slice for ``band`` is equal, byte for byte (how
    ``MinHashLSH`` buckets them), for buckets of two rows or more, members sorted; with
    ``only`` (a boolean per row), the buckets that hold at least one such row; with
    ``roots`` (a set number per row), the buckets whose rows are not all in one set."""
    block = np.ascontiguousarray(matrix[:, band * rows : (band + 1) * rows])
    keys = block.view(np.dtype((np.void, block.dtype.itemsize * rows))).ravel()
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    ends = np.r_[starts[1:], len(ordered)]
    keep = ends - starts >= 2
    if only is not None:
        keep &= np.add.reduceat(only[order].astype(np.int32), starts) > 0
    if roots is not None:
        ordered_roots = roots[order]
        keep &= np.maximum.reduceat(ordered_roots, starts) != np.minimum.reduceat(ordered_roots, starts)
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


def banded_candidate_pairs(signatures: Signatures, bands: int) -> list[tuple[int, int]]:
    if len(signatures) == 0:
        return []
    matrix = as_matrix(signatures)
    return sorted(band_pairs(matrix, matrix.shape[1] // bands, 0, bands))


@dataclass(frozen=True)
class PairTest:
    """What decides whether a candidate pair joins: ``accept(i, j)`` (symmetric), and
    optionally a cheap necessary condition on blocks of texts (their titles):
    ``accept(i, j)`` implies ``compatible(block(i), block(j))``, so the pairs of two
    incompatible blocks are skipped at once instead of one by one. ``components``, when
    given, does for a list of distinct blocks what ``compatible`` would do pair by pair:
    it groups their positions into the connected components of the "compatible" graph."""

    accept: Callable[[int, int], bool]
    block: Callable[[int], Hashable] | None = None
    compatible: Callable[[Any, Any], bool] | None = None
    components: Callable[[list[Any]], list[list[int]]] | None = None


def join_candidates(
    signatures: Signatures,
    bands: int,
    sets: UnionFind,
    test: PairTest,
    only: np.ndarray | None = None,
    band_numbers: Iterable[int] | None = None,
) -> None:
    """Join in ``sets`` the candidate pairs of :func:`band_pairs` that ``test`` accepts,
    one band at a time, without gathering them (of the bands ``band_numbers`` only, when
    given: the sets of two runs over complementary bands, merged, are those of one run
    over all, since the sets are the components of the accepted pairs). A popular
    teaser has hundreds of texts in one bucket of every band: its members are grouped
    by their current set first, and only pairs across two sets are tried, until one
    joins them. The sets found are those of trying every pair (components do not
    depend on the order of the unions). With ``only`` (a boolean per text), buckets
    without such a text are skipped, and only pairs with one are tried (``accept``
    refuses the others)."""
    if len(signatures) == 0:
        return
    matrix = as_matrix(signatures)
    rows = matrix.shape[1] // bands
    for band in range(bands) if band_numbers is None else band_numbers:
        # Buckets whose texts are all joined already (most, once the first bands have
        # joined the copies of each teaser) are dropped in bulk: sets only grow.
        for members in _buckets(matrix, rows, band, only, sets.roots()):
            join_bucket(members, sets, test, only)


def join_bucket(members: Sequence[int], sets: UnionFind, test: PairTest, only: np.ndarray | None = None) -> None:
    """Join the members of one bucket (sorted) whose pairs ``test`` accepts; with
    ``only``, try just the pairs with at least one such member.

    Groups of members in one set are taken one by one and tried against the sets formed
    so far (their members in this bucket), so a bucket whose members join as they come
    costs a pass, not a pass per pair of groups: every pair across two sets is still
    tried until they join."""
    groups: dict[int, list[int]] = {}
    for member in members:
        groups.setdefault(sets.find(member), []).append(member)
    if len(groups) < 2:
        return
    if test.block is not None and test.compatible is not None and len(groups) > 2:
        parts = _compatible_parts(members, test)
        if len(parts) > 1:  # no pair across two parts can join: each part is a bucket of its own
            for part in parts:
                if len(part) > 1:
                    join_bucket(part, sets, PairTest(test.accept), only)
            return
    formed: list[list[int]] = []  # this bucket's members, one list per current set
    for group in groups.values():
        for other in formed:
            if sets.find(other[0]) != sets.find(group[0]):
                _try_groups(other, group, sets, test, only)
        root = sets.find(group[0])
        same = [other for other in formed if sets.find(other[0]) == root]
        if not same:
            formed.append(group)
            continue
        same[0].extend(group)
        if len(same) > 1:  # the group bridged several sets: their lists become one
            for other in same[1:]:
                same[0].extend(other)
            formed = [other for other in formed if other is same[0] or sets.find(other[0]) != root]


def _compatible_parts(members: Sequence[int], test: PairTest) -> list[list[int]]:
    """The members split so that no two members of different parts have compatible
    blocks: different teasers with alike summaries share buckets, and their titles
    tell them apart once per pair of titles instead of once per pair of texts."""
    block, compatible = test.block, test.compatible
    assert block is not None and compatible is not None
    by_block: dict[Hashable, list[int]] = {}
    for member in members:
        by_block.setdefault(block(member), []).append(member)
    keys = list(by_block)
    if len(keys) < 2:
        return [list(members)]
    if test.components is not None:
        parts = test.components(keys)
    else:
        linked = UnionFind(len(keys))
        for x, first in enumerate(keys):
            for y in range(x + 1, len(keys)):
                if linked.find(x) != linked.find(y) and compatible(first, keys[y]):
                    linked.union(x, y)
        parts = list(linked.groups().values())
    return [sorted(m for x in part for m in by_block[keys[x]]) for part in parts]


def _try_groups(first: list[int], second: list[int], sets: UnionFind, test: PairTest, only: np.ndarray | None) -> None:
    if only is None:
        _join_groups(first, second, sets, test)
        return
    _join_groups([m for m in first if only[m]], second, sets, test)
    _join_groups([m for m in first if not only[m]], [m for m in second if only[m]], sets, test)


def _join_groups(first: list[int], second: list[int], sets: UnionFind, test: PairTest) -> None:
    for a, b in _cross_pairs(first, second, test):
        if sets.find(a) == sets.find(b):
            return  # joined meanwhile, through another pair
        if test.accept(a, b):
            sets.union(a, b)
            return


_BLOCKED_PAIRS = 16  # below this many pairs, grouping by block costs more than it saves


def _cross_pairs(first: list[int], second: list[int], test: PairTest) -> Iterator[tuple[int, int]]:
    block, compatible = test.block, test.compatible
    if block is None or compatible is None or len(first) * len(second) <= _BLOCKED_PAIRS:
        yield from ((a, b) for a in first for b in second)
        return
    firsts: dict[Hashable, list[int]] = {}
    for a in first:
        firsts.setdefault(block(a), []).append(a)
    seconds: dict[Hashable, list[int]] = {}
    for b in second:
        seconds.setdefault(block(b), []).append(b)
    for key_a, members_a in firsts.items():
        for key_b, members_b in seconds.items():
            if compatible(key_a, key_b):
                yield from ((a, b) for a in members_a for b in members_b)
