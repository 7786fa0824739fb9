"""Reading documents: files, folders, stdin, JSON Lines and HTML, with bad input
reported as one-line errors instead of exceptions."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cleaner.decoding import DEFAULT_ENCODING, DecodeFailure, decode, followed_encoding, is_wide_unicode

DEFAULT_MAX_BYTES = 10_000_000  # 10 MB, in the unit of --max-size
INPUT_FORMATS = ("auto", "text", "jsonl", "html")
_BINARY_SNIFF = 8192
_HTML_SUFFIXES = (".html", ".htm", ".xhtml")
_JSONL_SUFFIXES = (".jsonl", ".ndjson")


@dataclass(frozen=True, slots=True)
class Document:
    """One input document. ``extra`` holds the other fields of a JSON Lines record."""

    id: str
    text: str
    path: Path | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    encoding: str = DEFAULT_ENCODING  # what the file was read in: a fix writes it back so


@dataclass(frozen=True, slots=True)
class InputError:
    """Bad input, reported as ``name: message`` and exit code 2. ``count`` is how many
    errors the line stands for (more than one for a line that closes a folded run, see
    :class:`FoldedErrors`)."""

    name: str
    message: str
    count: int = 1

    def __str__(self) -> str:
        return f"{self.name}: {self.message}"


# A file of records that are not documents (a truth file, a log) given by mistake would
# otherwise print one error per line: tens of thousands of lines that hide the others.
ERRORS_SHOWN = 10


@dataclass(slots=True)
class FoldedErrors:
    """Errors of one kind over many items of one input (the records of one JSON Lines
    file, the duplicate ids of a run): the first ``shown`` are reported one line each,
    the others counted into one closing line. Every one still counts as an error, and
    every good item is still read."""

    name: str
    what: str
    shown: int = ERRORS_SHOWN
    count: int = 0

    def add(self, error: InputError) -> InputError | None:
        """``error`` if it is to be reported now; None once it is only counted."""
        self.count += 1
        return error if self.count <= self.shown else None

    def closing(self) -> InputError | None:
        """The line for the errors not reported one by one, if there were any."""
        hidden = self.count - self.shown
        if hidden <= 0:
            return None
        return InputError(self.name, f"{hidden} more {self.what} not listed ({self.count} in all)", hidden)


@dataclass(frozen=True, slots=True)
class ReadOptions:
    input_format: str = "auto"
    errors: str = "strict"  # or "replace": undecodable bytes become U+FFFD (reported D402)
    max_bytes: int = DEFAULT_MAX_BYTES
    # Of text and HTML files without a byte-order mark (cleaner.decoding). JSON Lines
    # are UTF-8, as JSON is (RFC 8259).
    encoding: str = DEFAULT_ENCODING


def iter_sources(paths: Sequence[str]) -> Iterator[tuple[str, Path | None] | InputError]:
    """``(id, path)`` for every file named or found in a folder; ``-`` is stdin.

    Folders are walked in sorted order and ids are relative to the folder, so the
    same tree gives the same ids wherever it lives and however the disk lists it.
    """
    for source in iter_source_names(paths):
        if isinstance(source, InputError):
            yield source
        else:
            doc_id, name = source
            yield (doc_id, None if name is None else Path(name))


def iter_source_names(paths: Sequence[str]) -> Iterator[tuple[str, str | None] | InputError]:
    """:func:`iter_sources` with the paths as strings: a ``Path`` costs 20 us to make,
    and the corpus pipeline lists every file before its workers start."""
    for given in paths or ["-"]:
        if given == "-":
            yield ("-", None)
        elif os.path.isdir(given):
            yield from _folder_sources(str(Path(given)))  # normalised: "./docs/" walks as "docs"
        elif os.path.exists(given):
            yield (Path(given).as_posix(), str(Path(given)))
        else:
            yield InputError(given, "no such file or directory")


def _folder_sources(folder: str) -> Iterator[tuple[str, str]]:
    # Ids are built as strings, one relative prefix per directory: Path.relative_to and
    # as_posix per file took 35 us each, 3 s of a serial start on 80,000 files while
    # the workers waited.
    found: list[tuple[str, str]] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        relative = os.path.relpath(root, folder)
        prefix = "" if relative == os.curdir else relative.replace(os.sep, "/") + "/"
        found.extend((prefix + name, os.path.join(root, name)) for name in files if not name.startswith("."))
    found.sort()  # by id; ids are unique within a folder
    yield from found


def read_documents(paths: Sequence[str], options: ReadOptions) -> Iterator[Document | InputError]:
    for source in iter_sources(paths):
        if isinstance(source, InputError):
            yield source
            continue
        doc_id, path = source
        if path is None:
            yield from decode_documents(doc_id, None, sys.stdin.buffer.read(), options)
        else:
            yield from read_file(doc_id, path, options)


def read_file(doc_id: str, path: Path, options: ReadOptions) -> Iterator[Document | InputError]:
    """The documents of one file, or one error naming it by its path (as the errors of
    :func:`decode_documents` do: an id is relative to a folder given, a path is not)."""
    try:
        data = _read_bytes(path, options.max_bytes)
    except _TooLarge as exc:
        yield InputError(path.as_posix(), str(exc))
        return
    except OSError as exc:
        yield InputError(path.as_posix(), f"cannot read: {exc.strerror or exc}")
        return
    yield from decode_documents(doc_id, path, data, options)


class _TooLarge(Exception):
    pass


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    size = path.stat().st_size
    if size > max_bytes:
        raise _TooLarge(f"file too large ({size / 1e6:.1f} MB, limit {max_bytes / 1e6:.1f} MB; see --max-size)")
    with path.open("rb") as handle:
        return handle.read()


def decode_documents(
    doc_id: str, path: Path | None, data: bytes, options: ReadOptions
) -> Iterator[Document | InputError]:
    """Check and decode the bytes of one input, then split it into documents."""
    name = doc_id if path is None else path.as_posix()
    if len(data) > options.max_bytes:
        yield InputError(name, f"input too large ({len(data) / 1e6:.1f} MB; see --max-size)")
        return
    wide = is_wide_unicode(data)  # UTF-16 and UTF-32 hold NUL bytes: binary only once decoded
    if b"\x00" in data[:_BINARY_SNIFF] and not wide:
        yield InputError(name, "binary file (NUL bytes), not text")
        return
    fmt = options.input_format
    suffix = path.suffix.lower() if path is not None else ""
    json_lines = fmt == "jsonl" or (fmt == "auto" and suffix in _JSONL_SUFFIXES)
    encoding = followed_encoding(data, DEFAULT_ENCODING if json_lines else options.encoding)
    try:
        text = decode(data, encoding, options.errors)
    except DecodeFailure as exc:
        named = json_lines or exc.marked  # the encoding is not the user's to name
        hint = "--errors=replace to keep going" if named else "--encoding to name the file's, or --errors=replace"
        yield InputError(name, f"{exc} (use {hint})")
        return
    if wide and "\x00" in text[:_BINARY_SNIFF]:
        yield InputError(name, "binary file (NUL characters), not text")
        return
    if not text.strip():
        yield InputError(name, "empty file")
        return
    if fmt == "auto":
        if suffix in _JSONL_SUFFIXES or (path is None and _looks_like_jsonl(text)):
            fmt = "jsonl"
        elif suffix in _HTML_SUFFIXES or _looks_like_html(text):
            fmt = "html"
        else:
            fmt = "text"
    if fmt == "jsonl":
        yield from _jsonl_documents(name, path, text)
    elif fmt == "html":
        from cleaner.html import extract_article

        extracted = extract_article(text)
        if extracted is None:
            yield InputError(name, "no article text found in the HTML")
        else:
            yield Document(doc_id, extracted, path)
    else:
        yield Document(doc_id, text, path, encoding=encoding)


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:512].lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in head)


def _looks_like_jsonl(text: str) -> bool:
    first = text.lstrip()[:1]
    if first != "{":
        return False
    try:
        record = json.loads(text.lstrip().split("\n", 1)[0])
    except ValueError:
        return False
    return isinstance(record, dict) and "text" in record


def _jsonl_documents(name: str, path: Path | None, text: str) -> Iterator[Document | InputError]:
    bad = FoldedErrors(name, "bad records")
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{name}:{number}"
        error: InputError | None = None
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            error = InputError(where, f"invalid JSON: {exc.msg}")
        else:
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                error = InputError(where, "a record needs a string field 'text'")
            elif not record["text"].strip():
                error = InputError(where, "empty text")
        if error is not None:
            shown = bad.add(error)
            if shown is not None:
                yield shown
            continue
        doc_id = record.get("id")
        if doc_id is None:
            doc_id = f"{name}:{number}"
        extra = {k: v for k, v in record.items() if k not in ("id", "text")}
        yield Document(str(doc_id), record["text"], path, extra)
    closing = bad.closing()
    if closing is not None:
        yield closing
