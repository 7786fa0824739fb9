"""Every number that shapes a deduplication result, in one place.

The teaser values were chosen from precision and recall measured on generated corpora
(``python -m benchmarks.tune_lsh``; figures in benchmarks/RESULTS.md).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class DedupConfig:
    # Teasers: word bigrams of the folded title and of the first words of the summary.
    # Truncated copies keep the start of the summary, so it alone is signed.
    teaser_shingle_words: int = 2
    teaser_summary_words: int = 30
    teaser_num_perm: int = 128
    # 32 bands of 4 rows: candidates from an estimated Jaccard of about 0.42 up.
    teaser_bands: int = 32
    # A candidate pair joins a cluster when the Jaccard of its shingle sets, or the
    # containment of the shorter in the longer when one copy is truncated, reaches this.
    teaser_threshold: float = 0.6
    # ...and when their titles share this fraction of the words of the shorter title.
    teaser_title_overlap: float = 0.7
    # Articles: word 5-grams of the first words of the clean text. 32 bands of 4 rows
    # make candidates of pairs from an estimated Jaccard of about 0.42 up; a re-scrape
    # with an edit and a paragraph more or less measures 0.7 to 0.8.
    article_shingle_words: int = 5
    article_words: int = 400
    article_num_perm: int = 128
    article_bands: int = 32
    article_threshold: float = 0.65
    # ...and a duplicate keeps its title: this fraction of the words of the shorter one.
    article_title_overlap: float = 0.8
    # With the very same (folded) title, a re-scrape of a short article that gained a
    # paragraph measures 0.6 to 0.7: this lower threshold applies.
    article_threshold_same_title: float = 0.5
    # Teaser -> article: the article's lead must contain this share of the summary's
    # word pairs (typos and truncation tolerated), and the titles agree as for teasers.
    link_containment: float = 0.8
    # Headerless teaser blocks: at least this many files must carry the title as a teaser
    # (found under a header, or in a block found so). One other file is evidence that the
    # line recurs as a teaser; the block must also run to the end of the document, every
    # item shaped as a teaser, half of their titles so known. With 2, the blocks whose
    # titles recur in the corpus only twice stayed in the articles: 59 of the 68
    # boilerplate lines a 5,000-file generated corpus kept.
    min_teaser_evidence: int = 1
    seed: int = 1

    def __post_init__(self) -> None:
        for name in (
            "teaser_threshold",
            "teaser_title_overlap",
            "article_threshold",
            "article_title_overlap",
            "link_containment",
        ):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} must be in [0.0, 1.0], not {value}")
        for perms, bands in ((self.teaser_num_perm, self.teaser_bands), (self.article_num_perm, self.article_bands)):
            if bands <= 0 or perms % bands:
                raise ValueError(f"num_perm ({perms}) must be a multiple of bands ({bands})")
        if self.teaser_shingle_words < 1 or self.article_shingle_words < 1:
            raise ValueError("shingles must have at least one word")

    @property
    def teaser_rows(self) -> int:
        return self.teaser_num_perm // self.teaser_bands

    @property
    def article_rows(self) -> int:
        return self.article_num_perm // self.article_bands

    def to_json(self) -> dict[str, Any]:
        return asdict(self)
