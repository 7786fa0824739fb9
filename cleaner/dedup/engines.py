"""Where the per-document work and the LSH banding run: in this process or a local
process pool (``local``), or on a Ray cluster (``ray``). Both give the same results:
the per-document work is a pure function of the document, and banding a signature
matrix gives exactly the candidate pairs of datasketch's MinHashLSH with the same
bands and rows (a pair is a candidate when one band is byte-for-byte equal)."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from multiprocessing import get_context
from typing import Any, Protocol

import numpy as np

from cleaner.dedup.config import DedupConfig
from cleaner.dedup.extract import Extract, Extractor, Task
from cleaner.dedup.lsh import candidate_pairs
from cleaner.dedup.minhash import Signer
from cleaner.inputs import ReadOptions
from cleaner.pipeline import CleanOptions

ENGINES = ("local", "ray")


class EngineUnavailable(Exception):
    """The engine cannot run here (its package is missing or the cluster is unreachable)."""


class Engine(Protocol):
    name: str

    def extract(self, tasks: list[Task]) -> Iterator[Extract]: ...

    def candidate_pairs(
        self, signatures: Sequence[np.ndarray], signer: Signer, bands: int
    ) -> list[tuple[int, int]]: ...

    def close(self) -> None: ...


_WORKER: Extractor | None = None


def _init_worker(config: DedupConfig, options: CleanOptions, read: ReadOptions) -> None:
    global _WORKER  # one per worker process, and a pool lives for one run
    _WORKER = Extractor(config, options, read)


def _work(task: Task) -> Extract:
    assert _WORKER is not None
    return _WORKER(task)


class LocalEngine:
    """This process (``jobs=1``) or a pool of ``jobs`` forked processes, in order."""

    name = "local"

    def __init__(self, config: DedupConfig, options: CleanOptions, read: ReadOptions, jobs: int = 1) -> None:
        self.config, self.options, self.read, self.jobs = config, options, read, jobs

    def extract(self, tasks: list[Task]) -> Iterator[Extract]:
        if self.jobs <= 1 or len(tasks) < 2:
            extractor = Extractor(self.config, self.options, self.read)  # per run: no state between runs
            yield from map(extractor, tasks)
            return
        context = get_context("fork" if hasattr(os, "fork") else "spawn")
        chunk = max(1, min(64, len(tasks) // (self.jobs * 8)))
        with context.Pool(self.jobs, initializer=_init_worker, initargs=(self.config, self.options, self.read)) as pool:
            yield from pool.imap(_work, tasks, chunksize=chunk)

    def candidate_pairs(self, signatures: Sequence[np.ndarray], signer: Signer, bands: int) -> list[tuple[int, int]]:
        return candidate_pairs(signatures, signer, bands)

    def close(self) -> None:
        pass


def band_pairs(matrix: np.ndarray, rows: int, first_band: int, last_band: int) -> set[tuple[int, int]]:
    """Candidate pairs of the bands ``first_band..last_band-1`` of a signature matrix
    (one row per text): texts whose band slices are equal, byte for byte."""
    pairs: set[tuple[int, int]] = set()
    for band in range(first_band, last_band):
        buckets: dict[bytes, list[int]] = {}
        block = np.ascontiguousarray(matrix[:, band * rows : (band + 1) * rows])
        for i in range(block.shape[0]):
            buckets.setdefault(block[i].tobytes(), []).append(i)
        for members in buckets.values():
            for a in range(len(members)):
                for b in range(a + 1, len(members)):
                    pairs.add((members[a], members[b]))
    return pairs


def _extract_batch(tasks: list[Task], settings: tuple[DedupConfig, CleanOptions, ReadOptions]) -> list[Extract]:
    extractor = Extractor(*settings)
    return [extractor(task) for task in tasks]


class RayEngine:
    """Cleaning and signatures as Ray tasks over batches of documents (results taken
    back in order, a bounded number in flight), LSH banding as Ray tasks over groups of
    bands; the driver joins the candidate pairs into clusters and writes the outputs."""

    name = "ray"
    batch_size = 256

    def __init__(
        self, config: DedupConfig, options: CleanOptions, read: ReadOptions, jobs: int = 1, address: str | None = None
    ) -> None:
        try:
            import ray
        except ImportError:
            raise EngineUnavailable("--engine ray needs Ray: pip install 'cleaner[ray]'") from None
        self.ray = ray
        self.config, self.options, self.read = config, options, read
        self._started_here = not ray.is_initialized()
        if self._started_here:
            try:
                if address:
                    ray.init(address=address, include_dashboard=False, log_to_driver=False)
                else:
                    ray.init(num_cpus=max(1, jobs), include_dashboard=False, log_to_driver=False)
            except Exception as exc:  # Ray raises many kinds; all mean "no cluster"
                raise EngineUnavailable(f"cannot start or reach Ray: {exc}") from None
        self._extract = ray.remote(_extract_batch)
        self._bands = ray.remote(band_pairs)
        cpus = int(ray.cluster_resources().get("CPU", 1))  # type: ignore[no-untyped-call]
        self.in_flight = max(2, 2 * cpus)

    def extract(self, tasks: list[Task]) -> Iterator[Extract]:
        ray = self.ray
        # The settings travel once, by reference; Ray resolves it in each task.
        settings = ray.put((self.config, self.options, self.read))
        batches = [tasks[i : i + self.batch_size] for i in range(0, len(tasks), self.batch_size)]
        pending: list[Any] = []
        submitted = 0
        while submitted < len(batches) or pending:
            while submitted < len(batches) and len(pending) < self.in_flight:
                pending.append(self._extract.remote(batches[submitted], settings))
                submitted += 1
            yield from ray.get(pending.pop(0))

    def candidate_pairs(self, signatures: Sequence[np.ndarray], signer: Signer, bands: int) -> list[tuple[int, int]]:
        if not signatures:
            return []
        ray = self.ray
        rows = signer.num_perm // bands
        matrix = ray.put(np.vstack(signatures))
        step = max(1, bands // self.in_flight)
        futures = [self._bands.remote(matrix, rows, lo, min(bands, lo + step)) for lo in range(0, bands, step)]
        pairs: set[tuple[int, int]] = set()
        for found in ray.get(futures):
            pairs |= found
        return sorted(pairs)

    def close(self) -> None:
        if self._started_here:
            self.ray.shutdown()


def make_engine(
    name: str, config: DedupConfig, options: CleanOptions, read: ReadOptions, jobs: int, address: str | None = None
) -> Engine:
    if name == "local":
        return LocalEngine(config, options, read, jobs)
    if name == "ray":
        return RayEngine(config, options, read, jobs, address)
    raise EngineUnavailable(f"unknown engine {name!r} (choose from {', '.join(ENGINES)})")
