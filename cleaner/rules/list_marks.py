"""The marks a list puts around an item's title (a bullet, a number, Markdown), and the
title without them: how a teaser's title is kept and compared across the corpus."""

from __future__ import annotations

import re

from cleaner.scripts import UNSPACED_SCRIPTS
from cleaner.text import fold

# What a list or a conversion to Markdown puts around an item's title: a bullet, a
# number ("1. ", "2) "), a heading's hashes; and bold or italic marks around it all.
# Bullets and numbers may be glued to the title (Chinese puts no blank there; a number
# followed by a digit is the title's own: "2.000 personnes"); a heading's hashes too, in
# Chinese ("###越南…": "#Vietnam" elsewhere is a hashtag, and stays).
_LIST_MARKER = re.compile(
    rf"^(?:[•·▪‣►▶]\s*|[*+\-–—]\s+|\d{{1,2}}[.)](?!\d)\s*|#{{1,6}}(?:\s+|(?=[{UNSPACED_SCRIPTS}])))"
)
_EMPHASIS = re.compile(r"^(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1$")
# A Markdown link around the title: "[title](https://...)", as a conversion of the page
# to Markdown writes a teaser's link.
_MARKDOWN_LINK = re.compile(r"^\[(?=\S)(.+?)(?<=\S)\]\((?:https?://|www\.|/)[^\s)]*\)$")


def list_item_text(title: str) -> str:
    """A teaser's title without the marks of the list that holds it ("1. ", "• ",
    "**...**"): its copies in other lists, and its article, carry the title alone (and a
    leading number would make it another story's: titles that differ by a number do).

    >>> list_item_text("2. **Le Vietnam et le Laos renforcent leur coopération**")
    'Le Vietnam et le Laos renforcent leur coopération'
    >>> list_item_text("- [Le Vietnam et le Laos](https://fr.vietnamplus.vn/le-vietnam-post1.vnp)")
    'Le Vietnam et le Laos'
    """
    text = _LIST_MARKER.sub("", title, count=1)
    emphasis = _EMPHASIS.match(text)
    if emphasis:
        text = emphasis.group(2)
    if text.startswith("[") and text.endswith(")"):
        link = _MARKDOWN_LINK.match(text)
        if link:
            text = link.group(1)
            emphasis = _EMPHASIS.match(text)  # "[**title**](...)"
            return emphasis.group(2) if emphasis else text
    return text


def title_key(title: str) -> str:
    """How a teaser title shown in a list is compared with the corpus's teaser titles
    (cleaner.dedup keeps them folded, without the marks of a list)."""
    return fold(list_item_text(title))


# The characters a list's marks open with (_LIST_MARKER, _EMPHASIS, _MARKDOWN_LINK): a
# title that opens with none of them is its own text.
MARK_STARTS = frozenset("•·▪‣►▶*+-–—#_[0123456789")
