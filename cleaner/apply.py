"""The one place where spans are removed.

Rules propose spans over paragraph content; applying them also decides the layout
around what is removed: the blanks left at the edge of a cut paragraph and the
paragraph separators that would otherwise double up. Each such character is charged
to the adjacent removal, so that deleting every reported span from the normalised
text gives exactly the kept text, and inserting them back rebuilds it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence

from cleaner.model import Removal
from cleaner.rules import Span
from cleaner.text import Normalised


def _non_overlapping(spans: Iterable[Span]) -> list[Span]:
    ordered = sorted(spans, key=lambda s: (s.start, -s.end, s.rule))
    kept: list[Span] = []
    for span in ordered:
        if span.end <= span.start:
            continue
        if kept and span.start < kept[-1].end:
            continue  # an earlier, longer span already removes this text
        kept.append(span)
    return kept


def apply_spans(norm: Normalised, proposed: Iterable[Span]) -> tuple[str, list[Removal]]:
    """Remove ``proposed`` from ``norm``: the kept text and the removals as reported."""
    text = norm.text
    spans = _non_overlapping(proposed)
    starts = [s.start for s in spans]
    extent = [[s.start, s.end] for s in spans]

    def covering(position: int) -> int | None:
        k = bisect_right(starts, position) - 1
        return k if k >= 0 and spans[k].start <= position < spans[k].end else None

    has_content: list[bool] = []
    k = 0
    for p in norm.paragraphs:
        removed = 0
        while k < len(spans) and spans[k].end <= p.start:
            k += 1
        j = k
        while j < len(spans) and spans[j].start < p.end:
            a, b = max(spans[j].start, p.start), min(spans[j].end, p.end)
            removed += b - a
            _absorb_blanks(text, p.start, p.end, a, b, extent[j])
            j += 1
        has_content.append(removed < p.end - p.start)

    def charge(start: int, end: int, *candidates: int) -> None:
        if covering(start) is not None:
            return  # a span over several paragraphs already holds its inner separators
        owner = next((c for c in map(covering, candidates) if c is not None), None)
        if owner is None:
            raise AssertionError("a dropped separator has no adjacent removal")
        extent[owner][0] = min(extent[owner][0], start)
        extent[owner][1] = max(extent[owner][1], end)

    paragraphs = norm.paragraphs
    content_before = False
    for i, p in enumerate(paragraphs):
        content_before = content_before or has_content[i]
        if i + 1 < len(paragraphs) and not (content_before and has_content[i + 1]):
            q = paragraphs[i + 1]
            charge(p.end, q.start, q.start, p.end - 1)
    if paragraphs and not content_before:
        last = paragraphs[-1]
        charge(last.end, len(text), last.end - 1)

    removals: list[Removal] = []
    pieces: list[str] = []
    cursor = 0
    for span, (start, end) in zip(spans, extent, strict=True):
        pieces.append(text[cursor:start])
        cursor = end
        removals.append(
            Removal(span.rule, start, end, norm.line_of(span.start), span.reason, norm.column_of(span.start))
        )
    pieces.append(text[cursor:])
    return "".join(pieces), removals


def _absorb_blanks(text: str, p_start: int, p_end: int, a: int, b: int, extent: list[int]) -> None:
    """Charge to a partial removal the blanks it would leave at a cut."""
    if a == p_start and b == p_end:
        return
    if a == p_start or (text[a - 1].isspace() and b < p_end and text[b].isspace()):
        while b < p_end and text[b].isspace():
            b += 1
    elif b == p_end:
        while a > p_start and text[a - 1].isspace():
            a -= 1
    extent[0] = min(extent[0], a)
    extent[1] = max(extent[1], b)


def rebuild(kept: str, removed: Sequence[tuple[int, str]]) -> str:
    """Insert removed texts back at their offsets: the inverse of :func:`apply_spans`.

    >>> rebuild("A\\n\\nC\\n", [(3, "B\\n\\n")])
    'A\\n\\nB\\n\\nC\\n'
    """
    out: list[str] = []
    cursor = 0  # position in ``kept``
    length = 0  # length of what has been rebuilt so far
    for start, piece in sorted(removed):
        take = start - length
        out.append(kept[cursor : cursor + take])
        cursor += take
        out.append(piece)
        length = start + len(piece)
    out.append(kept[cursor:])
    return "".join(out)
