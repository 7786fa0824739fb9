"""Teaser numbering and ids from one sort of the occurrence rows equal the rule applied
teaser by teaser: the id comes from the key at the first occurrence in (document id,
position) order, the smaller key when two occurrences share a place."""

from __future__ import annotations

import hashlib
import json
from types import SimpleNamespace
from typing import cast

from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.dedup.corpus import CorpusRun
from cleaner.dedup.occurrences import OccurrenceLog
from cleaner.dedup.records import _TeaserRecord, link_teasers, occurrences_json, teasers_json


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
            0,
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
    count=st.integers(1, 10_000),
)
def test_record_lines_are_what_json_dumps_writes(
    record: tuple[str, str, str, str | None, str | None, str | None], places: list[tuple[str, int]], count: int
) -> None:
    # Quotes, backslashes, control characters, lone surrogates, any script: the lines are
    # written without json.dumps, and must be its bytes.
    teaser, title, summary, caption, credit, article = record
    occurrences = occurrences_json(places)
    assert occurrences == json.dumps([{"article": a, "position": p} for a, p in places], ensure_ascii=False)
    line = _TeaserRecord(teaser, count, 2, occurrences, article, [1], [] if caption is None else [2]).line(
        {1: (title, summary)}, {2: (caption, credit)}
    )
    # As the records were written with json.dumps before.
    head: dict[str, object] = {"id": teaser, "title": title, "summary": summary, "caption": caption}
    head |= {"credit": None if caption is None else credit, "count": count, "variants": 2}
    expected = (
        f"{json.dumps(head, ensure_ascii=False)[:-1]}, "
        f'"occurrences": {occurrences}, "article": {json.dumps(article, ensure_ascii=False)}}}'
    )
    assert line == expected + "\n"
    linked = [(p, a) for a, p in places]
    assert teasers_json(linked) == json.dumps([{"teaser": t, "position": p} for p, t in linked])
