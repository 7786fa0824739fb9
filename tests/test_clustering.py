"""The clustering shortcuts (grouping a bucket by set, trying only the pairs of titles
that agree, deciding a bucket's titles in one matrix product, sifting the pairs of small
buckets with numpy, dropping joined buckets) give the components of trying every
candidate pair."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.dedup import engines, forked, lsh
from cleaner.dedup.config import DedupConfig
from cleaner.dedup.lsh import PairTest, banded_candidate_pairs, join_candidates
from cleaner.dedup.titles import TitleWords, overlaps
from cleaner.dedup.unionfind import UnionFind
from cleaner.inputs import ReadOptions
from cleaner.pipeline import CleanOptions

WORDS = [f"w{n}" for n in range(30)]  # a small vocabulary, so that titles overlap often

title_strategy = st.lists(st.sampled_from(WORDS[:12]), min_size=0, max_size=7).map(" ".join)


def components(sets: UnionFind) -> list[list[int]]:
    return sorted(sets.groups().values())


@settings(max_examples=60, deadline=None)
@given(
    titles=st.lists(st.lists(st.sampled_from(WORDS), max_size=9).map(" ".join), min_size=1, max_size=40),
    share=st.sampled_from([0.5, 0.7, 0.8, 1.0]),
)
def test_title_verdicts_in_bulk_are_those_of_the_rule(titles: list[str], share: float) -> None:
    table = TitleWords(titles, share)
    numbers = sorted({table.of(i) for i in range(len(titles))})
    text = {table.of(i): t for i, t in enumerate(titles)}
    for a in numbers:
        for b in numbers:
            assert table.agree(a, b) == overlaps(text[a].split(), text[b].split(), share)
    pairs = {
        (x, y) for x in range(len(numbers)) for y in range(x + 1, len(numbers)) if table.agree(numbers[x], numbers[y])
    }
    assert set(table.agreeing_pairs(numbers)) == pairs
    assert set(table.agreeing(numbers)) == pairs  # pair by pair below a dozen titles, in bulk above
    firsts = np.array([a for a in numbers for _ in numbers], dtype=np.int64)
    seconds = np.array([b for _ in numbers for b in numbers], dtype=np.int64)
    verdicts = [table.agree(a, b) for a, b in zip(firsts.tolist(), seconds.tolist(), strict=True)]
    assert table.agree_many(firsts, seconds).tolist() == verdicts


def test_titles_longer_than_the_table_are_decided_pair_by_pair() -> None:
    long = " ".join(f"w{n}" for n in range(40))  # wider than the padded table
    table = TitleWords([long, " ".join(f"w{n}" for n in range(30)), "w1 x2", long + " w99"], 0.7)
    firsts, seconds = np.array([0, 0, 1, 0, 2]), np.array([1, 3, 2, 0, 2])
    expected = [table.agree(int(a), int(b)) for a, b in zip(firsts, seconds, strict=True)]
    assert expected == [True, True, False, True, True]
    assert table.agree_many(firsts, seconds).tolist() == expected


@st.composite
def corpora(draw: st.DrawFn) -> tuple[np.ndarray, list[str], set[tuple[int, int]]]:
    """Signatures of a few families of near-copies (so that buckets hold many texts),
    a title per text, and a random symmetric set of refused pairs."""
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    families = draw(st.integers(1, 6))
    size = draw(st.integers(2, 60))
    base = rng.integers(0, 2**32, size=(families, 32), dtype=np.uint64).astype(np.uint32)
    rows = base[rng.integers(0, families, size=size)]
    noise = rng.random(rows.shape) < draw(st.sampled_from([0.05, 0.3, 0.6]))
    rows[noise] = rng.integers(0, 2**32, size=int(noise.sum()), dtype=np.uint64).astype(np.uint32)
    titles = [draw(title_strategy) for _ in range(size)]
    refused = {(i, j) for i in range(size) for j in range(i + 1, size) if rng.random() < 0.3}
    return rows, titles, refused


def refusing(refused: set[tuple[int, int]], table: TitleWords) -> Callable[[int, int], bool]:
    """A pair test as the teaser clustering's: one title or titles that agree (an empty
    title agrees with none, itself included), and the pair not among the refused ones."""

    def accept(i: int, j: int) -> bool:
        pair = (i, j) if i < j else (j, i)
        title_i, title_j = table.of(i), table.of(j)
        return pair not in refused and (title_i == title_j or table.agree(title_i, title_j))

    return accept


def in_bulk_by_titles(
    table: TitleWords, accept: Callable[[int, int], bool], accept_compatible: Callable[[int, int], bool]
) -> PairTest:
    """The pair test as the corpus stage builds it: titles as blocks, decided in bulk."""
    return PairTest(
        accept,
        table.of,
        table.agree,
        table.agreeing,
        table.numbers(),
        table.agree_many,
        accept_compatible=accept_compatible,
    )


@settings(max_examples=80, deadline=None)
@given(corpus=corpora(), in_bulk=st.booleans(), only_some=st.booleans(), ahead=st.booleans())
def test_join_candidates_equals_trying_every_candidate_pair(
    corpus: tuple[np.ndarray, list[str], set[tuple[int, int]]], in_bulk: bool, only_some: bool, ahead: bool
) -> None:
    rows, titles, refused = corpus
    table = TitleWords(titles, 0.7)
    accept = refusing(refused, table)
    signatures = list(rows)
    expected = UnionFind(len(rows))
    for i, j in banded_candidate_pairs(signatures, 8):
        if accept(i, j):
            expected.union(i, j)

    found = UnionFind(len(rows))
    # With in_bulk, the titles of a bucket are decided in one call, and the pairs of the
    # small buckets sifted with numpy; without, pair by pair.
    if in_bulk:
        # And the pairs whose titles were found to agree are asked only the rest of the
        # test: were a pair of other titles asked so, it would be accepted.
        def accept_compatible(i: int, j: int) -> bool:
            return ((i, j) if i < j else (j, i)) not in refused

        test = in_bulk_by_titles(table, accept, accept_compatible)
    else:
        test = PairTest(accept, table.of, table.agree)
    # With ahead, each band is bucketed in a thread while the one before is joined.
    join_candidates(signatures, 8, found, test, ahead=ahead)
    assert components(found) == components(expected)

    # Bands split among processes (--jobs): each part joins its bands into its own copy
    # of the sets, and the copies merge into the same components.
    for parts in (2, 3):
        merged = UnionFind(len(rows))
        for part in range(parts):
            own = UnionFind(len(rows))
            join_candidates(signatures, 8, own, test, band_numbers=range(part, 8, parts))
            merged.join(own.roots())
        assert components(merged) == components(expected)

    if only_some:
        # An index run: the sets of the texts numbered below `half` are known, and only
        # pairs with a newer text are tried (accept refuses the others).
        half = len(rows) // 2
        known = UnionFind(len(rows))
        old_only = UnionFind(half)
        for i, j in banded_candidate_pairs(signatures[:half], 8):
            if accept(i, j):
                old_only.union(i, j)
        for members in old_only.groups().values():
            for m in members[1:]:
                known.union(members[0], m)
        only = np.arange(len(rows)) >= half

        def accept_new(i: int, j: int) -> bool:
            return (only[i] or only[j]) and accept(i, j)

        bulk = (table.agreeing, table.numbers(), table.agree_many) if in_bulk else (None, None, None)
        join_candidates(signatures, 8, known, PairTest(accept_new, table.of, table.agree, *bulk), only)
        assert components(known) == components(expected)


@settings(max_examples=10, deadline=None)
@given(corpus=corpora())
def test_the_local_engine_splits_the_bands_among_forked_processes(
    corpus: tuple[np.ndarray, list[str], set[tuple[int, int]]],
) -> None:
    rows, titles, refused = corpus
    table = TitleWords(titles, 0.7)
    test = PairTest(refusing(refused, table), table.of, table.agree, table.agreeing, table.numbers(), table.agree_many)
    expected = UnionFind(len(rows))
    join_candidates(rows, 8, expected, test)
    engine = engines.LocalEngine(DedupConfig(), CleanOptions(), ReadOptions(), jobs=2)
    engine.fork_from = 0  # fork even for these few texts
    found = UnionFind(len(rows))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(forked, "MEMORY_BUDGET_MB", 1e9)  # whatever the size of the test process
        engine.join_candidates(rows, 8, found, test)
    assert engine.forks == forked.ForkCount(forked=1, done_here=0), "the bands were not split"
    assert components(found) == components(expected)


@settings(max_examples=60, deadline=None)
@given(
    size=st.integers(1, 30),
    first=st.lists(st.tuples(st.integers(0, 29), st.integers(0, 29)), max_size=20),
    second=st.lists(st.tuples(st.integers(0, 29), st.integers(0, 29)), max_size=20),
)
def test_joining_two_partitions_gives_the_components_of_both_edge_sets(
    size: int, first: list[tuple[int, int]], second: list[tuple[int, int]]
) -> None:
    def built(edges: list[tuple[int, int]]) -> UnionFind:
        sets = UnionFind(size)
        for a, b in edges:
            if a < size and b < size:
                sets.union(a, b)
        return sets

    joined = built(first)
    joined.join(built(second).roots())
    assert components(joined) == components(built(first + second))


@settings(max_examples=80, deadline=None)
@given(size=st.integers(1, 30), steps=st.lists(st.one_of(st.none(), st.tuples(st.integers(0, 29), st.integers(0, 29)))))
def test_roots_between_unions_are_every_element_s_find(size: int, steps: list[tuple[int, int] | None]) -> None:
    # roots() keeps its array between calls and applies the unions made since: asked
    # again and again between unions (once per LSH band), it must still be find().
    sets = UnionFind(size)
    for step in [*steps, None]:
        if step is None:
            roots = sets.roots()
            assert roots.tolist() == [sets.find(x) for x in range(size)]
            roots[:] = 0  # the caller's copy: changing it changes nothing here
        elif max(step) < size:
            sets.union(*step)


@pytest.mark.parametrize("jobs", [1, 2])
def test_one_blas_thread_and_bands_bucketed_ahead_with_more_jobs_when_not_split(
    monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    # The title matrix products run on BLAS, which starts a thread per core: they are
    # small, and a second thread only spun. --jobs 1 promises one core; with more, the
    # second core buckets the next band.
    from threadpoolctl import threadpool_info

    blas = [lib for lib in threadpool_info() if lib["user_api"] == "blas"]
    seen: list[int] = []
    asked: list[object] = []

    def watched(*args: object, **kwargs: object) -> None:
        seen.extend(lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas")
        asked.append(kwargs.get("ahead", False))

    monkeypatch.setattr(engines, "join_candidates", watched)
    engine = engines.LocalEngine(DedupConfig(), CleanOptions(), ReadOptions(), jobs=jobs)
    engine.fork_from = 10**9  # never split: the path of one process
    engine.join_candidates(np.zeros((3, 8), dtype=np.uint32), 2, UnionFind(3), PairTest(lambda i, j: True))
    assert asked == [jobs > 1]
    assert seen == [1] * len(blas)


def _runs_by_bytes(block: np.ndarray) -> list[list[int]]:
    """The rule: rows equal byte for byte share a bucket (MinHashLSH's), in row order."""
    found: dict[bytes, list[int]] = {}
    for row, values in enumerate(block):
        found.setdefault(values.tobytes(), []).append(row)
    return sorted(found.values())


def _runs(block: np.ndarray) -> list[list[int]]:
    order, starts = lsh._equal_runs(block)
    ends = [*starts.tolist()[1:], len(order)] if len(order) else []
    return sorted(order[start:end].tolist() for start, end in zip(starts.tolist(), ends, strict=True))


@settings(max_examples=80, deadline=None)
@given(
    rows=st.integers(1, 5),
    values=st.lists(st.lists(st.integers(0, 3) | st.integers(0, 2**32 - 1), min_size=5, max_size=5), max_size=60),
)
def test_equal_rows_of_a_band_make_one_run_each_in_row_order(rows: int, values: list[list[int]]) -> None:
    block = np.ascontiguousarray(np.array(values, dtype=np.uint32).reshape(len(values), 5)[:, :rows])
    assert _runs(block) == _runs_by_bytes(block)


def test_rows_whose_mixes_collide_are_still_told_apart() -> None:
    # Two rows of two 64-bit words mix to one number when b2 = (a1 * M) ^ b1 ^ (a2 * M).
    mix = int(lsh._MIX)
    a1, b1, a2 = 12345, 678, 999
    b2 = ((a1 * mix) % 2**64) ^ b1 ^ ((a2 * mix) % 2**64)
    words = np.array([[a1, b1], [a2, b2], [a1, b1], [a2, b2], [5, 6]], dtype=np.uint64)
    block = words.view(np.uint32)
    mixed = [((((0 ^ a) * mix) % 2**64 ^ b) * mix) % 2**64 for a, b in words.tolist()]
    assert mixed[0] == mixed[1]  # the collision the fallback is for
    assert _runs(block) == [[0, 2], [1, 3], [4]]


def test_a_large_bucket_asks_only_pairs_of_agreeing_titles_the_rest_of_the_test() -> None:
    # Twenty-four copies in one bucket of every band, under three titles: the first two
    # agree, the third agrees with neither. The rest of the test accepts every pair, so
    # any pair of the third title with another, asked it, would join them.
    titles = ["w0 w1 w2 w3", "w0 w1 w2 w4", "w5 w6 w7 w8"] * 8
    table = TitleWords(titles, 0.7)
    accept = refusing(set(), table)
    test = in_bulk_by_titles(table, accept, lambda i, j: True)
    sets = UnionFind(len(titles))
    join_candidates([np.arange(32, dtype=np.uint32)] * len(titles), 8, sets, test)
    third = [n for n in range(len(titles)) if n % 3 == 2]
    assert components(sets) == [[n for n in range(len(titles)) if n % 3 != 2], third]


@settings(max_examples=40, deadline=None)
@given(
    values=st.lists(st.lists(st.integers(0, 3), min_size=8, max_size=8), max_size=40),
    bands=st.lists(st.integers(0, 3), max_size=6),
)
def test_bands_bucketed_ahead_are_the_bands_asked_in_their_order(values: list[list[int]], bands: list[int]) -> None:
    matrix = np.array(values, dtype=np.uint32).reshape(len(values), 8)
    expected = [lsh._band_runs(matrix, 2, band) for band in bands]
    found = list(lsh._runs_of_bands(matrix, 2, iter(bands), ahead=True))
    assert len(found) == len(expected)
    for band, (expected_order, expected_starts) in zip(found, expected, strict=True):
        assert band.order.tolist() == expected_order.tolist() and band.starts.tolist() == expected_starts.tolist()


@settings(max_examples=60, deadline=None)
@given(corpus=corpora(), band=st.integers(0, 7), steps=st.lists(st.tuples(st.integers(0, 59), st.integers(0, 59))))
def test_pairs_sifted_ahead_by_earlier_sets_are_those_sifted_by_the_current_ones(
    corpus: tuple[np.ndarray, list[str], set[tuple[int, int]]], band: int, steps: list[tuple[int, int]]
) -> None:
    # The thread that works ahead sifts a band's pairs by the sets as an earlier band
    # began; the joining thread then drops those its current sets join. Together they
    # must leave the pairs that sifting by the current sets alone leaves (a pair in one
    # set earlier is in one set now: sets only grow).
    rows, titles, _ = corpus
    table = TitleWords(titles, 0.7)
    test = in_bulk_by_titles(table, refusing(set(), table), lambda i, j: True)
    sets = UnionFind(len(rows))
    half = len(steps) // 2
    for step in steps[:half]:
        if max(step) < len(rows):
            sets.union(*step)
    earlier = sets.roots()
    for step in steps[half:]:
        if max(step) < len(rows):
            sets.union(*step)
    now = sets.roots()
    order, starts = lsh._band_runs(rows, 4, band)

    sifter = lsh._Sifter(test, None)
    sifter.roots = earlier
    first, second = sifter(order, starts).pairs or (np.zeros(0, np.int64), np.zeros(0, np.int64))
    apart = now[first] != now[second]
    ahead = set(zip(first[apart].tolist(), second[apart].tolist(), strict=True))

    kept, kept_starts, kept_ends = lsh._kept_buckets(order, starts, None, now)
    small = kept_ends - kept_starts <= lsh._SMALL_BUCKET
    first, second = lsh._sifted_pairs(kept, kept_starts[small], kept_ends[small], now, test, None)
    assert ahead == set(zip(first.tolist(), second.tolist(), strict=True))
    # Every pair left has titles that agree, in two sets now.
    assert all(now[i] != now[j] and refusing(set(), table)(i, j) for i, j in ahead)


def test_the_switch_interval_is_short_while_a_thread_works_ahead_and_restored_after() -> None:
    import sys

    matrix = np.zeros((4, 8), dtype=np.uint32)
    before = sys.getswitchinterval()
    seen = [sys.getswitchinterval() for _ in lsh._runs_of_bands(matrix, 2, range(4), ahead=True)]
    assert seen == [lsh._SWITCH_INTERVAL] * 4
    assert sys.getswitchinterval() == before
    assert [sys.getswitchinterval() for _ in lsh._runs_of_bands(matrix, 2, range(4), ahead=False)] == [before] * 4

    # Two loops that overlap (a library caller's threads): the interval stays short
    # until the last one ends, and is then the one from before the first.
    first = lsh._runs_of_bands(matrix, 2, range(3), ahead=True)
    second = lsh._runs_of_bands(matrix, 2, range(3), ahead=True)
    next(first)
    next(second)
    list(first)
    assert sys.getswitchinterval() == lsh._SWITCH_INTERVAL
    list(second)
    assert sys.getswitchinterval() == before
