"""Writing files so that a reader never sees half of one."""

from __future__ import annotations

import os
import tempfile
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
