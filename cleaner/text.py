"""Normalisation of the input and its split into paragraphs with offsets.

The normalised form is what every offset refers to: Unicode NFC, no byte-order mark,
one paragraph per non-blank input line (scrapes separate paragraphs by single *or*
double line breaks), leading and trailing blanks of a line dropped (and the invisible
format characters among them), paragraphs joined by one blank line, and a final
newline; a text wrapped at a fixed width has its lines joined back into paragraphs
(cleaner.unwrap). Layout is all that normalisation changes, with one exception: the characters
of every paragraph are kept as published, and those a scraper left as HTML character
references (``Voir&nbsp;plus``, ``l&#39;armée``, ``&amp;``) are published characters
written another way: they are decoded (:func:`decode_references`).
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from html import unescape
from html.entities import html5
from typing import NamedTuple

import regex

from cleaner.unwrap import unwrapped_lines, wrap_width

PARAGRAPH_SEPARATOR = "\n\n"
# Characters that show nothing: zero-width space, non-joiner and joiner, word joiner,
# zero-width no-break space (a byte-order mark inside the text), the direction marks,
# embeddings and isolates, the soft hyphen. Web pages carry them, and a scrape leaves
# them at the edges of lines ("Voir plus\u200b"), where they are layout as blanks are;
# a line of them alone is blank. (Inside a line they stay in the text, and fold, the
# comparison key, drops them.)
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u00ad"
# What str.strip() drops (str.isspace; a test checks the list against every character).
BLANKS = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680"
    "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)
LINE_EDGE = BLANKS + INVISIBLE  # what the edges of a line lose
# What ends a sentence or a clause: the full stops, ellipsis, commas, semicolons and
# colons of Latin and of Chinese and Japanese ("。" ends a sentence as "." does). Not "?"
# and "!", which can end a headline.
CLAUSE_PUNCTUATION = ".…,;:。．｡，、；："


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
    raw = unicodedata.normalize("NFC", decode_references(raw))
    paragraphs: list[Paragraph] = []
    parts: list[str] = []
    offset = 0
    # Line breaks are \r\n, \r or \n (str.splitlines knows more separators than a
    # scrape means by a line).
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    # A text dump wrapped at a fixed width: its lines joined back into paragraphs (a
    # joined paragraph's columns count from its first line).
    width = wrap_width(lines)
    rows = unwrapped_lines(lines, width) if width is not None else enumerate(lines, start=1)
    for number, line in rows:
        stripped = line.strip()
        if stripped and (stripped[0] in INVISIBLE or stripped[-1] in INVISIBLE):
            stripped = line.strip(LINE_EDGE)
        if not stripped:
            continue
        if parts:
            offset += len(PARAGRAPH_SEPARATOR)
        indent = len(line) - len(line.lstrip(LINE_EDGE))
        paragraphs.append(Paragraph(len(paragraphs), stripped, offset, offset + len(stripped), number, indent))
        parts.append(stripped)
        offset += len(stripped)
    text = PARAGRAPH_SEPARATOR.join(parts) + "\n" if parts else ""
    return Normalised(text, tuple(paragraphs))


# A character reference as HTML writes it: by number, decimal or hexadecimal, or by
# name, always with its semicolon. (HTML also reads a few names without one, "&copy",
# even inside a word: "&notice" would become "¬ice".)
_REFERENCE = regex.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def decode_references(text: str) -> str:
    """``text`` with its HTML character references decoded: what a scraper that took
    the page's source for its text leaves. An unknown name stays as it is. Decoded
    until none is left (``&amp;#39;``, escaped twice, is ``'``): cleaning the clean
    text again then changes nothing, which a pre-commit fixer needs.

    >>> decode_references("Voir&nbsp;plus : l&#39;armée &amp; l&amp;rsquo;État, &#x4E2D;, &bogus;")
    "Voir\xa0plus : l'armée & l’État, 中, &bogus;"
    """
    while "&" in text:
        decoded = _REFERENCE.sub(_decoded_reference, text, concurrent=False)
        if decoded == text:
            break
        text = decoded  # shorter: a reference is 4 characters or more, and decodes to 1 or 2
    return text


def _decoded_reference(match: regex.Match[str]) -> str:
    reference = match.group()
    if reference[1] == "#":
        return unescape(reference)  # as HTML does: &#0; and surrogates give U+FFFD, &#150; "–"
    return html5.get(reference[1:], reference)


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """A comparison key that ignores case, accents, apostrophe style and spacing.

    Cached: the same short texts (teaser titles and summaries, captions, labels) are
    folded in document after document, and a paragraph is often folded by two rules.

    >>> fold("L’Armée  POPULAIRE") == fold("l'armee populaire")
    True
    """
    # Word by word: folding maps each blank-separated token on its own (case folding,
    # decomposition and the replacements act character by character, and marks are
    # reordered only within a token), and the words of a paragraph recur from document
    # to document far more often than the paragraph does. fold_plainly is the rule.
    tokens = text.split()
    known = _FOLDED_WORDS
    folded = [known.get(token) for token in tokens]
    if None in folded:
        if "\x00" in text:  # the separator of _fold_missing: the rule itself, at once
            return fold_plainly(text)
        _fold_missing(tokens, folded)
    return " ".join(filter(None, folded))  # a token of marks alone folds to nothing


def fold_plainly(text: str) -> str:
    """:func:`fold` of the whole text at once."""
    return " ".join(_fold_characters(text).split())


def _fold_characters(text: str) -> str:
    text = text.translate(_SHOWN)
    no_marks = _MARKS.sub("", unicodedata.normalize("NFKD", text.casefold()), concurrent=False)
    return _APOSTROPHES.sub("'", no_marks.replace("đ", "d"), concurrent=False)


def _fold_missing(tokens: list[str], folded: list[str | None]) -> None:
    """Fill in the tokens not yet known, all in one pass: folded one call each, a word
    costs four times its share of a whole paragraph. NUL separates them (the text holds
    none): folding keeps it, it is no blank, and no mark moves across it (a starter)."""
    missing = [i for i, word in enumerate(folded) if word is None]
    if len(_FOLDED_WORDS) + len(missing) > _FOLDED_WORDS_KEPT:
        _FOLDED_WORDS.clear()
    joined = "\x00".join(tokens[i] for i in missing)
    for i, piece in zip(missing, _fold_characters(joined).split("\x00"), strict=True):
        word = folded[i] = " ".join(piece.split())
        if len(tokens[i]) <= _FOLDED_WORD_CHARS:  # longer ones seldom recur (a Chinese clause)
            _FOLDED_WORDS[tokens[i]] = word


# Folded words by word, emptied when full: at most a few MB in each worker.
_FOLDED_WORDS: dict[str, str] = {}
_FOLDED_WORDS_KEPT = 1 << 14
_FOLDED_WORD_CHARS = 32


def forget_folds() -> None:
    """Empty :func:`fold`'s memories (the texts and the words it folded). No result
    depends on them: this frees their room, or lets a measurement start cold."""
    fold.cache_clear()
    _FOLDED_WORDS.clear()


# What an invisible character inside a line folds to: a zero-width space is a space that
# shows none (where a word may break: "Voir\u200bplus", or between the words of Thai);
# the others (a soft hyphen inside a word, a joiner, a direction mark) are nothing.
_SHOWN = str.maketrans({c: " " if c == "\u200b" else None for c in INVISIBLE})
_MARKS = regex.compile(r"\p{Mn}+")
_APOSTROPHES = regex.compile(r"[’‘`´ʼ′]")
