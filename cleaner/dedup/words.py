"""The words that deduplication compares (shingles, title overlap, lead prefixes).

Words are separated by blanks, except in the scripts written without blanks between
words: Chinese, Japanese, Thai, Lao, Khmer, Myanmar. There a blank-separated "word" is
a clause or a whole paragraph, so a one-character typo would change every shingle that
holds it, and two copies of a teaser or an article would share no shingle at all.
A run of characters of those scripts gives its overlapping character pairs instead
("越南与古巴" gives 越南, 南与, 与古, 古巴), as search engines index such text: a Chinese
word is two characters on average, so a pair is about as specific as a word is in a
spaced script (single characters were not: different titles sharing a long phrase
shared most of their characters, and a summary's character pairs were found in any long
lead on the same subject).

Finding whether a text holds such a character costs a scan of the text. Teaser keys and
titles are short and folded (so mostly ASCII, which needs no scan). An article's body is
long: whether it is cut this way is decided on its first :data:`ARTICLE_SCRIPT_PREFIX`
characters, a few microseconds instead of forty.
"""

from __future__ import annotations

import re

import regex

from cleaner.scripts import UNSPACED_SCRIPTS as _UNSPACED

_HAS_UNSPACED = re.compile(f"[{_UNSPACED}]")
# Runs of unspaced characters, and the blank-separated runs of other characters. (The
# standard engine's \s is str.isspace(), where str.split() splits.)
_BLANK_SEPARATED = re.compile(rf"[{_UNSPACED}]+|[^\s{_UNSPACED}]+")
# Letters and digits: a teaser key's words leave punctuation out.
_LETTERS = regex.compile(r"[\p{L}\p{N}]+", regex.V1)
_LETTERS_UNSPACED = regex.compile(rf"[[{_UNSPACED}]&&[\p{{L}}\p{{N}}]]+|[[\p{{L}}\p{{N}}]--[{_UNSPACED}]]+", regex.V1)

ARTICLE_SCRIPT_PREFIX = 256


def has_unspaced(text: str) -> bool:
    """Whether ``text`` holds a character of a script written without blanks."""
    return not text.isascii() and _HAS_UNSPACED.search(text) is not None


def _pairs(runs: list[str]) -> list[str]:
    """Each run of unspaced characters as its overlapping pairs (a lone character stays
    itself); the other runs as they are."""
    out: list[str] = []
    for run in runs:
        if len(run) > 2 and _HAS_UNSPACED.match(run):
            out += [run[i : i + 2] for i in range(len(run) - 1)]
        else:
            out.append(run)
    return out


def words(text: str) -> list[str]:
    """Blank-separated words, a run of characters of a script written without blanks
    cut into its overlapping pairs; ``text.split()`` for any other text.

    >>> words("越南与古巴 in 2024年")
    ['越南', '南与', '与古', '古巴', 'in', '2024', '年']
    """
    if not has_unspaced(text):
        return text.split()
    return _pairs(_BLANK_SEPARATED.findall(text))


def typo_units(text: str) -> list[str]:
    """The units a typo is looked for in (cleaner.dedup.title_only): blank-separated
    words, and each character of a run of a script written without blanks (a word there
    is a character or two, so a typo is two characters swapped).

    >>> typo_units("越南 in 2024年")
    ['越', '南', 'in', '2024', '年']
    """
    if not has_unspaced(text):
        return text.split()
    units: list[str] = []
    for run in _BLANK_SEPARATED.findall(text):
        if _HAS_UNSPACED.match(run):
            units.extend(run)
        else:
            units.append(run)
    return units


def first_words(text: str, count: int) -> list[str]:
    """The first ``count`` of :func:`words` (a lead runs to hundreds of words: split no
    further than needed)."""
    if not has_unspaced(text):
        return text.split(None, count)[:count]
    return words(text)[:count]


def letter_words(text: str) -> list[str]:
    """:func:`words` of the letters and digits of ``text`` (punctuation separates words
    and is left out)."""
    if not has_unspaced(text):
        return _LETTERS.findall(text, concurrent=False)
    return _pairs(_LETTERS_UNSPACED.findall(text, concurrent=False))


def article_words(text: str, count: int) -> list[str]:
    """The first ``count`` of :func:`words` of a long text, whose script is told by its
    start (``text.split()`` when its start holds no unspaced character)."""
    if text.isascii() or _HAS_UNSPACED.search(text, 0, ARTICLE_SCRIPT_PREFIX) is None:
        return text.split()[:count]
    # A pair a character here: a prefix of twice as many characters holds the words kept,
    # unless it gives no more than ``count`` (then its last word may be cut short).
    head = _pairs(_BLANK_SEPARATED.findall(text, 0, 2 * count))
    return head[:count] if len(head) > count else words(text)[:count]
