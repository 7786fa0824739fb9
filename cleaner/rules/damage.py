"""Damaged text: reported so that someone can look, never removed (nothing to remove)."""

from __future__ import annotations

from collections.abc import Iterator

import regex

_QUESTION_RUN = regex.compile(r"(?<=\p{L})\?{2,}|\?{3,}", regex.V1)
_REPLACEMENT = regex.compile("\ufffd+")
# Mojibake is UTF-8 read as Latin-1/cp1252: a lead byte (Â..ô) followed by a
# continuation byte (0x80..0xBF, or its cp1252 glyph). Text without such a pair cannot
# hold it, and ftfy's full measure is the costly part of cleaning, so it runs only then.
_MOJIBAKE_PAIR = regex.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160"
    "\u2039\u0152\u017d\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153"
    "\u017e\u0178]"
)


def find_damage(text: str) -> Iterator[tuple[str, int, int, str]]:
    """``(code, start, end, message)`` for each damaged stretch of ``text``."""
    for q in _QUESTION_RUN.finditer(text, concurrent=False):
        yield "D401", q.start(), q.end(), f"run of question marks {q.group()!r}: lost characters?"
    for r in _REPLACEMENT.finditer(text, concurrent=False):
        yield "D402", r.start(), r.end(), "U+FFFD replacement character: undecodable bytes"
    if _MOJIBAKE_PAIR.search(text, concurrent=False) is None:
        return
    # ftfy's own measure of mojibake: sequences that UTF-8 read as cp1252 produces.
    # Imported here: ftfy takes 50 ms to import, and most runs never get this far (the
    # corpus pipeline reports no damage; a pre-commit hook starts a process per commit).
    from ftfy.badness import BADNESS_RE

    for m in BADNESS_RE.finditer(text):
        yield "D403", m.start(), m.end(), f"mojibake {m.group()!r}: UTF-8 read as Latin-1?"
