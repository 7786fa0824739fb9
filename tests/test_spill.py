"""The spills of the corpus stage give back exactly what went in."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleaner.dedup.spill import ColumnSpill, StringSpill, digest


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
def test_strings_put_twice_are_fetched_once_and_equal(parts: list[tuple[str, str | None]]) -> None:
    strings = StringSpill()
    try:
        for item in parts + parts:  # the caption spill may write a string twice
            strings.put(digest(item), item)
        wanted = {digest(item) for item in parts}
        fetched = strings.fetch(wanted)
        assert set(fetched) == wanted
        for item in parts:
            assert fetched[digest(item)] == item
    finally:
        strings.close()


def test_digest_is_stable_across_processes_and_tells_none_from_empty() -> None:
    # Python's hash() changes per process; ties between equally frequent texts break
    # by this digest, so it must not.
    assert digest(("a", None)) == 16890208089861592698
    assert digest(("a", "")) == 7043117008228596482


def test_a_fetched_spill_takes_no_more_strings() -> None:
    strings = StringSpill()
    try:
        strings.put(1, ("a",))
        assert strings.fetch({1})[1] == ("a",)
        with pytest.raises(RuntimeError):
            strings.put(2, ("b",))
    finally:
        strings.close()
