"""The corpus stage: cluster teasers, find headerless blocks and duplicate articles,
link teasers to their articles, and write the records.

Memory holds what grows with the number of *distinct* teasers and of articles (keys,
signatures, titles, leads), never the texts: pass 1 spills each article's record to a
temporary file in id order, and the final pass streams it back out; the raw texts of
teasers and captions are counted by digest and spilled too (cleaner.dedup.spill).
"""

from __future__ import annotations

import gc
import heapq
import json
import sys
import tempfile
import time
from array import array
from collections import Counter
from collections.abc import Callable, Container, Iterable, Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from itertools import compress, count, pairwise
from typing import IO, Any

import numpy as np

from cleaner.dedup.config import DedupConfig
from cleaner.dedup.engines import Engine, make_engine
from cleaner.dedup.extract import Extract, Extractor, Task, key_digest, title_finder, title_hash, unpack_rules
from cleaner.dedup.forked import ForkCount, beside_affordable, fork_affordable, start_in_child, status_mb
from cleaner.dedup.index import CorpusIndex
from cleaner.dedup.known_titles import KnownTitles
from cleaner.dedup.lsh import PairTest, set_similarity, signature_similarity
from cleaner.dedup.minhash import Signer
from cleaner.dedup.occurrences import NO_CAPTION, OccurrenceLog
from cleaner.dedup.record_helper import can_start as can_start_helper
from cleaner.dedup.record_helper import helper_mb, start_record_helper
from cleaner.dedup.record_helper import payload_of as helper_payload
from cleaner.dedup.record_json import is_truncated, teasers_json
from cleaner.dedup.records import ArticleIndex, TeaserLinks, link_teasers, teaser_records, write_teaser_records
from cleaner.dedup.shingle_rows import ShingleRows
from cleaner.dedup.shingles import teaser_hashes
from cleaner.dedup.signature_rows import SignatureRows
from cleaner.dedup.spill import ColumnSpill, StringSpill, digest
from cleaner.dedup.title_only import is_title_only, join_titles_to_their_teaser, one_title
from cleaner.dedup.titles import TitleWords, title_numbers
from cleaner.dedup.unionfind import UnionFind
from cleaner.inputs import ReadOptions
from cleaner.pipeline import CleanOptions

__all__ = ["Corpus", "CorpusResult", "CorpusRun", "dedup", "run_corpus", "tasks_from_documents"]

Progress = Callable[[str, int, int], None]


@dataclass
class Corpus:
    """The records of SPEC §4, in memory (``cleaner.dedup``)."""

    articles: list[dict[str, Any]]
    teasers: list[dict[str, Any]]
    report: dict[str, Any]


@dataclass
class CorpusResult:
    teasers: list[str]  # the lines of teasers.jsonl, in id order, unless written as they came
    report: dict[str, Any]
    errors: list[str]


@dataclass
class CorpusRun:
    """State of one run: nothing here outlives it (no global state)."""

    config: DedupConfig
    options: CleanOptions
    read: ReadOptions
    engine: Engine
    jobs: int = 1
    progress: Progress | None = None
    errors: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    peak_rss_mb: dict[str, float] = field(default_factory=dict)  # of this process, after each stage
    forks: ForkCount = field(default_factory=ForkCount)  # children of the corpus stages (the engine's too)

    def __post_init__(self) -> None:
        self.reused_clusters = False  # last run's teasers joined first (an index run)
        self.texts = StringSpill()  # raw teaser texts and captions: counted here, read at the end
        self.captions = StringSpill()
        self.ids: list[str] = []
        # Variants (distinct teaser keys), numbered in order of first occurrence, found
        # by the digest of their key. The keys themselves, and the articles' folded
        # titles and leads, are needed only after pass 1: they wait on disk meanwhile
        # (read back by end_of_documents).
        self.variant_of: dict[int, int] = {}
        self.keys: list[str] = []
        self.title_keys: list[str] = []
        self.lead_keys: list[str] = []
        self._pass1: tuple[ColumnSpill, ColumnSpill, ColumnSpill] | None = (ColumnSpill(), ColumnSpill(), ColumnSpill())
        self.truncated = bytearray()  # a copy with a truncated summary was seen
        # Per variant, the hash of its folded title: the evidence for headerless blocks is
        # counted before the keys are back from disk.
        self.variant_titles = array("I")
        # Per variant, the row of its signature (signed by the time the variant is first
        # met: by the same extract or an earlier one), -1 if not known then: the corpus
        # stage would otherwise digest every key again to find it.
        self.variant_rows = array("q")
        self.occurrences = OccurrenceLog()
        # Raw texts already spilled: a raw text has one key, so one variant, and most
        # variants have one text; only the others take room in a set. A caption can go
        # with several variants: one may be spilled twice (harmless: the copies are equal).
        self.first_text = array("Q")
        self.first_caption = array("Q")
        self.other_texts: set[int] = set()
        self.other_captions: set[int] = set()
        # Teaser signatures by key digest (a row of the buffer), and article signatures
        # by document number; signed by the headerless re-cleaning, with their key:
        self.signature_row: dict[int, int] = {}
        self.signed_late: list[tuple[str, int]] = []
        self.cleaning_again = False  # set for the headerless re-cleaning, whose signatures are "late"
        self._article_keys: dict[int, tuple[str, str]] = {}  # new title and lead keys, while spilled
        self.teaser_signatures = SignatureRows(4 * self.config.teaser_num_perm)
        self.teaser_shingles = ShingleRows()  # by signature row
        self.article_signatures = SignatureRows(4 * self.config.article_num_perm)
        self.tail_hashes = array("I")  # per document, its slice tail_starts[n]:tail_starts[n + 1]
        self.tail_starts = array("Q", [0])
        self.ok: list[bool] = []
        self.doc_rules: list[bytes] = []  # per document: removals by rule (extract.pack_rules)
        self.kept: list[int] = []

    # -- pass 1 -------------------------------------------------------------------
    def _absorb(self, number: int, extract: Extract, spill: IO[bytes]) -> None:
        assert self._pass1 is not None, "documents come before end_of_documents()"
        _, titles, leads = self._pass1
        self.ids.append(extract.id)
        self.tail_hashes.extend(extract.tail_hashes)
        self.tail_starts.append(len(self.tail_hashes))
        if extract.error is not None:
            self.errors.append(extract.error)
            self.ok.append(False)
            self.article_signatures.append(b"")
            titles.append("")
            leads.append("")
            self.doc_rules.append(b"")
            self.kept.append(0)
            spill.write(b"\n")
            return
        self.ok.append(True)
        spill.write(extract.head + b"\x1f" + extract.removed + b"\n")
        self.article_signatures.append(extract.article_signature)
        titles.append(extract.title_key)
        leads.append(extract.lead_key)
        self.doc_rules.append(extract.rules)
        self.kept.append(extract.kept_paragraphs)
        self._add_teasers(number, extract)

    def add_signature(self, signed: int, blob: bytes, shingles: bytes | None) -> int:
        """Keep the signature of the key of digest ``signed`` (and its shingle hashes,
        ``None`` when not known); its row."""
        row = self.signature_row[signed] = self.teaser_signatures.append(blob)
        self.teaser_shingles.append(shingles)
        return row

    def _signature_row_of(self, key: str) -> int:
        """The row of ``key``'s signature, signed here if no worker sent it: a text
        another shares the fingerprint of in the workers' table of signed texts
        (cleaner.dedup.seen_keys), at odds of about 10^-9 a run."""
        signed = key_digest(key)
        if signed in self.signature_row:
            return self.signature_row[signed]
        config = self.config
        hashes = teaser_hashes(key, config.teaser_shingle_words, config.teaser_summary_words)
        blob = Signer(config.teaser_num_perm, config.seed).sign(hashes).tobytes()
        return self.add_signature(signed, blob, hashes.tobytes())

    def end_of_documents(self) -> None:
        """Pass 1 is over (the workers are gone): the spilled columns come back."""
        assert self._pass1 is not None
        keys, titles, leads = self._pass1
        self._pass1 = None
        self.keys, self.title_keys, self.lead_keys = keys.read(), titles.read(), leads.read()
        for number, (title_key, lead_key) in self._article_keys.items():
            self.title_keys[number], self.lead_keys[number] = title_key, lead_key
        self._article_keys = {}

    def set_article_keys(self, number: int, title_key: str, lead_key: str) -> None:
        """Replace a document's folded title and lead (it was cleaned again)."""
        if self._pass1 is not None:  # on disk: replaced when read back
            self._article_keys[number] = (title_key, lead_key)
        else:
            self.title_keys[number], self.lead_keys[number] = title_key, lead_key

    def tails(self) -> Iterator[array[int]]:
        """Per document: the hashes of its paragraphs that could be teaser titles."""
        hashes, starts = self.tail_hashes, self.tail_starts
        return (hashes[start:end] for start, end in pairwise(starts))

    def _add_teasers(self, number: int, extract: Extract) -> None:
        digests = {t.key: t.digest for t in extract.teasers}  # a signed key is a teaser's
        for key, blob in extract.new_signatures.items():
            signed = digests.get(key) or key_digest(key)
            if signed not in self.signature_row:  # each worker signs the keys new to it
                row = self.add_signature(signed, blob, extract.new_shingles.get(key))
                if self.cleaning_again:
                    self.signed_late.append((key, row))
        for t in extract.teasers:
            variant = self.variant_of.get(digests[t.key])
            text = digest((t.title, t.summary))
            caption = NO_CAPTION
            if t.caption is not None and t.caption != t.title:
                caption = digest((t.caption, t.credit))
            if variant is None:
                variant = self.variant_of[digests[t.key]] = len(self.truncated)
                self.variant_titles.append(title_hash(t.key.partition("\n")[0]))
                self.variant_rows.append(self.signature_row.get(digests[t.key], -1))
                if self._pass1 is None:
                    self.keys.append(t.key)
                else:
                    self._pass1[0].append(t.key)
                self.truncated.append(0)
                self.first_text.append(text)
                self.first_caption.append(caption)
                self.texts.put(text, (t.title, t.summary))
                if caption != NO_CAPTION:
                    self.captions.put(caption, (t.caption, t.credit))
            else:
                if text != self.first_text[variant] and text not in self.other_texts:
                    self.other_texts.add(text)
                    self.texts.put(text, (t.title, t.summary))
                if caption not in (NO_CAPTION, self.first_caption[variant]) and caption not in self.other_captions:
                    self.other_captions.add(caption)
                    self.captions.put(caption, (t.caption, t.credit))
            if is_truncated(t.summary):
                self.truncated[variant] = 1
            self.occurrences.add(variant, number, t.position, text, caption)

    def close(self) -> None:
        self.texts.close()
        self.captions.close()
        for column in self._pass1 or ():
            column.close()

    def no_more_teasers(self) -> None:
        """Free what only adding documents and teasers needs, before the corpus stage
        (which reuses the room)."""
        self.tail_hashes, self.tail_starts = array("I"), array("Q", [0])
        self.variant_titles = array("I")
        self.variant_of = {}
        self.first_text, self.first_caption = array("Q"), array("Q")
        self.other_texts, self.other_captions = set(), set()

    # -- corpus stage ---------------------------------------------------------------
    def cluster_teasers(self, previous: Mapping[str, tuple[str, bool]] | None = None) -> list[list[int]]:
        """Group the variants (their numbers) into teasers: the connected components of the candidate
        pairs that pass the verification.

        ``previous`` (from an index: key -> (teaser id, truncated) at the last run) lets
        a run verify only the pairs that involve a new variant, or one whose truncation
        changed. That gives the same components: a pair's verdict depends only on the
        two keys and their truncation, and truncation only widens what is accepted
        (containment instead of Jaccard), so last run's components are still joined. When
        a variant of the last run is gone, or lost its truncation (a re-crawl replaced
        its file), that does not hold: every pair is verified again."""
        # Variants are numbered by first occurrence in id order: the same numbers for any
        # order of the inputs, any --jobs, and an index run (it reads every document in
        # id order). Components do not depend on the numbering anyway.
        keys = self.keys
        truncated = [bool(t) for t in self.truncated]
        config = self.config
        # A view of the buffer when the rows are the variants in order (a run without
        # an index: a key is signed with its first occurrence).
        rows = self.variant_rows.tolist()
        for number in [n for n, row in enumerate(rows) if row < 0]:
            rows[number] = self._signature_row_of(keys[number])
        self.variant_rows = array("q")
        signatures = self.teaser_signatures.matrix(rows)
        self.signature_row = {}
        words, summary_words = config.teaser_shingle_words, config.teaser_summary_words
        sets = UnionFind(len(keys))
        changed = _changed_variants(keys, truncated, previous, sets) if previous else None
        self.reused_clusters = changed is not None

        titles = TitleWords((key.partition("\n")[0] for key in keys), config.teaser_title_overlap)
        title_of = titles.of
        # The hashes the workers signed; those of texts signed before (read from an
        # index) are computed when a pair needs them, and kept.
        signed_shingles = self.teaser_shingles.reader()
        computed: dict[int, np.ndarray] = {}

        def shingles(i: int) -> np.ndarray:
            found = signed_shingles(rows[i])
            if found is None:
                found = computed.get(i)
                if found is None:
                    found = computed[i] = teaser_hashes(keys[i], words, summary_words)
            return found

        links = bytearray(is_title_only(key) for key in keys)
        numbers_of_title: dict[int, tuple[str, ...]] = {}  # by title number

        def numbers(i: int) -> tuple[str, ...]:
            title = title_of(i)
            found = numbers_of_title.get(title)
            if found is None:
                found = numbers_of_title[title] = title_numbers(keys[i].partition("\n")[0])
            return found

        def similar(i: int, j: int) -> bool:
            if changed is not None and i not in changed and j not in changed:
                return False  # verified at the last run, and its verdict then was "no"
            if (links[i] or links[j]) and not one_title(keys[i].partition("\n")[0], keys[j].partition("\n")[0]):
                return False  # a link is known by its title alone (title_only.one_title)
            if numbers(i) != numbers(j):
                return False  # other stories (titles.title_numbers)
            containment = truncated[i] or truncated[j]
            return set_similarity(shingles(i), shingles(j), containment) >= config.teaser_threshold

        def accept(i: int, j: int) -> bool:
            # Copies of one teaser keep their title (a typo at most): two teasers whose
            # summaries start alike but whose titles differ are two teasers.
            title_i, title_j = title_of(i), title_of(j)
            if title_i != title_j and not titles.agree(title_i, title_j):
                return False
            return similar(i, j)

        # Different teasers with alike summaries share buckets in every band: their pairs
        # are skipped title pair by title pair, not text pair by text pair (and a pair
        # whose titles were found to agree is not asked again).
        test = PairTest(
            accept,
            title_of,
            titles.agree,
            titles.agreeing,
            titles.numbers(),
            titles.agree_many,
            accept_compatible=similar,
        )

        only = None
        if changed is not None:
            only = np.zeros(len(keys), dtype=bool)
            only[list(changed)] = True
        self.engine.join_candidates(signatures, config.teaser_bands, sets, test, only)
        join_titles_to_their_teaser(keys, title_of, sets)
        self.teaser_signatures = SignatureRows(self.teaser_signatures.width)  # their last use
        self.teaser_shingles = ShingleRows()  # freed with the reader, when this returns
        return list(sets.groups().values())

    def duplicate_articles(self) -> dict[int, int]:
        """document number -> number of its canonical copy, for near-duplicates."""
        config = self.config
        live = [n for n, ok in enumerate(self.ok) if ok]
        signatures = self.article_signatures.matrix(live)
        sets = UnionFind(len(live))

        titles = TitleWords((self.title_keys[n] for n in live), config.article_title_overlap)
        title_of = titles.of

        def accept(i: int, j: int) -> bool:
            title_i, title_j = title_of(i), title_of(j)
            same_title = title_i == title_j
            if not same_title and not titles.agree(title_i, title_j):
                return False
            threshold = config.article_threshold_same_title if same_title else config.article_threshold
            return signature_similarity(signatures[i], signatures[j]) >= threshold

        test = PairTest(accept, title_of, titles.agree, titles.agreeing, titles.numbers(), titles.agree_many)
        self.engine.join_candidates(signatures, config.article_bands, sets, test)
        self.article_signatures = SignatureRows(self.article_signatures.width)  # their last use
        canonical: dict[int, int] = {}
        for members in sets.groups().values():
            if len(members) < 2:
                continue
            documents = sorted((self.ids[live[m]], live[m]) for m in members)
            first = documents[0][1]  # stable rule: the smallest id is canonical
            for _, number in documents[1:]:
                canonical[number] = first
        return canonical


def _changed_variants(
    keys: list[str], truncated: list[bool], previous: Mapping[str, tuple[str, bool]], sets: UnionFind
) -> set[int] | None:
    """Join the variants that shared a teaser at the last run and return the numbers of
    those whose verdicts may differ now; ``None`` when last run's teasers cannot be
    reused (see :meth:`CorpusRun.cluster_teasers`)."""
    numbers = {key: n for n, key in enumerate(keys)}
    if any(key not in numbers for key in previous):
        return None
    changed: set[int] = set()
    first_of: dict[str, int] = {}
    for n, key in enumerate(keys):
        before = previous.get(key)
        if is_title_only(key):
            # A title alone joined its teaser only while no other teaser had its title
            # (join_titles_to_their_teaser): decided again at every run, never reused.
            changed.add(n)
            continue
        if before is None or before[1] != truncated[n]:
            if before is not None and before[1]:
                return None  # lost its truncation: a verdict may have turned to "no"
            changed.add(n)
        if before is not None:
            first = first_of.setdefault(before[0], n)
            if first != n:
                sets.union(first, n)
    return changed


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The run builds many long-lived objects and no reference cycles; Python's cyclic
    collector would rescan them all again and again (a quarter of the run time)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _peak_rss_mb() -> float:
    """Peak resident memory of this process so far (0 where the platform does not say).

    On Linux, the high-water mark of /proc/self/status: ``ru_maxrss`` also counts what
    the process that started this one held when it forked (Linux carries it over fork
    and exec), so a run started by a large process reported that process's size."""
    peak = status_mb("VmHWM")
    if peak is not None:
        return round(peak, 1)
    try:
        import resource
    except ImportError:  # Windows
        return 0.0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)  # bytes on macOS, KB elsewhere


class _SignedKeys(Container[str]):
    """The keys whose signature the run holds, asked by key (the run keeps digests)."""

    def __init__(self, rows: Mapping[int, int]) -> None:
        self.rows = rows

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key_digest(key) in self.rows


def run_corpus(
    tasks: list[Task],
    write_article: Callable[[bytes], object],
    config: DedupConfig | None = None,
    options: CleanOptions | None = None,
    read: ReadOptions | None = None,
    jobs: int = 1,
    progress: Progress | None = None,
    engine: str = "local",
    ray_address: str | None = None,
    index: CorpusIndex | None = None,
    write_teaser: Callable[[str], object] | None = None,
) -> CorpusResult:
    """Run the corpus pipeline over ``tasks``; article lines (UTF-8 bytes) go to ``write_article`` in
    id order, and teaser lines to ``write_teaser`` (in id order; before the articles with one
    job, after them when a forked child shared the work); returns the report, the input
    errors and, without ``write_teaser``, the teaser lines.

    With an ``index`` (opened for update), the new documents are cleaned and stored in
    it, and the corpus stage runs over every document of the index: the records are
    those of one run over all the files the index has seen. The caller commits."""
    config, options, read = config or DedupConfig(), options or CleanOptions(), read or ReadOptions()
    forks = ForkCount()
    run = CorpusRun(
        config,
        options,
        read,
        make_engine(engine, config, options, read, jobs, ray_address, keep_source=index is not None, forks=forks),
        jobs,
        progress,
        forks=forks,
    )
    tasks = sorted(tasks, key=lambda t: t.id)
    started = time.perf_counter()
    with ExitStack() as stack:
        stack.callback(run.engine.close)
        stack.callback(run.close)
        stack.enter_context(_collector_paused())
        # Binary: a record's JSON goes from the worker to the output in UTF-8, never decoded
        # (text mode decoded and encoded every line twice: half of the article lines' time).
        spill = stack.enter_context(tempfile.TemporaryFile("w+b"))
        extracts: Iterable[Extract]
        previous: dict[str, tuple[str, bool]] = {}  # from the index: each variant's teaser at the last run
        if index is None:
            extracts = run.engine.extract(tasks)
            task_of: Callable[[int], Task] = tasks.__getitem__
        else:
            indexed = _store_new_documents(run, index, tasks)
            run.engine.finish_documents()  # the rest comes from the index, and is cleaned again here
            for key, blob in index.signatures():
                run.add_signature(key_digest(key), blob, None)  # the index keeps no hashes
            previous = index.teaser_state()
            extracts = index.extracts()
            task_of = lambda number: index.task(run.ids[number])  # noqa: E731 - read only when needed
        for number, extract in enumerate(extracts):
            run._absorb(number, extract, spill)
            if progress and index is None:
                progress("clean", number + 1, len(tasks))
        run.timings["clean_seconds"] = time.perf_counter() - started
        run.peak_rss_mb["clean"] = _peak_rss_mb()

        # Headerless blocks: cleaned again while the workers of the first cleaning are
        # still there (documents read through an open index are cleaned here), before
        # the spilled columns come back.
        mark = time.perf_counter()
        known = _known_titles(run, run.config.min_teaser_evidence)
        flagged = _flagged(run, known)
        recleaned = _clean_again(run, task_of, flagged, known, on_workers=run.jobs > 1 and index is None)
        run.engine.finish_documents()
        run.end_of_documents()
        if index is not None:
            # Headerless re-cleaning may have signed new texts.
            index.store_signatures({key: run.teaser_signatures.row(row) for key, row in run.signed_late})
        run.no_more_teasers()
        run.timings["headerless_seconds"] = time.perf_counter() - mark
        run.peak_rss_mb["headerless"] = _peak_rss_mb()

        mark = time.perf_counter()
        clusters = run.cluster_teasers(previous or None)
        run.timings["teaser_clusters_seconds"] = time.perf_counter() - mark
        run.peak_rss_mb["teaser_clusters"] = _peak_rss_mb()

        mark = time.perf_counter()
        duplicates = run.duplicate_articles()
        run.timings["duplicates_seconds"] = time.perf_counter() - mark
        run.peak_rss_mb["duplicates"] = _peak_rss_mb()

        mark = time.perf_counter()
        teaser_lines: list[str] = []
        teasers_of = link_teasers(run, clusters)
        teaser_counts = _write_teasers_beside(run, stack, teasers_of, duplicates, write_teaser or teaser_lines.append)
        spill.seek(0)
        for number, (line, linked) in enumerate(zip(spill, teasers_of.by_document(len(run.ids)), strict=True)):
            if not run.ok[number]:
                continue
            if number in recleaned:
                line = recleaned[number]
            head, _, removed = line.rstrip(b"\n").partition(b"\x1f")
            teasers = teasers_json(linked).encode("utf-8")
            duplicate_of = json.dumps(run.ids[duplicates[number]]).encode() if number in duplicates else b"null"
            write_article(
                b'%s, "teasers": %s, "duplicate_of": %s, "removed": %s}\n' % (head[:-1], teasers, duplicate_of, removed)
            )
        counts = teaser_counts()
        run.timings["write_seconds"] = time.perf_counter() - mark
        run.peak_rss_mb["write"] = _peak_rss_mb()
        if index is not None:
            indexed["reused_teaser_clusters"] = run.reused_clusters
            ids_by_key = teasers_of.ids_by_key(run.keys)
            indexed["teasers_renamed"] = _renamed({k: i for k, (i, _) in previous.items()}, ids_by_key)
            index.replace_known_titles(known)
            truncated = dict(zip(run.keys, run.truncated, strict=True))
            state = {key: (tid, bool(truncated[key])) for key, tid in ids_by_key.items()}
            index.update_teaser_state(previous, state)
    run.timings["total_seconds"] = time.perf_counter() - started
    report = _report(run, counts, duplicates, len(recleaned))
    if index is not None:
        report["index"] = {"path": str(index.path), **indexed}
    return CorpusResult(teaser_lines, report, run.errors)


def _write_teasers_beside(
    run: CorpusRun,
    stack: ExitStack,
    links: TeaserLinks,
    duplicates: Mapping[int, int],
    write: Callable[[str], object],
) -> Callable[[], dict[str, int]]:
    """Start writing the teaser records; return the function to call once the article
    lines are written, which finishes them and gives their counts.

    With one job, the records are written at once. With more, another process shares
    them (the records were two thirds of the write stage): a forked child while the
    driver is small enough to fork (cleaner.dedup.forked), else a helper started fresh
    (cleaner.dedup.record_helper), else none."""
    articles = ArticleIndex(run, duplicates)  # built once, before a fork: both read it
    if run.jobs <= 1:
        counts = write_teaser_records(run, links, articles, write)
        return lambda: counts
    if fork_affordable():
        return _records_in_forked_child(run, stack, links, articles, write)
    return _records_beside_helper(run, stack, links, articles, write)


def _records_in_forked_child(
    run: CorpusRun, stack: ExitStack, links: TeaserLinks, articles: ArticleIndex, write: Callable[[str], object]
) -> Callable[[], dict[str, int]]:
    """A forked child writes the records of a share of the teasers to a temporary file
    while this process writes the article lines and then the records of the others;
    the two files, each in id order, are merged into ``write``."""
    for strings in (run.texts, run.captions):
        # Written out: else the child's copy of a write buffer, and this one, would both reach the file.
        strings.shared()
    theirs = stack.enter_context(tempfile.TemporaryFile("w+", encoding="utf-8"))  # noqa: SIM115 - the run's stack closes it
    # The child's share, so that both finish together: this process also writes an
    # article line per document, which costs about 0.2 of a teaser record (measured
    # with the lines in bytes; 0.4 when they were decoded and encoded again).
    # Spread over all the teasers: the first clusters are the larger ones.
    share = min(1.0, 0.5 + 0.1 * len(run.ids) / max(1, len(links.ids)))
    by_child = [int((n + 1) * share) > int(n * share) for n in range(len(links.ids))]

    def in_child() -> bytes:
        # Empty at first, but this process runs it again if the child dies on the way
        # (cleaner.dedup.forked): what the child wrote is dropped. (The child shares the
        # file's offset, but does not outlive result().)
        theirs.seek(0)
        theirs.truncate()
        counts = write_teaser_records(run, links, articles, theirs.write, compress(count(), by_child))
        theirs.flush()
        return json.dumps(counts).encode("ascii")

    waiting = start_in_child(in_child, run.forks)

    def merged() -> dict[str, int]:
        ours = stack.enter_context(tempfile.TemporaryFile("w+", encoding="utf-8"))  # noqa: SIM115 - as above
        ours_only = (not mine for mine in by_child)
        counts = write_teaser_records(run, links, articles, ours.write, compress(count(), ours_only))
        for key, value in json.loads(waiting()).items():
            counts[key] += value
        theirs.seek(0)
        ours.seek(0)
        # Lines start with their id ('{"id": "t-' and 16 hex digits; ids are distinct):
        # the order of the lines is the order of the ids.
        for line in heapq.merge(theirs, ours):
            write(line)
        return counts

    return merged


def _records_beside_helper(
    run: CorpusRun, stack: ExitStack, links: TeaserLinks, articles: ArticleIndex, write: Callable[[str], object]
) -> Callable[[], dict[str, int]]:
    """A helper started fresh writes the heads of the records (occurrences, texts)
    while this process finds each teaser's article and writes the article lines; the
    records are then its heads and these articles. Where the helper cannot start, or
    would not fit the memory budget beside this process, this process writes them."""
    records = teaser_records(run, links)
    heads = None
    if can_start_helper():
        payload = helper_payload(records.rows, run.ids)
        if beside_affordable(helper_mb(payload)):
            heads = start_record_helper(payload, (records.texts.fd, records.captions.fd), stack)
            if heads is None:
                run.forks.done_here += 1  # no process could be started: written here
            else:
                run.forks.forked += 1
        del payload
    # Here, before the article lines: their writes take the second core as well.
    records.find_articles(articles)

    def joined() -> dict[str, int]:
        written = heads() if heads is not None else None
        if written is None and heads is not None:
            run.forks.done_here += 1  # the helper failed: written here
        return records.write(write, written)

    return joined


def _store_new_documents(run: CorpusRun, index: CorpusIndex, tasks: list[Task]) -> dict[str, Any]:
    """Clean the new documents and put them in the index (a re-crawl replaces the
    document of the same id); an unreadable new copy leaves the stored one alone."""
    before = index.document_ids()
    added = replaced = 0
    for done, extract in enumerate(run.engine.extract(tasks), start=1):
        if extract.error is not None:
            run.errors.append(extract.error)
        else:
            index.store(extract)
            if extract.id in before:
                replaced += 1
            else:
                added += 1
        if run.progress:
            run.progress("clean", done, len(tasks))
    return {"documents_before": len(before), "documents_added": added, "documents_replaced": replaced}


def _renamed(before: Mapping[str, str], now: Mapping[str, str]) -> list[dict[str, str]]:
    """Teaser ids of the last run that this run gives another id (their cluster merged
    with another, or a new file earlier in id order holds another text of it)."""
    pairs = {(old, now[key]) for key, old in before.items() if key in now and now[key] != old}
    return [{"from": old, "to": new} for old, new in sorted(pairs)]


def _known_titles(run: CorpusRun, min_evidence: int) -> KnownTitles:
    """Hashes of the folded titles seen as teasers in at least ``min_evidence`` files."""
    # In arrays: a set of documents per title took about 30 MB at 80,000 files, at a
    # time when the workers are still there (a test checks this against the sets).
    log = run.occurrences
    titles = np.frombuffer(run.variant_titles, dtype=np.uint32)[np.frombuffer(log.variant, dtype=np.uint32)]
    pairs = np.unique((titles.astype(np.uint64) << np.uint64(32)) | np.frombuffer(log.document, dtype=np.uint32))
    title_values, files = np.unique(pairs >> np.uint64(32), return_counts=True)
    return KnownTitles(title_values[files >= min_evidence].tolist())


def _flagged(run: CorpusRun, known: KnownTitles) -> list[int]:
    """The documents (read without error) whose tail holds a known teaser title."""
    hits = np.zeros(len(run.tail_hashes) + 1, dtype=np.int64)
    np.cumsum(known.among(np.frombuffer(run.tail_hashes, dtype=np.uint32)), out=hits[1:])
    starts = np.frombuffer(run.tail_starts, dtype=np.uint64).astype(np.int64)
    holding = (hits[starts[1:]] - hits[starts[:-1]]) > 0
    return [n for n in np.flatnonzero(holding).tolist() if run.ok[n]]


def _clean_again(
    run: CorpusRun, task_of: Callable[[int], Task], flagged: list[int], known: KnownTitles, on_workers: bool
) -> dict[int, bytes]:
    """Clean again the documents whose tail holds known teaser titles, with that
    evidence, on the engine's workers (``on_workers``) or here, where only the texts
    this run has not signed yet are signed. Their teasers replace those of the first
    cleaning, before clustering; returns their record lines by document number."""
    if on_workers:
        extracts: Iterable[Extract] = run.engine.reclean([task_of(n) for n in flagged], known)
    else:
        extractor = Extractor(run.config, run.options, run.read, known=_SignedKeys(run.signature_row))
        is_known = title_finder(known)
        extracts = (extractor(task_of(number), is_known) for number in flagged)
    # Absorbed as they come, in document order as the first cleaning was (variants are
    # numbered by first occurrence): none is held, and memory is short while the
    # workers are there. (A key signed twice, by two documents or by a worker that had
    # forgotten it, is kept once: the same values.)
    run.cleaning_again = True
    recleaned: dict[int, bytes] = {}
    first_rows = len(run.occurrences)
    for number, extract in zip(flagged, extracts, strict=True):
        if extract.error is not None or not extract.teasers:
            continue
        recleaned[number] = extract.head + b"\x1f" + extract.removed + b"\n"
        run.doc_rules[number] = extract.rules
        run.kept[number] = extract.kept_paragraphs
        run.set_article_keys(number, extract.title_key, extract.lead_key)
        run.article_signatures.replace(number, extract.article_signature)
        run._add_teasers(number, extract)
    # The new cleaning finds the document's headed teaser blocks again: without this
    # they would count twice.
    run.occurrences.drop_documents(recleaned.keys(), first_rows)
    return recleaned


def _report(
    run: CorpusRun, teasers: Mapping[str, int], duplicates: Mapping[int, int], recleaned: int
) -> dict[str, Any]:
    documents = sum(run.ok)
    rules: Counter[str] = Counter()
    for packed in run.doc_rules:
        rules.update(unpack_rules(packed))
    return {
        "counts": {
            "documents": documents,
            "errors": len(run.errors),
            "paragraphs_kept": sum(run.kept),
            "removed_by_rule": dict(sorted(rules.items())),
            "teaser_occurrences": teasers["teaser_occurrences"],
            "teaser_texts": len(run.keys),
            "teasers": teasers["teasers"],
            "teasers_linked_to_articles": teasers["teasers_linked_to_articles"],
            "headerless_documents": recleaned,
            "duplicate_articles": len(duplicates),
            "duplicate_groups": len(set(duplicates.values())),
        },
        "parameters": run.config.to_json(),
        "run": {
            "engine": run.engine.name,
            "jobs": run.jobs,
            **{k: round(v, 4) for k, v in run.timings.items()},
            "peak_rss_mb_after": run.peak_rss_mb,
            # Forked children of the corpus stages (cleaner.dedup.forked), and the shares
            # the driver did itself because a child could not be forked or died.
            "forks": run.forks.to_json(),
        },
    }


def tasks_from_documents(documents: Iterable[Any]) -> list[Task]:
    """Library input: ``(id, text)`` pairs or dicts with ``id`` and ``text``."""
    tasks: list[Task] = []
    for number, doc in enumerate(documents):
        if isinstance(doc, Mapping):
            if not isinstance(doc.get("text"), str):
                raise ValueError(f"document {number}: a dict needs a string 'text'")
            doc_id = str(doc.get("id", number))
            extra = tuple((k, v) for k, v in doc.items() if k not in ("id", "text"))
            tasks.append(Task(doc_id, text=doc["text"], extra=extra))
        else:
            doc_id, text = doc
            if not isinstance(text, str):
                raise ValueError(f"document {doc_id!r}: text must be a string")
            tasks.append(Task(str(doc_id), text=text))
    seen: set[str] = set()
    for task in tasks:
        if task.id in seen:
            raise ValueError(f"duplicate document id {task.id!r}")
        seen.add(task.id)
    return tasks


def dedup(
    documents: Iterable[Any],
    *,
    config: DedupConfig | None = None,
    options: CleanOptions | None = None,
    jobs: int = 1,
    engine: str = "local",
) -> Corpus:
    """Deduplicate a corpus in memory.

    >>> body = "Titre {n}\\n\\nChapeau {n}.\\n\\nHanoi (VNA) – Corps numéro {n}. – VNA\\n\\nVoir plus\\n\\n"
    >>> teaser = "Légende. Photo: VNA\\n\\nLe même titre\\n\\nLe même résumé d’un autre article.\\n"
    >>> corpus = dedup([(f"a{n}.txt", body.format(n=n) + teaser) for n in range(3)])
    >>> [(t["title"], t["count"]) for t in corpus.teasers]
    [('Le même titre', 3)]
    >>> corpus.articles[0]["teasers"] == [{"teaser": corpus.teasers[0]["id"], "position": 0}]
    True
    """
    lines: list[bytes] = []
    result = run_corpus(
        tasks_from_documents(documents), lines.append, config, options, ReadOptions(), jobs, engine=engine
    )
    if result.errors:
        raise ValueError("; ".join(result.errors))
    return Corpus([json.loads(line) for line in lines], [json.loads(line) for line in result.teasers], result.report)
