"""Candidate pairs from datasketch's MinHashLSH, verified on the shingle sets."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
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
    # Each array is unique, so a value of both appears twice in their union, side by
    # side once sorted (np.intersect1d does the same, with more calls around it).
    union = np.concatenate((a, b))
    union.sort()
    common = int(np.count_nonzero(union[1:] == union[:-1]))
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
    order, starts, ends = _bucket_bounds(matrix, rows, band, only, roots)
    for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
        yield sorted(order[start:end].tolist())


def _bucket_bounds(
    matrix: np.ndarray, rows: int, band: int, only: np.ndarray | None = None, roots: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The buckets of :func:`_buckets` as ``order[starts[k]:ends[k]]`` (members unsorted)."""
    order, starts = _band_runs(matrix, rows, band)
    return _kept_buckets(order, starts, only, roots)


def _band_runs(matrix: np.ndarray, rows: int, band: int) -> tuple[np.ndarray, np.ndarray]:
    """:func:`_equal_runs` of one band's columns."""
    return _equal_runs(np.ascontiguousarray(matrix[:, band * rows : (band + 1) * rows]))


def _kept_buckets(
    order: np.ndarray, starts: np.ndarray, only: np.ndarray | None, roots: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The runs of two rows or more, less those without an ``only`` row and those whose
    rows are all in one set (by ``roots``), as ``order[starts[k]:ends[k]]``."""
    ends = np.r_[starts[1:], len(order)]
    keep = ends - starts >= 2
    if only is not None:
        keep &= np.add.reduceat(only[order].astype(np.int32), starts) > 0
    if roots is not None:
        ordered_roots = roots[order]
        keep &= np.maximum.reduceat(ordered_roots, starts) != np.minimum.reduceat(ordered_roots, starts)
    return order, starts[keep], ends[keep]


_MIX = np.uint64(0x9E3779B97F4A7C15)  # odd: multiplying by it permutes the 64-bit values


def _equal_runs(block: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """An order of the rows of ``block`` in which equal rows are adjacent, in row order
    among themselves, and where each run of equal rows starts.

    Sorting the rows as bytes (a stable sort of 16-byte strings) was half of the
    bucketing time. Here each row is mixed into one 64-bit number and the numbers are
    sorted, then the rows of each run by their number: five times faster. Two different
    rows with one mix would share a run: then, and only then (a chance of about one in
    10**8 for a whole run), the rows are sorted as bytes."""
    count = len(block)
    if count == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    words = block.view(np.uint64) if block.nbytes // count % 8 == 0 else block.astype(np.uint64)
    mixed = np.zeros(count, dtype=np.uint64)
    for column in words.T:
        mixed = (mixed ^ column) * _MIX
    by_mix = np.argsort(mixed)
    ordered = mixed[by_mix]
    run_of = np.cumsum(np.r_[False, ordered[1:] != ordered[:-1]], dtype=np.int64)
    # Within a run, rows in row order: one sort of (run, row) packed into an int64.
    packed = np.sort(run_of * count + by_mix)
    order = packed % count
    starts = np.flatnonzero(np.r_[True, run_of[1:] != run_of[:-1]])
    rows_in_order = words[order]
    if np.count_nonzero((rows_in_order[1:] != rows_in_order[:-1]).any(axis=1)) + 1 == len(starts):
        return order, starts
    keys = block.view(np.dtype((np.void, block.nbytes // count))).ravel()
    order = np.argsort(keys, kind="stable")
    ordered_keys = keys[order]
    return order, np.flatnonzero(np.r_[True, ordered_keys[1:] != ordered_keys[:-1]])


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
    incompatible blocks are skipped at once instead of one by one. ``compatible_pairs``,
    when given, does for a list of distinct blocks what ``compatible`` would do pair by
    pair: it gives the pairs of positions ``x < y`` whose blocks are compatible."""

    accept: Callable[[int, int], bool]
    block: Callable[[int], Hashable] | None = None
    compatible: Callable[[Any, Any], bool] | None = None
    compatible_pairs: Callable[[list[Any]], list[tuple[int, int]]] | None = None
    # The same for many pairs at once: every text's block as a number, and ``compatible``
    # of the pairs ``(blocks[i], blocks[j])`` given as two arrays. With these, the pairs
    # of small buckets are listed and sifted with numpy, and only those whose blocks are
    # compatible reach ``accept``.
    blocks: np.ndarray | None = None
    compatible_many: Callable[[np.ndarray, np.ndarray], np.ndarray] | None = None
    # ``accept`` of a pair whose blocks are known to be compatible (the block test is
    # part of ``accept``, and the bulk paths have done it already), when cheaper.
    accept_compatible: Callable[[int, int], bool] | None = None

    def accept_of_compatible(self) -> Callable[[int, int], bool]:
        return self.accept_compatible or self.accept


def join_candidates(
    signatures: Signatures,
    bands: int,
    sets: UnionFind,
    test: PairTest,
    only: np.ndarray | None = None,
    band_numbers: Iterable[int] | None = None,
    ahead: bool = False,
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
    refuses the others). With ``ahead``, each band's rows are bucketed in a thread
    while the band before is joined, and the pairs of its small buckets sifted by their
    blocks there (numpy sorts and compares without holding the GIL, so that work takes
    a second core)."""
    if len(signatures) == 0:
        return
    matrix = as_matrix(signatures)
    rows = matrix.shape[1] // bands
    in_bulk = test.blocks is not None and test.compatible_many is not None
    numbers = range(bands) if band_numbers is None else band_numbers
    # Ahead, the thread also lists the pairs of the small buckets and sifts them by
    # their blocks (numpy, mostly without the GIL), on the core the joins leave idle.
    sifter = _Sifter(test, only) if in_bulk and ahead else None
    for band in _runs_of_bands(matrix, rows, numbers, ahead, sifter or _SiftedBand):
        # Buckets whose texts are all joined already (most, once the first bands have
        # joined the copies of each teaser) are dropped in bulk: sets only grow.
        roots = sets.roots()
        if sifter is not None:
            sifter.roots = roots
        order, starts, ends = _kept_buckets(band.order, band.starts, only, roots)
        if in_bulk:
            small = ends - starts <= _SMALL_BUCKET
            if band.pairs is None:
                first, second = _sifted_pairs(order, starts[small], ends[small], roots, test, only)
            else:
                first, second = band.pairs
                apart = roots[first] != roots[second]
                first, second = first[apart], second[apart]
            _join_pairs(first, second, sets, test.accept_of_compatible())
            starts, ends = starts[~small], ends[~small]
        for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
            join_bucket(sorted(order[start:end].tolist()), sets, test, only)


@dataclass(frozen=True)
class _SiftedBand:
    """One band's runs of equal rows (:func:`_band_runs`), and perhaps the pairs of its
    small buckets whose blocks are compatible (and with a text of ``only``), not yet
    sifted by the sets: ``(first[k], second[k])``."""

    order: np.ndarray
    starts: np.ndarray
    pairs: tuple[np.ndarray, np.ndarray] | None = None


class _Sifter:
    """Makes a :class:`_SiftedBand` of a band's runs, in the thread that works ahead.
    The sets of the band being joined are not known there: ``roots`` are those of an
    earlier band (``None`` before the first), set by the joining thread. Sets only grow,
    so a pair in one set then is in one set now: what they drop, the current sets would
    drop too, and the joining thread sifts the rest by those."""

    def __init__(self, test: PairTest, only: np.ndarray | None) -> None:
        self.test, self.only = test, only
        self.roots: np.ndarray | None = None  # a copy no one changes (UnionFind.roots)

    def __call__(self, order: np.ndarray, starts: np.ndarray) -> _SiftedBand:
        roots = self.roots
        kept, small_starts, small_ends = _kept_buckets(order, starts, self.only, roots)
        small = small_ends - small_starts <= _SMALL_BUCKET
        pairs = _sifted_pairs(kept, small_starts[small], small_ends[small], roots, self.test, self.only)
        return _SiftedBand(order, starts, pairs)


def _runs_of_bands(
    matrix: np.ndarray,
    rows: int,
    bands: Iterable[int],
    ahead: bool,
    then: Callable[[np.ndarray, np.ndarray], _SiftedBand] = _SiftedBand,
) -> Iterator[_SiftedBand]:
    """:func:`_band_runs` of each band in turn, passed to ``then``; with ``ahead``, the
    next band's are computed in a thread while the caller works on the current one.
    The runs do not depend on the joins (only the choice of buckets does, made by the
    caller), so the results are the same.

    The thread's numpy calls each take the GIL back when they end, and the joins hold
    it in Python loops: at Python's switch interval of 5 ms, the thread waited most of
    its time (at 80,000 files, 3.2 s to sift what took 1 s in the joining thread). A
    shorter interval is set while the thread is there."""

    def band_of(band: int) -> _SiftedBand:
        return then(*_band_runs(matrix, rows, band))

    if not ahead:
        yield from map(band_of, bands)
        return
    numbers = list(bands)
    if not numbers:
        return
    with _short_switch_interval(), ThreadPoolExecutor(max_workers=1, thread_name_prefix="lsh-bands") as pool:
        coming = pool.submit(band_of, numbers[0])
        for band in numbers[1:]:
            current, coming = coming.result(), pool.submit(band_of, band)
            yield current
        yield coming.result()


_SWITCH_INTERVAL = 0.0005  # seconds
_switch_lock = threading.Lock()
_switch_users = 0  # band loops working ahead now, in any thread of the process
_switch_saved = 0.005  # the interval before the first of them


@contextmanager
def _short_switch_interval() -> Iterator[None]:
    """The switch interval at :data:`_SWITCH_INTERVAL` at most while any band loop
    works ahead, and as it was once none does. The interval is the process's: a
    library caller may run joins in several threads, and a plain save-and-restore in
    each would leave the short one behind when they overlap."""
    global _switch_users, _switch_saved
    with _switch_lock:
        if _switch_users == 0:
            _switch_saved = sys.getswitchinterval()
            sys.setswitchinterval(min(_switch_saved, _SWITCH_INTERVAL))
        _switch_users += 1
    try:
        yield
    finally:
        with _switch_lock:
            _switch_users -= 1
            if _switch_users == 0:
                sys.setswitchinterval(_switch_saved)


# Buckets of up to this many texts have their pairs listed and sifted with numpy (120
# pairs at most each); larger ones, the copies of a popular teaser, are grouped by set.
_SMALL_BUCKET = 16


def _sifted_pairs(
    order: np.ndarray,
    starts: np.ndarray,
    ends: np.ndarray,
    roots: np.ndarray | None,
    test: PairTest,
    only: np.ndarray | None,
) -> tuple[np.ndarray, np.ndarray]:
    """The pairs of the buckets ``order[starts[k]:ends[k]]`` that may be accepted: all
    their pairs, less those already in one set (``roots``: each text's set when the band
    began), those without an ``only`` text, and those whose blocks are not compatible.
    Most candidate pairs of a band are refused on their titles, all at once here."""
    assert test.blocks is not None and test.compatible_many is not None
    sizes = ends - starts
    firsts: list[np.ndarray] = []
    seconds: list[np.ndarray] = []
    for size in np.unique(sizes).tolist():
        members = order[starts[sizes == size][:, None] + np.arange(size)]
        a, b = np.triu_indices(size, 1)
        firsts.append(members[:, a].ravel())
        seconds.append(members[:, b].ravel())
    if not firsts:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    first, second = np.concatenate(firsts), np.concatenate(seconds)
    keep = np.ones(len(first), dtype=bool) if roots is None else roots[first] != roots[second]
    if only is not None:
        keep &= only[first] | only[second]
    first, second = first[keep], second[keep]
    block_a, block_b = test.blocks[first], test.blocks[second]
    compatible = block_a == block_b
    differ = np.flatnonzero(~compatible)
    compatible[differ] = test.compatible_many(block_a[differ], block_b[differ])
    return first[compatible], second[compatible]


def _join_pairs(first: np.ndarray, second: np.ndarray, sets: UnionFind, accept: Callable[[int, int], bool]) -> None:
    """Join the pairs ``(first[k], second[k])`` that ``accept`` accepts, skipping those
    joined meanwhile."""
    find, union = sets.find, sets.union
    for i, j in zip(first.tolist(), second.tolist(), strict=True):
        if find(i) != find(j) and accept(i, j):
            union(i, j)


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
        _join_by_blocks(members, sets, test, only)
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


def _join_by_blocks(members: Sequence[int], sets: UnionFind, test: PairTest, only: np.ndarray | None) -> None:
    """Join a bucket's members by blocks: the members of each block among themselves,
    then those of each pair of compatible blocks; no other pair can be accepted.
    Different teasers with alike summaries share buckets, hundreds at a time, and their
    titles chain into large groups of compatible ones (A agrees with B, B with C): only
    the pairs of titles that agree are tried, not every pair of such a group."""
    block, compatible = test.block, test.compatible
    assert block is not None and compatible is not None
    by_block: dict[Hashable, list[int]] = {}
    for member in members:
        by_block.setdefault(block(member), []).append(member)
    plain = PairTest(test.accept_of_compatible())  # only pairs of one block, or of compatible ones
    for same in by_block.values():
        if len(same) > 1:
            join_bucket(same, sets, plain, only)  # copies with one title, grouped by set
    keys = list(by_block)
    if test.compatible_pairs is not None:
        pairs = test.compatible_pairs(keys)
    else:
        pairs = [(x, y) for x in range(len(keys)) for y in range(x + 1, len(keys)) if compatible(keys[x], keys[y])]
    for x, y in pairs:
        _join_across(by_block[keys[x]], by_block[keys[y]], sets, plain, only)


def _join_across(first: list[int], second: list[int], sets: UnionFind, test: PairTest, only: np.ndarray | None) -> None:
    """Try the pairs of ``first`` x ``second`` across two sets, a pair of sets at a time
    until they join."""
    firsts: dict[int, list[int]] = {}
    for a in first:
        firsts.setdefault(sets.find(a), []).append(a)
    seconds: dict[int, list[int]] = {}
    for b in second:
        seconds.setdefault(sets.find(b), []).append(b)
    for mine in firsts.values():
        for theirs in seconds.values():
            if sets.find(mine[0]) != sets.find(theirs[0]):
                _try_groups(mine, theirs, sets, test, only)


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
