"""Normalisation of the input and its split into paragraphs with offsets.

The normalised form is what every offset refers to: Unicode NFC, no byte-order mark,
one paragraph per non-blank input line (scrapes separate paragraphs by single *or*
double line breaks), leading and trailing blanks of a line dropped, paragraphs joined
by one blank line, and a final newline. Layout is all that normalisation changes:
the characters of every paragraph are kept as published.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import regex

PARAGRAPH_SEPARATOR = "\n\n"
_LINE_BREAK = regex.compile(r"\r\n|\r|\n")


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph of the normalised text.

    ``start``/``end`` are offsets into the normalised text; ``line`` is the 1-based input
    line; ``indent`` is how many characters of leading blank the line had, so that
    ``column = indent + (offset - start) + 1`` points into the input line.
    """

    index: int
    text: str
    start: int
    end: int
    line: int
    indent: int


@dataclass(frozen=True, slots=True)
class Normalised:
    text: str
    paragraphs: tuple[Paragraph, ...]

    def line_of(self, offset: int) -> int:
        """The input line of the paragraph that holds ``offset`` (or follows it)."""
        for paragraph in self.paragraphs:
            if offset < paragraph.end:
                return paragraph.line
        return self.paragraphs[-1].line if self.paragraphs else 1

    def column_of(self, offset: int) -> int:
        for paragraph in self.paragraphs:
            if offset < paragraph.end:
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
    for number, line in enumerate(_LINE_BREAK.split(raw), start=1):
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
    no_marks = _MARKS.sub("", unicodedata.normalize("NFKD", text.casefold()))
    return " ".join(_APOSTROPHES.sub("'", no_marks.replace("đ", "d")).split())


_MARKS = regex.compile(r"\p{Mn}+")
_APOSTROPHES = regex.compile(r"[’‘`´ʼ′]")
