"""Speed and memory of the corpus pipeline, side by side with the obvious datasketch
implementation and a rensa-based one, on the same generated corpora, in one run.

    python -m benchmarks.bench_dedup --sizes 5000 20000 80000 --work /tmp/bench

For each size: files/s, MB/s and peak memory (the whole process tree, sampled: resident
and proportional)
of (a) ``cleaner dedup`` with --jobs 1 and --jobs 2, (b) the obvious pipeline with
datasketch, (c) the same with rensa; the ratios a/b and a/c; a scaling exponent of (a)
across the sizes; and the agreement of the clusters of (b) and (c) with those of (a)
(the run fails when they differ). ``--baselines-up-to N`` skips (b) and (c) above N
files (they are slow by design); ``--rounds N`` runs (a) N times with each number of
jobs, in turn (1 2, 2 1, 1 2...), and keeps the median run of each; ``--table
results.json`` prints the markdown table of an earlier run.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import pickle
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, NamedTuple

from benchmarks.baselines import ObviousResult, pairwise_agreement, partition_of_outputs
from benchmarks.generate import write_corpus


def _tree(pid: int) -> list[int]:
    """A process and all its descendants, from /proc."""
    found, stack = [], [pid]
    while stack:
        current = stack.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children", encoding="ascii") as children:
                    stack.extend(int(c) for c in children.read().split())
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return found


def _field_bytes(path: str, name: str) -> int:
    try:
        with open(path, encoding="ascii") as lines:
            for line in lines:
                if line.startswith(name):
                    return int(line.split()[1]) * 1024
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        pass
    return 0


def tree_rss(pids: list[int]) -> int:
    """Resident bytes summed over the processes: a page that forked workers share with
    the driver (the interpreter, the modules, the driver's heap at the fork) counts once
    per process."""
    return sum(_field_bytes(f"/proc/{pid}/status", "VmRSS:") for pid in pids)


def tree_pss(pids: list[int]) -> int:
    """Proportional set size summed over the processes: a shared page is split between
    the processes that map it, so the sum is the memory the tree holds. Dearer to read
    than RSS (the kernel walks the page tables), so sampled less often."""
    return sum(_field_bytes(f"/proc/{pid}/smaps_rollup", "Pss:") for pid in pids)


_PSS_EVERY = 4  # samples


class Measured(NamedTuple):
    seconds: float  # wall
    peak_rss: int  # bytes, summed over the process tree
    peak_pss: int
    cpu_seconds: float  # user + system, of the process and every descendant it waited for


def measure(command: list[str], ok: tuple[int, ...] = (0,)) -> Measured:
    """Wall seconds, peak resident and proportional bytes, and CPU seconds of the
    process tree of ``command``, which must exit with a code of ``ok``. The CPU over the
    wall time is how many cores the run kept busy: it tells a stage that waits on one
    core from a slow machine."""
    before = _children_cpu()
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = peak_pss = 0
    samples = 0
    while process.poll() is None:
        pids = _tree(process.pid)
        peak = max(peak, tree_rss(pids))
        if samples % _PSS_EVERY == 0:
            peak_pss = max(peak_pss, tree_pss(pids))
        samples += 1
        time.sleep(0.05)
    seconds = time.perf_counter() - started
    if process.returncode not in ok:
        raise RuntimeError(f"{' '.join(command)} failed: {process.stderr.read().decode() if process.stderr else ''}")
    # Only this command's tree ran as a child meanwhile (the probe's runs were waited
    # for before it), and a pool's workers are waited for by their parent.
    return Measured(seconds, peak, peak_pss, _children_cpu() - before)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


# A fixed piece of plain Python work (dict stores, integer arithmetic: what the
# interpreter spends the cleaning on), the same whatever the project's code. This VM's
# speed moves by a fifth to a half within a run, in phases of minutes; two copies run at once
# before each engine, one per core, and the slower one's seconds say what the engine
# met (larger: a slower machine). Ratios of figures taken at different probe values
# measure the machine as much as the code.
_PROBE = """
import time
started = time.perf_counter()
table = {}
for n in range(6_000_000):
    table[n & 1023] = n * 7 % 13
print(time.perf_counter() - started)
"""


def probe(python: str = sys.executable, repeats: int = 3) -> float:
    """Seconds of the probe's work on both cores at once (the slower of the two), the
    median of ``repeats``: one reading of a second varies by a fifth either way on this VM."""
    readings = []
    for _ in range(repeats):
        runs = [subprocess.Popen([python, "-c", _PROBE], stdout=subprocess.PIPE, text=True) for _ in range(2)]
        readings.append(max(float(run.communicate()[0]) for run in runs))
    return round(statistics.median(readings), 3)


def probed(command: list[str], files: int, size: int) -> dict[str, float]:
    """The figures of one engine's run of ``command``, with the machine probe taken just before."""
    machine = probe(command[0])
    measured = measure(command)
    figures = _figures(files, size, measured.seconds, measured.peak_rss, measured.peak_pss)
    return figures | {"cpu_seconds": round(measured.cpu_seconds, 1), "probe_seconds": machine}


def corpus(work: Path, files: int, seed: int) -> tuple[Path, int]:
    root = work / f"corpus-{files}-{seed}"
    docs = root / "docs"
    if not (root / "truth.jsonl").exists():
        write_corpus(root, files, seed)
    # Read, not only sized: every engine then meets the files in the page cache. This VM
    # drops cached pages even with memory free, and the first run of a corpus read from
    # the disk paid for it (about 135 µs a file: 2.7 s of the workers' time at 20,000
    # files; the first --jobs 1 run at 80,000 files took 92–100 s against 84–91 s).
    size = sum(len(p.read_bytes()) for p in docs.rglob("*.txt"))
    return docs, size


def alternating(rounds: int) -> list[int]:
    """The order of (a)'s runs, by number of jobs: 1 2, then 2 1, and so on. This VM's
    speed drifts over minutes; in turn, a drift favours neither (over two rounds, a
    steady drift costs both the same)."""
    return [jobs for n in range(rounds) for jobs in ((1, 2) if n % 2 == 0 else (2, 1))]


def median_run(readings: list[dict[str, Any]]) -> dict[str, Any]:
    """The figures of the run of median seconds (the lower middle one of an even
    count: a run that happened), with every run's seconds and probe in run order when
    there were several."""
    chosen = dict(sorted(readings, key=lambda figures: figures["seconds"])[(len(readings) - 1) // 2])
    if len(readings) > 1:
        chosen["rounds_seconds"] = [figures["seconds"] for figures in readings]
        chosen["rounds_probe_seconds"] = [figures.get("probe_seconds") for figures in readings]
    return chosen


def run(sizes: list[int], work: Path, seed: int, baselines_up_to: int, rounds: int = 1) -> dict[str, Any]:
    python = sys.executable
    results: dict[str, Any] = {"sizes": {}, "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]}}
    for files in sizes:
        docs, size = corpus(work, files, seed)
        row: dict[str, Any] = {"bytes": size}
        outputs = {f"a{jobs}": work / f"out-{files}-j{jobs}" for jobs in (1, 2)}
        readings: dict[int, list[dict[str, Any]]] = {1: [], 2: []}
        for jobs in alternating(rounds):
            out = outputs[f"a{jobs}"]
            readings[jobs].append(
                probed(
                    [python, "-m", "cleaner", "dedup", str(docs), "--out", str(out), "-q", "--jobs", str(jobs)],
                    files,
                    size,
                )
            )
        for jobs, figures in readings.items():
            row[f"a_jobs{jobs}"] = median_run(figures)
        same_outputs = all(
            (outputs["a1"] / name).read_bytes() == (outputs["a2"] / name).read_bytes()
            for name in ("articles.jsonl", "teasers.jsonl")
        )
        row["a_jobs_identical_outputs"] = same_outputs
        a_teasers, a_duplicates = partition_of_outputs(outputs["a1"])
        for label, backend in (("b", "datasketch"), ("c", "rensa")):
            if files > baselines_up_to:
                continue
            pickled = work / f"{backend}-{files}.pickle"
            row[label] = probed(
                [python, "-m", "benchmarks.baselines", backend, str(docs), "--out", str(pickled)], files, size
            )
            result: ObviousResult = pickle.loads(pickled.read_bytes())
            row[label]["teaser_cluster_agreement"] = round(pairwise_agreement(a_teasers, result.occurrences), 5)
            row[label]["duplicate_agreement"] = round(pairwise_agreement(a_duplicates, result.duplicates), 5)
            for jobs in (1, 2):
                row[f"ratio_a{jobs}_{label}"] = round(row[label]["seconds"] / row[f"a_jobs{jobs}"]["seconds"], 2)
        row["jobs2_speedup"] = round(row["a_jobs1"]["seconds"] / row["a_jobs2"]["seconds"], 2)
        results["sizes"][str(files)] = row
        print(json.dumps({str(files): row}), flush=True)
    if len(sizes) >= 2:
        xs = [math.log(n) for n in sizes]
        for jobs in (1, 2):
            ys = [math.log(results["sizes"][str(n)][f"a_jobs{jobs}"]["seconds"]) for n in sizes]
            mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
            slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sum(
                (x - mean_x) ** 2 for x in xs
            )
            results[f"scaling_exponent_a_jobs{jobs}"] = round(slope, 3)
        first, last = str(sizes[0]), str(sizes[-1])
        for jobs in (1, 2):
            key = f"a_jobs{jobs}"
            results[f"throughput_{last}_vs_{first}_{key}"] = round(
                results["sizes"][last][key]["files_per_second"] / results["sizes"][first][key]["files_per_second"], 3
            )
    return results


# (b) and (c) use other hash functions, so their MinHash estimates, and a few verdicts
# near the thresholds, differ from (a)'s: "the same clusters" means a pairwise F1 of at
# least this much (a real divergence, such as a lost verification step, scores far lower).
AGREEMENT_FLOOR = 0.98


def same_clusters(row: dict[str, Any], label: str) -> bool:
    """Whether the baseline ``label`` of one size's row found (a)'s clusters."""
    figures = row[label]
    return bool(
        figures["teaser_cluster_agreement"] >= AGREEMENT_FLOOR and figures["duplicate_agreement"] >= AGREEMENT_FLOOR
    )


_ENGINES = (("a_jobs1", "(a) jobs 1"), ("a_jobs2", "(a) jobs 2"), ("b", "(b) datasketch"), ("c", "(c) rensa"))


def markdown(results: dict[str, Any]) -> str:
    """The results as the table of benchmarks/RESULTS.md, and the figures across sizes."""
    lines = [
        "| files | corpus MB | engine | seconds | files/s | MB/s | peak RSS MB | peak PSS MB | cores | probe s | a/b "
        "| a/c | clusters agree with (a) | duplicates agree |",
        "|---" * 14 + "|",
    ]
    for files, row in results["sizes"].items():
        mb = round(row["bytes"] / 1e6)
        for key, name in _ENGINES:
            if key not in row:
                continue
            f = row[key]
            cells = [files, mb, name, f["seconds"], f["files_per_second"], f["mb_per_second"], f["peak_rss_mb"]]
            cells += [f.get("peak_pss_mb", "–"), _cores(f), f.get("probe_seconds", "–")]
            if key.startswith("a_"):
                a = key.replace("_jobs", "")  # a1, a2: the names of the ratios
                cells += [row.get(f"ratio_{a}_b", "–"), row.get(f"ratio_{a}_c", "–"), "–", "–"]
            else:
                cells += ["–", "–", f["teaser_cluster_agreement"], f["duplicate_agreement"]]
            lines.append("| " + " | ".join(str(c) for c in cells) + " |")
    sizes = list(results["sizes"])
    lines.append("")
    runs = [row[key] for row in results["sizes"].values() for key, _ in _ENGINES if key in row]
    if runs and all("probe_seconds" in figures for figures in runs):  # not in runs before the probe
        probes = [figures["probe_seconds"] for figures in runs]
        lines.append(
            f"Machine probe before each engine (seconds of fixed work, both cores): {min(probes)} to {max(probes)}"
            f" ({max(probes) / min(probes):.2f}x); compare ratios of figures taken at different values with care."
        )
    for n in sizes:
        rounds = [results["sizes"][n][key].get("rounds_seconds") for key in ("a_jobs1", "a_jobs2")]
        if all(rounds):
            lines.append(
                f"(a) at {n} files, {len(rounds[0])} runs each, in turn (jobs 1 then 2, then 2 then 1...), the "
                f"median run in the table: jobs 1 {rounds[0]} s, jobs 2 {rounds[1]} s."
            )
    speedups = ", ".join(f"{n} files {results['sizes'][n]['jobs2_speedup']}x" for n in sizes)
    identical = all(results["sizes"][n]["a_jobs_identical_outputs"] for n in sizes)
    lines.append(f"--jobs 2 over --jobs 1: {speedups}. Outputs of --jobs 1 and --jobs 2 byte-identical: {identical}.")
    checked = [(n, label) for n in sizes for label in ("b", "c") if label in results["sizes"][n]]
    agree = all(same_clusters(results["sizes"][n], label) for n, label in checked)
    lines.append(f"(b) and (c) find the clusters of (a) (pairwise F1 >= {AGREEMENT_FLOOR}) at every size: {agree}.")
    if len(sizes) >= 2:
        first, last = sizes[0], sizes[-1]
        for jobs in (1, 2):
            exponent = results[f"scaling_exponent_a_jobs{jobs}"]
            ratio = results[f"throughput_{last}_vs_{first}_a_jobs{jobs}"]
            lines.append(
                f"(a) --jobs {jobs}: time ~ files^{exponent} over {first}-{last} files; "
                f"throughput at {last} files / at {first}: {ratio}."
            )
    return "\n".join(lines)


def _cores(figures: dict[str, float]) -> float | str:
    """Cores kept busy on average: CPU seconds over wall seconds ("–" in runs saved
    before the CPU was measured)."""
    return round(figures["cpu_seconds"] / figures["seconds"], 2) if "cpu_seconds" in figures else "–"


def _figures(files: int, size: int, seconds: float, peak: int, pss: int) -> dict[str, float]:
    return {
        "seconds": round(seconds, 2),
        "files_per_second": round(files / seconds, 1),
        "mb_per_second": round(size / 1e6 / seconds, 2),
        "peak_rss_mb": round(peak / 1e6, 1),
        "peak_pss_mb": round(pss / 1e6, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 20000, 80000])
    parser.add_argument("--work", type=Path, default=Path("benchmarks/corpora"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--baselines-up-to", type=int, default=10**9)
    parser.add_argument("--rounds", type=int, default=1, help="runs of (a) with each number of jobs, in turn")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--table", type=Path, metavar="JSON", help="print the table of earlier results, run nothing")
    args = parser.parse_args()
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    if args.table:
        print(markdown(json.loads(args.table.read_text(encoding="utf-8"))))
        return
    args.work.mkdir(parents=True, exist_ok=True)
    results = run(args.sizes, args.work, args.seed, args.baselines_up_to, args.rounds)
    text = json.dumps(results, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    print(markdown(results))
    rows = results["sizes"].values()
    if not all(same_clusters(row, label) for row in rows for label in ("b", "c") if label in row):
        sys.exit("the baselines' clusters differ from (a)'s")


if __name__ == "__main__":
    main()
