"""The benchmark's table and its check that the baselines find (a)'s clusters."""

from __future__ import annotations

import sys
from typing import Any

from benchmarks.bench_dedup import alternating, markdown, measure, median_run, probe, same_clusters


def _figures(seconds: float) -> dict[str, float]:
    return {"seconds": seconds, "files_per_second": 1.0, "mb_per_second": 1.0, "peak_rss_mb": 1.0, "peak_pss_mb": 1.0}


def _results(teaser_agreement: float) -> dict[str, Any]:
    row: dict[str, Any] = {"bytes": 2_000_000, "a_jobs1": _figures(4.0), "a_jobs2": _figures(2.0)}
    row |= {"a_jobs_identical_outputs": True, "jobs2_speedup": 2.0, "ratio_a1_b": 5.0, "ratio_a2_b": 10.0}
    row["b"] = _figures(20.0) | {"teaser_cluster_agreement": teaser_agreement, "duplicate_agreement": 1.0}
    small = {"bytes": 1_000_000, "a_jobs1": _figures(2.0), "a_jobs2": _figures(1.0)}
    small |= {"a_jobs_identical_outputs": True, "jobs2_speedup": 2.0}
    results: dict[str, Any] = {"sizes": {"10": small, "20": row}}
    results |= {"scaling_exponent_a_jobs1": 1.0, "scaling_exponent_a_jobs2": 1.0}
    results |= {"throughput_20_vs_10_a_jobs1": 1.0, "throughput_20_vs_10_a_jobs2": 1.0}
    return results


def test_the_table_has_a_row_per_engine_run_and_the_ratios_of_a() -> None:
    table = markdown(_results(1.0)).splitlines()
    rows = [line for line in table if line.startswith("| 10 |") or line.startswith("| 20 |")]
    assert len(rows) == 5  # no baseline at 10 files
    # Results saved before the machine probe have no probe figures: "–".
    assert "| 20 | 2 | (a) jobs 2 | 2.0 | 1.0 | 1.0 | 1.0 | 1.0 | – | – | 10.0 | – | – | – |" in rows
    assert "| 20 | 2 | (b) datasketch | 20.0 | 1.0 | 1.0 | 1.0 | 1.0 | – | – | – | – | 1.0 | 1.0 |" in rows
    assert any("at every size: True" in line for line in table)
    assert not any(line.startswith("Machine probe") for line in table)


def test_the_machine_probe_of_each_run_is_shown_with_its_spread() -> None:
    results = _results(1.0)
    for n, row in enumerate(
        r for size in results["sizes"].values() for k, r in size.items() if k in ("a_jobs1", "a_jobs2", "b")
    ):
        row["probe_seconds"] = 0.5 + n * 0.05
    table = markdown(results).splitlines()
    assert "| 20 | 2 | (b) datasketch | 20.0 | 1.0 | 1.0 | 1.0 | 1.0 | – | 0.7 | – | – | 1.0 | 1.0 |" in table
    assert any(line.startswith("Machine probe") and "0.5 to 0.7 (1.40x)" in line for line in table)


def test_the_probe_times_fixed_work_on_both_cores() -> None:
    assert 0.0 < probe() < 60.0


def test_the_cores_a_run_kept_busy_are_its_cpu_over_its_wall_time() -> None:
    results = _results(1.0)
    results["sizes"]["20"]["a_jobs2"]["cpu_seconds"] = 3.5  # over 2.0 s of wall time
    table = markdown(results).splitlines()
    assert "| 20 | 2 | (a) jobs 2 | 2.0 | 1.0 | 1.0 | 1.0 | 1.0 | 1.75 | – | 10.0 | – | – | – |" in table


def test_the_cpu_of_a_command_counts_its_children() -> None:
    # Two children each spin for about 0.4 s of CPU while the command itself waits:
    # the measure must count them (a pool's workers are such children).
    spin = "import time\nend = time.process_time() + 0.4\nwhile time.process_time() < end: pass"
    parent = (
        "import subprocess, sys\n"
        f"children = [subprocess.Popen([sys.executable, '-c', {spin!r}]) for _ in range(2)]\n"
        "for child in children: child.wait()"
    )
    measured = measure([sys.executable, "-c", parent])
    assert measured.cpu_seconds >= 0.8
    assert measured.seconds > 0 and measured.peak_rss > 0


def test_baseline_clusters_that_differ_are_reported() -> None:
    results = _results(0.5)
    assert not same_clusters(results["sizes"]["20"], "b")
    assert any("at every size: False" in line for line in markdown(results).splitlines())


def test_runs_of_a_take_turns_so_a_drift_favours_neither() -> None:
    assert alternating(1) == [1, 2]
    assert alternating(3) == [1, 2, 2, 1, 1, 2]
    assert alternating(4).count(1) == alternating(4).count(2) == 4


def test_the_median_run_is_kept_with_every_run_listed() -> None:
    readings = [_figures(seconds) | {"probe_seconds": probe} for seconds, probe in ((9.0, 1.4), (7.0, 1.0), (8.0, 1.2))]
    chosen = median_run(readings)
    assert chosen["seconds"] == 8.0 and chosen["probe_seconds"] == 1.2  # one run's figures, not a mix
    assert chosen["rounds_seconds"] == [9.0, 7.0, 8.0]
    assert chosen["rounds_probe_seconds"] == [1.4, 1.0, 1.2]
    assert median_run(readings[:2])["seconds"] == 7.0  # of two, the faster: a run that happened
    assert "rounds_seconds" not in median_run(readings[:1])  # one run: as before


def test_the_runs_of_each_round_are_listed_under_the_table() -> None:
    results = _results(1.0)
    results["sizes"]["20"]["a_jobs1"]["rounds_seconds"] = [4.0, 4.4]
    results["sizes"]["20"]["a_jobs2"]["rounds_seconds"] = [2.2, 2.0]
    table = markdown(results).splitlines()
    assert (
        "(a) at 20 files, 2 runs each, in turn (jobs 1 then 2, then 2 then 1...), the median run in the table: "
        "jobs 1 [4.0, 4.4] s, jobs 2 [2.2, 2.0] s." in table
    )
    assert not any(line.startswith("(a) at 10 files") for line in table)
