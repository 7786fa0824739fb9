"""Work in a forked child: its result comes back, an exception in it is raised in the
parent, and a child that dies or cannot be forked costs time, never the result: the
parent does the work. Never a hang or a silent empty result."""

from __future__ import annotations

import errno
import os
import signal
from multiprocessing import Pipe
from multiprocessing.connection import Connection

import pytest

from cleaner.dedup import forked
from cleaner.dedup.forked import ChildFailed, ForkCount, can_fork, fork_affordable, resident_mb, start_in_child

pytestmark = pytest.mark.skipif(not can_fork(), reason="needs os.fork")


def test_the_result_of_the_child_comes_back_while_the_parent_works() -> None:
    data = list(range(100_000))  # seen by the child as it was at the fork, not pickled
    count = ForkCount()
    waiting = start_in_child(lambda: str(sum(data)).encode(), count)
    data.clear()  # the parent's change does not reach the child
    assert waiting() == str(sum(range(100_000))).encode()
    assert count == ForkCount(forked=1, done_here=0)


def test_an_exception_in_the_child_is_raised_in_the_parent() -> None:
    def fails() -> bytes:
        raise ValueError("no signatures")

    with pytest.raises(ChildFailed, match="ValueError: no signatures"):
        start_in_child(fails)()


def test_the_work_of_a_child_that_dies_is_done_by_the_parent() -> None:
    parent = os.getpid()

    def dies_in_child() -> bytes:
        if os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)  # as the kernel ends a process when memory runs out
        return b"done by the parent"

    count = ForkCount()
    assert start_in_child(dies_in_child, count)() == b"done by the parent"
    assert count == ForkCount(forked=1, done_here=1)


def test_the_work_is_done_by_the_parent_when_no_child_can_be_forked(monkeypatch: pytest.MonkeyPatch) -> None:
    no_fork = NoFork()
    monkeypatch.setattr(forked, "get_context", no_fork.get_context)
    parent = os.getpid()
    count = ForkCount()
    waiting = start_in_child(lambda: str(os.getpid()).encode(), count)
    assert no_fork.refused == 1
    assert waiting() == str(parent).encode()
    assert count == ForkCount(forked=0, done_here=1)


class NoFork:
    """A multiprocessing context whose processes cannot start (EAGAIN), as when the
    process limit or memory is reached."""

    def __init__(self) -> None:
        self.refused = 0

    def get_context(self, method: str) -> NoFork:
        return self

    def Pipe(self, duplex: bool) -> tuple[Connection, Connection]:
        return Pipe(duplex=duplex)

    def Process(self, **kwargs: object) -> NoFork:
        return self

    def start(self) -> None:
        self.refused += 1
        raise OSError(errno.EAGAIN, "Resource temporarily unavailable")


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
