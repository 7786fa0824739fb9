"""Work in a forked child: its result comes back, and a failure is an exception in the
parent, never a hang or a silent empty result."""

from __future__ import annotations

import os

import pytest

from cleaner.dedup import forked
from cleaner.dedup.forked import ChildFailed, can_fork, fork_affordable, resident_mb, start_in_child

pytestmark = pytest.mark.skipif(not can_fork(), reason="needs os.fork")


def test_the_result_of_the_child_comes_back_while_the_parent_works() -> None:
    data = list(range(100_000))  # seen by the child as it was at the fork, not pickled
    waiting = start_in_child(lambda: str(sum(data)).encode())
    data.clear()  # the parent's change does not reach the child
    assert waiting() == str(sum(range(100_000))).encode()


def test_an_exception_in_the_child_is_raised_in_the_parent() -> None:
    def fails() -> bytes:
        raise ValueError("no signatures")

    with pytest.raises(ChildFailed, match="ValueError: no signatures"):
        start_in_child(fails)()


def test_a_child_that_dies_is_reported_with_its_exit_code() -> None:
    def dies() -> bytes:
        os._exit(7)

    with pytest.raises(ChildFailed, match="exit code 7"):
        start_in_child(dies)()


def test_large_results_cross_the_pipe() -> None:
    payload = bytes(range(256)) * 40_000  # 10 MB: more than a pipe buffer
    assert start_in_child(lambda: payload)() == payload


@pytest.mark.skipif(resident_mb() is None, reason="needs /proc/self/status")
def test_a_child_is_forked_only_while_both_would_fit_the_memory_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    resident = resident_mb()
    assert resident is not None and 5 < resident < 100_000
    monkeypatch.setattr(forked, "MEMORY_BUDGET_MB", 2.5 * resident)
    assert fork_affordable()
    assert not fork_affordable(children=2)  # each child may copy the whole process
    monkeypatch.setattr(forked, "MEMORY_BUDGET_MB", 1.5 * resident)
    assert not fork_affordable()
