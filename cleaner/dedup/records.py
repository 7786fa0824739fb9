"""The teaser records (teasers.jsonl) and what links each article line to its teasers.

Two steps, so that they can run side by side: :func:`link_teasers` decides which
occurrences make which teaser and each teaser's id, from one sort of the occurrence
rows (the article lines need only that); :func:`write_teaser_records` writes the
records, the larger job (JSON of every occurrence, the canonical texts read back from
the spills, the article each teaser announces).
"""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import chain, pairwise
from typing import TYPE_CHECKING

import numpy as np

from cleaner.dedup.occurrences import NO_CAPTION, Rows
from cleaner.dedup.record_json import Chosen, TeaserRows, record_heads, record_line
from cleaner.dedup.spill import SharedSpill
from cleaner.dedup.title_only import EndKey, end_keys, one_typo_apart
from cleaner.dedup.titles import overlaps, title_numbers
from cleaner.dedup.words import first_words, typo_units, words

if TYPE_CHECKING:
    from cleaner.dedup.corpus import CorpusRun

__all__ = [
    "ArticleIndex",
    "TeaserLinks",
    "TeaserRecords",
    "in_id_order",
    "link_teasers",
    "teaser_id",
    "teaser_records",
    "teaser_rows",
    "write_teaser_records",
]


def teaser_id(key: str) -> str:
    digest = hashlib.blake2b(key.encode("utf-8"), digest_size=8).hexdigest()
    return f"t-{digest}"


@dataclass
class TeaserLinks:
    """Which occurrence rows make which teaser: ``order`` holds the rows sorted by
    (teaser, document id, position), teaser ``t``'s are ``order[starts[t]:starts[t + 1]]``;
    teasers are numbered in the order of the clusters that have occurrences left."""

    rows: Rows
    order: np.ndarray
    starts: list[int]
    members: list[list[int]]  # per teaser: its variants
    ids: list[str]  # per teaser
    teaser_of_row: np.ndarray  # per occurrence row: its teaser's number
    teaser_of_variant: np.ndarray  # per variant: its teaser's number (-1: no occurrence left)

    def by_document(self, documents: int) -> Iterator[list[tuple[int, str]]]:
        """For each document number in turn: its (position, teaser id), by position."""
        order, starts = self.rows.by_document(documents)
        positions, teaser_of_row, ids = self.rows.position, self.teaser_of_row, self.ids
        for number in range(documents):
            rows = order[starts[number] : starts[number + 1]].tolist()
            # One teaser per position (a dict, as a safeguard: a document cleaned again
            # has its first rows dropped).
            found = {int(positions[r]): ids[teaser_of_row[r]] for r in rows}
            yield sorted(found.items())

    def ids_by_key(self, keys: list[str]) -> dict[str, str]:
        return {key: self.ids[t] for key, t in zip(keys, self.teaser_of_variant.tolist(), strict=True) if t >= 0}


def link_teasers(run: CorpusRun, clusters: list[list[int]]) -> TeaserLinks:
    """Number the teasers (the clusters with occurrences left) and name them: the id
    comes from the text at the first occurrence in id order (the same rule as for
    duplicate articles), so it does not move when other texts of the teaser become more
    frequent, and files added later (dated folders) never move it."""
    rows = run.occurrences.rows()
    cluster_of_variant = np.empty(len(run.keys), dtype=np.int64)
    sizes = np.fromiter(map(len, clusters), dtype=np.int64, count=len(clusters))
    every = np.fromiter(chain.from_iterable(clusters), dtype=np.int64, count=int(sizes.sum()))
    cluster_of_variant[every] = np.repeat(np.arange(len(clusters)), sizes)
    cluster_of_row = cluster_of_variant[rows.variant]
    # Documents are numbered in id order in every run; the rank makes sure of it.
    id_rank = np.empty(len(run.ids), dtype=np.int64)
    id_rank[sorted(range(len(run.ids)), key=run.ids.__getitem__)] = np.arange(len(run.ids))
    order = np.lexsort((rows.position, id_rank[rows.document], cluster_of_row))
    ordered = cluster_of_row[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]]) if len(order) else np.zeros(0, dtype=np.int64)
    clustered = ordered[starts].tolist()  # the clusters with occurrences, in cluster order
    number_of_cluster = np.full(len(clusters), -1, dtype=np.int64)
    number_of_cluster[clustered] = np.arange(len(clustered))
    bounds = [*starts.tolist(), len(order)]
    ids = [teaser_id(_first_key(run, rows, order[start:end])) for start, end in pairwise(bounds)]
    return TeaserLinks(
        rows,
        order,
        bounds,
        [clusters[c] for c in clustered],
        ids,
        number_of_cluster[cluster_of_row],
        number_of_cluster[cluster_of_variant],
    )


def _first_key(run: CorpusRun, rows: Rows, mine: np.ndarray) -> str:
    """The key at a teaser's first occurrence (rows in id and position order); two
    occurrences at one place (never, once a document cleaned again dropped its first
    rows) give the smaller key."""
    first = int(mine[0])
    place = (rows.document[first], rows.position[first])
    tied = [first]
    for row in mine[1:].tolist():
        if (rows.document[row], rows.position[row]) != place:
            break
        tied.append(row)
    return min(run.keys[int(rows.variant[r])] for r in tied)


def teaser_rows(links: TeaserLinks, numbers: list[int], texts: SharedSpill, captions: SharedSpill) -> TeaserRows:
    """What the records of the teasers ``numbers`` are made of, in that order."""
    starts = np.asarray(links.starts, dtype=np.int64)
    chosen = np.asarray(numbers, dtype=np.int64)
    lengths = starts[chosen + 1] - starts[chosen]
    bounds = np.zeros(len(chosen) + 1, dtype=np.int64)
    np.cumsum(lengths, out=bounds[1:])
    # Row k of the result is row k - bounds[t] of teaser t, which is at starts[t] + that in order.
    picked = links.order[np.repeat(starts[chosen] - bounds[:-1], lengths) + np.arange(bounds[-1])]
    rows = links.rows
    teaser = np.repeat(np.arange(len(chosen)), lengths)
    text_choice, variants = _most_frequent(teaser, rows.text[picked], len(chosen))
    caption_choice, _ = _most_frequent(teaser, rows.caption[picked], len(chosen), skip=NO_CAPTION)
    return TeaserRows(
        [links.ids[n] for n in numbers],
        _array("q", bounds),
        _array("I", rows.document[picked]),
        _array("H", rows.position[picked]),
        _array("I", variants),
        _places(text_choice, texts),
        _places(caption_choice, captions),
    )


def _most_frequent(
    teaser: np.ndarray, values: np.ndarray, teasers: int, skip: int | None = None
) -> tuple[tuple[np.ndarray, np.ndarray], np.ndarray]:
    """Per teaser (``teaser``: each row's, of ``teasers``), the values seen most often in
    its rows, less ``skip``, in the order of their first row, as the bounds of each
    teaser's and the values; and how many distinct values each teaser has."""
    row = np.arange(len(values))
    if skip is not None:
        kept = values != skip
        teaser, values, row = teaser[kept], values[kept], row[kept]
    order = np.lexsort((row, values, teaser))
    teaser, values, row = teaser[order], values[order], row[order]
    # A group: the rows of one value in one teaser, its first row first.
    starts_group = np.ones(len(values), dtype=bool)
    starts_group[1:] = (teaser[1:] != teaser[:-1]) | (values[1:] != values[:-1])
    group = np.flatnonzero(starts_group)
    counts = np.diff(np.r_[group, len(values)])
    group_teaser, group_value, first_row = teaser[group], values[group], row[group]
    top = np.zeros(teasers, dtype=np.int64)
    np.maximum.at(top, group_teaser, counts)
    most = counts == top[group_teaser]
    group_teaser, group_value, first_row = group_teaser[most], group_value[most], first_row[most]
    by_first = np.lexsort((first_row, group_teaser))
    bounds = np.zeros(teasers + 1, dtype=np.int64)
    np.cumsum(np.bincount(group_teaser, minlength=teasers), out=bounds[1:])
    return (bounds, group_value[by_first]), np.bincount(teaser[group], minlength=teasers)


def _places(choice: tuple[np.ndarray, np.ndarray], spill: SharedSpill) -> Chosen:
    """Where the chosen digests are in the spill (of a digest spilled twice, either
    copy: they are equal)."""
    bounds, digests = choice
    keys = np.array(spill.keys, dtype=np.uint64)
    ends = np.array(spill.ends, dtype=np.int64)
    by_key = np.argsort(keys, kind="stable")
    found = by_key[np.minimum(np.searchsorted(keys[by_key], digests), max(0, len(keys) - 1))]
    if not np.array_equal(keys[found], digests):
        raise KeyError("a chosen text is missing from its spill")
    starts = np.r_[0, ends[:-1]][found] if len(ends) else found
    return Chosen(_array("q", bounds), _array("q", starts), _array("q", ends[found] - starts))


def _array(typecode: str, values: np.ndarray) -> array[int]:
    """A numpy column as a standard array (what the record helper, which does without
    numpy, unpickles)."""
    return array(typecode, values.astype(np.dtype(typecode)).tobytes())


def in_id_order(links: TeaserLinks, teasers: Iterable[int] | None = None) -> list[int]:
    """The teasers (all of them, or those numbered in ``teasers``) in the order of
    their records: by id."""
    numbers = range(len(links.ids)) if teasers is None else teasers
    return sorted(numbers, key=links.ids.__getitem__)


@dataclass
class TeaserRecords:
    """Teaser records on their way: their rows (:func:`teaser_rows`) are ready, their
    heads may be written elsewhere meanwhile (cleaner.dedup.record_helper);
    :meth:`find_articles`, then :meth:`write`, finish them."""

    run: CorpusRun
    links: TeaserLinks
    numbers: list[int]  # the teasers, in the order of their records
    rows: TeaserRows
    texts: SharedSpill
    captions: SharedSpill
    found: list[str | None] | None = None  # per record, the article's id

    def find_articles(self, articles: ArticleIndex) -> None:
        """The article each teaser announces (its id, or ``None``)."""
        # Asked in the order of the teasers' numbers, not of their ids: the keys of teasers
        # numbered alike were made at about the same time, and lie near each other in
        # memory (in id order, the lookups took 1.7 s instead of 1 s at 80,000 files).
        keys, members = self.run.keys, self.links.members
        found = {n: articles.article_of([keys[v] for v in members[n]]) for n in sorted(self.numbers)}
        self.found = [found[n] for n in self.numbers]

    def write(self, write: Callable[[str], object], heads: Iterator[str] | None = None) -> dict[str, int]:
        """Write the lines, from ``heads`` when another process wrote them (else here);
        return their counts for the report."""
        assert self.found is not None, "find_articles() comes first"
        if heads is None:
            heads = record_heads(self.rows, self.run.ids, self.texts.fd, self.captions.fd)
        for head, article in zip(heads, self.found, strict=True):
            write(record_line(head, article))
        return {
            "teaser_occurrences": len(self.rows.documents),
            "teasers": len(self.rows.ids),
            "teasers_linked_to_articles": sum(1 for article in self.found if article is not None),
        }


def teaser_records(run: CorpusRun, links: TeaserLinks, teasers: Iterable[int] | None = None) -> TeaserRecords:
    """The records of all the teasers, or of those numbered in ``teasers``, in id order."""
    numbers = in_id_order(links, teasers)
    texts, captions = run.texts.shared(), run.captions.shared()
    return TeaserRecords(run, links, numbers, teaser_rows(links, numbers, texts, captions), texts, captions)


def write_teaser_records(
    run: CorpusRun,
    links: TeaserLinks,
    articles: ArticleIndex,
    write: Callable[[str], object],
    teasers: Iterable[int] | None = None,
) -> dict[str, int]:
    """Write the lines of teasers.jsonl (of the teasers numbered in ``teasers`` only,
    when given), in id order; return their counts for the report."""
    records = teaser_records(run, links, teasers)
    records.find_articles(articles)
    return records.write(write)


_LEAD_PREFIX_WORDS = 12


class ArticleIndex:
    """Finds the corpus article a teaser announces: its title agrees with the teaser's
    and its lead contains the teaser's summary (or the start of it, when truncated).
    Candidates come from the exact title or the first words of the lead, so a typo
    in one of the two still finds the article. A link (a title alone) points to the
    article with its exact title, or else to the one article whose title is a typo
    away from it."""

    def __init__(self, run: CorpusRun, duplicates: Mapping[int, int]) -> None:
        self.run = run
        self.config = run.config
        self.by_title: dict[str, list[int]] = {}
        self.by_lead: dict[str, list[int]] = {}  # first words of the lead, joined: a tuple costs 5x
        for number, key in enumerate(run.title_keys):
            if run.ok[number] and number not in duplicates and key:
                self.by_title.setdefault(key, []).append(number)
                prefix = " ".join(first_words(run.lead_keys[number], _LEAD_PREFIX_WORDS))
                if prefix:
                    self.by_lead.setdefault(prefix, []).append(number)
        # The articles filed by either end of their title and its length, when first
        # needed (only a teaser that no exact title nor lead finds asks).
        self._title_ends: _TitleEnds | None = None

    def article_of(self, keys: list[str]) -> str | None:
        matches: set[int] = set()
        links: list[str] = []
        summaries: list[tuple[str, list[str]]] = []
        for key in keys:
            title, _, summary = key.partition("\n")
            if not summary:
                links.append(title)
            summary_words = words(summary)
            summaries.append((title, summary_words))
            candidates = set(self.by_title.get(title, ())) | set(
                self.by_lead.get(" ".join(summary_words[:_LEAD_PREFIX_WORDS]), ())
            )
            for number in candidates:
                if number not in matches and self._agrees(title, summary_words, number):
                    matches.add(number)
        if not matches:
            # No candidate by the exact title nor by the lead's first words: a typo in the
            # title, and in the summary's first words too (in Chinese those are its first
            # few characters). A link points to the one article a typo away; a teaser with
            # a summary, to those a typo away whose lead holds it.
            # (The variants of a teaser mostly share their title: each is looked up once.)
            near = {title: self._a_typo_away(title) for title in {t for t, _ in summaries}}
            matches = {
                n
                for title, summary_words in summaries
                if summary_words
                for n in near[title]
                if self._agrees(title, summary_words, n)
            }
            if not matches and links:
                found = {n for title in links for n in near[title]}
                matches = found if len(found) == 1 else set()
        return min((self.run.ids[n] for n in matches), default=None)

    def _a_typo_away(self, title: str) -> set[int]:
        """The articles whose title is a typo away from ``title``. Two titles one unit
        apart share their first units or their last ones (title_only.end_keys), and a
        typo changes the length by one character at most: only the articles filed under
        one of those ends and such a length are compared."""
        if self._title_ends is None:
            self._title_ends = _TitleEnds(self.by_title)
        from rapidfuzz.distance import OSA  # as in title_only: only when a teaser asks

        title_words = typo_units(title)
        title_keys = self.run.title_keys
        size = len(title)
        filed = [(end, length) for end in end_keys(title_words) for length in (size - 1, size, size + 1)]
        # One edit apart as whole strings first (a typo is one), in C: titles made on one
        # pattern are filed together, and most candidates go on that test alone.
        return {
            n
            for n in self._title_ends.numbers(filed)
            if OSA.distance(title, title_keys[n], score_cutoff=1) <= 1
            and one_typo_apart(title_words, typo_units(title_keys[n]))
        }

    def _agrees(self, title: str, summary_words: list[str], number: int) -> bool:
        run = self.run
        if not summary_words:  # a link gives its title alone: nothing else to go by
            return title == run.title_keys[number]
        article_title = run.title_keys[number]
        # Most candidates come by their exact title, which agrees with itself when it has
        # a word (words() of a blank title is empty: no title to agree with).
        if title != article_title and title_numbers(title) != title_numbers(article_title):
            return False  # another story's (a daily bulletin's other date, say)
        if (title != article_title or not title or title.isspace()) and not overlaps(
            words(title), words(article_title), self.config.teaser_title_overlap
        ):
            return False
        lead = run.lead_keys[number]
        summary = " ".join(summary_words)
        if summary and summary in lead:
            return True
        pairs = set(pairwise(summary_words))
        lead_words = words(lead)
        if not pairs:
            return False
        found = pairs & set(pairwise(lead_words))
        return len(found) >= self.config.link_containment * len(pairs)


class _TitleEnds:
    """Article numbers filed by either end of their title (title_only.end_keys) and its
    length in characters, under a hash of the two: two entries an article (about 11 MB
    at 80,000 files; dicts of tuples of strings took over 100 MB). A hash is this
    process's own and only finds candidates, each compared whole afterwards: no output
    depends on its value."""

    def __init__(self, by_title: Mapping[str, list[int]]) -> None:
        # Most titles are one article's: a list only where several share a hash.
        self._filed: dict[int, int | list[int]] = {}
        for key, articles in by_title.items():
            for end in end_keys(typo_units(key)):
                filed = hash((end, len(key)))
                for number in articles:
                    there = self._filed.get(filed)
                    if there is None:
                        self._filed[filed] = number
                    elif isinstance(there, list):
                        there.append(number)
                    elif there != number:
                        self._filed[filed] = [there, number]

    def numbers(self, filed: list[tuple[EndKey, int]]) -> list[int]:
        """The articles filed under any of these (end, length)."""
        found: list[int] = []
        for place in filed:
            there = self._filed.get(hash(place))
            if isinstance(there, int):
                found.append(there)
            elif there is not None:
                found.extend(there)
        return found
