"""--engine ray gives the same outputs as --engine local (a local Ray with 2 CPUs)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from benchmarks.generate import write_corpus
from cleaner.dedup.config import DedupConfig
from cleaner.dedup.engines import RayEngine
from cleaner.dedup.extract import Task
from cleaner.dedup.lsh import band_pairs, banded_candidate_pairs, candidate_pairs
from cleaner.dedup.minhash import Signer
from cleaner.inputs import ReadOptions
from cleaner.pipeline import CleanOptions
from tests.test_index import copy_parts, random_parts
from tests.test_seeds import run_main


def test_banding_gives_the_candidates_of_datasketch_lsh() -> None:
    rng = np.random.default_rng(7)
    base = rng.integers(0, 2**32, size=(40, 128), dtype=np.uint64).astype(np.uint32)
    base[20:] = base[:20]  # pairs of identical signatures...
    base[20:30, :] = rng.integers(0, 2**32, size=(10, 128), dtype=np.uint64).astype(np.uint32)  # 10 differ
    base[30:, :100] = rng.integers(0, 2**32, size=(10, 100), dtype=np.uint64).astype(np.uint32)  # 10 share 7 bands
    signatures = list(base)
    expected = candidate_pairs(signatures, Signer(128, 1), 32)
    assert expected == [(i, i + 20) for i in range(10, 20)]
    assert sorted(band_pairs(base, 4, 0, 32)) == expected
    split = band_pairs(base, 4, 0, 10) | band_pairs(base, 4, 10, 32)
    assert sorted(split) == expected
    assert banded_candidate_pairs(signatures, 32) == expected


def test_ray_engine_without_ray_says_how_to_install(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import builtins

    real_import = builtins.__import__

    def no_ray(name: str, *args: object, **kwargs: object) -> object:
        if name == "ray":
            raise ImportError("No module named 'ray'")
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", no_ray)
    code, _, err = run_main(["dedup", str(tmp_path), "--out", str(tmp_path / "o"), "--engine", "ray"])
    assert code == 2
    assert "pip install 'cleaner[ray]'" in err and err.count("\n") == 1


def test_ray_outputs_are_byte_identical_to_local(tmp_path: Path) -> None:
    ray = pytest.importorskip("ray")
    write_corpus(tmp_path / "corpus", 300, seed=4)
    docs = str(tmp_path / "corpus" / "docs")
    assert run_main(["dedup", docs, "--out", str(tmp_path / "local"), "-q"])[0] == 0
    halves = copy_parts(Path(docs), random_parts(Path(docs), 2, seed=8), tmp_path / "halves")
    index = str(tmp_path / "index.sqlite")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        code, _, err = run_main(["dedup", docs, "--out", str(tmp_path / "ray"), "-q", "--engine", "ray"])
        # The index through Ray: the workers keep each document's text for the index.
        for n, half in enumerate(halves):
            argv = ["dedup", str(half), "--out", str(tmp_path / f"ray-index{n}"), "-q", "--engine", "ray"]
            assert run_main([*argv, "--index", index])[0] == 0
    finally:
        ray.shutdown()
    assert (code, err) == (0, "")
    for name in ("articles.jsonl", "teasers.jsonl"):
        assert (tmp_path / "local" / name).read_bytes() == (tmp_path / "ray-index1" / name).read_bytes()
    for name in ("articles.jsonl", "teasers.jsonl"):
        assert (tmp_path / "local" / name).read_bytes() == (tmp_path / "ray" / name).read_bytes()
    local, remote = (json.loads((tmp_path / d / "report.json").read_text()) for d in ("local", "ray"))
    assert remote["run"]["engine"] == "ray"
    local.pop("run"), remote.pop("run")
    assert local == remote


def test_ray_batches_do_not_sign_again_what_earlier_batches_signed(tmp_path: Path) -> None:
    ray = pytest.importorskip("ray")
    write_corpus(tmp_path / "corpus", 240, seed=5)
    files = sorted(p for p in (tmp_path / "corpus" / "docs").rglob("*") if p.is_file())
    tasks = [Task(f.stem, path=str(f)) for f in files]
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        engine = RayEngine(DedupConfig(), CleanOptions(), ReadOptions(), jobs=2)
        engine.batch_size, engine.put_signed_every = 4, 1  # 60 batches, told after each
        extracts = list(engine.extract(tasks))
        in_flight = engine.in_flight
        engine.close()
    finally:
        ray.shutdown()
    signed = Counter(key for e in extracts for key in e.new_signatures)
    met = {t.key for e in extracts for t in e.teasers}
    assert len(met) > 100 and set(signed) == met  # every text signed somewhere
    # A batch knows the texts of every batch that came back before it was sent: a text
    # is signed again only by the batches already running when it was first signed.
    # (Each batch signing all it met signed the corpus's frequent texts in most batches.)
    assert max(signed.values()) <= in_flight
    assert sum(signed.values()) < 1.5 * len(met)
