"""fold's memory of folded words on text with a real vocabulary.

The generated corpora use about 3,800 distinct words, which flatters any cache keyed by
words. News in one language uses tens or hundreds of thousands, with frequencies close
to Zipf's law. This draws texts whose tokens follow a Zipf law over V synthetic words
(syllables with Vietnamese and French marks, so folding has work to do) and reports:
the share of tokens that fold finds in its memory, and the time of a fold, word by word
(``cleaner.text.fold``, its cache of whole texts bypassed) against the whole text at
once (``fold_plainly``). The results are checked equal.

    python -m benchmarks.bench_fold_vocabulary --vocabulary 50000 200000 1000000 --exponent 1.0
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import numpy as np

from cleaner import text as folding

_ONSETS = ["", "b", "c", "ch", "d", "đ", "g", "gi", "h", "kh", "l", "m", "n", "ng", "nh", "ph", "qu", "tr", "v", "pr"]
_VOWELS = ["a", "á", "à", "ả", "ã", "ạ", "ă", "ắ", "â", "ấ", "e", "é", "è", "ê", "ế", "ệ", "i", "o", "ô", "ố", "ơ", "u"]
_VOWELS += ["ư", "ứ", "y", "ou", "ai", "eau"]
_CODAS = ["", "", "n", "ng", "nh", "c", "ch", "m", "p", "t", "s", "r"]


def synthetic_word(rank: int) -> str:
    """The word of a rank: one to three syllables, capitalised now and then."""
    pick = np.random.default_rng(rank)
    syllables = 1 + int(pick.integers(3))
    word = "".join(
        _ONSETS[pick.integers(len(_ONSETS))] + _VOWELS[pick.integers(len(_VOWELS))] + _CODAS[pick.integers(len(_CODAS))]
        for _ in range(syllables)
    )
    return word.capitalize() if pick.random() < 0.15 else word


def zipf_texts(vocabulary: int, exponent: float, texts: int, mean_words: float, seed: int) -> list[str]:
    """``texts`` texts of geometric lengths (mean ``mean_words``), tokens drawn by Zipf's law."""
    rng = np.random.default_rng(seed)
    weights = 1.0 / np.arange(1, vocabulary + 1) ** exponent
    lengths = rng.geometric(1.0 / mean_words, size=texts)
    ranks = rng.choice(vocabulary, size=int(lengths.sum()), p=weights / weights.sum()).tolist()
    words = {rank: synthetic_word(rank) for rank in set(ranks)}
    out: list[str] = []
    start = 0
    for length in lengths.tolist():
        out.append(" ".join(words[rank] for rank in ranks[start : start + length]))
        start += length
    return out


def hit_rate(texts: list[str]) -> float:
    """The share of tokens fold finds in its memory, from an empty one."""
    folding.forget_folds()
    known = folding._FOLDED_WORDS
    fold_words = folding.fold.__wrapped__
    hits = tokens = 0
    for text in texts:
        words = text.split()
        hits += sum(word in known for word in words)
        tokens += len(words)
        fold_words(text)
    return hits / tokens


def best_times(folds: list[Callable[[str], str]], texts: list[str], repeats: int) -> list[float]:
    """Microseconds a fold for each of ``folds``, best of ``repeats`` passes each, the
    passes of the folds taken in turn (this machine's speed drifts by tens of per cent
    within a minute), each from an empty memory."""
    best = [float("inf")] * len(folds)
    for _ in range(repeats):
        for number, fold in enumerate(folds):
            folding.forget_folds()
            started = time.perf_counter()
            for text in texts:
                fold(text)
            best[number] = min(best[number], time.perf_counter() - started)
    return [seconds / len(texts) * 1e6 for seconds in best]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--vocabulary", type=int, nargs="+", default=[3800, 50_000, 200_000, 1_000_000])
    parser.add_argument("--exponent", type=float, nargs="+", default=[1.0, 1.1])
    parser.add_argument("--texts", type=int, default=24_000)
    parser.add_argument("--mean-words", type=float, default=27.5)  # the generated corpora's folds
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    fold_words = folding.fold.__wrapped__
    print("| V | s | distinct words drawn | hit rate | word by word µs | whole text µs | ratio |")
    print("|---|---|---|---|---|---|---|")
    for vocabulary in args.vocabulary:
        for exponent in args.exponent:
            texts = zipf_texts(vocabulary, exponent, args.texts, args.mean_words, args.seed)
            distinct = len({word for text in texts for word in text.split()})
            folding.forget_folds()
            if [fold_words(t) for t in texts] != [folding.fold_plainly(t) for t in texts]:
                raise SystemExit("fold word by word differs from the plain fold")
            rate = hit_rate(texts)
            by_words, whole = best_times([fold_words, folding.fold_plainly], texts, args.repeats)
            print(
                f"| {vocabulary} | {exponent} | {distinct} | {rate:.3f} | {by_words:.2f} | {whole:.2f} "
                f"| {by_words / whole:.2f} |"
            )


if __name__ == "__main__":
    main()
