"""The library from several threads (SPEC §6): the same results as one thread, and two
calls never influence each other."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

import cleaner
import cleaner.profiles
from benchmarks.generate import generate


@pytest.fixture
def busy_switching(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Threads switch as often as the interpreter can, and the caches shared by the
    calls (the lexicon's credits) are cleared every few entries: interleavings that a
    default run would meet once in a long while happen at every call."""
    monkeypatch.setattr(cleaner.profiles, "_CREDIT_CACHE_SIZE", 3)
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(interval)


def test_clean_from_several_threads_gives_what_one_thread_gives(busy_switching: None) -> None:
    texts = [text for _, text, _ in generate(240, seed=31)]
    alone = [cleaner.clean(text).to_json("x") for text in texts]
    with ThreadPoolExecutor(4) as pool:
        together = list(pool.map(lambda text: cleaner.clean(text).to_json("x"), texts))
    assert together == alone


def test_two_dedup_calls_at_once_do_not_influence_each_other(busy_switching: None) -> None:
    corpora = [[(name, text) for name, text, _ in generate(120, seed=seed)] for seed in (32, 33)]
    alone = [cleaner.dedup(documents) for documents in corpora]
    with ThreadPoolExecutor(2) as pool:
        together = list(pool.map(cleaner.dedup, corpora))
    for one, other in zip(alone, together, strict=True):
        assert (one.articles, one.teasers) == (other.articles, other.teasers)
