"""The obvious corpus pipeline, for comparison: the same cleaning, then one MinHash per
teaser *occurrence* and per article, built shingle by shingle, and one LSH query per
occurrence. Two sketch back-ends: datasketch (``MinHash.update`` per shingle) and rensa.

Verification, thresholds and shingles are those of ``cleaner`` (DedupConfig), so the
clusters can be compared with the real pipeline's.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from datasketch import MinHashLSH

from cleaner.dedup.config import DedupConfig
from cleaner.dedup.lsh import set_similarity, signature_similarity
from cleaner.dedup.minhash import Signer
from cleaner.dedup.record_json import is_truncated
from cleaner.dedup.shingles import article_shingles, hash_array, teaser_key, teaser_shingles
from cleaner.dedup.unionfind import UnionFind
from cleaner.inputs import InputError, iter_sources
from cleaner.pipeline import clean
from cleaner.text import fold


class Backend(Protocol):
    def sketch(self, shingles: list[bytes], num_perm: int, seed: int) -> Any: ...
    def index(self, num_perm: int, bands: int) -> Any: ...
    def insert(self, index: Any, key: int, sketch: Any) -> None: ...
    def query(self, index: Any, sketch: Any) -> list[int]: ...
    def values(self, sketch: Any) -> np.ndarray: ...


class DatasketchBackend:
    name = "datasketch"

    def __init__(self) -> None:
        self.signers: dict[tuple[int, int], Signer] = {}

    def sketch(self, shingles: list[bytes], num_perm: int, seed: int) -> Any:
        signer = self.signers.setdefault((num_perm, seed), Signer(num_perm, seed))
        return signer.minhash(signer.reference(shingles))  # MinHash.update per shingle

    def index(self, num_perm: int, bands: int) -> Any:
        return MinHashLSH(num_perm=num_perm, params=(bands, num_perm // bands))

    def insert(self, index: Any, key: int, sketch: Any) -> None:
        index.insert(key, sketch, check_duplication=False)

    def query(self, index: Any, sketch: Any) -> list[int]:
        return list(index.query(sketch))

    def values(self, sketch: Any) -> np.ndarray:
        return np.asarray(sketch.hashvalues)


class RensaBackend:
    name = "rensa"

    def sketch(self, shingles: list[bytes], num_perm: int, seed: int) -> Any:
        from rensa import RMinHash

        sketch = RMinHash(num_perm=num_perm, seed=seed)
        sketch.update([s.decode("utf-8") for s in shingles])
        return sketch

    def index(self, num_perm: int, bands: int) -> Any:
        from rensa import RMinHashLSH

        return RMinHashLSH(threshold=0.5, num_perm=num_perm, num_bands=bands)

    def insert(self, index: Any, key: int, sketch: Any) -> None:
        index.insert(key, sketch)

    def query(self, index: Any, sketch: Any) -> list[int]:
        return list(index.query(sketch))

    def values(self, sketch: Any) -> np.ndarray:
        return np.asarray(sketch.digest(), dtype=np.uint64)


@dataclass
class ObviousResult:
    occurrences: dict[tuple[str, int], int]  # (article id, position) -> cluster label
    duplicates: dict[str, int]  # article id -> group label
    documents: int


def _documents(paths: list[str]) -> Iterator[tuple[str, str]]:
    sources = [s for s in iter_sources(paths) if not isinstance(s, InputError) and s[1] is not None]
    for doc_id, path in sorted(sources, key=lambda s: s[0]):
        assert path is not None
        yield doc_id, path.read_text(encoding="utf-8-sig")


def run_obvious(paths: list[str], backend: Backend, config: DedupConfig | None = None) -> ObviousResult:
    config = config or DedupConfig()
    teaser_index = backend.index(config.teaser_num_perm, config.teaser_bands)
    article_index = backend.index(config.article_num_perm, config.article_bands)
    teaser_sets = UnionFind(0)
    reps: list[tuple[np.ndarray, frozenset[str], bool]] = []
    labels: list[tuple[str, int]] = []
    article_ids: list[str] = []
    article_values: list[np.ndarray] = []
    article_titles: list[frozenset[str]] = []
    article_sets = UnionFind(0)
    for doc_id, text in _documents(paths):
        article = clean(text)
        for item in article.teasers:
            key = teaser_key(item.title, item.summary)
            shingles = teaser_shingles(key, config.teaser_shingle_words, config.teaser_summary_words)
            sketch = backend.sketch(shingles, config.teaser_num_perm, config.seed)  # one per occurrence
            hashes = hash_array(shingles)
            title = frozenset(key.partition("\n")[0].split())
            truncated = is_truncated(item.summary)
            me = len(labels)
            labels.append((doc_id, item.position))
            teaser_sets.parent.append(me)
            identical = False
            for other in backend.query(teaser_index, sketch):  # one query per occurrence
                o_hashes, o_title, o_truncated = reps[other]
                if len(title & o_title) < config.teaser_title_overlap * max(1, min(len(title), len(o_title))):
                    continue
                similarity = set_similarity(hashes, o_hashes, truncated or o_truncated)
                if similarity >= config.teaser_threshold:
                    teaser_sets.union(me, other)
                    identical = identical or (np.array_equal(hashes, o_hashes) and truncated == o_truncated)
            reps.append((hashes, title, truncated))
            if not identical:
                backend.insert(teaser_index, me, sketch)
        paragraphs = article.paragraphs
        body = "\n".join(paragraphs[1:])
        sketch = backend.sketch(
            article_shingles(body, config.article_shingle_words, config.article_words),
            config.article_num_perm,
            config.seed + 1,
        )
        values = backend.values(sketch)
        title = frozenset(fold(article.title).split())
        me = len(article_ids)
        article_ids.append(doc_id)
        article_values.append(values)
        article_titles.append(title)
        article_sets.parent.append(me)
        for other in backend.query(article_index, sketch):
            o_title = article_titles[other]
            if len(title & o_title) < config.article_title_overlap * max(1, min(len(title), len(o_title))):
                continue
            if signature_similarity(values, article_values[other]) >= config.article_threshold:
                article_sets.union(me, other)
        backend.insert(article_index, me, sketch)
    return ObviousResult(
        {label: teaser_sets.find(n) for n, label in enumerate(labels)},
        {doc_id: article_sets.find(n) for n, doc_id in enumerate(article_ids)},
        len(article_ids),
    )


def partition_of_outputs(out: Path) -> tuple[dict[tuple[str, int], str], dict[str, str]]:
    """The clusters of ``cleaner dedup`` outputs, in the shape of :class:`ObviousResult`."""
    occurrences: dict[tuple[str, int], str] = {}
    duplicates: dict[str, str] = {}
    with (out / "articles.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            duplicates[record["id"]] = record["duplicate_of"] or record["id"]
            for t in record["teasers"]:
                occurrences[(record["id"], t["position"])] = t["teaser"]
    return occurrences, duplicates


def pairwise_agreement(a: dict[Any, Any], b: dict[Any, Any]) -> float:
    """Pairwise F1 of partition ``b`` against partition ``a`` over their common items."""
    from collections import Counter

    common = a.keys() & b.keys()
    cells = Counter((a[k], b[k]) for k in common)
    left = Counter(a[k] for k in common)
    right = Counter(b[k] for k in common)

    def pairs(counter: Counter[Any]) -> int:
        return sum(n * (n - 1) // 2 for n in counter.values())

    both, pa, pb = pairs(cells), pairs(left), pairs(right)
    if pa == 0 and pb == 0:
        return 1.0
    precision = both / pb if pb else 1.0
    recall = both / pa if pa else 1.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def main() -> None:
    import argparse
    import pickle

    parser = argparse.ArgumentParser(description="Run an obvious pipeline; pickle its clusters.")
    parser.add_argument("backend", choices=("datasketch", "rensa"))
    parser.add_argument("docs")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    backend: Backend = DatasketchBackend() if args.backend == "datasketch" else RensaBackend()
    result = run_obvious([args.docs], backend)
    args.out.write_bytes(pickle.dumps(result))


if __name__ == "__main__":
    main()
