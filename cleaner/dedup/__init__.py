"""Corpus deduplication: canonical teasers (MinHash LSH), headerless teaser blocks,
teaser-to-article links and near-duplicate articles."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cleaner.dedup.config import DedupConfig

if TYPE_CHECKING:
    from cleaner.dedup.corpus import Corpus, dedup

__all__ = ["Corpus", "DedupConfig", "dedup"]


def __getattr__(name: str) -> Any:
    # The corpus pipeline (numpy and a score of modules: about 0.1 s of a process's start)
    # is imported when first asked for: `cleaner clean` and `cleaner check`, a pre-commit
    # hook run at every commit, never need it.
    if name in ("Corpus", "dedup"):
        from cleaner.dedup import corpus

        return getattr(corpus, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
