"""The occurrence log against the obvious list of tuples: dropping the first rows of
re-cleaned documents, the rows of a set of variants, the rows of each document."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cleaner.dedup.occurrences import OccurrenceLog

Row = tuple[int, int, int, int, int]  # variant, document, position, text, caption

rows_strategy = st.lists(
    st.tuples(
        st.integers(0, 6),
        st.integers(0, 5),
        st.integers(0, 65535),
        st.integers(0, 2**64 - 1),
        st.integers(0, 2**64 - 1),
    ),
    max_size=40,
)


def logged(rows: list[Row]) -> OccurrenceLog:
    log = OccurrenceLog()
    for row in rows:
        log.add(*row)
    return log


def as_tuples(log: OccurrenceLog) -> list[Row]:
    return list(zip(log.variant, log.document, log.position, log.text, log.caption, strict=True))


@given(rows_strategy, rows_strategy, st.sets(st.integers(0, 5)))
def test_dropping_documents_keeps_every_other_row_in_order(first: list[Row], later: list[Row], again: set[int]) -> None:
    log = logged(first + later)
    log.drop_documents(again, len(first))
    assert as_tuples(log) == [r for r in first if r[1] not in again] + later


@given(rows_strategy, st.sets(st.integers(0, 8)))
def test_rows_of_variants(rows: list[Row], variants: set[int]) -> None:
    found = logged(rows).rows().of_variants(sorted(variants))
    assert sorted(found.tolist()) == [n for n, r in enumerate(rows) if r[0] in variants]


@given(rows_strategy)
def test_rows_by_document_and_position(rows: list[Row]) -> None:
    table = logged(rows).rows()
    order, starts = table.by_document(6)
    for document in range(6):
        mine = order[starts[document] : starts[document + 1]].tolist()
        assert sorted(mine) == [n for n, r in enumerate(rows) if r[1] == document]
        assert [rows[n][2] for n in mine] == sorted(rows[n][2] for n in mine)
    columns = (table.variant, table.document, table.position, table.text, table.caption)
    assert [tuple(int(c[n]) for c in columns) for n in range(len(rows))] == rows
