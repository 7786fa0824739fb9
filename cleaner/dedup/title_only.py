"""Teasers known by their title alone: the items of a list of links, with no summary."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from cleaner.dedup.unionfind import UnionFind


def is_title_only(key: str) -> bool:
    """A teaser key ("folded title\\nfolded summary") with no summary."""
    return key.endswith("\n")


def join_titles_to_their_teaser(keys: Sequence[str], title_of: Callable[[int], int], sets: UnionFind) -> None:
    """Join each variant with no summary to the teaser whose variants have its exact
    (folded) title, when they are all one teaser.

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
    for i in links:
        title = title_of(i)
        if len(teasers_of_title.get(title, ())) == 1:
            sets.union(i, first_of_title[title])
