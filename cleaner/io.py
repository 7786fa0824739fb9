"""Writing files so that a reader never sees half of one."""

from __future__ import annotations

import os
import queue
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, AnyStr, TextIO


class OutputError(Exception):
    """An output that cannot be written, as one line: its path and the system's reason
    (a full disk, a file where a folder should be, a folder without write permission)."""


def make_folder(path: Path) -> None:
    """Create the output folder ``path`` (and its parents) unless it is there."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except FileExistsError:  # exist_ok covers folders only: a file is in the way
        raise OutputError(f"{path}: not a folder, cannot write outputs into it") from None
    except OSError as exc:
        raise OutputError(f"{path}: cannot create the folder: {exc.strerror or exc}") from None


@contextmanager
def atomic_file(path: Path) -> Iterator[TextIO]:
    """A text handle on a temporary file beside ``path``, renamed over ``path`` when the
    block ends normally. If anything fails before the rename, the temporary file is
    deleted and ``path`` is exactly as it was: a reader never sees half a file. The
    system's refusals (creating, flushing, renaming) come out as :class:`OutputError`."""
    make_folder(path.parent)
    with _refusals_named(path):
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            yield handle
            with _refusals_named(path):
                handle.flush()
                os.fsync(handle.fileno())
        with _refusals_named(path):
            _publish(Path(tmp), path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def _refusals_named(path: Path) -> Iterator[None]:
    # Only this module's own steps are translated: an OSError raised by the caller's
    # block (reading its inputs, say) is the caller's, and passes through unchanged.
    try:
        yield
    except OSError as exc:
        raise _refused(path, exc) from None


def _refused(path: Path, exc: OSError) -> OutputError:
    return OutputError(f"{path}: cannot write: {exc.strerror or exc}")


def guarded_writer(handle: IO[AnyStr], path: Path) -> Callable[[AnyStr], int]:
    """``handle.write`` whose refusals (a full disk) name ``path``: for a handle of
    :func:`atomic_file` (or its ``buffer``) that the caller writes through a callback."""

    def write(text: AnyStr) -> int:
        try:  # not the context manager: this runs once per line of the corpus outputs
            return handle.write(text)
        except OSError as exc:
            raise _refused(path, exc) from None

    return write


@contextmanager
def background_writer(handle: IO[bytes], path: Path, chunk_bytes: int = 1 << 20) -> Iterator[Callable[[bytes], int]]:
    """A ``write`` for ``handle`` (a binary handle of :func:`atomic_file`) whose system
    calls run in a thread: the bytes are gathered into chunks of about ``chunk_bytes``
    and a thread writes them in order, on another core while this one goes on (a write
    holds no GIL). The corpus outputs are hundreds of MB, whose writes took a tenth of
    the stage that writes them. When the block ends normally, everything is written
    before it returns; a refusal (a full disk) is raised, naming ``path``, by the next
    write or at the end. When the block raises, what was not yet written is dropped
    (the atomic file is dropped too). The thread starts with the first chunk, so a
    process forked before that carries no thread."""
    writer = _ChunkWriter(handle, path, chunk_bytes)
    try:
        yield writer.write
    except BaseException:
        writer.stop(drop=True)
        raise
    writer.stop(drop=False)


class _ChunkWriter:
    _WAITING = 4  # chunks handed over and not yet written: bounds the memory held

    def __init__(self, handle: IO[bytes], path: Path, chunk_bytes: int) -> None:
        self._handle, self._path, self._chunk_bytes = handle, path, chunk_bytes
        self._pending: list[bytes] = []
        self._size = 0
        self._chunks: queue.Queue[bytes | None] = queue.Queue(self._WAITING)
        self._thread: threading.Thread | None = None
        # Set by the thread, raised here: once set, the thread only empties the queue
        # (so a hand-over never waits on a thread that stopped writing).
        self._failure: Exception | None = None
        self._dropping = False

    def write(self, data: bytes) -> int:
        self._pending.append(data)
        self._size += len(data)
        if self._size >= self._chunk_bytes:
            self._raise_failure()
            self._hand_over()
        return len(data)

    def _hand_over(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._write_chunks, name=f"write {self._path.name}", daemon=True)
            self._thread.start()
        self._chunks.put(b"".join(self._pending))
        self._pending, self._size = [], 0

    def _write_chunks(self) -> None:
        while (chunk := self._chunks.get()) is not None:
            if self._failure is None and not self._dropping:
                try:
                    self._handle.write(chunk)
                except Exception as exc:  # raised in the caller's thread, by its next write or at the end
                    self._failure = exc

    def _raise_failure(self) -> None:
        if isinstance(self._failure, OSError):
            raise _refused(self._path, self._failure)
        if self._failure is not None:
            raise self._failure

    def stop(self, drop: bool) -> None:
        """Write what is pending and wait for the thread, then raise a failure met on
        the way; with ``drop``, drop what is not written yet and only wait."""
        self._dropping = drop
        if self._pending and not drop and self._failure is None:
            self._hand_over()
        self._pending = []
        if self._thread is not None:
            self._chunks.put(None)
            self._thread.join()
        if not drop:
            self._raise_failure()


def _publish(tmp: Path, path: Path) -> None:
    if path.exists():
        os.chmod(tmp, path.stat().st_mode & 0o7777)
    else:  # mkstemp creates 0600; give a new file the usual permissions
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
    os.replace(tmp, path)


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through :func:`atomic_file`."""
    with atomic_file(path) as handle:
        handle.write(text)


def write_atomic_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through :func:`atomic_file` (a file fixed in place, in
    the encoding it was read in)."""
    with atomic_file(path) as handle, _refusals_named(path):
        handle.buffer.write(data)
