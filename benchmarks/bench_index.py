"""The persistent index: its size on disk, the time to open it, and the time to add new
files to it, against one run over everything (what a user would do without an index).

    python -m benchmarks.bench_index --base 80000 --add 1000 --work /tmp/bench

A corpus of ``base + add`` files is generated; the first ``base`` files in id order are
yesterday's archive, the last ``add`` are today's (generated files are numbered in
order, as dated folders would be). It measures, in one invocation: building the index
from the archive; its size; opening it as ``check --index`` does (read-only, known titles
loaded) and as ``dedup --index`` does (write lock, settings checked); ``cleaner check
--index`` on one file; adding today's files; and one run over archive + today without an
index. It checks that the run through the index wrote the same records as the full run.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import shutil
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.bench_dedup import measure
from benchmarks.generate import write_corpus
from cleaner.dedup.command import index_settings
from cleaner.dedup.config import DedupConfig
from cleaner.dedup.index import CorpusIndex
from cleaner.pipeline import CleanOptions


def split_by_id(docs: Path, base: int, target: Path) -> tuple[Path, Path]:
    """Hard links (no copy) of the first ``base`` files into archive/, the rest into today/."""
    files = sorted(p for p in docs.rglob("*") if p.is_file())
    archive, today = target / "archive", target / "today"
    if not archive.exists():
        for n, path in enumerate(files):
            destination = (archive if n < base else today) / path.relative_to(docs)
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.hardlink_to(path)
    return archive, today


def timed(action: Any, repeat: int = 5) -> float:
    """Best of ``repeat`` wall times, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", type=int, default=80000)
    parser.add_argument("--add", type=int, default=1000)
    parser.add_argument("--work", type=Path, default=Path("/tmp/bench"))
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    total = args.base + args.add
    corpus = args.work / f"corpus-{total}-{args.seed}"
    if not (corpus / "truth.jsonl").exists():
        write_corpus(corpus, total, args.seed)
    archive, today = split_by_id(corpus / "docs", args.base, args.work / f"split-{args.base}-{args.add}")
    index = args.work / f"index-{args.base}.sqlite"
    out = args.work / "bench-index-out"
    for stale in (index, Path(f"{index}-wal"), Path(f"{index}-shm")):
        stale.unlink(missing_ok=True)
    shutil.rmtree(out, ignore_errors=True)

    cleaner = [sys.executable, "-m", "cleaner"]
    jobs = ["--jobs", str(args.jobs), "-q"]
    build_s, build_rss, _, _ = measure(
        [*cleaner, "dedup", str(archive), "--out", str(out / "build"), "--index", str(index), *jobs]
    )
    size = index.stat().st_size
    archive_bytes = sum(p.stat().st_size for p in archive.rglob("*") if p.is_file())

    def open_for_check() -> None:
        opened = CorpusIndex.open_for_reading(index)
        opened.known_titles()
        opened.close()

    def open_for_update() -> None:
        opened = CorpusIndex.open_for_update(index, index_settings(DedupConfig(), CleanOptions()), wait=5.0)
        opened.abandon()

    check_open_s = timed(open_for_check)
    update_open_s = timed(open_for_update)
    one_file = next(p for p in today.rglob("*") if p.is_file())
    check_s = timed(lambda: measure([*cleaner, "check", str(one_file), "--index", str(index)], ok=(0, 1)), repeat=3)

    add_s, add_rss, _, _ = measure(
        [*cleaner, "dedup", str(today), "--out", str(out / "add"), "--index", str(index), *jobs]
    )
    full_s, full_rss, _, _ = measure([*cleaner, "dedup", str(archive), str(today), "--out", str(out / "full"), *jobs])
    same = all(
        filecmp.cmp(out / "add" / name, out / "full" / name, shallow=False)
        for name in ("articles.jsonl", "teasers.jsonl")
    )
    stages = json.loads((out / "add" / "report.json").read_text(encoding="utf-8"))["run"]

    mb = 1024 * 1024
    print(f"python -m benchmarks.bench_index --base {args.base} --add {args.add} --jobs {args.jobs}\n")
    print("| measure | value |")
    print("|---|---|")
    build = f"{build_s:.1f} s, peak RSS {build_rss / mb:.0f} MB"
    print(f"| build the index from {args.base:,} files (--jobs {args.jobs}) | {build} |")
    per_document = f"{size / args.base / 1024:.1f} KB per document; the files: {archive_bytes / mb:.0f} MB"
    print(f"| index size on disk | {size / mb:.0f} MB ({per_document}) |")
    print(f"| open for reading + load known titles (`check --index`) | {check_open_s * 1000:.0f} ms |")
    print(f"| open for update (write lock, settings checked) | {update_open_s * 1000:.1f} ms |")
    print(f"| `cleaner check --index` on one file, whole process | {check_s:.2f} s |")
    print(f"| add {args.add:,} files to the index of {args.base:,} | {add_s:.1f} s, peak RSS {add_rss / mb:.0f} MB |")
    print(f"| one run over all {total:,} files, no index | {full_s:.1f} s, peak RSS {full_rss / mb:.0f} MB |")
    print(f"| add / full run | {add_s / full_s:.2f} |")
    print(f"| records of the add equal those of the full run | {same} |")
    print()
    print(
        "Stages of the add (seconds): "
        + ", ".join(f"{k.removesuffix('_seconds')} {v:.1f}" for k, v in stages.items() if k.endswith("_seconds"))
    )


if __name__ == "__main__":
    main()
