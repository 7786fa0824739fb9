"""The spills of the corpus stage give back exactly what went in."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleaner.dedup.spill import ColumnSpill, StringSpill, digest, read_record


@given(st.lists(st.text(), max_size=40))
def test_a_column_comes_back_in_order_across_chunks(values: list[str]) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ColumnSpill, "_CHUNK", 3)  # many chunks, and a partial last one
        column = ColumnSpill()
        for value in values:
            column.append(value)
        assert len(column) == len(values)
        assert column.read() == values


def test_a_column_closes_its_file_when_read() -> None:
    column = ColumnSpill()
    column.append("a\nb")
    assert column.read() == ["a\nb"]
    assert column._file.closed


long_text = st.text(min_size=3000, max_size=6000)  # lines longer than one read


@given(st.lists(st.tuples(st.text() | long_text, st.none() | st.text()), max_size=20))
def test_strings_put_twice_are_read_back_equal(parts: list[tuple[str, str | None]]) -> None:
    strings = StringSpill()
    try:
        for item in parts + parts:  # the caption spill may write a string twice
            strings.put(digest(item), item)
        shared = strings.shared()
        assert list(shared.keys) == [digest(item) for item in parts + parts]
        for item, start, end in zip(parts + parts, [0, *shared.ends], shared.ends, strict=False):
            assert read_record(shared.fd, start, end - start) == item
    finally:
        strings.close()


Parts = tuple[str, str | None]
parts = st.tuples(st.text(), st.none() | st.text())


@given(parts, parts)
def test_digest_is_an_unsigned_64_bit_function_of_the_strings(a: Parts, b: Parts) -> None:
    assert 0 <= digest(a) < 2**64  # it goes in array("Q") columns
    assert digest(a) == digest((a[0], a[1]))  # equal tuples, however built
    if a != b:
        assert digest(a) != digest(b)  # a collision has odds of 2**-64


def test_digest_tells_none_from_empty() -> None:
    assert digest(("a", None)) != digest(("a", ""))


def test_a_shared_spill_takes_no_more_strings() -> None:
    strings = StringSpill()
    try:
        strings.put(1, ("a",))
        shared = strings.shared()
        with pytest.raises(RuntimeError):
            strings.put(2, ("b",))
        assert strings.shared() == shared  # again: a dead child's share is written by the parent
        assert read_record(shared.fd, 0, shared.ends[0]) == ("a",)
    finally:
        strings.close()
