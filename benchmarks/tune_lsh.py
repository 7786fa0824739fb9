"""Measure teaser clustering precision/recall for candidate LSH settings.

    python -m benchmarks.tune_lsh --files 2000 --work /tmp/tune

Runs the corpus pipeline on one generated corpus with each setting and prints the
teaser pairwise precision, recall and F1, the number of LSH candidate pairs checked is
not reported (see the timings in report.json). The settings in DedupConfig are the
ones this measurement chose; the table is in benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import dataclasses
import time
from pathlib import Path

from benchmarks.generate import write_corpus
from benchmarks.score import score
from cleaner.dedup.command import build_tasks
from cleaner.dedup.config import DedupConfig
from cleaner.dedup.corpus import run_corpus
from cleaner.inputs import InputError

CANDIDATES: list[dict[str, object]] = [
    {},
    {"teaser_bands": 16},
    {"teaser_bands": 64},
    {"teaser_threshold": 0.5},
    {"teaser_threshold": 0.7},
    {"teaser_threshold": 0.8},
    {"teaser_shingle_words": 1},
    {"teaser_shingle_words": 3},
    {"teaser_summary_words": 15},
    {"teaser_summary_words": 60},
    {"teaser_title_overlap": 0.5},
    {"teaser_title_overlap": 0.0},
    {"teaser_num_perm": 64, "teaser_bands": 16},
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--work", type=Path, default=Path("benchmarks/corpora/tune"))
    args = parser.parse_args()
    root = args.work / f"corpus-{args.files}-{args.seed}"
    if not (root / "truth.jsonl").exists():
        write_corpus(root, args.files, args.seed)
    errors: list[InputError] = []
    tasks = build_tasks([str(root / "docs")], "auto", errors)
    print("| setting | teaser precision | teaser recall | teaser F1 | clustering s |")
    print("|---|---|---|---|---|")
    for change in CANDIDATES:
        config = dataclasses.replace(DedupConfig(), **change)  # type: ignore[arg-type]
        out = args.work / "out"
        out.mkdir(parents=True, exist_ok=True)
        with (out / "articles.jsonl").open("wb") as handle:
            started = time.perf_counter()
            result = run_corpus(tasks, handle.write, config)
        (out / "teasers.jsonl").write_text("".join(result.teasers), encoding="utf-8")
        s = score(root / "truth.jsonl", out / "articles.jsonl", out / "teasers.jsonl")
        label = ", ".join(f"{k}={v}" for k, v in change.items()) or "default"
        seconds = result.report["run"]["teaser_clusters_seconds"]
        print(
            f"| {label} | {s.teaser_precision:.4f} | {s.teaser_recall:.4f} | {s.teaser_f1:.4f} | {seconds:.2f} |",
            flush=True,
        )
        del started


if __name__ == "__main__":
    main()
