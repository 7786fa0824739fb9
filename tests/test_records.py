"""Teaser numbering and ids from one sort of the occurrence rows equal the rule applied
teaser by teaser: the id comes from the key at the first occurrence in (document id,
position) order, the smaller key when two occurrences share a place."""

from __future__ import annotations

import hashlib
import json
from array import array
from collections import Counter
from types import SimpleNamespace
from typing import cast

from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.dedup.corpus import CorpusRun
from cleaner.dedup.occurrences import NO_CAPTION, OccurrenceLog
from cleaner.dedup.record_json import (
    Chosen,
    TeaserRows,
    occurrences_json,
    record_heads,
    record_line,
    teasers_json,
)
from cleaner.dedup.records import in_id_order, link_teasers, teaser_rows
from cleaner.dedup.spill import StringSpill, read_record


@st.composite
def runs(draw: st.DrawFn) -> tuple[SimpleNamespace, list[list[int]]]:
    variants = draw(st.integers(1, 12))
    keys = [f"title {n}\nsummary {draw(st.integers(0, 5))} {n}" for n in range(variants)]
    documents = draw(st.integers(1, 8))
    # Document ids need not be numbered in id order for the rule to hold.
    ids = draw(st.permutations([f"doc-{n:02d}" for n in range(documents)]))
    log = OccurrenceLog()
    for _ in range(draw(st.integers(0, 30))):
        log.add(
            draw(st.integers(0, variants - 1)),
            draw(st.integers(0, documents - 1)),
            draw(st.integers(0, 3)),  # few positions: places shared by two occurrences happen
            draw(st.integers(1, 4)),
            draw(st.integers(0, 3)),  # 0: no caption
        )
    labels = [draw(st.integers(0, 3)) for _ in range(variants)]  # variants with one label: a cluster
    clusters = [[v for v in range(variants) if labels[v] == label] for label in sorted(set(labels))]
    return SimpleNamespace(keys=keys, ids=ids, occurrences=log), clusters


@settings(max_examples=200, deadline=None)
@given(case=runs())
def test_teasers_and_ids_are_those_of_the_rule(case: tuple[SimpleNamespace, list[list[int]]]) -> None:
    run, clusters = case
    links = link_teasers(cast(CorpusRun, run), clusters)
    log = run.occurrences
    expected_ids: list[str] = []
    teaser_of_row: dict[int, int] = {}
    for members in clusters:
        mine = [r for r in range(len(log)) if log.variant[r] in members]
        if not mine:
            continue
        first = min(mine, key=lambda r: (run.ids[log.document[r]], log.position[r], run.keys[log.variant[r]]))
        key = run.keys[log.variant[first]]
        expected_ids.append("t-" + hashlib.blake2b(key.encode("utf-8"), digest_size=8).hexdigest())
        for r in mine:
            teaser_of_row[r] = len(expected_ids) - 1
    assert links.ids == expected_ids
    assert links.teaser_of_row.tolist() == [teaser_of_row[r] for r in range(len(log))]
    for number, (start, end) in enumerate(zip(links.starts, links.starts[1:], strict=False)):
        rows = links.order[start:end].tolist()
        assert {teaser_of_row[r] for r in rows} == {number}
        places = [(run.ids[log.document[r]], log.position[r]) for r in rows]
        assert places == sorted(places)  # the order of the record's occurrences


@settings(max_examples=200, deadline=None)
@given(
    record=st.tuples(
        st.text(), st.text(), st.text(), st.none() | st.text(), st.none() | st.text(), st.none() | st.text()
    ),
    places=st.lists(st.tuples(st.text(), st.integers(0, 10_000))),
)
def test_record_lines_are_what_json_dumps_writes(
    record: tuple[str, str, str, str | None, str | None, str | None], places: list[tuple[str, int]]
) -> None:
    # Quotes, backslashes, control characters, lone surrogates, any script: the lines are
    # written without json.dumps, and must be its bytes.
    teaser, title, summary, caption, credit, article = record
    occurrences = occurrences_json(places)
    assert occurrences == json.dumps([{"article": a, "position": p} for a, p in places], ensure_ascii=False)
    strings = [StringSpill(), StringSpill()]
    try:
        strings[0].put(1, (title, summary))
        strings[1].put(2, (caption, credit))
        texts, captions = (spill.shared() for spill in strings)
        place = array("q", [0]), array("q", [texts.ends[0]])
        caption_bounds = array("q", [0, 0 if caption is None else 1])
        rows = TeaserRows(
            [teaser],
            array("q", [0, len(places)]),
            array("I", range(len(places))),
            array("H", [p for _, p in places]),
            array("I", [2]),
            Chosen(array("q", [0, 1]), *place),
            Chosen(caption_bounds, array("q", [0]), array("q", [captions.ends[0]])),
        )
        (head,) = record_heads(rows, [a for a, _ in places], texts.fd, captions.fd)
    finally:
        for spill in strings:
            spill.close()
    line = record_line(head, article)
    # As the records were written with json.dumps before.
    fields: dict[str, object] = {"id": teaser, "title": title, "summary": summary, "caption": caption}
    fields |= {"credit": None if caption is None else credit, "count": len(places), "variants": 2}
    expected = (
        f"{json.dumps(fields, ensure_ascii=False)[:-1]}, "
        f'"occurrences": {occurrences}, "article": {json.dumps(article, ensure_ascii=False)}}}'
    )
    assert line == expected + "\n"
    linked = [(p, a) for a, p in places]
    assert teasers_json(linked) == json.dumps([{"teaser": t, "position": p} for p, t in linked])


@settings(max_examples=200, deadline=None)
@given(case=runs(), credits=st.booleans())
def test_the_rows_of_each_record_are_those_of_counting_its_occurrences(
    case: tuple[SimpleNamespace, list[list[int]]], credits: bool
) -> None:
    # The texts and captions of a record are chosen among the most frequent of its
    # occurrences (in the order of their first occurrence, which breaks ties between
    # captions that sort alike) by numpy, for all the teasers at once: the same as
    # counting them teaser by teaser.
    run, clusters = case
    links = link_teasers(cast(CorpusRun, run), clusters)
    log = run.occurrences
    texts, captions = StringSpill(), StringSpill()
    try:
        for n in range(1, 5):
            texts.put(n, (f"title {n}", f"summary {n}"))
            captions.put(n, (f"caption {n % 2}", None if credits and n < 3 else ""))  # ties when sorted
        numbers = in_id_order(links)
        rows = teaser_rows(links, numbers, texts.shared(), captions.shared())
        assert rows.ids == sorted(links.ids)
        for k, number in enumerate(numbers):
            mine = links.order[links.starts[number] : links.starts[number + 1]].tolist()
            start, end = rows.bounds[k], rows.bounds[k + 1]
            assert rows.documents[start:end].tolist() == [log.document[r] for r in mine]
            assert rows.positions[start:end].tolist() == [log.position[r] for r in mine]
            text_counts = Counter(log.text[r] for r in mine)
            caption_counts = Counter(log.caption[r] for r in mine if log.caption[r] != NO_CAPTION)
            assert rows.variants[k] == len(text_counts)
            for chosen, counts, spill in (
                (rows.texts, text_counts, texts),
                (rows.captions, caption_counts, captions),
            ):
                top = max(counts.values(), default=0)
                expected = [spill_record(spill, key) for key, n in counts.items() if n == top]
                assert chosen.read(k, spill.shared().fd) == expected
    finally:
        texts.close()
        captions.close()


def spill_record(spill: StringSpill, key: int) -> tuple[str | None, ...]:
    shared = spill.shared()
    at = list(shared.keys).index(key)
    start = shared.ends[at - 1] if at else 0
    return read_record(shared.fd, start, shared.ends[at] - start)
