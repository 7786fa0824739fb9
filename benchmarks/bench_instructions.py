"""Instructions per document, counted by valgrind's callgrind: a figure that does not
move with the load of the machine, as seconds on this VM do (±30 % between identical
runs), so that a change to the per-document work can be measured by itself.

    python -m benchmarks.bench_instructions --docs 400 --work /tmp/bench --baseline 579d61a

For each stage, a process that handles N documents of a generated corpus is counted,
less the same process handling none (start-up, imports and reading the files), over N:
``clean`` is :func:`cleaner.pipeline.clean` on each text, ``worker`` is what a dedup
worker does to a document (read, clean, keys, shingles and signatures). With
``--baseline REV``, the same counts for that commit (checked out in a temporary git
worktree) and the ratio. Needs valgrind; a few minutes for 400 documents.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.generate import write_corpus

# Run inside the counted process: the first document is handled before the loop, so
# that what is built once (compiled patterns, lexicon) is in both counts and cancels.
_CHILD = """
import sys
from pathlib import Path
stage, folder, count = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
paths = sorted(folder.rglob("*.txt"))[: max(count, 1)]
if stage == "clean":
    from cleaner.pipeline import clean
    texts = [p.read_text(encoding="utf-8") for p in paths]
    clean(texts[0], report_damage=False)
    for text in texts[:count]:
        clean(text, report_damage=False)
else:
    from cleaner.dedup import DedupConfig
    from cleaner.dedup.extract import Extractor, Task
    from cleaner.inputs import ReadOptions
    from cleaner.pipeline import CleanOptions
    tasks = [Task(str(p.relative_to(folder)), str(p)) for p in paths]
    extractor = Extractor(DedupConfig(), CleanOptions(), ReadOptions())
    extractor(tasks[0])
    extractor.signed.clear()
    for task in tasks[:count]:
        extractor(task)
"""
_COLLECTED = re.compile(r"Collected\s*:\s*([\d,]+)")
STAGES = ("clean", "worker")


def instructions(source: Path, stage: str, docs: Path, count: int) -> int:
    """Instructions of one process handling ``count`` documents, from ``source``'s code."""
    with tempfile.TemporaryDirectory() as scratch:
        result = subprocess.run(
            [
                "valgrind",
                "--tool=callgrind",
                f"--callgrind-out-file={scratch}/callgrind.out",
                sys.executable,
                "-c",
                _CHILD,
                stage,
                str(docs),
                str(count),
            ],
            capture_output=True,
            text=True,
            cwd=source,
            env={**os.environ, "PYTHONPATH": str(source), "PYTHONHASHSEED": "0"},  # repeatable set orders
            check=True,
        )
    found = _COLLECTED.search(result.stderr)
    if found is None:
        raise RuntimeError(f"no instruction count in valgrind's output:\n{result.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def per_document(source: Path, stage: str, docs: Path, count: int) -> float:
    return (instructions(source, stage, docs, count) - instructions(source, stage, docs, 0)) / count


def run(docs: Path, count: int, baseline: str | None, stages: tuple[str, ...] = STAGES) -> dict[str, Any]:
    here = Path(__file__).resolve().parent.parent
    results: dict[str, Any] = {"documents": count, "stages": {}}
    with tempfile.TemporaryDirectory() as scratch:
        sources = {"HEAD": here}
        if baseline is not None:
            # Named by its commit: "--baseline HEAD" would otherwise replace the working tree.
            rev = ["git", "-C", str(here), "rev-parse", "--short", baseline]
            baseline = subprocess.run(rev, check=True, capture_output=True, text=True).stdout.strip()
            tree = Path(scratch) / "baseline"
            add = ["git", "-C", str(here), "worktree", "add", "-q", "--detach", str(tree), baseline]
            subprocess.run(add, check=True)
            sources[baseline] = tree
        try:
            for stage in stages:
                row: dict[str, float] = {n: round(per_document(s, stage, docs, count)) for n, s in sources.items()}
                if baseline is not None:
                    row["ratio"] = round(row["HEAD"] / row[baseline], 3)
                results["stages"][stage] = row
                print(json.dumps({stage: row}), flush=True)
        finally:
            if baseline is not None:
                subprocess.run(["git", "-C", str(here), "worktree", "remove", "--force", str(tree)], check=False)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description="Instructions per document, counted by callgrind.")
    parser.add_argument("--docs", type=int, default=400, help="documents counted (default 400)")
    parser.add_argument("--files", type=int, default=5000, help="size of the generated corpus they come from")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=Path("/tmp/bench"))
    parser.add_argument("--baseline", help="a commit to count as well, and compare with")
    parser.add_argument("--stages", nargs="+", choices=STAGES, default=list(STAGES))
    parser.add_argument("--json", type=Path, help="write the results here")
    args = parser.parse_args()
    root = args.work / f"corpus-{args.files}-{args.seed}"
    if not (root / "truth.jsonl").exists():
        write_corpus(root, args.files, args.seed)
    results = run(root / "docs", args.docs, args.baseline, tuple(args.stages))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
