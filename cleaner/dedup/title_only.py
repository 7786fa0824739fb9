"""Teasers known by their title alone: the items of a list of links, with no summary."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from cleaner.dedup.unionfind import UnionFind
from cleaner.dedup.words import has_unspaced, typo_units


def is_title_only(key: str) -> bool:
    """A teaser key ("folded title\\nfolded summary") with no summary."""
    return key.endswith("\n")


def join_titles_to_their_teaser(keys: Sequence[str], title_of: Callable[[int], int], sets: UnionFind) -> None:
    """Join each variant with no summary to the teaser whose variants have its exact
    (folded) title, when they are all one teaser; a link whose title no teaser has, to
    the one teaser whose title is a typo away from it.

    A link's shingles are its title's, about a quarter of those of the same teaser with
    its summary, so LSH rarely makes them a candidate pair although the pair test would
    accept it (the title is contained whole). Where two teasers share a title, the link
    could be either: it stays apart rather than join them through itself.
    """
    links = [i for i, key in enumerate(keys) if is_title_only(key)]
    if not links:
        return
    wanted = {title_of(i) for i in links}
    teasers_of_title: dict[int, set[int]] = {}
    first_of_title: dict[int, int] = {}
    for i, key in enumerate(keys):
        title = title_of(i)
        if title in wanted and not is_title_only(key):
            teasers_of_title.setdefault(title, set()).add(sets.find(i))
            first_of_title.setdefault(title, i)
    unmatched: list[int] = []
    for i in links:
        title = title_of(i)
        teasers = len(teasers_of_title.get(title, ()))
        if teasers == 1:
            sets.union(i, first_of_title[title])
        elif teasers == 0:
            unmatched.append(i)
    if unmatched:
        _join_titles_with_a_typo(keys, unmatched, sets)


def one_title(a: str, b: str) -> bool:
    """Whether two folded titles are the same title: equal, or one typo apart (see
    :func:`one_typo_apart`, over their :func:`~cleaner.dedup.words.typo_units`) in a
    title of two units or more (as in :func:`end_keys`).

    A link has nothing but its title to be known by, so this is what the teaser
    clustering asks of a pair with a link in it: titles that merely share most of their
    words ("Paris : X and Y" and "Hue : X and Y") announce two stories, and a link's
    title bigrams are contained in either story's shingles as well."""
    if a == b:
        return True
    words_a, words_b = typo_units(a), typo_units(b)
    return len(words_a) >= 2 and one_typo_apart(words_a, words_b)


EndKey = tuple[int, int, str]


def end_keys(words: Sequence[str]) -> tuple[EndKey, ...]:
    """Where to file a title's units (:func:`~cleaner.dedup.words.typo_units`) to find
    those one typo apart from it: two such titles have as many units and share their
    first third or their last third (a unit that differs, or two neighbouring characters
    swapped, leaves one of them whole). Thirds, not single words: titles made on one
    pattern ("The Prime Minister …") share their first words, and would all be compared.
    None for a title of one unit: no typo is looked for in it."""
    n = len(words)
    if n < 2:
        return ()
    width = max(1, n // 3)
    # Units hold no blank: ends joined with one are unambiguous.
    return (n, 0, " ".join(words[:width])), (n, -1, " ".join(words[-width:]))


# A typo is looked for in words of letters this long at least: in a shorter one, one
# letter more or less is as often another word ("Laos", "Lao").
_TYPO_WORD_LETTERS = 5
# In a script written without blanks, a typo is two neighbouring characters swapped, in
# a title of this many units at least. A character replaced is not one: it is as often
# another word (中国, 美国), and a short title's swapped pair as often another phrase.
_TYPO_TITLE_UNITS = 6


def _join_titles_with_a_typo(keys: Sequence[str], links: list[int], sets: UnionFind) -> None:
    """Join each link whose title no teaser has to the teaser whose title differs from it
    by one typo in one word (see :func:`one_typo_apart`), when that teaser is the only one.

    Titles are compared word by word: two titles one word apart share their first word
    or their last one, so each teaser title is looked up twice, by its length and either
    end, and only those few candidates are compared."""
    by_end: dict[EndKey, list[int]] = {}
    words_of: dict[int, list[str]] = {}
    for i in links:
        words = typo_units(keys[i].partition("\n")[0])
        for end in end_keys(words):
            by_end.setdefault(end, []).append(i)
        words_of[i] = words
    if not by_end:
        return
    teasers_of: dict[int, set[int]] = {}
    first_of: dict[int, int] = {}
    for j, key in enumerate(keys):
        if is_title_only(key):
            continue
        words = typo_units(key.partition("\n")[0])
        for i in {i for end in end_keys(words) for i in by_end.get(end, ())}:
            if one_typo_apart(words_of[i], words):
                teasers_of.setdefault(i, set()).add(sets.find(j))
                first_of.setdefault(i, j)
    for i, teasers in teasers_of.items():
        if len(teasers) == 1:
            sets.union(i, first_of[i])


def one_typo_apart(a: Sequence[str], b: Sequence[str]) -> bool:
    """Two titles' units (:func:`~cleaner.dedup.words.typo_units`), equal but for one
    word of letters alone, where one letter was swapped with the next, replaced, added
    or dropped: a typo; or, in a script written without blanks, but for two neighbouring
    characters swapped. A number or a short word that differs is another title ("Cuba,
    2025" is not "Cuba, 2026").

    >>> one_typo_apart("le ministre recoit".split(), "le minsitre recoit".split())
    True
    >>> one_typo_apart("le bilan 2025".split(), "le bilan 2026".split())
    False
    >>> one_typo_apart(list("越南与老挝加强合作"), list("越南与老挝强加合作"))
    True
    """
    if len(a) != len(b):
        return False
    differ = [k for k in range(len(a)) if a[k] != b[k]]
    if len(differ) == 2 and differ[1] == differ[0] + 1:
        k = differ[0]
        return (
            len(a) >= _TYPO_TITLE_UNITS and a[k] == b[k + 1] and a[k + 1] == b[k] and _unspaced_letters(a[k] + a[k + 1])
        )
    if len(differ) != 1:
        return False
    x, y = a[differ[0]], b[differ[0]]
    if min(len(x), len(y)) < _TYPO_WORD_LETTERS or not (x.isalpha() and y.isalpha()):
        return False
    # Imported here: asked only of links whose title no teaser has (17 ms at start-up).
    from rapidfuzz.distance import OSA

    # The optimal string alignment distance counts a swap of neighbours as one edit.
    return OSA.distance(x, y, score_cutoff=1) == 1


def _unspaced_letters(pair: str) -> bool:
    """Two characters, each a letter of a script written without blanks."""
    return len(pair) == 2 and pair.isalpha() and has_unspaced(pair[0]) and has_unspaced(pair[1])
