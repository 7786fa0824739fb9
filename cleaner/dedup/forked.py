"""Run a function in a forked child while this process goes on with other work.

The corpus stages run in the driver after the worker pool is gone, so with ``--jobs 2``
one core idles through them. A forked child sees the driver's data as it is (copy on
write: nothing is pickled on the way in) and sends back only its result, as bytes.

Copy on write is not free with CPython: every object a process touches has its
reference count written, and new objects fill the free slots scattered over a heap that
has allocated and freed millions of them, so page after page is copied in one process or
the other. Measured at 80,000 files: the driver held 350 MB, a child writing the teaser
records added 300 MB (proportional set size) and one joining half the LSH bands 240 MB.
So a child is started only while the driver is small enough for the pair to stay within
:data:`MEMORY_BUDGET_MB` even if every page were copied (:func:`fork_affordable`): small
and middling corpora get the second core, large ones keep their memory.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing import get_context
from multiprocessing.connection import Connection

__all__ = [
    "MEMORY_BUDGET_MB",
    "ChildFailed",
    "ForkCount",
    "beside_affordable",
    "can_fork",
    "fork_affordable",
    "resident_mb",
    "start_in_child",
    "status_mb",
]


class ChildFailed(RuntimeError):
    """The work raised an exception in the child."""


@dataclass
class ForkCount:
    """The children of one run, for its report: how many were forked, and how many
    shares of work this process did itself because a child could not be forked or died
    (the run was slower, and memory may have run short)."""

    forked: int = 0
    done_here: int = 0

    def to_json(self) -> dict[str, int]:
        return {"forked": self.forked, "done_here": self.done_here}


# What the corpus pipeline promises to stay under on an 80,000-file corpus (issue 5).
MEMORY_BUDGET_MB = 500.0


def can_fork() -> bool:
    return hasattr(os, "fork")


def fork_affordable(children: int = 1) -> bool:
    """Whether ``children`` may be forked now: this process, copied whole into each,
    would still fit the memory budget. Not where the resident size cannot be read (no
    /proc)."""
    resident = resident_mb()
    return can_fork() and resident is not None and (1 + children) * resident <= MEMORY_BUDGET_MB


def beside_affordable(mb: float) -> bool:
    """Whether a new process of ``mb`` (not a fork: it shares nothing with this one)
    would fit the memory budget beside this process. Not where the resident size
    cannot be read (no /proc)."""
    resident = resident_mb()
    return resident is not None and resident + mb <= MEMORY_BUDGET_MB


def resident_mb() -> float | None:
    """This process's resident memory now (``None`` where /proc/self/status is missing)."""
    return status_mb("VmRSS")


def status_mb(field: str) -> float | None:
    """A memory field of /proc/self/status (``VmRSS``, ``VmHWM``...) in MB; ``None``
    where the file or the field is missing (not Linux)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024  # kB
    except (OSError, ValueError, IndexError):
        pass
    return None


def start_in_child(work: Callable[[], bytes], count: ForkCount | None = None) -> Callable[[], bytes]:
    """Start ``work`` in a forked child now; return the function that waits for it and
    gives its result (raising :class:`ChildFailed` if ``work`` raised in the child).

    A child is a way to use another core, never a condition of the result: if no child
    can be started (no memory or processes left to fork), or the child dies without a
    word (killed by the kernel when memory runs out, or by a signal), ``work`` is run
    in this process when its result is asked for. So ``work`` must leave nothing a
    second run would trip over: its result is its only effect, or it starts by
    resetting what it writes. ``count``, when given, is told which of these happened."""
    count = count if count is not None else ForkCount()
    context = get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_run, args=(work, sender), daemon=True)
    try:
        child.start()
    except OSError:  # EAGAIN, ENOMEM: this process does the work, when it is asked for
        receiver.close()
        sender.close()
        count.done_here += 1
        return work
    count.forked += 1
    sender.close()  # the child holds its own copy: EOF here once it exits

    def result() -> bytes:
        try:
            message = receiver.recv_bytes()
        except EOFError:
            child.join()
            count.done_here += 1
            return work()  # the child died (its exit code was child.exitcode): done here instead
        finally:
            receiver.close()
        child.join()
        ok, payload = message[:1], message[1:]
        if ok != b"1":
            raise ChildFailed(f"a forked child failed: {pickle.loads(payload)}")
        return payload

    return result


def _run(work: Callable[[], bytes], sender: Connection) -> None:
    try:
        message = b"1" + work()
    except BaseException as exc:  # reported to the parent, which raises
        message = b"0" + pickle.dumps(f"{type(exc).__name__}: {exc}")
    sender.send_bytes(message)
    sender.close()
