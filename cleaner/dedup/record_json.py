"""The lines of teasers.jsonl, from the occurrence rows of each teaser, in id order.

Standard library only: the record helper (cleaner.dedup.record_helper) runs this in a
process of its own, started fresh, where numpy alone would add 12 MB.

A record is written in two parts: its head (everything up to ``"article": ``), which
needs the rows and the texts read back from the spills, and its article, which needs
the corpus's titles and leads (cleaner.dedup.records.ArticleIndex). Either process may
write the heads; the lines are the same bytes.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import pairwise
from json.encoder import encode_basestring, encode_basestring_ascii

from cleaner.dedup.spill import read_record

__all__ = [
    "NO_CAPTION",
    "Chosen",
    "TeaserRows",
    "canonical_caption",
    "canonical_text",
    "is_truncated",
    "json_string",
    "occurrences_json",
    "record_heads",
    "record_line",
    "teasers_json",
]

# A digest is 64 bits (cleaner.dedup.spill.digest): 0 for a real caption has a chance of 2^-64.
NO_CAPTION = 0


def is_truncated(summary: str) -> bool:
    """Ends with an ellipsis (a regular expression anchored at the end would still scan
    the whole text for where to start)."""
    return summary.rstrip().endswith(("...", "…"))


# The JSON of the records as json.dumps(..., ensure_ascii=False) writes it, byte for
# byte, without its cost per call (an encoder built for each): a teaser line took four
# calls and an article line two, for a few hundred thousand lines.


def json_string(text: str | None) -> str:
    return "null" if text is None else encode_basestring(text)


def occurrences_json(places: Iterable[tuple[str, int]]) -> str:
    """The occurrences of a teaser record: (article id, position) in order."""
    return (
        "["
        + ", ".join(f'{{"article": {json_string(article)}, "position": {position}}}' for article, position in places)
        + "]"
    )


def teasers_json(linked: Iterable[tuple[int, str]]) -> str:
    """The teasers of an article line: (position, teaser id) in order, the ids escaped
    to ASCII as json.dumps does by default (they are "t-" and hex digits anyway)."""
    teasers = (
        f'{{"teaser": {encode_basestring_ascii(teaser)}, "position": {position}}}' for position, teaser in linked
    )
    return "[" + ", ".join(teasers) + "]"


def record_line(head: str, article: str | None) -> str:
    """A whole line of teasers.jsonl: its head and the id of its article."""
    return f"{head}{json_string(article)}}}\n"


def canonical_text(candidates: list[tuple[str | None, ...]]) -> tuple[str, str]:
    """Among the most frequent texts: untruncated, then longest, then lexicographic."""
    if len(candidates) == 1:  # most teasers: one text is the most frequent, nothing to compare
        title, summary = candidates[0]
        return str(title), str(summary)
    texts = [(str(title), str(summary)) for title, summary in candidates]
    return min(texts, key=lambda t: (is_truncated(t[1]), -(len(t[0]) + len(t[1])), t))


def canonical_caption(candidates: list[tuple[str | None, ...]]) -> tuple[str | None, str | None]:
    """Among the most frequent captions (with their credits): the least by caption,
    then credit, and of equals the first."""
    if not candidates:
        return None, None
    if len(candidates) == 1:
        caption, credit = candidates[0]
        return caption, credit
    captions = [(caption, credit) for caption, credit in candidates]
    return min(captions, key=lambda c: (c[0] or "", c[1] or ""))


@dataclass
class Chosen:
    """Per teaser, the places in a spill (cleaner.dedup.spill) of its most frequent
    texts (or captions): teaser ``k``'s are ``starts[j], sizes[j]`` for ``j`` in
    ``bounds[k]:bounds[k + 1]``, in the order of their first occurrence."""

    bounds: array[int]
    starts: array[int]
    sizes: array[int]

    def read(self, number: int, fd: int) -> list[tuple[str | None, ...]]:
        first, last = self.bounds[number], self.bounds[number + 1]
        return [read_record(fd, self.starts[j], self.sizes[j]) for j in range(first, last)]


@dataclass
class TeaserRows:
    """What the heads of some teasers' records are made of, the teasers in the order of
    their records (by id): teaser ``k`` has id ``ids[k]`` and occurrence rows
    ``bounds[k]:bounds[k + 1]``, in the order of its occurrences (by article id, then
    position), each a document (a number of the run's document ids) and a position."""

    ids: list[str]
    bounds: array[int]
    documents: array[int]
    positions: array[int]
    variants: array[int]  # per teaser: its distinct texts (a raw text has one key)
    texts: Chosen
    captions: Chosen


def record_heads(rows: TeaserRows, document_ids: list[str], texts_fd: int, captions_fd: int) -> Iterator[str]:
    """The head of each teaser's record, in the order of ``rows``, its texts read back
    from the spills (their descriptors) as they are needed."""
    for number, (start, end) in enumerate(pairwise(rows.bounds)):
        title, summary = canonical_text(rows.texts.read(number, texts_fd))
        caption, credit = canonical_caption(rows.captions.read(number, captions_fd))
        places = zip(map(document_ids.__getitem__, rows.documents[start:end]), rows.positions[start:end], strict=True)
        yield (
            f'{{"id": {json_string(rows.ids[number])}, "title": {json_string(title)}, '
            f'"summary": {json_string(summary)}, "caption": {json_string(caption)}, '
            f'"credit": {json_string(credit)}, "count": {end - start}, "variants": {rows.variants[number]}, '
            f'"occurrences": {occurrences_json(places)}, "article": '
        )
