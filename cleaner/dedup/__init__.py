"""Corpus deduplication: canonical teasers (MinHash LSH), headerless teaser blocks,
teaser-to-article links and near-duplicate articles."""

from __future__ import annotations

from cleaner.dedup.config import DedupConfig
from cleaner.dedup.corpus import Corpus, dedup

__all__ = ["Corpus", "DedupConfig", "dedup"]
