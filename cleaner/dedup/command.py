"""``cleaner dedup PATH... --out DIR``: the corpus pipeline behind a command line."""

from __future__ import annotations

import argparse
import errno
import json
import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any, TextIO

from cleaner import __version__
from cleaner.code_fingerprint import code_fingerprint
from cleaner.dedup.config import DedupConfig
from cleaner.dedup.corpus import run_corpus
from cleaner.dedup.engines import EngineUnavailable, WorkerLost
from cleaner.dedup.extract import Task
from cleaner.dedup.index import CorpusIndex, IndexFailure
from cleaner.inputs import FoldedErrors, InputError, iter_source_names
from cleaner.io import OutputError, atomic_file, background_writer, guarded_writer, make_folder, write_atomic
from cleaner.pipeline import CleanOptions
from cleaner.profiles import profiles_fingerprint
from cleaner.progress import progress_bar, wants_progress

# A full disk or quota: the system's refusals that more room would cure.
_NO_ROOM = frozenset(getattr(errno, name) for name in ("ENOSPC", "EDQUOT", "EFBIG") if hasattr(errno, name))


def build_tasks(paths: list[str], input_format: str, errors: list[InputError]) -> list[Task]:
    """One task per document; JSON Lines files give one task per line (by offset)."""
    tasks: list[Task] = []
    for source in iter_source_names(paths):
        if isinstance(source, InputError):
            errors.append(source)
            continue
        doc_id, path = source
        if path is None:
            errors.append(InputError("-", "dedup reads files and folders, not stdin (use clean for a stream)"))
            continue
        suffix = os.path.splitext(path)[1].lower()
        if input_format == "jsonl" or (input_format == "auto" and suffix in (".jsonl", ".ndjson")):
            tasks.extend(_line_tasks(Path(path), errors))
        else:
            tasks.append(Task(doc_id, path))
    seen: set[str] = set()
    unique: list[Task] = []
    duplicates = FoldedErrors("dedup", "duplicate document ids")
    for task in tasks:
        if task.id in seen:
            _add(errors, duplicates, InputError(task.id, "duplicate document id, later copy skipped"))
            continue
        seen.add(task.id)
        unique.append(task)
    _close(errors, duplicates)
    return unique


def _line_tasks(path: Path, errors: list[InputError]) -> Iterator[Task]:
    try:
        handle = path.open("rb")
    except OSError as exc:
        errors.append(InputError(str(path), f"cannot read: {exc.strerror or exc}"))
        return
    bad = FoldedErrors(str(path), "bad records")
    with handle:
        offset = 0
        for number, raw in enumerate(handle, start=1):
            start, offset = offset, offset + len(raw)
            if not raw.strip():
                continue
            try:
                record = json.loads(raw)
            except ValueError as exc:
                _add(errors, bad, InputError(f"{path}:{number}", f"invalid JSON: {exc}"))
                continue
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                _add(errors, bad, InputError(f"{path}:{number}", "a record needs a string field 'text'"))
                continue
            yield Task(str(record.get("id", f"{path.as_posix()}:{number}")), str(path), start)
    _close(errors, bad)


def _add(errors: list[InputError], run: FoldedErrors, error: InputError) -> None:
    shown = run.add(error)
    if shown is not None:
        errors.append(shown)


def _close(errors: list[InputError], run: FoldedErrors) -> None:
    closing = run.closing()
    if closing is not None:
        errors.append(closing)


def _write_json(path: Path, data: Any) -> None:
    write_atomic(path, json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n")


def cmd_dedup(args: argparse.Namespace, out: TextIO, reporter: Any) -> int:
    from cleaner.cli import EXIT_ERROR, EXIT_OK, UsageError, _clean_options, _read_options

    if args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    options, read = _clean_options(args), _read_options(args)
    errors: list[InputError] = []
    tasks = build_tasks(args.paths, args.input_format, errors)
    config = DedupConfig()
    index = _open_index(args, config, options) if args.index is not None else None
    out_dir: Path = args.out
    show = wants_progress(args.quiet, reporter.stream)
    try:
        make_folder(out_dir)  # once the index is ours: a run that cannot start makes no folder
        with ExitStack() as stack:
            articles_path, teasers_path = out_dir / "articles.jsonl", out_dir / "teasers.jsonl"
            # The article lines come as UTF-8 bytes (cleaner.dedup.corpus): written to the
            # handle's buffer, nothing through its text layer.
            articles = stack.enter_context(atomic_file(articles_path)).buffer
            teasers = stack.enter_context(atomic_file(teasers_path))
            write_article: Callable[[bytes], object]
            write_teaser: Callable[[str], object]
            if args.jobs > 1:
                # The writes on the second core, which the corpus stages leave idle
                # where forking is not affordable (--jobs 1 promises one core).
                write_article = stack.enter_context(background_writer(articles, articles_path))
                teaser_bytes = stack.enter_context(background_writer(teasers.buffer, teasers_path))
                write_teaser = lambda line: teaser_bytes(line.encode("utf-8"))  # noqa: E731 - the handle's encoding
            else:
                write_article = guarded_writer(articles, articles_path)
                write_teaser = guarded_writer(teasers, teasers_path)
            update = stack.enter_context(progress_bar(show, "cleaning", len(tasks), stream=reporter.stream))

            def progress_callback(stage: str, done: int, total: int) -> None:
                update(done, total)

            try:
                result = run_corpus(
                    tasks,
                    write_article,
                    config,
                    options,
                    read,
                    args.jobs,
                    progress_callback,
                    engine=args.engine,
                    ray_address=args.ray_address,
                    index=index,
                    write_teaser=write_teaser,
                )
            except (EngineUnavailable, WorkerLost) as exc:
                raise UsageError(str(exc)) from None
            except sqlite3.DatabaseError as exc:
                raise UsageError(f"{args.index}: damaged index or disk full ({exc})") from None
            except OSError as exc:
                # The outputs' own refusals came as OutputError, naming them: what is left
                # is the run's temporary files (spills, children's results).
                if exc.errno not in _NO_ROOM:
                    raise
                raise OutputError(
                    f"{tempfile.gettempdir()}: cannot write the run's temporary files: {exc.strerror}; "
                    "set TMPDIR to a folder with room"
                ) from None
        report = result.report
        report["counts"]["errors"] += sum(error.count for error in errors)
        for message in [str(error) for error in errors] + result.errors:
            reporter.error(message)
        _write_json(out_dir / "report.json", report)
        if index is not None:
            index.commit()  # last: the index never holds a run whose outputs were not written
    finally:
        if index is not None:
            index.abandon()  # after a commit, only closes
    if not args.quiet:
        _summary(report, out)
    return EXIT_ERROR if reporter.failed else EXIT_OK


def index_settings(config: DedupConfig, options: CleanOptions) -> dict[str, Any]:
    """What must be the same for stored extracts to give the results of one run."""
    return {
        "cleaner": __version__,
        "code": code_fingerprint(),  # rules changed without a new version still differ
        "config": config.to_json(),
        "clean": {"lang": options.lang, "select": sorted(options.codes)},
        "profiles": profiles_fingerprint(),
    }


def _open_index(args: argparse.Namespace, config: DedupConfig, options: CleanOptions) -> CorpusIndex:
    from cleaner.cli import UsageError

    if args.index_wait < 0:
        raise UsageError("--index-wait must be zero or more seconds")
    try:
        return CorpusIndex.open_for_update(args.index, index_settings(config, options), args.index_wait)
    except IndexFailure as exc:
        raise UsageError(str(exc)) from None


def _summary(report: dict[str, Any], out: TextIO) -> None:
    from rich.console import Console  # for this table only: not in every run's start-up
    from rich.table import Table

    counts = report["counts"]
    table = Table(title="cleaner dedup")
    table.add_column("measure")
    table.add_column("value", justify="right")
    for key in (
        "documents",
        "errors",
        "paragraphs_kept",
        "teaser_occurrences",
        "teaser_texts",
        "teasers",
        "teasers_linked_to_articles",
        "headerless_documents",
        "duplicate_articles",
    ):
        table.add_row(key.replace("_", " "), str(counts[key]))
    for rule, count in counts["removed_by_rule"].items():
        table.add_row(f"removed {rule}", str(count))
    index = report.get("index")
    if index is not None:
        table.add_row("indexed before this run", str(index["documents_before"]))
        table.add_row("added / replaced", f"{index['documents_added']} / {index['documents_replaced']}")
        table.add_row("teaser ids moved", str(len(index["teasers_renamed"])))
    forks = report["run"]["forks"]
    if forks["done_here"]:  # a child died or could not be forked: the run was slower for it
        table.add_row("forked children / shares done by the driver", f"{forks['forked']} / {forks['done_here']}")
    table.add_row("seconds", f"{report['run']['total_seconds']:.2f}")
    Console(file=out, highlight=False).print(table)
