"""What the memory of ``cleaner dedup`` grows with, in one run: a generated corpus; the
same files with K times the body paragraphs (several times the bytes, the same teasers
and duplicates); and a corpus of twice the files.

    python -m benchmarks.bench_memory --files 20000 --scale 5 --work /tmp/bench

Issue 5 asks that peak memory grow with the number of distinct teasers and articles,
not with the corpus bytes: the longer corpus should cost about the same memory, the
corpus with twice the files about twice the part that grows.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from benchmarks.bench_dedup import measure
from benchmarks.generate import write_corpus


def _corpus(work: Path, files: int, seed: int, scale: int) -> Path:
    root = work / (f"corpus-{files}-{seed}" if scale == 1 else f"corpus-{files}-{seed}-x{scale}")
    if not (root / "truth.jsonl").exists():
        write_corpus(root, files, seed, body_scale=scale)
    return root / "docs"


def run(files: int, scale: int, work: Path, seed: int, jobs: int) -> list[dict[str, Any]]:
    rows = []
    for label, count, body_scale in (
        ("corpus", files, 1),
        (f"articles x{scale} longer", files, scale),
        ("twice the files", 2 * files, 1),
    ):
        docs = _corpus(work, count, seed, body_scale)
        out = work / f"out-memory-{count}-x{body_scale}"
        command = [sys.executable, "-m", "cleaner", "dedup", str(docs), "--out", str(out), "-q", "--jobs", str(jobs)]
        seconds, peak, pss, _ = measure(command)
        counts = json.loads((out / "report.json").read_text(encoding="utf-8"))["counts"]
        size = sum(p.stat().st_size for p in docs.rglob("*.txt"))
        rows.append(
            {
                "corpus": label,
                "files": count,
                "mb": round(size / 1e6, 1),
                "teaser_texts": counts["teaser_texts"],
                "seconds": round(seconds, 2),
                "peak_rss_mb": round(peak / 1e6, 1),
                "peak_pss_mb": round(pss / 1e6, 1),
            }
        )
        print(json.dumps(rows[-1]), flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=20000)
    parser.add_argument("--scale", type=int, default=5)
    parser.add_argument("--work", type=Path, default=Path("benchmarks/corpora"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    rows = run(args.files, args.scale, args.work, args.seed, args.jobs)
    print("| corpus | files | MB | distinct teaser texts | seconds | peak RSS MB | peak PSS MB |")
    print("|---|---|---|---|---|---|---|")
    for row in rows:
        print(
            f"| {row['corpus']} | {row['files']} | {row['mb']} | {row['teaser_texts']} | "
            f"{row['seconds']} | {row['peak_rss_mb']} | {row['peak_pss_mb']} |"
        )


if __name__ == "__main__":
    main()
