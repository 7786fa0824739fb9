"""The buffer of signature rows becomes the signature matrix: reordered in place when
asked for every row in another order (no second copy of the signatures), copied when
asked for some rows."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from cleaner.dedup import signature_rows
from cleaner.dedup.signature_rows import SignatureRows

_WIDTH = 8  # bytes a signature: two uint32


def _rows(count: int) -> tuple[SignatureRows, np.ndarray]:
    rows = SignatureRows(_WIDTH)
    values = np.arange(count * 2, dtype=np.uint32).reshape(count, 2)
    for value in values:
        rows.append(value.tobytes())
    return rows, values


@st.composite
def _mostly_in_place(draw: st.DrawFn) -> list[int]:
    # What the workers make: the rows in order but for a few texts whose signature
    # came with a later occurrence, so that the rows after each are one behind.
    count = draw(st.integers(0, 60))
    order = list(range(count))
    for _ in range(draw(st.integers(0, 4))):
        if count > 1:
            late, to = sorted(draw(st.lists(st.integers(0, count - 1), min_size=2, max_size=2, unique=True)))
            order.insert(late, order.pop(to))
    return order


@given(order=st.one_of(_mostly_in_place(), st.permutations(list(range(40))), st.permutations(list(range(3)))))
def test_all_the_rows_in_another_order_are_the_buffer_reordered(order: list[int]) -> None:
    original = signature_rows._CHUNK
    signature_rows._CHUNK = 3  # several chunks even in small matrices
    try:
        rows, values = _rows(len(order))
        matrix = rows.matrix(order)
        assert np.array_equal(matrix, values[order].reshape(len(order), 2))
        if order:
            assert np.shares_memory(matrix, rows.matrix())  # a view: no second copy
            assert rows.row(0) == values[order[0]].tobytes()
    finally:
        signature_rows._CHUNK = original


@given(order=st.lists(st.integers(0, 9), max_size=15))
def test_some_rows_are_a_copy_and_the_buffer_stays(order: list[int]) -> None:
    rows, values = _rows(10)
    if sorted(order) == list(range(10)):
        return  # a permutation: the other test
    matrix = rows.matrix(order)
    assert np.array_equal(matrix, values[order].reshape(len(order), 2))
    assert np.array_equal(rows.matrix(), values)
