"""Run a function in a forked child while this process goes on with other work.

The corpus stages run in the driver after the worker pool is gone, so with ``--jobs 2``
one core idles through them. A forked child sees the driver's data as it is (copy on
write: nothing is pickled on the way in) and sends back only its result, as bytes.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable
from multiprocessing import get_context
from multiprocessing.connection import Connection

__all__ = ["ChildFailed", "can_fork", "start_in_child"]


class ChildFailed(RuntimeError):
    """The child raised, or died before it sent its result."""


def can_fork() -> bool:
    return hasattr(os, "fork")


def start_in_child(work: Callable[[], bytes]) -> Callable[[], bytes]:
    """Start ``work`` in a forked child now; return the function that waits for it and
    gives its result (raising :class:`ChildFailed` if the child failed)."""
    context = get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_run, args=(work, sender), daemon=True)
    child.start()
    sender.close()  # the child holds its own copy: EOF here once it exits

    def result() -> bytes:
        try:
            message = receiver.recv_bytes()
        except EOFError:
            child.join()
            raise ChildFailed(f"a forked child died (exit code {child.exitcode})") from None
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
