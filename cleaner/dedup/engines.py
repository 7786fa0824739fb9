"""Where the per-document work and the LSH banding run: in this process or a local
process pool (``local``), or on a Ray cluster (``ray``). Both give the same results:
the per-document work is a pure function of the document, and banding a signature
matrix gives exactly the candidate pairs of datasketch's MinHashLSH with the same
bands and rows (a pair is a candidate when one band is byte-for-byte equal)."""

from __future__ import annotations

import logging
from array import array
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from multiprocessing import get_context
from typing import Any, Protocol

import numpy as np
from threadpoolctl import threadpool_limits

from cleaner.dedup.config import DedupConfig
from cleaner.dedup.extract import Extract, Extractor, Task, title_finder
from cleaner.dedup.forked import ForkCount, can_fork, fork_affordable, start_in_child
from cleaner.dedup.known_titles import KnownTitles
from cleaner.dedup.lsh import PairTest, Signatures, as_matrix, band_pairs, join_candidates
from cleaner.dedup.seen_keys import FingerprintSet, SeenKeys, fingerprint
from cleaner.dedup.unionfind import UnionFind
from cleaner.inputs import ReadOptions
from cleaner.pipeline import CleanOptions

ENGINES = ("local", "ray")


class EngineUnavailable(Exception):
    """The engine cannot run here (its package is missing or the cluster is unreachable)."""


class WorkerLost(Exception):
    """A worker process ended in the middle of the run (killed, or out of memory): its
    documents are not cleaned, so the run cannot finish."""


class Engine(Protocol):
    name: str

    def extract(self, tasks: list[Task]) -> Iterator[Extract]: ...

    def reclean(self, tasks: list[Task], known_titles: KnownTitles) -> Iterator[Extract]:
        """Clean ``tasks`` again, in order, with the hashes of the folded titles the
        corpus carries as teasers (a headerless teaser block is found by them)."""
        ...

    def finish_documents(self) -> None:
        """No more documents to clean: the workers may go (before the corpus stages,
        which need their memory)."""
        ...

    def join_candidates(
        self,
        signatures: Signatures,
        bands: int,
        sets: UnionFind,
        test: PairTest,
        only: np.ndarray | None = None,
    ) -> None: ...

    def close(self) -> None: ...


_WORKER: Extractor | None = None


def _init_worker(
    config: DedupConfig, options: CleanOptions, read: ReadOptions, keep_source: bool, seen: SeenKeys | None
) -> None:
    global _WORKER  # one per worker process, and a pool lives for one run
    _WORKER = Extractor(config, options, read, keep_source, seen=seen)


def _work(task: Task) -> Extract:
    assert _WORKER is not None
    return _WORKER(task)


def _rework(known_titles: KnownTitles, task: Task) -> Extract:
    assert _WORKER is not None
    return _WORKER(task, title_finder(known_titles))


def _results(extracts: Iterator[Extract]) -> Iterator[Extract]:
    try:
        yield from extracts
    except BrokenProcessPool:
        raise WorkerLost("a worker process ended abruptly (killed? out of memory?); the run stopped") from None


class LocalEngine:
    """This process (``jobs=1``) or a pool of ``jobs`` forked processes, in order."""

    name = "local"
    fork_from = 4000  # texts: below this, a fork costs more than half the banding

    def __init__(
        self,
        config: DedupConfig,
        options: CleanOptions,
        read: ReadOptions,
        jobs: int = 1,
        keep_source: bool = False,
        forks: ForkCount | None = None,
    ) -> None:
        self.config, self.options, self.read, self.jobs = config, options, read, jobs
        self.keep_source = keep_source
        self.forks = forks if forks is not None else ForkCount()  # the run's: children joining LSH bands count there
        self._pool: ProcessPoolExecutor | None = None
        self._seen: SeenKeys | None = None  # the texts signed, here or by the pool's workers
        self._extractor: Extractor | None = None

    def extract(self, tasks: list[Task]) -> Iterator[Extract]:
        if self.jobs <= 1 or len(tasks) < 2:
            yield from map(self._here(len(tasks)), tasks)
            return
        chunk = max(1, min(64, len(tasks) // (self.jobs * 8)))
        yield from _results(self._workers(len(tasks)).map(_work, tasks, chunksize=chunk))

    def reclean(self, tasks: list[Task], known_titles: KnownTitles) -> Iterator[Extract]:
        # The pool of the first cleaning, still there: forking the driver now would copy
        # a process of hundreds of MB, and cleaning here would leave a core idle.
        if self.jobs <= 1 or len(tasks) < 2:
            extractor, is_known = self._here(len(tasks)), title_finder(known_titles)
            yield from (extractor(task, is_known) for task in tasks)
            return
        # Chunks of about an eighth of a worker's share: the title set travels with each.
        chunk = max(1, len(tasks) // (self.jobs * 8))
        yield from _results(self._workers(len(tasks)).map(partial(_rework, known_titles), tasks, chunksize=chunk))

    def finish_documents(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None
        self._extractor = None
        self._forget_seen()

    def _forget_seen(self) -> None:
        if self._seen is not None:
            self._seen.close()
            self._seen = None

    def _here(self, documents: int) -> Extractor:
        if self._extractor is None:  # per run: no state between runs
            self._extractor = Extractor(
                self.config, self.options, self.read, self.keep_source, seen=self._table(documents)
            )
        return self._extractor

    def _table(self, documents: int) -> SeenKeys:
        """The run's table of signed texts, made once: in this process's memory, and the
        workers', when they are forked after it (an anonymous shared mapping). Sized by
        the documents: 1.75-2 distinct teaser texts a document in the corpora measured,
        so about half the slots fill (2 MB at 80,000 files; in each worker's resident
        memory, as each touches every page)."""
        if self._seen is None:
            self._seen = SeenKeys(documents)
        return self._seen

    def _workers(self, documents: int) -> ProcessPoolExecutor:
        # concurrent.futures rather than multiprocessing.Pool: the Pool's thread that
        # watches the workers also wakes whenever results wait in the pipe, and spins
        # while a chunk's results come through (measured at 5,000 files: 0.2 s of the
        # driver's CPU, taken from the workers on a 2-core machine). The executor's one
        # thread reads the results itself. Forked all at once, while the driver is small.
        if self._pool is None:
            forked = can_fork()
            self._pool = ProcessPoolExecutor(
                self.jobs,
                mp_context=get_context("fork" if forked else "spawn"),
                initializer=_init_worker,
                # A spawned worker could not be handed the mapping: it remembers its own.
                initargs=(
                    self.config,
                    self.options,
                    self.read,
                    self.keep_source,
                    self._table(documents) if forked else None,
                ),
            )
        return self._pool

    def join_candidates(
        self,
        signatures: Signatures,
        bands: int,
        sets: UnionFind,
        test: PairTest,
        only: np.ndarray | None = None,
    ) -> None:
        # The title tests multiply small matrices, for which BLAS would start a thread
        # per core: in one process, two threads took 9 s of CPU for the 5 s of one at
        # 80,000 files, in the same wall time; in processes that split the bands, they
        # took turns on the cores (a half of the bands took 80 % of the time of all).
        with threadpool_limits(limits=1, user_api="blas"):
            self._join_candidates(signatures, bands, sets, test, only)

    def _join_candidates(
        self, signatures: Signatures, bands: int, sets: UnionFind, test: PairTest, only: np.ndarray | None
    ) -> None:
        parts = min(self.jobs, bands)
        if len(signatures) < self.fork_from or not fork_affordable(children=parts - 1):
            parts = 1
        if parts <= 1:
            # With more jobs, the second core buckets the next band (numpy sorts without
            # the GIL); --jobs 1 promises one core.
            join_candidates(signatures, bands, sets, test, only, ahead=self.jobs > 1)
            return
        # The bands split among this process and forked children (the pool is gone by
        # now): each joins its bands into its own copy of the sets, and the copies are
        # merged. Interleaved, so each part starts with a band of its own: the first
        # band a part sees joins most copies of each teaser, the others mostly confirm.
        groups = [range(part, bands, parts) for part in range(parts)]

        def joined(band_numbers: range) -> bytes:
            join_candidates(signatures, bands, sets, test, only, band_numbers)
            return sets.roots().tobytes()

        waiting = [start_in_child(partial(joined, group), self.forks) for group in groups[1:]]
        join_candidates(signatures, bands, sets, test, only, groups[0])
        for result in waiting:
            sets.join(np.frombuffer(result(), dtype=np.int64))

    def close(self) -> None:
        if self._pool is not None:  # a run that failed: the workers' work is of no use
            # The chunks not started are dropped; those running end first (a chunk is
            # at most 64 documents).
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._forget_seen()


def _extract_batch(
    tasks: list[Task],
    settings: tuple[DedupConfig, CleanOptions, ReadOptions, bool],
    known_titles: KnownTitles | None,
    signed: np.ndarray,
) -> list[Extract]:
    """Clean a batch; ``signed``: fingerprints of the texts the driver has signatures of."""
    extractor = Extractor(*settings, seen=FingerprintSet(signed.tolist()))
    finder = title_finder(known_titles) if known_titles is not None else None
    return [extractor(task, finder) for task in tasks]


class RayEngine:
    """Cleaning and signatures as Ray tasks over batches of documents (results taken
    back in order, a bounded number in flight), LSH banding as Ray tasks over groups of
    bands; the driver joins the candidate pairs into clusters and writes the outputs."""

    name = "ray"
    batch_size = 256
    put_signed_every = 512  # new fingerprints, at least, before the batches are sent them again

    def __init__(
        self,
        config: DedupConfig,
        options: CleanOptions,
        read: ReadOptions,
        jobs: int = 1,
        address: str | None = None,
        keep_source: bool = False,
    ) -> None:
        # Fingerprints of the texts whose signatures this run's batches sent back: the
        # driver keeps every one it is handed, so later batches need not sign them.
        self._signed = array("Q")
        try:
            import ray
        except ImportError:
            raise EngineUnavailable("--engine ray needs Ray: pip install 'cleaner[ray]'") from None
        self.ray = ray
        self.config, self.options, self.read, self.keep_source = config, options, read, keep_source
        self._started_here = not ray.is_initialized()
        if self._started_here:
            try:
                # Ray's own logs would break the one-line-per-error promise on stderr.
                if address:
                    ray.init(address=address, include_dashboard=False, log_to_driver=False, logging_level=logging.ERROR)
                else:
                    ray.init(
                        num_cpus=max(1, jobs), include_dashboard=False, log_to_driver=False, logging_level=logging.ERROR
                    )
            except Exception as exc:  # Ray raises many kinds; all mean "no cluster"
                raise EngineUnavailable(f"cannot start or reach Ray: {exc}") from None
        self._extract = ray.remote(_extract_batch)
        self._bands = ray.remote(band_pairs)
        cpus = int(ray.cluster_resources().get("CPU", 1))  # type: ignore[no-untyped-call]
        self.in_flight = max(2, 2 * cpus)

    def extract(self, tasks: list[Task]) -> Iterator[Extract]:
        return self._batches(tasks, None)

    def reclean(self, tasks: list[Task], known_titles: KnownTitles) -> Iterator[Extract]:
        return self._batches(tasks, known_titles)

    def finish_documents(self) -> None:
        # The cluster's workers are not this run's; what its batches signed is.
        self._signed = array("Q")

    def _batches(self, tasks: list[Task], known_titles: KnownTitles | None) -> Iterator[Extract]:
        ray = self.ray
        # The settings (and the titles) travel once, by reference; Ray resolves them in each task.
        settings = ray.put((self.config, self.options, self.read, self.keep_source))
        titles = ray.put(known_titles)
        # The texts signed so far travel by reference too, put again only when they have
        # grown by a quarter: a batch that learns of a text a little late signs it again
        # (at 5,000 files, a batch signing all it met sent 16,615 signatures for 9,669
        # texts), and putting every batch its own copy would cost more than that.
        shared = ray.put(np.array(self._signed, dtype=np.uint64))
        put_at = len(self._signed)
        batches = [tasks[i : i + self.batch_size] for i in range(0, len(tasks), self.batch_size)]
        pending: list[Any] = []
        submitted = 0
        while submitted < len(batches) or pending:
            if len(self._signed) - put_at >= max(self.put_signed_every, put_at // 4):
                shared = ray.put(np.array(self._signed, dtype=np.uint64))
                put_at = len(self._signed)
            while submitted < len(batches) and len(pending) < self.in_flight:
                pending.append(self._extract.remote(batches[submitted], settings, titles, shared))
                submitted += 1
            for extract in ray.get(pending.pop(0)):
                if signatures := extract.new_signatures:
                    self._signed.extend(fingerprint(t.digest) for t in extract.teasers if t.key in signatures)
                yield extract

    def join_candidates(
        self,
        signatures: Signatures,
        bands: int,
        sets: UnionFind,
        test: PairTest,
        only: np.ndarray | None = None,
    ) -> None:
        # ``only`` and blocks are shortcuts (accept refuses what they skip): not needed here.
        if len(signatures) == 0:
            return
        ray = self.ray
        matrix = as_matrix(signatures)
        rows = matrix.shape[1] // bands
        shared = ray.put(matrix)
        step = max(1, bands // self.in_flight)
        futures = [self._bands.remote(shared, rows, lo, min(bands, lo + step)) for lo in range(0, bands, step)]
        pairs: set[tuple[int, int]] = set()
        for found in ray.get(futures):
            pairs |= found
        for i, j in sorted(pairs):
            if sets.find(i) != sets.find(j) and test.accept(i, j):
                sets.union(i, j)

    def close(self) -> None:
        if self._started_here:
            self.ray.shutdown()


def make_engine(
    name: str,
    config: DedupConfig,
    options: CleanOptions,
    read: ReadOptions,
    jobs: int,
    address: str | None = None,
    keep_source: bool = False,
    forks: ForkCount | None = None,
) -> Engine:
    """The engine ``name``; ``forks`` counts the children the local engine forks."""
    if name == "local":
        return LocalEngine(config, options, read, jobs, keep_source, forks)
    if name == "ray":
        return RayEngine(config, options, read, jobs, address, keep_source)
    raise EngineUnavailable(f"unknown engine {name!r} (choose from {', '.join(ENGINES)})")
