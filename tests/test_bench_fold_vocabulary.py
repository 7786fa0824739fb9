"""The vocabulary benchmark measures what it says: Zipf texts, and fold's hit rate."""

from __future__ import annotations

from collections import Counter

from benchmarks.bench_fold_vocabulary import hit_rate, synthetic_word, zipf_texts
from cleaner.text import fold_plainly


def test_zipf_texts_are_reproducible_and_follow_the_ranks() -> None:
    texts = zipf_texts(vocabulary=1000, exponent=1.0, texts=2000, mean_words=20, seed=3)
    assert texts == zipf_texts(vocabulary=1000, exponent=1.0, texts=2000, mean_words=20, seed=3)
    counts = Counter(word for text in texts for word in text.split())
    # The word of rank 0 is drawn about twice as often as that of rank 1 (Zipf, s = 1).
    first, second = counts[synthetic_word(0)], counts[synthetic_word(1)]
    assert 1.6 < first / second < 2.5


def test_synthetic_words_carry_marks_that_folding_removes() -> None:
    words = [synthetic_word(rank) for rank in range(200)]
    assert sum(fold_plainly(word) != word.lower() for word in words) > 100


def test_hit_rate_counts_the_tokens_already_folded() -> None:
    assert hit_rate(["alpha beta", "gamma delta"]) == 0.0
    assert hit_rate(["alpha beta", "alpha beta", "beta gamma"]) == 3 / 6
