"""Teasers known by their title alone: the items of a list of links, with no summary."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from cleaner.dedup.unionfind import UnionFind


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
    :func:`one_typo_apart`) in a title of two words or more (none is looked for in a
    title of one blank-separated "word", as in :func:`end_keys`).

    A link has nothing but its title to be known by, so this is what the teaser
    clustering asks of a pair with a link in it: titles that merely share most of their
    words ("Paris : X and Y" and "Hue : X and Y") announce two stories, and a link's
    title bigrams are contained in either story's shingles as well."""
    if a == b:
        return True
    words_a, words_b = a.split(), b.split()
    return len(words_a) >= 2 and one_typo_apart(words_a, words_b)


EndKey = tuple[int, int, str]


def end_keys(words: Sequence[str]) -> tuple[EndKey, ...]:
    """Where to file a title's words to find those one word apart from it: two such
    titles have as many words and share their first word or their last one. None for a
    title of one blank-separated "word" (a clause of Chinese, say): no typo is looked for
    in it."""
    if len(words) < 2:
        return ()
    return (len(words), 0, words[0]), (len(words), -1, words[-1])


# A typo is looked for in words of letters this long at least: in a shorter one, one
# letter more or less is as often another word ("Laos", "Lao").
_TYPO_WORD_LETTERS = 5


def _join_titles_with_a_typo(keys: Sequence[str], links: list[int], sets: UnionFind) -> None:
    """Join each link whose title no teaser has to the teaser whose title differs from it
    by one typo in one word (see :func:`one_typo_apart`), when that teaser is the only one.

    Titles are compared word by word: two titles one word apart share their first word
    or their last one, so each teaser title is looked up twice, by its length and either
    end, and only those few candidates are compared."""
    by_end: dict[EndKey, list[int]] = {}
    words_of: dict[int, list[str]] = {}
    for i in links:
        words = keys[i].partition("\n")[0].split()
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
        words = key.partition("\n")[0].split()
        for i in {i for end in end_keys(words) for i in by_end.get(end, ())}:
            if one_typo_apart(words_of[i], words):
                teasers_of.setdefault(i, set()).add(sets.find(j))
                first_of.setdefault(i, j)
    for i, teasers in teasers_of.items():
        if len(teasers) == 1:
            sets.union(i, first_of[i])


def one_typo_apart(a: Sequence[str], b: Sequence[str]) -> bool:
    """Two titles' words, equal but for one word of letters alone, where one letter was
    swapped with the next, replaced, added or dropped: a typo. A number or a short word
    that differs is another title ("Cuba, 2025" is not "Cuba, 2026").

    >>> one_typo_apart("le ministre recoit".split(), "le minsitre recoit".split())
    True
    >>> one_typo_apart("le bilan 2025".split(), "le bilan 2026".split())
    False
    """
    if len(a) != len(b):
        return False
    differ = [k for k in range(len(a)) if a[k] != b[k]]
    if len(differ) != 1:
        return False
    x, y = a[differ[0]], b[differ[0]]
    if min(len(x), len(y)) < _TYPO_WORD_LETTERS or not (x.isalpha() and y.isalpha()):
        return False
    # Imported here: asked only of links whose title no teaser has (17 ms at start-up).
    from rapidfuzz.distance import OSA

    # The optimal string alignment distance counts a swap of neighbours as one edit.
    return OSA.distance(x, y, score_cutoff=1) == 1
