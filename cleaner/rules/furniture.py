"""Page furniture that survived the scrape: labels, placeholders, lone signatures."""

from __future__ import annotations

from collections.abc import Collection, Sequence

import regex

from cleaner.profiles import Lexicon
from cleaner.rules import Span
from cleaner.rules.teasers import is_link_line
from cleaner.text import Paragraph, fold

_WORDS = regex.compile(r"\p{L}+", regex.V1)
# Labels such as "J'aime", "Suivez-nous" or "E-mail" are one word with an inner
# apostrophe or hyphen (fold() makes every apostrophe a plain one).
_COMPOUND_WORDS = regex.compile(r"\p{L}+(?:['\-‐]\p{L}+)*", regex.V1)
_MAX_LABEL_WORDS = 8
_MAX_LABEL_CHARS = 120  # longer lines are prose: not worth folding
# A stray word ("source", "Nguồn") is one word: a longer line is something else, and most
# short lines of a page (titles, captions) need not be folded to learn it.
_MAX_STRAY_CHARS = 40


def is_share_label(text: str, lexicon: Lexicon) -> bool:
    """A line made only of share/comment/tag labels (and counts such as ``(3)``): its
    words, split at every non-letter ("Partager | Tweet") or kept whole across inner
    apostrophes and hyphens ("J'aime", "Suivez-nous"), are all label words."""
    if len(text) > _MAX_LABEL_CHARS:
        return False
    labels = lexicon.share_words
    # Most short lines are prose whose first word is no label word: decided on the first
    # blank-separated token alone. Exact: fold() maps a text token by token, and neither
    # kind of word runs across a blank, so the first word of the folded line is that of
    # the folded first token, if it has a letter.
    first_token = fold(text.split(None, 1)[0])
    first = _WORDS.search(first_token, concurrent=False)
    if first is not None and first.group() not in labels:
        compound = _COMPOUND_WORDS.search(first_token, concurrent=False)
        if compound is None or compound.group() not in labels:
            return False
    folded = fold(text)
    return _all_labels(_WORDS.findall(folded, concurrent=False), labels) or _all_labels(
        _COMPOUND_WORDS.findall(folded, concurrent=False), labels
    )


def _all_labels(words: list[str], labels: Collection[str]) -> bool:
    return 0 < len(words) <= _MAX_LABEL_WORDS and all(w in labels for w in words)


# A keywords line: "Tags: économie, commerce | Vietnam". Its items are short and none is
# a sentence; the line is short.
_MAX_TAG_LINE_CHARS = 300
_MAX_TAG_OPENING = 24  # characters enough to hold any tag label
_MAX_TAG_WORDS = 6
_MAX_TAG_CHARS = 60
_TAG_SEPARATORS = regex.compile(r"\s*[,;|、，；#]\s*|\s+#", regex.V1)
_SENTENCE_END = regex.compile(r"[.!?…。！？](?:\s|$)", regex.V1)


def is_tag_line(text: str, lexicon: Lexicon) -> bool:
    """A label that introduces the page's keywords, then the keywords: "Tags: a, b"."""
    if len(text) > _MAX_TAG_LINE_CHARS or not text[:_MAX_TAG_OPENING].casefold().startswith(lexicon.tag_openings):
        return False
    line = lexicon.tag_line.match(text, concurrent=False)
    if line is None:
        return False
    tags = [t for t in _TAG_SEPARATORS.split(line.group("tags"), concurrent=False) if t]
    return (
        bool(tags)
        and _SENTENCE_END.search(line.group("tags"), concurrent=False) is None
        and all(len(t) <= _MAX_TAG_CHARS and len(t.split()) <= _MAX_TAG_WORDS for t in tags)
    )


def find_furniture(paragraphs: Sequence[Paragraph], lexicon: Lexicon) -> dict[int, list[Span]]:
    """Furniture spans by paragraph index. The title (paragraph 0) is never furniture."""
    found: dict[int, list[Span]] = {}
    for p in paragraphs[1:]:
        text = p.text
        whole: Span | None = None
        if lexicon.find_placeholder(text):
            rest = lexicon.placeholder.sub(" ", text, concurrent=False)
            if not _WORDS.search(rest, concurrent=False) or is_share_label(rest, lexicon):
                whole = Span("F302", p.start, p.end, "template placeholder line")
            else:
                found[p.index] = [
                    Span("F302", p.start + m.start(), p.start + m.end(), "template placeholder")
                    for m in lexicon.placeholder.finditer(text, concurrent=False)
                ]
                continue
        elif is_share_label(text, lexicon):
            whole = Span("F301", p.start, p.end, "share/comment label")
        elif is_tag_line(text, lexicon):
            whole = Span("F301", p.start, p.end, "tag line")
        elif is_link_line(text, lexicon):
            # Not a list: a related link standing in the body, looked through as furniture is.
            whole = Span("T205", p.start, p.end, "teaser header and linked title on one line")
        elif len(text) <= _MAX_LABEL_CHARS and (
            lexicon.lone_signature.match(text, concurrent=False) or lexicon.byline.match(text, concurrent=False)
        ):
            whole = Span("F303", p.start, p.end, "signature or byline on its own line")
        elif len(text) <= _MAX_STRAY_CHARS and fold(text).strip(" .:;,-–—()[]") in lexicon.stray_words:
            whole = Span("F304", p.start, p.end, "stray word on its own line")
        if whole is not None:
            found[p.index] = [whole]
    return found


def find_cut_headers(paragraphs: Sequence[Paragraph], lexicon: Lexicon, removed: Collection[int]) -> list[Span]:
    """``Voir pl`` ending the file. Once it goes, the paragraph before it ends the file,
    so the whole trailing run of cut headers goes at once (cleaning is idempotent);
    paragraphs that other rules remove are looked through."""
    spans: list[Span] = []
    for p in reversed(paragraphs[2:]):
        if p.index in removed:
            continue
        if not lexicon.is_cut_header(p.text):
            break
        spans.append(Span("F305", p.start, p.end, "teaser header cut short at the end"))
    return spans
