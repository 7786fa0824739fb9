"""The command line: ``cleaner clean | check | explain | dedup``.

``main(argv) -> int`` is the whole program and never raises; ``run()`` is the console
script. Exit codes: 0 success, 1 findings (check), 2 usage error, bad input or
internal error, always with a one-line message on stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import NoReturn, TextIO

from cleaner import __version__
from cleaner.decoding import DEFAULT_ENCODING, check_encoding, encoded
from cleaner.inputs import DEFAULT_MAX_BYTES, INPUT_FORMATS, Document, InputError, ReadOptions, read_documents
from cleaner.io import OutputError, make_folder, write_atomic, write_atomic_bytes
from cleaner.pipeline import CleanOptions, clean
from cleaner.profiles import load_profiles
from cleaner.progress import progress_bar, wants_progress
from cleaner.rules import RULES

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


def _codes(value: str) -> list[str]:
    return [c for c in value.replace(" ", ",").split(",") if c]


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="cleaner", description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--version", action="version", version=f"cleaner {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def common(sub: argparse.ArgumentParser) -> None:
        languages = sorted(p.name for p in load_profiles() if p.kind == "language")
        sub.add_argument("--lang", choices=languages, help="language profile (default: detect)")
        sub.add_argument(
            "--input-format",
            choices=INPUT_FORMATS,
            default="auto",
            help="how to read inputs (default: auto, by suffix and content)",
        )
        sub.add_argument(
            "--errors",
            choices=("strict", "replace"),
            default="strict",
            help="invalid UTF-8: reject the file (strict) or decode with U+FFFD",
        )
        sub.add_argument(
            "--encoding",
            default=DEFAULT_ENCODING,
            metavar="NAME",
            help="of text and HTML files without a byte-order mark (cp1251, gb18030...; default: %(default)s)",
        )
        sub.add_argument(
            "--max-size",
            type=float,
            default=DEFAULT_MAX_BYTES / 1e6,
            metavar="MB",
            help="refuse inputs larger than this (default: %(default)g MB)",
        )
        sub.add_argument(
            "--select",
            type=_codes,
            action="extend",
            default=[],
            metavar="CODES",
            help="rule codes or prefixes to apply (default: all)",
        )
        sub.add_argument(
            "--ignore",
            type=_codes,
            action="extend",
            default=[],
            metavar="CODES",
            help="rule codes or prefixes to leave out",
        )
        sub.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary")

    sub = commands.add_parser("clean", help="clean documents; stdin to stdout by default")
    sub.add_argument("paths", nargs="*", metavar="PATH", help="files or folders; - or nothing: stdin")
    common(sub)
    sub.add_argument("--format", choices=("text", "jsonl"), default="text", help="output format")
    sub.add_argument("--out", type=Path, metavar="DIR", help="write one file per input into DIR")

    sub = commands.add_parser("check", help="report boilerplate in files (pre-commit hook)")
    sub.add_argument("paths", nargs="+", metavar="PATH")
    common(sub)
    sub.add_argument("--fix", action="store_true", help="rewrite files in place, atomically")
    sub.add_argument("--strict", action="store_true", help="warnings (damaged text) also fail")
    sub.add_argument(
        "--index",
        type=Path,
        metavar="PATH",
        help="an index of cleaner dedup: its recurring teaser titles reveal teaser blocks without a header",
    )

    sub = commands.add_parser("explain", help="show a document with each removal and its reason")
    sub.add_argument("paths", nargs="*", metavar="PATH", help="a file; - or nothing: stdin")
    common(sub)

    sub = commands.add_parser("dedup", help="clean a corpus and deduplicate its teasers and articles")
    sub.add_argument("paths", nargs="+", metavar="PATH", help="files, folders or JSON Lines files")
    common(sub)
    sub.add_argument("--out", type=Path, required=True, metavar="DIR", help="where to write the three outputs")
    sub.add_argument("--jobs", type=int, default=1, metavar="N", help="worker processes (default: 1)")
    sub.add_argument(
        "--engine",
        choices=("local", "ray"),
        default="local",
        help="where the work runs: this machine, or Ray (pip install 'cleaner[ray]')",
    )
    sub.add_argument("--ray-address", metavar="ADDR", help="an existing Ray cluster (default: start one locally)")
    sub.add_argument(
        "--index",
        type=Path,
        metavar="PATH",
        help="a persistent index (SQLite, created when missing): the new files join the earlier runs' records",
    )
    sub.add_argument(
        "--index-wait",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="how long to wait for another run writing the index (default: %(default)s)",
    )

    sub = commands.add_parser("rules", help="list the rule codes")
    return parser


def _read_options(args: argparse.Namespace) -> ReadOptions:
    if args.max_size <= 0:
        raise UsageError("--max-size must be positive")
    try:
        encoding = check_encoding(args.encoding)
    except ValueError as exc:
        raise UsageError(f"--encoding: {exc}") from None
    return ReadOptions(args.input_format, args.errors, int(args.max_size * 1e6), encoding)


def _clean_options(args: argparse.Namespace) -> CleanOptions:
    options = CleanOptions(args.lang, tuple(args.select), tuple(args.ignore))
    try:
        options.codes  # noqa: B018 - validates the codes now, as a usage error
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    return options


class Reporter:
    """Errors go to stderr, one line each; the exit code remembers that one happened."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.failed = False

    def error(self, message: str) -> None:
        self.failed = True
        print(f"cleaner: {message}", file=self.stream)


def _documents(args: argparse.Namespace, reporter: Reporter) -> Iterator[Document]:
    for item in read_documents(args.paths, _read_options(args)):
        if isinstance(item, InputError):
            reporter.error(str(item))
        else:
            yield item


def _output_name(doc: Document) -> str:
    name = doc.id
    if doc.path is not None and doc.path.suffix.lower() in (".html", ".htm", ".xhtml"):
        name = str(Path(name).with_suffix(".txt"))
    if doc.extra or doc.path is None or (doc.path.suffix.lower() in (".jsonl", ".ndjson")):
        name = name if name.endswith(".txt") else name + ".txt"
    return name


def cmd_clean(args: argparse.Namespace, out: TextIO, reporter: Reporter) -> int:
    options = _clean_options(args)
    if args.out is not None:
        make_folder(args.out)  # a wrong --out stops the command before any input is read
    show = wants_progress(args.quiet, reporter.stream) and args.paths not in ([], ["-"])
    with progress_bar(show, "cleaning", stream=reporter.stream) as update:
        for done, doc in enumerate(_documents(args, reporter), start=1):
            _clean_one(args, doc, options, out, reporter)
            update(done, None)
    return EXIT_ERROR if reporter.failed else EXIT_OK


def _clean_one(args: argparse.Namespace, doc: Document, options: CleanOptions, out: TextIO, reporter: Reporter) -> None:
    article = clean(doc.text, options=options)
    if args.format == "jsonl":
        payload = json.dumps({**doc.extra, **article.to_json(doc.id)}, ensure_ascii=False) + "\n"
    else:
        payload = article.text
    if args.out is None:
        out.write(payload)
        return
    name = _output_name(doc) if args.format == "text" else doc.id + ".jsonl"
    target = (args.out / name).resolve()
    if not target.is_relative_to(args.out.resolve()):
        reporter.error(f"{doc.id}: output path escapes {args.out}")
        return
    try:
        write_atomic(target, payload)
    except OutputError as exc:  # this file's output only (a folder in the way): the others go on
        reporter.error(str(exc))


def cmd_check(args: argparse.Namespace, out: TextIO, reporter: Reporter) -> int:
    options = _clean_options(args)
    selected_damage = any(c.upper().startswith("D") for c in args.select)
    known_titles = _known_titles(args.index) if args.index is not None else None
    found = False
    for doc in _documents(args, reporter):
        article = clean(doc.text, options=options, known_titles=known_titles)
        name = doc.path.as_posix() if doc.path is not None else doc.id
        for r in article.removed:
            out.write(f"{name}:{r.line}:{r.column}: {r.rule} {r.reason}\n")
            found = True
        for f in article.findings:
            out.write(f"{name}:{f.line}:{f.column}: {f.rule} {f.message}\n")
            found = found or args.strict or selected_damage
        if args.fix and article.removed and doc.path is not None and not doc.extra:
            try:
                # Written back in the encoding it was read in: a fixer changes no file's encoding.
                payload = encoded(article.text, doc.encoding)
            except UnicodeEncodeError as exc:  # a decoded reference with no code there
                reporter.error(
                    f"{name}: not fixed: {article.text[exc.start]!r} has no code in {doc.encoding}, the file's encoding"
                )
                continue
            try:
                write_atomic_bytes(doc.path, payload)
            except OutputError as exc:  # left as it was; the other files are still fixed
                reporter.error(str(exc))
                continue
            out.write(f"Fixing {name}\n")
    if reporter.failed:
        return EXIT_ERROR
    return EXIT_FINDINGS if found else EXIT_OK


def _known_titles(path: Path) -> Callable[[str], bool]:
    """The test "this folded title recurs as a teaser in the indexed corpus"."""
    from cleaner.dedup.extract import title_finder
    from cleaner.dedup.index import CorpusIndex, IndexFailure

    try:
        index = CorpusIndex.open_for_reading(path)
        try:
            known = index.known_titles()
        finally:
            index.close()
    except IndexFailure as exc:
        raise UsageError(str(exc)) from None
    return title_finder(known)


def cmd_explain(args: argparse.Namespace, out: TextIO, reporter: Reporter) -> int:
    from cleaner.explain_view import render_explanation

    options = _clean_options(args)
    for doc in _documents(args, reporter):
        render_explanation(doc.id, clean(doc.text, options=options), out)
    return EXIT_ERROR if reporter.failed else EXIT_OK


def cmd_rules(args: argparse.Namespace, out: TextIO, reporter: Reporter) -> int:
    for info in RULES.values():
        kind = "removes" if info.removes else "warns"
        out.write(f"{info.code}  {info.name:<18} {kind:<8} {info.summary}\n")
    return EXIT_OK


COMMANDS = {"clean": cmd_clean, "check": cmd_check, "explain": cmd_explain, "rules": cmd_rules}


def main(argv: Sequence[str] | None = None, *, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    out = stdout or sys.stdout
    reporter = Reporter(stderr or sys.stderr)
    try:
        args = build_parser().parse_args(argv)
        if args.command == "dedup":
            from cleaner.dedup.command import cmd_dedup

            code: int = cmd_dedup(args, out, reporter)
            return code
        return COMMANDS[args.command](args, out, reporter)
    except UsageError as exc:
        reporter.error(f"error: {exc}")
        return EXIT_ERROR
    except OutputError as exc:
        reporter.error(str(exc))
        return EXIT_ERROR
    except BrokenPipeError:
        raise
    except KeyboardInterrupt:
        reporter.error("interrupted")
        return 130
    except Exception as exc:  # the promise is: never a traceback
        if os.environ.get("CLEANER_DEBUG"):
            raise
        reporter.error(f"internal error: {type(exc).__name__}: {exc}")
        return EXIT_ERROR


def run() -> NoReturn:
    """Console-script entry point; a closed pipe (``cleaner clean | head``) is not an error."""
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        code = EXIT_OK
    raise SystemExit(code)
