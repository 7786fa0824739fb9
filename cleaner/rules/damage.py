"""Damaged text: reported so that someone can look, never removed (nothing to remove)."""

from __future__ import annotations

from collections.abc import Iterator

import regex
from ftfy.badness import BADNESS_RE

_QUESTION_RUN = regex.compile(r"(?<=\p{L})\?{2,}|\?{3,}", regex.V1)
_REPLACEMENT = regex.compile("\ufffd+")


def find_damage(text: str) -> Iterator[tuple[str, int, int, str]]:
    """``(code, start, end, message)`` for each damaged stretch of ``text``."""
    for q in _QUESTION_RUN.finditer(text):
        yield "D401", q.start(), q.end(), f"run of question marks {q.group()!r}: lost characters?"
    for r in _REPLACEMENT.finditer(text):
        yield "D402", r.start(), r.end(), "U+FFFD replacement character: undecodable bytes"
    # ftfy's own measure of mojibake: sequences that UTF-8 read as cp1252 produces.
    for m in BADNESS_RE.finditer(text):
        yield "D403", m.start(), m.end(), f"mojibake {m.group()!r}: UTF-8 read as Latin-1?"
