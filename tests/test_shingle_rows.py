"""The shingle hashes the workers send with their signatures, as the driver keeps them."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from cleaner.dedup import DedupConfig
from cleaner.dedup.extract import Extractor, Task
from cleaner.dedup.shingle_rows import ShingleRows
from cleaner.dedup.shingles import teaser_hashes
from cleaner.inputs import ReadOptions
from cleaner.pipeline import CleanOptions
from tests.test_dedup import TEASER_A, TEASER_B, page

rows_strategy = st.lists(
    st.none() | st.lists(st.integers(0, 2**32 - 1), unique=True).map(sorted),
    max_size=30,
)


@given(rows_strategy)
def test_rows_come_back_as_added_and_unknown_rows_as_none(rows: list[list[int] | None]) -> None:
    kept = ShingleRows()
    numbers = [kept.append(None if r is None else np.array(r, dtype=np.uint32).tobytes()) for r in rows]
    assert numbers == list(range(len(rows))) and len(kept) == len(rows)
    read = kept.reader()
    for number, row in zip(numbers, rows, strict=True):
        found = read(number)
        if row is None:
            assert found is None
        else:
            assert found is not None and found.tolist() == row


def test_a_worker_sends_the_hashes_of_each_text_it_signs() -> None:
    config = DedupConfig()
    extractor = Extractor(config, CleanOptions(), ReadOptions())
    extract = extractor(Task("a.txt", text=page(1, "Un corps.", [TEASER_A, TEASER_B])))
    assert len(extract.new_signatures) == 2
    assert extract.new_shingles.keys() == extract.new_signatures.keys()
    for key, blob in extract.new_shingles.items():
        expected = teaser_hashes(key, config.teaser_shingle_words, config.teaser_summary_words)
        assert blob == expected.tobytes() and len(blob) > 0
