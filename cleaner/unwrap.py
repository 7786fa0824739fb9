"""Text wrapped at a fixed width, its lines joined back into paragraphs.

Text dumps of web pages (html2text, lynx or w3m with -dump) break every paragraph into
lines of at most some 70-80 characters. Read a line a paragraph, as scrapes are, each
of those lines would be a paragraph: a caption's credit alone on its last line, a
teaser's title run into its summary. Such a file shows itself: its lines are short,
and each line that goes on in the next is full, greedy wrapping having moved the next
line's first word down only because it did not fit.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

import regex

from cleaner.scripts import UNSPACED_SCRIPTS

__all__ = ["unwrapped_lines", "wrap_width"]

# Widths text tools wrap at (72, 76, 78, 80...; w3m counts a Chinese character twice).
_MIN_WIDTH = 30
_MAX_WIDTH = 120
# A few longer lines do not unmake a wrapped file: an address or a word that no line
# could hold is left whole by the wrapping tools.
_LONG_LINES_SHARE = 0.05
# Blanks a line may end with, which its length counts before they are stripped.
_TRAILING_BLANKS = 4
# A full line is at most this far short of the width: the longest words of a language.
_MAX_SHORTFALL = 25
# Enough full lines to tell, and most of the lines that go on in the next are full
# (the others end a paragraph that a single line break separates from the next).
_MIN_FULL_LINES = 5
_MIN_FULL_SHARE = 0.5
# What opens an item of a list: it starts a line of its own, full or not. (Not a
# dash: after a full line, "- VNA" is the signature the wrapping moved down.)
_ITEM_START = regex.compile(r"[*+•·▪‣►▶]\s|\d{1,2}[.)]\s|#{1,6}\s|>\s?")
_UNSPACED = regex.compile(f"[{UNSPACED_SCRIPTS}]")
_HYPHENATED = regex.compile(r"\p{L}-$")
_NEAR = 3  # characters on either side of a break


def wrap_width(lines: Sequence[str]) -> int | None:
    """The width ``lines`` (stripped of their line breaks) were wrapped at, or None
    when they were not wrapped."""
    # Decided at once for the usual scrape, whose paragraphs are longer than any width
    # on average (this is asked of every document: C's loops only, a few µs).
    written = len(lines) - lines.count("")
    if written == 0 or sum(map(len, lines)) > written * (_MAX_WIDTH + _TRAILING_BLANKS):
        return None
    lengths = sorted(map(len, lines))
    if not lengths or lengths[int(len(lengths) * (1 - _LONG_LINES_SHARE))] > _MAX_WIDTH + _TRAILING_BLANKS:
        return None
    width = max((n for line in lines if (n := len(line.rstrip())) <= _MAX_WIDTH), default=0)
    if width < _MIN_WIDTH:
        return None
    full = going_on = 0
    for line, following in pairwise(lines):
        if not line.strip() or not following.strip():
            continue
        going_on += 1
        full += _is_full(line.rstrip(), following.strip(), width)
    return width if full >= _MIN_FULL_LINES and full >= _MIN_FULL_SHARE * going_on else None


def _is_full(line: str, following: str, width: int) -> bool:
    """Whether greedy wrapping at ``width`` would have ended ``line`` where it ends: the
    first word of the line after it would not have fitted."""
    if len(line) > width or len(line) < width - _MAX_SHORTFALL:
        return False
    if _ITEM_START.match(following, concurrent=False):
        return False
    if _UNSPACED.match(following, concurrent=False):
        return len(line) >= width - 2  # no blanks to wrap at: a character did not fit
    # Tools wrap at blanks, never at a no-break space ("Photo\u00a0: VNA" is one word).
    first = following.split(" ", 1)[0]
    return len(line) + 1 + len(first) > width


def unwrapped_lines(lines: Sequence[str], width: int) -> list[tuple[int, str]]:
    """The paragraphs of wrapped ``lines``, each with the number of its first line (from
    1): a full line is joined with the next, with a blank (none between two characters
    of a script written without blanks). Blank lines are kept, as empty paragraphs."""
    joined: list[tuple[int, str]] = []
    going_on = False
    for number, line in enumerate(lines, start=1):
        text = line.strip()
        if going_on and text:
            first, previous = joined[-1]
            previous = previous.rstrip()
            # No blank inside Chinese text, even where a number or a name in Latin
            # letters meets the break ("11月2" over "6日"); and a word broken at its
            # hyphen ("Vietnam-" over "France") is one word again.
            glued = (
                _UNSPACED.search(previous, max(0, len(previous) - _NEAR), concurrent=False)
                and _UNSPACED.search(text, 0, _NEAR, concurrent=False)
            ) or _HYPHENATED.search(previous, concurrent=False)
            glue = "" if glued else " "
            joined[-1] = (first, previous + glue + text)
        else:
            joined.append((number, line))
        following = lines[number] if number < len(lines) else ""
        going_on = bool(text) and bool(following.strip()) and _is_full(line.rstrip(), following.strip(), width)
    return joined
