"""The workers' shared table of signed teaser texts: never says "seen" of a text no
process added (short of a fingerprint shared with one that was), remembers what was
added while it has room, shares it with forked processes, and only declines, never
fails, when it is full."""

from __future__ import annotations

import os
from multiprocessing import get_context

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleaner.dedup.config import DedupConfig
from cleaner.dedup.extract import Extractor, Task, key_digest
from cleaner.dedup.seen_keys import SeenKeys
from cleaner.inputs import ReadOptions
from cleaner.pipeline import CleanOptions

_LOW = (1 << 64) - 1


@given(texts=st.lists(st.text(max_size=12), max_size=60))
def test_a_text_is_seen_once_added_and_never_before(texts: list[str]) -> None:
    table = SeenKeys(len(texts))
    added: set[int] = set()
    for text in texts:
        digest = key_digest(text)
        seen = table.seen_or_add(digest)
        # Digests of distinct texts differ in their low 64 bits too (blake2b), so "seen"
        # is exact here, and at most one text in four fills a slot: nothing crowds.
        assert seen == (digest in added)
        added.add(digest)
    table.close()


@given(digests=st.lists(st.integers(0, (1 << 128) - 1), max_size=300))
def test_a_crowded_table_declines_but_says_seen_only_of_what_was_added(digests: list[int]) -> None:
    # Any digests at all, small ones too (they all pick the first slots): a text is
    # signed again when the table has no room, never taken as signed when it was not.
    table = SeenKeys(1)
    added: set[int] = set()
    for digest in digests:
        fingerprint = digest & _LOW or 1  # 0 marks an empty slot
        if table.seen_or_add(digest):
            assert fingerprint in added
        added.add(fingerprint)
    table.close()


def test_a_full_table_declines_every_new_text() -> None:
    table = SeenKeys(1)
    for number in range(len(table)):
        assert not table.seen_or_add(key_digest(f"text {number}"))
    filled = sum(table.seen_or_add(key_digest(f"text {n}")) for n in range(len(table)))
    assert 0 < filled < len(table)  # some were declined on the way: no room near their slot
    assert not any(table.seen_or_add(key_digest(f"new {n}")) for n in range(1000))
    table.close()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the table is shared through fork")
def test_what_a_forked_process_adds_its_parent_and_siblings_see() -> None:
    table = SeenKeys(100)
    context = get_context("fork")
    children = [context.Process(target=_add, args=(table, f"child {n}")) for n in range(2)]
    for child in children:
        child.start()
    for child in children:
        child.join()
        assert child.exitcode == 0
    assert all(table.seen_or_add(key_digest(f"child {n} {i}")) for n in range(2) for i in range(50))
    assert not table.seen_or_add(key_digest("nobody's"))
    table.close()


def _add(table: SeenKeys, prefix: str) -> None:
    for i in range(50):
        table.seen_or_add(key_digest(f"{prefix} {i}"))


_DOCUMENT = """Un titre d'article assez long pour en être un

Un chapeau qui résume l'article en une phrase.

Hanoï (VNA) – Le corps de l'article, avec assez de mots pour être un paragraphe. – VNA

Voir plus

Un premier titre de teaser qui revient ailleurs

Le résumé du premier teaser, qui tient en une phrase.

Un second titre de teaser qui revient aussi

Le résumé du second teaser, qui tient aussi en une phrase.
"""


def test_a_worker_does_not_sign_what_another_worker_signed() -> None:
    table = SeenKeys(10)
    settings = (DedupConfig(), CleanOptions(), ReadOptions())
    first, second = Extractor(*settings, seen=table), Extractor(*settings, seen=table)
    signed = first(Task("a.txt", text=_DOCUMENT)).new_signatures
    assert len(signed) == 2  # both teasers are new to the table
    assert second(Task("b.txt", text=_DOCUMENT)).new_signatures == {}
    alone = Extractor(*settings)(Task("c.txt", text=_DOCUMENT)).new_signatures
    assert alone == signed  # without the table: signed again, the same bytes
    table.close()
