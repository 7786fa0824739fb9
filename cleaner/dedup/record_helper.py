"""The heads of the teaser records, written by a process started fresh while the driver
does the rest of the write stage.

Where the driver is too large to fork within the memory budget (cleaner.dedup.forked:
a child would copy it, page by page), the write stage would keep to one core, and the
teaser records are two thirds of it. A new interpreter costs 22 MB, not the driver's
350: it is sent the rows of the records (6 bytes an occurrence, and where each
teaser's chosen texts are in the spills: cleaner.dedup.records.teaser_rows), inherits
the spills' descriptors, and writes each record's head (cleaner.dedup.record_json) to a
temporary file, while the driver finds each teaser's article and writes the article
lines. The driver then joins the heads and the articles.

As with a forked child, the helper is a way to use another core, never a condition of
the result: if it cannot be started or fails, the driver writes the heads itself.
"""

from __future__ import annotations

import io
import os
import pickle
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

from cleaner.dedup.record_json import TeaserRows, record_heads

__all__ = ["HELPER_MB", "can_start", "helper_mb", "main", "payload_of", "start_record_helper"]

Heads = Callable[[], Iterator[str] | None]

# What the helper holds besides what it is sent: the interpreter and the modules it
# imports (measured 22 MB), and the heads' buffers.
HELPER_MB = 30.0

# Lone surrogates (a file decoded with surrogateescape) cross the file as they are; the
# driver's output handle decides what to do with them, as without the helper.
_ERRORS = "surrogatepass"


def can_start() -> bool:
    """Whether a helper can be started here: an interpreter to start, and descriptors
    a child can inherit (POSIX)."""
    return bool(sys.executable) and os.name == "posix"


def helper_mb(payload: bytes) -> float:
    """The helper's memory at most, by what it is sent: the arrays and lists come out
    of the pickle at about their size again, and the pickle is read whole first.
    (At 80,000 files the helper measured about 50 MB.)"""
    return HELPER_MB + 3 * len(payload) / 1e6


def payload_of(rows: TeaserRows, document_ids: list[str]) -> bytes:
    return pickle.dumps((rows, document_ids), protocol=pickle.HIGHEST_PROTOCOL)


def start_record_helper(payload: bytes, fds: tuple[int, ...], stack: ExitStack) -> Heads | None:
    """Start the helper on ``payload`` (:func:`payload_of`; ``fds``, the spills'
    descriptors, are passed to it); return the function that waits for it and gives its
    heads, or ``None`` if it failed; ``None`` at once if it could not be started. The
    caller then writes the heads. Its files are closed by ``stack``."""
    sent = stack.enter_context(tempfile.TemporaryFile("w+b"))  # noqa: SIM115 - the run's stack closes it
    sent.write(payload)
    sent.flush()
    sent.seek(0)
    heads = stack.enter_context(tempfile.TemporaryFile("w+b"))  # noqa: SIM115 - as above
    # The package this process runs, not one the working directory or the environment
    # would find first: -I leaves both out, and the path goes first.
    root = str(Path(__file__).resolve().parents[2])
    command = [sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {root!r}); {_ENTRY}", *map(str, fds)]
    try:
        helper = subprocess.Popen(
            command, stdin=sent, stdout=heads, stderr=subprocess.DEVNULL, pass_fds=fds, close_fds=True
        )
    except OSError:  # no process left, no memory: the caller writes the heads
        return None

    def wait() -> Iterator[str] | None:
        if helper.wait() != 0:
            return None  # raised (the caller's own run of the same code will say why), or killed
        heads.seek(0)
        lines = io.TextIOWrapper(heads, encoding="utf-8", errors=_ERRORS, newline="\n")
        return (line[:-1] for line in lines)

    return wait


_ENTRY = "from cleaner.dedup.record_helper import main; main()"


def main() -> None:
    """The helper: the payload from stdin, a head a line to stdout."""
    texts_fd, captions_fd = map(int, sys.argv[1:3])  # the spills, inherited
    rows, document_ids = pickle.load(sys.stdin.buffer)  # from the driver that started it
    with open(sys.stdout.fileno(), "w", encoding="utf-8", errors=_ERRORS, newline="\n", closefd=False) as out:
        for head in record_heads(rows, document_ids, texts_fd, captions_fd):
            out.write(head)
            out.write("\n")
