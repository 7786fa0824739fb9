"""Normalisation of the input and its split into paragraphs with offsets.

The normalised form is what every offset refers to: Unicode NFC, no byte-order mark,
one paragraph per non-blank input line (scrapes separate paragraphs by single *or*
double line breaks), leading and trailing blanks of a line dropped, paragraphs joined
by one blank line, and a final newline. Layout is all that normalisation changes:
the characters of every paragraph are kept as published.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

import regex

PARAGRAPH_SEPARATOR = "\n\n"


class Paragraph(NamedTuple):
    """One paragraph of the normalised text.

    ``start``/``end`` are offsets into the normalised text; ``line`` is the 1-based input
    line; ``indent`` is how many characters of leading blank the line had, so that
    ``column = indent + (offset - start) + 1`` points into the input line.

    A named tuple, not a frozen dataclass: every line of every document makes one, and a
    frozen dataclass sets its fields one call at a time (a third of normalising).
    """

    index: int  # type: ignore[assignment]  # hides tuple.index, which nothing calls on a paragraph
    text: str
    start: int
    end: int
    line: int
    indent: int


@dataclass(frozen=True, slots=True)
class Normalised:
    text: str
    paragraphs: tuple[Paragraph, ...]
    # Paragraph ends, for locating an offset by bisection: a document has dozens of
    # paragraphs and every removal and finding is located.
    _ends: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_ends", tuple(p.end for p in self.paragraphs))

    def _holding(self, offset: int) -> Paragraph | None:
        """The paragraph that holds ``offset`` or, between two, the one that follows it."""
        k = bisect_right(self._ends, offset)
        return self.paragraphs[k] if k < len(self.paragraphs) else None

    def line_of(self, offset: int) -> int:
        """The input line of the paragraph that holds ``offset`` (or follows it)."""
        paragraph = self._holding(offset)
        if paragraph is not None:
            return paragraph.line
        return self.paragraphs[-1].line if self.paragraphs else 1

    def column_of(self, offset: int) -> int:
        paragraph = self._holding(offset)
        if paragraph is not None:
            return paragraph.indent + max(0, offset - paragraph.start) + 1
        return 1


def normalise(raw: str) -> Normalised:
    """Normalise ``raw`` and split it into paragraphs.

    >>> n = normalise("\\ufeffTitre\\r\\n\\r\\nPremier  \\r\\nSecond\\n")
    >>> n.text
    'Titre\\n\\nPremier\\n\\nSecond\\n'
    >>> [(p.text, p.line) for p in n.paragraphs]
    [('Titre', 1), ('Premier', 3), ('Second', 4)]
    """
    if raw.startswith("\ufeff"):
        raw = raw[1:]
    raw = unicodedata.normalize("NFC", raw)
    paragraphs: list[Paragraph] = []
    parts: list[str] = []
    offset = 0
    # Line breaks are \r\n, \r or \n (str.splitlines knows more separators than a
    # scrape means by a line).
    for number, line in enumerate(raw.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        if parts:
            offset += len(PARAGRAPH_SEPARATOR)
        indent = len(line) - len(line.lstrip())
        paragraphs.append(Paragraph(len(paragraphs), stripped, offset, offset + len(stripped), number, indent))
        parts.append(stripped)
        offset += len(stripped)
    text = PARAGRAPH_SEPARATOR.join(parts) + "\n" if parts else ""
    return Normalised(text, tuple(paragraphs))


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """A comparison key that ignores case, accents, apostrophe style and spacing.

    Cached: the same short texts (teaser titles and summaries, captions, labels) are
    folded in document after document, and a paragraph is often folded by two rules.

    >>> fold("L’Armée  POPULAIRE") == fold("l'armee populaire")
    True
    """
    no_marks = _MARKS.sub("", unicodedata.normalize("NFKD", text.casefold()), concurrent=False)
    return " ".join(_APOSTROPHES.sub("'", no_marks.replace("đ", "d"), concurrent=False).split())


_MARKS = regex.compile(r"\p{Mn}+")
_APOSTROPHES = regex.compile(r"[’‘`´ʼ′]")
