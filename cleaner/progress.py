"""A progress bar on stderr, only when stderr is a terminal."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO


def wants_progress(quiet: bool, stream: TextIO | None = None) -> bool:
    stream = stream or sys.stderr
    return not quiet and hasattr(stream, "isatty") and stream.isatty()


def _ignore(done: int, total: int | None = None) -> None:
    pass


@contextmanager
def progress_bar(
    enabled: bool, description: str, total: int | None = None, stream: TextIO | None = None
) -> Iterator[Callable[[int, int | None], None]]:
    """Yields ``update(done, total)``; a no-op when disabled."""
    if not enabled:
        yield _ignore
        return
    # rich is imported only for a bar: the CLI's start-up, which every run and every
    # pre-commit hook pays, went without it.
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(file=stream or sys.stderr, force_terminal=True)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task(description, total=total)

        def update(done: int, new_total: int | None = None) -> None:
            bar.update(task, completed=done, total=new_total if new_total is not None else total)

        yield update
